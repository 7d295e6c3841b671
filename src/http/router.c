/* router.c - see router.h. */
#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Length of path without one trailing slash (the root "/" keeps its slash). */
static size_t trimmed_len(const char *path) {
  size_t n = strlen(path);
  if (n > 1 && path[n - 1] == '/') n--;
  return n;
}

static bool match_pattern(const char *pat, const char *path, size_t plen, struct route_match *m) {
  size_t pl = strlen(pat);
  m->nparams = 0;
  if (pl >= 2 && strcmp(pat + pl - 2, "/*") == 0) {
    size_t pre = pl - 2;
    return plen >= pre && memcmp(path, pat, pre) == 0 && (plen == pre || path[pre] == '/');
  }
  const char *p = pat, *s = path, *end = path + plen;
  while (*p) {
    if (p[0] == '{' && p[1] == '}') {
      const char *seg_end = s;
      while (seg_end < end && *seg_end != '/')
        seg_end++;
      size_t len = (size_t)(seg_end - s);
      if (len == 0 || len >= ROUTE_PARAM_MAX || m->nparams == ROUTE_MAX_PARAMS) return false;
      memcpy(m->params[m->nparams], s, len);
      m->params[m->nparams][len] = '\0';
      m->nparams++;
      s = seg_end;
      p += 2;
      continue;
    }
    if (s >= end || *s != *p) return false;
    s++;
    p++;
  }
  return s == end;
}

enum route_result router_match(const struct route *routes, size_t n, const char *method,
                               const char *path, struct route_match *m) {
  m->route = NULL;
  m->nparams = 0;
  m->allow[0] = '\0';
  if (path == NULL || path[0] != '/') return ROUTE_NOT_FOUND;
  size_t plen = trimmed_len(path);
  const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
  bool other_method = false;
  size_t off = 0;
  for (size_t i = 0; i < n; i++) {
    /* Parameters are written straight into m (match_pattern resets nparams): no 2 KB
     * scratch copy to clear for every route tried. */
    if (!match_pattern(routes[i].pattern, path, plen, m)) continue;
    if (strcmp(routes[i].method, want) == 0) {
      m->route = &routes[i];
      return ROUTE_MATCH;
    }
    other_method = true;
    if (!strstr(m->allow, routes[i].method)) {
      int w = snprintf(m->allow + off, sizeof m->allow - off, "%s%s", off ? ", " : "",
                       routes[i].method);
      if (w > 0 && (size_t)w < sizeof m->allow - off) off += (size_t)w;
      if (strcmp(routes[i].method, "GET") == 0) {
        w = snprintf(m->allow + off, sizeof m->allow - off, ", HEAD");
        if (w > 0 && (size_t)w < sizeof m->allow - off) off += (size_t)w;
      }
    }
  }
  m->nparams = 0;
  return other_method ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}
