/* cors.c - see cors.h. */
#include "http/cors.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define METHOD_MAX 16
#define HEADERS_VALUE_MAX 512
#define HEADER_NAME_MAX 64
#define HEADERS_MAX 16

static const char *const ALLOWED_HEADERS[] = {"authorization", "cache-control", "content-type",
                                              "range",         "x-request-id",  "x-requested-with"};

static char lower(char c) {
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 9110 tchar */
static bool is_tchar(char c) {
  return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool host_ok(const char *h, size_t n) {
  if (n == 0) return false;
  if (h[0] == '[') {
    if (n < 3 || h[n - 1] != ']') return false;
    bool colon = false;
    for (size_t i = 1; i + 1 < n; i++) {
      if (h[i] == ':') colon = true;
      if (!is_hex(h[i]) && h[i] != ':' && h[i] != '.') return false;
    }
    return colon;
  }
  if (h[0] == '.' || h[0] == '-') return false;
  for (size_t i = 0; i < n; i++) {
    if (!is_alnum(h[i]) && h[i] != '-' && h[i] != '.') return false;
    if (h[i] == '.' && i + 1 < n && h[i + 1] == '.') return false;
  }
  return true;
}

enum cors_origin_status cors_origin_normalize(const char *in, size_t len,
                                              char out[CORS_ORIGIN_MAX]) {
  out[0] = '\0';
  if (in == NULL || len == 0) return CORS_ORIGIN_EMPTY;
  if (len >= CORS_ORIGIN_MAX) return CORS_ORIGIN_TOO_LONG;
  if (memchr(in, '*', len)) return CORS_ORIGIN_WILDCARD;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)in[i] < 0x21 || (unsigned char)in[i] > 0x7e) return CORS_ORIGIN_BAD_CHAR;
  if (len == 4 && strncasecmp(in, "null", 4) == 0) return CORS_ORIGIN_NULL;
  size_t slen;
  if (len > 7 && strncasecmp(in, "http://", 7) == 0)
    slen = 4;
  else if (len > 8 && strncasecmp(in, "https://", 8) == 0)
    slen = 5;
  else
    return CORS_ORIGIN_BAD_SCHEME;
  const char *a = in + slen + 3, *end = in + len;
  const char *stop = a;
  while (stop < end && *stop != '/' && *stop != '?' && *stop != '#')
    stop++;
  if (stop < end) return CORS_ORIGIN_PATH;
  if (memchr(a, '@', (size_t)(end - a))) return CORS_ORIGIN_USERINFO;
  /* host, then an optional ":port" */
  const char *host_end;
  if (*a == '[') {
    const char *close = memchr(a, ']', (size_t)(end - a));
    if (close == NULL) return CORS_ORIGIN_BAD_HOST;
    host_end = close + 1;
  } else {
    host_end = memchr(a, ':', (size_t)(end - a));
    if (host_end == NULL) host_end = end;
  }
  if (!host_ok(a, (size_t)(host_end - a))) return CORS_ORIGIN_BAD_HOST;
  long port = -1;
  if (host_end < end) {
    if (*host_end != ':') return CORS_ORIGIN_BAD_HOST;
    const char *p = host_end + 1;
    if (p == end || end - p > 5) return CORS_ORIGIN_BAD_PORT;
    port = 0;
    for (; p < end; p++) {
      if (*p < '0' || *p > '9') return CORS_ORIGIN_BAD_PORT;
      port = port * 10 + (*p - '0');
    }
    if (port < 1 || port > 65535) return CORS_ORIGIN_BAD_PORT;
    if ((slen == 4 && port == 80) || (slen == 5 && port == 443)) port = -1;
  }
  /* scheme "://" host [":" port], lower case; fits: it is never longer than the input */
  size_t o = 0;
  for (size_t i = 0; i < slen + 3; i++)
    out[o++] = lower(in[i]);
  for (const char *h = a; h < host_end; h++)
    out[o++] = lower(*h);
  out[o] = '\0';
  if (port > 0) snprintf(out + o, CORS_ORIGIN_MAX - o, ":%ld", port);
  return CORS_ORIGIN_OK;
}

const char *cors_origin_status_text(enum cors_origin_status st) {
  switch (st) {
  case CORS_ORIGIN_OK:
    return "ok";
  case CORS_ORIGIN_EMPTY:
    return "empty";
  case CORS_ORIGIN_TOO_LONG:
    return "too long";
  case CORS_ORIGIN_NULL:
    return "the null origin is never allowed";
  case CORS_ORIGIN_WILDCARD:
    return "a wildcard is never allowed (requests carry Authorization)";
  case CORS_ORIGIN_BAD_CHAR:
    return "spaces, control or non-ASCII characters";
  case CORS_ORIGIN_BAD_SCHEME:
    return "not http:// or https://";
  case CORS_ORIGIN_USERINFO:
    return "user information before the host";
  case CORS_ORIGIN_BAD_HOST:
    return "bad host";
  case CORS_ORIGIN_BAD_PORT:
    return "bad port";
  case CORS_ORIGIN_PATH:
    return "a path, query or fragment (an origin is scheme://host[:port])";
  }
  return "refused";
}

int cors_policy_add(struct cors_policy *p, const char *origin, struct sb_err *err) {
  size_t len = strlen(origin);
  /* a copied URL's one trailing slash is forgiven in configuration, never in requests */
  if (len > 1 && origin[len - 1] == '/' && origin[len - 2] != '/') len--;
  char norm[CORS_ORIGIN_MAX];
  enum cors_origin_status st = cors_origin_normalize(origin, len, norm);
  if (st != CORS_ORIGIN_OK)
    return sb_err_set(err, "CORS origin '%.80s': %s", origin, cors_origin_status_text(st));
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->origins[i], norm) == 0) return 0;
  if (p->n == CORS_MAX_ORIGINS)
    return sb_err_set(err, "more than %d CORS origins", CORS_MAX_ORIGINS);
  memcpy(p->origins[p->n++], norm, strlen(norm) + 1);
  return 0;
}

int cors_policy_add_list(struct cors_policy *p, const char *list, struct sb_err *err) {
  const char *s = list;
  while (*s) {
    while (*s == ' ' || *s == '\t' || *s == '\n')
      s++;
    const char *e = s;
    while (*e && *e != ' ' && *e != '\t' && *e != '\n')
      e++;
    if (e > s) {
      char one[CORS_ORIGIN_MAX + 1];
      size_t n = (size_t)(e - s);
      if (n >= sizeof one) return sb_err_set(err, "CORS origin '%.80s...': too long", s);
      memcpy(one, s, n);
      one[n] = '\0';
      if (cors_policy_add(p, one, err) != 0) return -1;
    }
    s = e;
  }
  return 0;
}

const char *cors_allowed(const struct cors_policy *p, const char *origin_header) {
  if (origin_header == NULL || p->n == 0) return NULL;
  char norm[CORS_ORIGIN_MAX];
  size_t len = strnlen(origin_header, CORS_ORIGIN_MAX);
  if (cors_origin_normalize(origin_header, len, norm) != CORS_ORIGIN_OK) return NULL;
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->origins[i], norm) == 0) return p->origins[i];
  return NULL;
}

bool cors_path_applies(const char *path) {
  return path != NULL && strncmp(path, "/v3/", 4) == 0;
}

enum cors_request_status cors_check_method(const char *value) {
  if (value == NULL) return CORS_REQUEST_MISSING;
  size_t n = strnlen(value, METHOD_MAX + 1);
  if (n > METHOD_MAX) return CORS_REQUEST_TOO_LONG;
  if (n == 0) return CORS_REQUEST_BAD_SYNTAX;
  for (size_t i = 0; i < n; i++)
    if (!is_tchar(value[i])) return CORS_REQUEST_BAD_SYNTAX;
  return strcmp(value, "GET") == 0 || strcmp(value, "HEAD") == 0 ? CORS_REQUEST_OK
                                                                 : CORS_REQUEST_METHOD;
}

static bool header_allowed(const char *name, size_t n) {
  for (size_t i = 0; i < sizeof ALLOWED_HEADERS / sizeof ALLOWED_HEADERS[0]; i++)
    if (strlen(ALLOWED_HEADERS[i]) == n && strncasecmp(ALLOWED_HEADERS[i], name, n) == 0)
      return true;
  return false;
}

enum cors_request_status cors_check_headers(const char *value) {
  if (value == NULL) return CORS_REQUEST_OK;
  size_t len = strnlen(value, HEADERS_VALUE_MAX + 1);
  if (len > HEADERS_VALUE_MAX) return CORS_REQUEST_TOO_LONG;
  size_t blank = 0;
  while (blank < len && (value[blank] == ' ' || value[blank] == '\t'))
    blank++;
  if (blank == len) return CORS_REQUEST_OK; /* empty: no headers asked for */
  size_t count = 0;
  const char *s = value, *end = value + len;
  for (;;) {
    const char *e = memchr(s, ',', (size_t)(end - s));
    if (e == NULL) e = end;
    const char *a = s, *b = e;
    while (a < b && (*a == ' ' || *a == '\t'))
      a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
      b--;
    if (a == b) return CORS_REQUEST_BAD_SYNTAX;
    for (const char *c = a; c < b; c++)
      if (!is_tchar(*c)) return CORS_REQUEST_BAD_SYNTAX;
    if (++count > HEADERS_MAX) return CORS_REQUEST_TOO_MANY;
    if ((size_t)(b - a) > HEADER_NAME_MAX) return CORS_REQUEST_TOO_LONG;
    if (!header_allowed(a, (size_t)(b - a))) return CORS_REQUEST_HEADER;
    if (e == end) break;
    s = e + 1;
  }
  return CORS_REQUEST_OK;
}

enum cors_preflight cors_preflight_check(const struct cors_policy *p, const char *origin,
                                         const char *req_method, const char *req_headers,
                                         const char **allowed) {
  *allowed = NULL;
  if (origin == NULL || req_method == NULL) return CORS_PREFLIGHT_NOT_CORS;
  const char *o = cors_allowed(p, origin);
  if (o == NULL || cors_check_method(req_method) != CORS_REQUEST_OK ||
      cors_check_headers(req_headers) != CORS_REQUEST_OK)
    return CORS_PREFLIGHT_REFUSED;
  *allowed = o;
  return CORS_PREFLIGHT_ALLOWED;
}

/* True when src is one of the space-separated sources of list. */
static bool has_source(const char *list, const char *src) {
  size_t n = strlen(src);
  for (const char *s = list; *s;) {
    while (*s == ' ')
      s++;
    const char *e = s;
    while (*e && *e != ' ')
      e++;
    if ((size_t)(e - s) == n && strncmp(s, src, n) == 0) return true;
    s = e;
  }
  return false;
}

int cors_frame_ancestors(const struct cors_policy *p, char *list, size_t cap) {
  if (cap == 0) return -1;
  char tmp[4096];
  if (cap > sizeof tmp) cap = sizeof tmp;
  size_t len = strnlen(list, cap);
  if (len >= cap) return -1;
  bool none = p->n > 0 && strcmp(list, "'none'") == 0;
  if (none) len = 0;
  memcpy(tmp, list, len);
  tmp[len] = '\0';
  for (size_t i = 0; i < p->n; i++) {
    if (has_source(tmp, p->origins[i])) continue;
    size_t n = strlen(p->origins[i]);
    size_t need = len + (len ? 1 : 0) + n;
    if (need >= cap) return -1;
    if (len) tmp[len++] = ' ';
    memcpy(tmp + len, p->origins[i], n + 1);
    len += n;
  }
  memcpy(list, tmp, len + 1);
  return 0;
}
