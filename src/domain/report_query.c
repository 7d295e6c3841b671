/* report_query.c - see report_query.h. */
#include "domain/report_query.h"

#include <string.h>
#include <strings.h>

#include "domain/codes.h"

static int parse_code(enum code_table t, const char *v, const char **out, struct sb_err *err) {
  const char *c = codes_canonical(t, v);
  if (c == NULL) return sb_err_set(err, "%s: '%.32s' is not a valid code", codes_table_name(t), v);
  *out = c;
  return 0;
}

int report_filter_parse(const struct query_arg *args, size_t n, struct report_filter *out,
                        struct sb_err *err) {
  out->type = out->lang = out->format = NULL;
  out->year = 0;
  out->final = -1;
  bool seen[5] = {false, false, false, false, false};
  static const char *names[5] = {"type", "lang", "year", "format", "final"};
  for (size_t i = 0; i < n; i++) {
    const char *k = args[i].key, *v = args[i].value;
    if (k == NULL || *k == '\0') continue; /* "?&type=..." leaves an empty pair */
    int which = -1;
    for (int j = 0; j < 5; j++)
      if (strcmp(k, names[j]) == 0) which = j;
    if (which < 0) continue;
    if (seen[which]) return sb_err_set(err, "%s: given more than once", k);
    seen[which] = true;
    if (v == NULL || *v == '\0') continue;
    switch (which) {
    case 0:
      if (parse_code(CODE_TYPE, v, &out->type, err)) return -1;
      break;
    case 1:
      if (parse_code(CODE_LANG, v, &out->lang, err)) return -1;
      break;
    case 2: {
      if (strlen(v) != 4) return sb_err_set(err, "year: '%.32s' is not YYYY", v);
      int y = 0;
      for (int j = 0; j < 4; j++) {
        if (v[j] < '0' || v[j] > '9') return sb_err_set(err, "year: '%.32s' is not YYYY", v);
        y = y * 10 + (v[j] - '0');
      }
      if (y < 1000) return sb_err_set(err, "year: '%.32s' is not YYYY", v);
      out->year = y;
      break;
    }
    case 3:
      if (parse_code(CODE_FORMAT, v, &out->format, err)) return -1;
      if (strcmp(out->format, "ALL") == 0) out->format = NULL;
      break;
    case 4:
      if (strcasecmp(v, "true") == 0)
        out->final = 1;
      else if (strcasecmp(v, "false") == 0)
        out->final = 0;
      else
        return sb_err_set(err, "final: '%.32s' is not true or false", v);
      break;
    }
  }
  return 0;
}

bool report_filter_match(const struct report_filter *f, const struct report *r) {
  if (f->year && r->year != f->year) return false;
  if (f->final >= 0 && (int)r->final != f->final) return false;
  if (f->type) {
    const char *rt = codes_canonical(CODE_TYPE, r->type);
    if (rt == NULL || strcmp(rt, f->type) != 0 || !codes_applies(CODE_TYPE, f->type, r->year))
      return false;
  }
  if (f->lang && (strcmp(r->lang, f->lang) != 0 || !codes_applies(CODE_LANG, f->lang, r->year)))
    return false;
  if (f->format &&
      (strcmp(r->format, f->format) != 0 || !codes_applies(CODE_FORMAT, f->format, r->year)))
    return false;
  return true;
}
