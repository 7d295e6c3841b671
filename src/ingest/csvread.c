/* csvread.c - see csvread.h.
 *
 * How line numbers are kept. libcsv is a push parser that reports neither byte offsets
 * nor lines, so the input is cut into segments that end right after a line end (LF, CR
 * LF or a lone CR) and each segment is given to csv_parse on its own. libcsv can only end
 * a record at a CR or LF, which is always the last byte (or the CR of the last CR LF)
 * of a segment, so between two segments we always know whether a record is open, and a
 * record starts on the line of the first non-blank segment fed while none is open. The
 * physical line counter advances after every segment that ends a line.
 *
 * Segments never depend on how the caller split the input: a line cut by a feed
 * boundary (or ending in a CR that might be half of a CR LF) is held in r->pend until
 * it is complete, so the checks made between segments (record length, the field-size
 * guard) fire at the same places and the first error is the same. fuzz_senr and
 * fuzz_manifest check this.
 *
 * Pre-stages before the segmenter: drop a UTF-8 BOM (it may arrive split across feeds),
 * then, when detecting the delimiter, hold the input until the first non-blank line is
 * complete (at most DETECT_MAX bytes), count ',' and '^' outside quotes and set it. */
#include "ingest/csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DETECT_MAX (64 * 1024)

struct csvread {
  struct csv_parser p;
  bool p_ready; /* csv_init succeeded; csv_free needed */
  csvread_record_fn cb;
  void *ctx;
  char delim; /* 0 while detecting */
  bool utf8;
  bool libcsv_only; /* no split_line fast path */
  size_t max_fields, max_field_len, max_record_len;
  int state;       /* 0 reading, 1 stopped by the callback, -1 failed */
  bool finished;   /* csvread_finish was called */
  struct sb_err e; /* the reader's message; copied out to the caller's err */

  /* byte-order mark stage */
  unsigned char head[3];
  size_t head_len;
  bool head_done;

  /* delimiter detection stage */
  char *det;
  size_t det_len, det_scan;
  bool det_quoted, det_content;
  size_t det_commas, det_carets;

  /* segmenter */
  size_t line; /* physical line of the next byte */
  char *pend;  /* an incomplete last line held until its line end arrives */
  size_t pend_len, pend_cap;
  bool in_record;   /* a record has started and not ended */
  size_t rec_line;  /* line the open record started on */
  size_t rec_bytes; /* raw bytes of the open record so far */

  /* the open record's fields, each NUL-terminated in data */
  char *data;
  size_t data_len, data_cap;
  size_t *offs, *lens;
  const char **ptrs;
  size_t nfields, fields_cap;
  size_t records;
};

static int fail(struct csvread *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct csvread *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->e.msg, sizeof r->e.msg, fmt, ap);
  va_end(ap);
  r->state = -1;
  return -1;
}

/* Copies the reader's outcome to the caller: 0 while reading or stopped, -1 failed. */
static int outcome(const struct csvread *r, struct sb_err *err) {
  if (r->state >= 0) return 0;
  if (err) *err = r->e;
  return -1;
}

bool csvread_utf8_valid(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = u[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned min, cp;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1, min = 0x80, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2, min = 0x800, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3, min = 0x10000, cp = c & 0x07;
    } else {
      return false; /* continuation byte, C0/C1 overlong lead, or F5..FF */
    }
    if (n - i - 1 < need) return false;
    for (size_t k = 1; k <= need; k++) {
      if ((u[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (u[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

void csvread_show(char *out, const char *v, size_t len) {
  size_t n = len < CSVREAD_SHOW_MAX ? len : CSVREAD_SHOW_MAX, j = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)v[i];
    out[j++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
  }
  if (n < len) {
    memcpy(out + j, "...", 3);
    j += 3;
  }
  out[j] = '\0';
}

/* ---- libcsv callbacks ---- */

static int never_space(unsigned char c) {
  (void)c;
  return 0;
}

static int grow_fields(struct csvread *r) {
  size_t n = r->fields_cap ? r->fields_cap * 2 : 64;
  if (n > r->max_fields) n = r->max_fields;
  size_t *offs = realloc(r->offs, n * sizeof *offs);
  if (offs == NULL) return -1;
  r->offs = offs;
  size_t *lens = realloc(r->lens, n * sizeof *lens);
  if (lens == NULL) return -1;
  r->lens = lens;
  const char **ptrs = realloc(r->ptrs, n * sizeof *ptrs);
  if (ptrs == NULL) return -1;
  r->ptrs = ptrs;
  r->fields_cap = n;
  return 0;
}

static int grow_data(struct csvread *r, size_t need) {
  size_t n = r->data_cap ? r->data_cap : 1024;
  while (n < need)
    n *= 2;
  char *d = realloc(r->data, n);
  if (d == NULL) return -1;
  r->data = d;
  r->data_cap = n;
  return 0;
}

static void on_field(void *s, size_t len, void *vr) {
  struct csvread *r = vr;
  if (r->state != 0) return;
  size_t k = r->nfields + 1; /* 1-based field number for messages */
  if (r->nfields == r->max_fields) {
    fail(r, "line %zu: record has more than %zu fields", r->rec_line, r->max_fields);
    return;
  }
  if (s == NULL) len = 0; /* CSV_EMPTY_IS_NULL: an empty unquoted field */
  if (len > r->max_field_len) {
    fail(r, "line %zu: field %zu is longer than %zu bytes", r->rec_line, k, r->max_field_len);
    return;
  }
  if (len > 0 && memchr(s, '\0', len) != NULL) {
    fail(r, "line %zu: field %zu contains a NUL byte", r->rec_line, k);
    return;
  }
  if (r->utf8 && !csvread_utf8_valid(s, len)) {
    fail(r, "line %zu: field %zu is not valid UTF-8", r->rec_line, k);
    return;
  }
  if (r->nfields == r->fields_cap && grow_fields(r) != 0) {
    fail(r, "line %zu: out of memory", r->rec_line);
    return;
  }
  if (r->data_cap - r->data_len < len + 1 && grow_data(r, r->data_len + len + 1) != 0) {
    fail(r, "line %zu: out of memory", r->rec_line);
    return;
  }
  if (len > 0) memcpy(r->data + r->data_len, s, len);
  r->data[r->data_len + len] = '\0';
  r->offs[r->nfields] = r->data_len;
  r->lens[r->nfields] = len;
  r->data_len += len + 1;
  r->nfields++;
}

static void end_record(struct csvread *r) {
  r->in_record = false;
  r->rec_bytes = 0;
  r->nfields = 0;
  r->data_len = 0;
}

static void on_row(int term, void *vr) {
  struct csvread *r = vr;
  (void)term;
  if (r->state != 0) return;
  for (size_t i = 0; i < r->nfields; i++)
    r->ptrs[i] = r->data + r->offs[i];
  struct csvread_record rec = {
      .fields = r->ptrs,
      .lens = r->lens,
      .nfields = r->nfields,
      .line = r->rec_line,
      .index = r->records,
      .delim = r->delim,
  };
  r->e.msg[0] = '\0';
  int rc = r->cb(r->ctx, &rec, &r->e);
  r->records++;
  end_record(r);
  if (rc > 0) {
    r->state = 1;
  } else if (rc < 0) {
    r->state = -1;
    if (r->e.msg[0] == '\0')
      snprintf(r->e.msg, sizeof r->e.msg, "line %zu: the record was refused", rec.line);
  }
}

/* ---- segmenter ---- */

/* A whole line with no quote in it, starting while no record is open: libcsv (strict,
 * no space trimming) would only split it at the delimiter, so do that here, with the same
 * checks in the same order as on_field, so that records and messages are identical.
 * n includes the line end. */
static void split_line(struct csvread *r, const char *s, size_t n) {
  size_t end = n - (n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n' ? 2 : 1);
  int term = (unsigned char)s[end];
  if (memchr(s, '\0', end) != NULL) {
    /* rare: let on_field find and name the field */
    const char *p = s, *stop = s + end;
    for (;;) {
      const char *d = memchr(p, r->delim, (size_t)(stop - p));
      const char *fe = d ? d : stop;
      on_field((void *)p, (size_t)(fe - p), r);
      if (d == NULL) break;
      p = d + 1;
    }
    on_row(term, r);
    return;
  }
  /* r->data is empty here (no record open); end <= max_record_len bounds it */
  if (r->data_cap < end + 1 && grow_data(r, end + 1) != 0) {
    fail(r, "line %zu: out of memory", r->rec_line);
    return;
  }
  memcpy(r->data, s, end);
  r->data[end] = '\0';
  char *d = r->data, delim = r->delim;
  size_t from = 0;
  for (size_t i = 0;; i++) {
    if (i < end && d[i] != delim) continue;
    size_t len = i - from, k = r->nfields + 1;
    if (r->nfields == r->max_fields) {
      fail(r, "line %zu: record has more than %zu fields", r->rec_line, r->max_fields);
      return;
    }
    if (len > r->max_field_len) {
      fail(r, "line %zu: field %zu is longer than %zu bytes", r->rec_line, k, r->max_field_len);
      return;
    }
    if (r->utf8 && !csvread_utf8_valid(d + from, len)) {
      fail(r, "line %zu: field %zu is not valid UTF-8", r->rec_line, k);
      return;
    }
    if (r->nfields == r->fields_cap && grow_fields(r) != 0) {
      fail(r, "line %zu: out of memory", r->rec_line);
      return;
    }
    d[i] = '\0';
    r->offs[r->nfields] = from;
    r->lens[r->nfields] = len;
    r->nfields++;
    if (i == end) break;
    from = i + 1;
  }
  r->data_len = end + 1;
  on_row(term, r);
}

/* The record-too-long failure, for a record starting on rec_line. */
static int too_long(struct csvread *r, size_t rec_line) {
  return fail(r, "line %zu: record is longer than %zu bytes%s", rec_line, r->max_record_len,
              r->line > rec_line ? " (is a quoted field left open?)" : "");
}

/* Parses one segment: a line with its line end, or at the end of input the last line
 * without one (ends false). */
static int parse_segment(struct csvread *r, const char *s, size_t n, bool ends) {
  bool blank = s[0] == '\r' || s[0] == '\n';
  bool fast = ends && !blank && !r->in_record && !r->libcsv_only && memchr(s, '"', n) == NULL;
  if (!r->in_record && !blank) {
    r->in_record = true;
    r->rec_line = r->line;
    r->rec_bytes = 0;
  }
  if (r->in_record) {
    if (n > r->max_record_len - r->rec_bytes) return too_long(r, r->rec_line);
    r->rec_bytes += n;
  }
  if (fast) {
    split_line(r, s, n);
    return r->state < 0 ? -1 : 0;
  }
  size_t used = csv_parse(&r->p, s, n, on_field, on_row, r);
  if (r->state != 0) return r->state < 0 ? -1 : 0;
  if (used < n) {
    size_t k = r->nfields + 1;
    char at[48] = "";
    if (r->line != r->rec_line) snprintf(at, sizeof at, " (on line %zu)", r->line);
    if (csv_error(&r->p) != CSV_EPARSE)
      return fail(r, "line %zu: %s", r->rec_line, csv_strerror(csv_error(&r->p)));
    if (s[used] == '"')
      return fail(r,
                  "line %zu: field %zu has a quote inside an unquoted field%s; quote the "
                  "whole field and double the quote",
                  r->rec_line, k, at);
    return fail(r, "line %zu: field %zu has text after its closing quote%s", r->rec_line, k, at);
  }
  /* A field still being collected (an open quote) must not outgrow the cap. libcsv
   * grows its buffer in 128-byte steps, so this only fires past max_field_len. */
  if (csv_get_buffer_size(&r->p) > r->max_field_len + 256)
    return fail(r, "line %zu: field %zu is longer than %zu bytes", r->rec_line, r->nfields + 1,
                r->max_field_len);
  return 0;
}

/* Parses a complete segment and counts its line end. */
static int parse_line(struct csvread *r, const char *s, size_t n) {
  if (parse_segment(r, s, n, true) != 0) return -1;
  r->line++;
  return r->state < 0 ? -1 : 0;
}

/* Length of the line at the start of s, line end included, or 0 when it is not complete
 * yet: no line end, or a CR as the last byte (a LF may follow in the next feed). */
static size_t line_len(const char *s, size_t n) {
  const char *nl = memchr(s, '\n', n);
  size_t lim = nl ? (size_t)(nl - s) + 1 : n;
  const char *cr = memchr(s, '\r', lim);
  if (cr) {
    size_t k = (size_t)(cr - s);
    if (k + 1 == n) return 0;
    return s[k + 1] == '\n' ? k + 2 : k + 1;
  }
  return nl ? lim : 0;
}

/* Holds n more bytes of an incomplete line. The line can only grow: once it cannot fit
 * in the record it would start or continue, fail as parse_segment would on it. */
static int hold(struct csvread *r, const char *s, size_t n) {
  size_t used = r->in_record ? r->rec_bytes : 0;
  if (r->pend_len + n > r->max_record_len - used)
    return too_long(r, r->in_record ? r->rec_line : r->line);
  if (r->pend_cap < r->pend_len + n) {
    size_t cap = r->pend_cap ? r->pend_cap : 256;
    while (cap < r->pend_len + n)
      cap *= 2;
    char *p = realloc(r->pend, cap);
    if (p == NULL) return fail(r, "line %zu: out of memory", r->line);
    r->pend = p;
    r->pend_cap = cap;
  }
  memcpy(r->pend + r->pend_len, s, n);
  r->pend_len += n;
  return 0;
}

/* Cuts the input into lines and parses them. Lines are cut the same way however the
 * input is split into feeds (a line cut by a feed boundary is held until complete), so
 * every check sees the same segments and reports the same first error. */
static int parse_bytes(struct csvread *r, const char *s, size_t n) {
  while (n > 0 && r->state == 0) {
    size_t k;
    if (r->pend_len > 0) {
      if (r->pend[r->pend_len - 1] == '\r') {
        k = s[0] == '\n' ? 1 : 0; /* the held line ends with a CR: LF or not, it is done */
      } else {
        k = line_len(s, n);
        if (k == 0) return hold(r, s, n);
      }
      if (k > 0 && hold(r, s, k) != 0) return -1;
      size_t len = r->pend_len;
      r->pend_len = 0; /* the bytes stay in r->pend while they are parsed */
      if (parse_line(r, r->pend, len) != 0) return -1;
      s += k;
      n -= k;
      continue;
    }
    k = line_len(s, n);
    if (k == 0) return hold(r, s, n);
    if (parse_line(r, s, k) != 0) return -1;
    s += k;
    n -= k;
  }
  return r->state < 0 ? -1 : 0;
}

/* ---- delimiter detection ---- */

/* Scans the held bytes from where the last scan stopped. Returns true when the first
 * non-blank line is complete. */
static bool detect_scan(struct csvread *r) {
  for (; r->det_scan < r->det_len; r->det_scan++) {
    char c = r->det[r->det_scan];
    if (c == '"') {
      r->det_quoted = !r->det_quoted;
      r->det_content = true;
    } else if (r->det_quoted) {
      continue;
    } else if (c == '\r' || c == '\n') {
      if (r->det_content) return true;
    } else {
      r->det_content = true;
      if (c == ',') r->det_commas++;
      if (c == '^') r->det_carets++;
    }
  }
  return false;
}

/* Chooses the delimiter and replays the held bytes. */
static int detect_done(struct csvread *r) {
  if (r->det_content) {
    if (r->det_commas == r->det_carets) {
      /* the line number of the first non-blank line is not tracked yet: count it */
      size_t line = 1;
      for (size_t i = 0; i < r->det_len; i++) {
        if (r->det[i] == '\r')
          line++;
        else if (r->det[i] != '\n')
          break;
        else if (i == 0 || r->det[i - 1] != '\r')
          line++;
      }
      if (r->det_commas == 0)
        return fail(r,
                    "line %zu: cannot tell the delimiter: the first record has neither "
                    "',' nor '^' outside quotes",
                    line);
      return fail(r,
                  "line %zu: cannot tell the delimiter: the first record has as many ',' as "
                  "'^' (%zu)",
                  line, r->det_commas);
    }
    r->delim = r->det_commas > r->det_carets ? ',' : '^';
  } else {
    r->delim = ','; /* only blank lines so far: no record, any choice will do */
  }
  csv_set_delim(&r->p, (unsigned char)r->delim);
  char *held = r->det;
  size_t n = r->det_len;
  r->det = NULL;
  r->det_len = 0;
  int rc = n ? parse_bytes(r, held, n) : 0;
  free(held);
  return rc;
}

static int detect_feed(struct csvread *r, const char *s, size_t n) {
  if (r->det == NULL) {
    r->det = malloc(DETECT_MAX);
    if (r->det == NULL) return fail(r, "out of memory");
  }
  size_t take = DETECT_MAX - r->det_len;
  if (take > n) take = n;
  memcpy(r->det + r->det_len, s, take);
  r->det_len += take;
  if (!detect_scan(r) && r->det_len < DETECT_MAX) return 0;
  if (detect_done(r) != 0) return -1;
  return take < n ? parse_bytes(r, s + take, n - take) : 0;
}

/* Gives bytes that follow the BOM stage to the next stage. */
static int stage2(struct csvread *r, const char *s, size_t n) {
  if (n == 0) return 0;
  if (r->delim == 0) return detect_feed(r, s, n);
  return parse_bytes(r, s, n);
}

/* ---- public ---- */

struct csvread *csvread_new(const struct csvread_opts *opts, csvread_record_fn cb, void *ctx,
                            struct sb_err *err) {
  static const struct csvread_opts defaults;
  const struct csvread_opts *o = opts ? opts : &defaults;
  if (cb == NULL) {
    sb_err_set(err, "csvread: no record callback");
    return NULL;
  }
  char delim = o->delim ? o->delim : ',';
  if (!o->detect_delim && delim != ',' && delim != '^') {
    sb_err_set(err, "csvread: the delimiter must be ',' or '^'");
    return NULL;
  }
  struct csvread *r = calloc(1, sizeof *r);
  if (r == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  r->cb = cb;
  r->ctx = ctx;
  r->delim = o->detect_delim ? 0 : delim;
  r->utf8 = o->utf8;
  r->libcsv_only = o->libcsv_only;
  r->max_fields = o->max_fields ? o->max_fields : CSVREAD_DEFAULT_MAX_FIELDS;
  r->max_field_len = o->max_field_len ? o->max_field_len : CSVREAD_DEFAULT_MAX_FIELD;
  r->max_record_len = o->max_record_len ? o->max_record_len : CSVREAD_DEFAULT_MAX_RECORD;
  r->line = 1;
  if (r->max_fields > SIZE_MAX / (3 * sizeof(size_t)) || r->max_field_len > SIZE_MAX / 4 ||
      r->max_record_len > SIZE_MAX / 4) {
    free(r);
    sb_err_set(err, "csvread: limits too large");
    return NULL;
  }
  if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
    free(r);
    sb_err_set(err, "out of memory");
    return NULL;
  }
  r->p_ready = true;
  csv_set_space_func(&r->p, never_space);
  if (r->delim) csv_set_delim(&r->p, (unsigned char)r->delim);
  return r;
}

int csvread_feed(struct csvread *r, const void *data, size_t len, struct sb_err *err) {
  const char *s = data;
  if (r->state != 0 || len == 0) return outcome(r, err);
  if (r->finished) {
    fail(r, "csvread: input fed after the end");
    return outcome(r, err);
  }
  if (!r->head_done) {
    static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
    while (len > 0 && r->head_len < 3 && (unsigned char)*s == bom[r->head_len]) {
      r->head[r->head_len++] = (unsigned char)*s;
      s++;
      len--;
    }
    if (r->head_len == 3) {
      r->head_done = true; /* a whole BOM: drop it */
    } else if (len > 0) {
      r->head_done = true; /* not a BOM: the held bytes are data */
      if (stage2(r, (const char *)r->head, r->head_len) != 0) return outcome(r, err);
    } else {
      return 0; /* still a BOM prefix: wait for more */
    }
  }
  stage2(r, s, len);
  return outcome(r, err);
}

int csvread_finish(struct csvread *r, struct sb_err *err) {
  if (r->finished || r->state != 0) {
    r->finished = true;
    return outcome(r, err);
  }
  r->finished = true;
  if (!r->head_done) {
    r->head_done = true;
    if (stage2(r, (const char *)r->head, r->head_len) != 0) return outcome(r, err);
  }
  if (r->delim == 0 && detect_done(r) != 0) return outcome(r, err);
  if (r->state != 0) return outcome(r, err);
  if (r->pend_len > 0) {
    /* the last line: without a line end, or ending in a CR that no LF followed */
    size_t len = r->pend_len;
    r->pend_len = 0;
    bool cr = r->pend[len - 1] == '\r';
    if ((cr ? parse_line(r, r->pend, len) : parse_segment(r, r->pend, len, false)) != 0 ||
        r->state != 0)
      return outcome(r, err);
  }
  if (csv_fini(&r->p, on_field, on_row, r) != 0) {
    if (r->state == 0)
      fail(r,
           "line %zu: unterminated quoted field (field %zu is still open at the end of the "
           "input)",
           r->rec_line, r->nfields + 1);
  }
  return outcome(r, err);
}

char csvread_delim(const struct csvread *r) {
  return r->delim;
}

size_t csvread_records(const struct csvread *r) {
  return r->records;
}

bool csvread_stopped(const struct csvread *r) {
  return r->state == 1;
}

void csvread_free(struct csvread *r) {
  if (r == NULL) return;
  if (r->p_ready) csv_free(&r->p);
  free(r->det);
  free(r->pend);
  free(r->data);
  free(r->offs);
  free(r->lens);
  free(r->ptrs);
  free(r);
}

int csvread_buffer(const void *data, size_t len, const struct csvread_opts *opts,
                   csvread_record_fn cb, void *ctx, struct sb_err *err) {
  struct csvread *r = csvread_new(opts, cb, ctx, err);
  if (r == NULL) return -1;
  int rc = csvread_feed(r, data, len, err);
  if (rc == 0) rc = csvread_finish(r, err);
  csvread_free(r);
  return rc;
}

int csvread_file(const char *path, const struct csvread_opts *opts, csvread_record_fn cb, void *ctx,
                 struct sb_err *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sb_err_set(err, "cannot open %s: %s", path, strerror(errno));
  (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  char *chunk = malloc(CSVREAD_CHUNK);
  struct csvread *r = chunk ? csvread_new(opts, cb, ctx, err) : NULL;
  if (r == NULL) {
    if (chunk == NULL) sb_err_set(err, "out of memory");
    free(chunk);
    close(fd);
    return -1;
  }
  int rc = 0;
  for (;;) {
    ssize_t got = read(fd, chunk, CSVREAD_CHUNK);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      rc = sb_err_set(err, "cannot read %s: %s", path, strerror(errno));
      break;
    }
    if (got == 0) {
      rc = csvread_finish(r, err);
      break;
    }
    if (csvread_feed(r, chunk, (size_t)got, err) != 0) {
      rc = -1;
      break;
    }
    if (csvread_stopped(r)) break;
  }
  csvread_free(r);
  free(chunk);
  close(fd);
  return rc;
}
