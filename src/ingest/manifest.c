/* manifest.c - see manifest.h. */
#include "ingest/manifest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/codes.h"
#include "domain/ids.h"
#include "ingest/csvread.h"

static const char *const COLS[MANIFEST_NCOLS] = {
    "ssid", "type", "lang", "year", "format", "content_area", "grade", "final", "path",
};

#define COL_LIST "ssid,type,lang,year,format,content_area,grade,final,path"

const char *manifest_col_name(enum manifest_col c) {
  return (unsigned)c < MANIFEST_NCOLS ? COLS[c] : "?";
}

int manifest_parse_header(const char *const *fields, const size_t *lens, size_t nfields,
                          struct manifest_header *h, struct sb_err *err) {
  bool seen[MANIFEST_NCOLS] = {false};
  char val[CSVREAD_SHOW_MAX + 4];
  for (size_t i = 0; i < nfields; i++) {
    int which = -1;
    for (int c = 0; c < MANIFEST_NCOLS; c++)
      if (strlen(COLS[c]) == lens[i] && strcasecmp(fields[i], COLS[c]) == 0) which = c;
    if (which < 0) {
      csvread_show(val, fields[i], lens[i]);
      return sb_err_set(err, "header: unknown column '%s' (the columns are " COL_LIST ")", val);
    }
    if (seen[which])
      return sb_err_set(err, "header: column %s appears more than once", COLS[which]);
    seen[which] = true;
    h->index[which] = i;
  }
  char missing[128] = "";
  size_t k = 0, nmissing = 0;
  for (int c = 0; c < MANIFEST_NCOLS; c++) {
    if (seen[c]) continue;
    int n = snprintf(missing + k, sizeof missing - k, "%s%s", nmissing ? ", " : "", COLS[c]);
    if (n > 0) k += (size_t)n; /* the nine names fit in 128 bytes */
    nmissing++;
  }
  if (nmissing)
    return sb_err_set(err, "header: missing column%s %s (the columns are " COL_LIST ")",
                      nmissing > 1 ? "s" : "", missing);
  h->ncols = nfields;
  return 0;
}

struct row {
  const struct manifest_header *h;
  const char *const *f;
  const size_t *len;
  struct sb_err *err;
};

static const char *val(const struct row *r, enum manifest_col c) {
  return r->f[r->h->index[c]];
}

static size_t vlen(const struct row *r, enum manifest_col c) {
  return r->len[r->h->index[c]];
}

static int bad(const struct row *r, enum manifest_col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "column lang: 'XX' <reason>" ("column lang: blank <reason>" for an empty value). */
static int bad(const struct row *r, enum manifest_col c, const char *fmt, ...) {
  char reason[256], shown[CSVREAD_SHOW_MAX + 4];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  if (vlen(r, c) == 0) return sb_err_set(r->err, "column %s: blank %s", COLS[c], reason);
  csvread_show(shown, val(r, c), vlen(r, c));
  return sb_err_set(r->err, "column %s: '%s' %s", COLS[c], shown, reason);
}

/* Says which years a code applies to, for a message. */
static void years_of(const struct code_entry *e, char *out, size_t n) {
  if (e->first_year && e->last_year)
    snprintf(out, n, "%d-%d only", e->first_year, e->last_year);
  else if (e->first_year)
    snprintf(out, n, "from %d", e->first_year);
  else if (e->last_year)
    snprintf(out, n, "up to %d", e->last_year);
  else
    snprintf(out, n, "every year");
}

/* A code of table t that applies to year; copies the canonical spelling into out. */
static int code(const struct row *r, enum manifest_col c, enum code_table t, int year,
                const char *what, char *out, size_t outsz) {
  const struct code_entry *e = codes_find(t, val(r, c));
  if (e == NULL) return bad(r, c, "is not %s", what);
  if (t == CODE_FORMAT && strcmp(e->code, "ALL") == 0)
    return bad(r, c, "is not a file format (PDF, HTML or VIDEO)");
  if (!codes_applies(t, e->code, year)) {
    char years[48];
    years_of(e, years, sizeof years);
    return bad(r, c, "does not apply to year %d (%s applies %s)", year, e->code, years);
  }
  size_t n = strlen(e->code);
  if (n >= outsz) return bad(r, c, "is too long"); /* cannot happen with codes.c */
  memcpy(out, e->code, n + 1);
  return 0;
}

static int check_year(const struct row *r, int *out) {
  const char *s = val(r, MCOL_YEAR);
  if (!ids_all_digits(s, 4)) return bad(r, MCOL_YEAR, "is not a 4-digit year");
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (y < 1990 || y > 2100) return bad(r, MCOL_YEAR, "is outside 1990..2100");
  *out = y;
  return 0;
}

static int check_path(const struct row *r, const char *base_dir, struct manifest_row *out) {
  const char *p = val(r, MCOL_PATH);
  size_t n = vlen(r, MCOL_PATH);
  if (n == 0) return bad(r, MCOL_PATH, "but a file path is required");
  if (n > MANIFEST_PATH_MAX) return bad(r, MCOL_PATH, "is longer than %d bytes", MANIFEST_PATH_MAX);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
      return bad(r, MCOL_PATH, "contains a control character");
  memcpy(out->path, p, n + 1);
  size_t b = base_dir ? strlen(base_dir) : 0;
  if (p[0] == '/' || b == 0) {
    memcpy(out->resolved, p, n + 1);
    return 0;
  }
  bool slash = base_dir[b - 1] != '/';
  if (b + slash + n > MANIFEST_RESOLVED_MAX)
    return bad(r, MCOL_PATH, "is too long once joined to the manifest's directory");
  memcpy(out->resolved, base_dir, b);
  if (slash) out->resolved[b] = '/';
  memcpy(out->resolved + b + slash, p, n + 1);
  return 0;
}

int manifest_parse_row(const struct manifest_header *h, const char *const *fields,
                       const size_t *lens, size_t nfields, const char *base_dir,
                       struct manifest_row *out, struct sb_err *err) {
  if (nfields != h->ncols)
    return sb_err_set(err, "row has %zu columns but the header has %zu%s", nfields, h->ncols,
                      nfields > h->ncols ? " (quote a content_area that holds a comma, e.g. "
                                           "\"ELA,MATH\")"
                                         : "");
  memset(out, 0, sizeof *out);
  struct row r = {h, fields, lens, err};

  if (!ids_valid_ssid(val(&r, MCOL_SSID))) return bad(&r, MCOL_SSID, "is not a 10-digit SSID");
  memcpy(out->ssid, val(&r, MCOL_SSID), SSID_LEN + 1);
  if (check_year(&r, &out->year)) return -1;
  if (code(&r, MCOL_TYPE, CODE_TYPE, out->year, "a report type code", out->type, sizeof out->type))
    return -1;
  if (code(&r, MCOL_LANG, CODE_LANG, out->year, "a report language code", out->lang,
           sizeof out->lang))
    return -1;
  if (code(&r, MCOL_FORMAT, CODE_FORMAT, out->year, "PDF, HTML or VIDEO", out->format,
           sizeof out->format))
    return -1;
  const char *ca = val(&r, MCOL_CONTENT_AREA);
  if (vlen(&r, MCOL_CONTENT_AREA) >= sizeof out->content_area || !codes_valid_content_area_list(ca))
    return bad(&r, MCOL_CONTENT_AREA,
               "is not a content-area list such as ELA or ELA,MATH (codes ELA, MA or MATH, "
               "SC, RLA, EP; upper case; no repeats)");
  memcpy(out->content_area, ca, vlen(&r, MCOL_CONTENT_AREA) + 1);
  if (!codes_valid_grade(val(&r, MCOL_GRADE)))
    return bad(&r, MCOL_GRADE, "is not a grade (KN or 01..12)");
  memcpy(out->grade, val(&r, MCOL_GRADE), 3);
  const char *fin = val(&r, MCOL_FINAL);
  if (strcasecmp(fin, "true") == 0)
    out->final = true;
  else if (strcasecmp(fin, "false") == 0)
    out->final = false;
  else
    return bad(&r, MCOL_FINAL, "is not true or false");
  return check_path(&r, base_dir, out);
}

/* ---- reader ---- */

struct reader {
  bool have_header;
  struct manifest_header h;
  const char *base_dir;
  manifest_row_fn on_row;
  manifest_error_fn on_error;
  void *ctx;
};

static int on_csv(void *vr, const struct csvread_record *rec, struct sb_err *err) {
  struct reader *rd = vr;
  struct sb_err why;
  if (!rd->have_header) {
    if (manifest_parse_header(rec->fields, rec->lens, rec->nfields, &rd->h, &why) != 0)
      return sb_err_set(err, "line %zu: %s", rec->line, why.msg);
    rd->have_header = true;
    return 0;
  }
  struct manifest_row row;
  if (manifest_parse_row(&rd->h, rec->fields, rec->lens, rec->nfields, rd->base_dir, &row, &why) !=
      0) {
    struct sb_err msg;
    sb_err_set(&msg, "line %zu: %s", rec->line, why.msg);
    if (rd->on_error == NULL || rd->on_error(rd->ctx, rec->line, msg.msg) != 0) {
      *err = msg;
      return -1;
    }
    return 0;
  }
  if (rd->on_row == NULL) return 0;
  int rc = rd->on_row(rd->ctx, rec->line, &row, err);
  return rc < 0 ? -1 : rc;
}

static const struct csvread_opts OPTS = {
    .delim = ',',
    .utf8 = true,
    .max_fields = 64,
    .max_field_len = MANIFEST_MAX_RECORD,
    .max_record_len = MANIFEST_MAX_RECORD,
};

static int finish(const struct reader *rd, int rc, struct sb_err *err) {
  if (rc == 0 && !rd->have_header)
    return sb_err_set(err,
                      "the manifest is empty: it needs a header row naming the columns " COL_LIST);
  return rc;
}

int manifest_read_buffer(const void *data, size_t len, const char *base_dir, manifest_row_fn on_row,
                         manifest_error_fn on_error, void *ctx, struct sb_err *err) {
  struct reader rd = {.base_dir = base_dir, .on_row = on_row, .on_error = on_error, .ctx = ctx};
  return finish(&rd, csvread_buffer(data, len, &OPTS, on_csv, &rd, err), err);
}

int manifest_read_file(const char *path, manifest_row_fn on_row, manifest_error_fn on_error,
                       void *ctx, struct sb_err *err) {
  char dir[MANIFEST_RESOLVED_MAX + 1] = "";
  const char *slash = strrchr(path, '/');
  if (slash) {
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= sizeof dir) return sb_err_set(err, "%s: the directory name is too long", path);
    memcpy(dir, path, n);
    dir[n] = '\0';
  }
  struct reader rd = {.base_dir = dir, .on_row = on_row, .on_error = on_error, .ctx = ctx};
  return finish(&rd, csvread_file(path, &OPTS, on_csv, &rd, err), err);
}
