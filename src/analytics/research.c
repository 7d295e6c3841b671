/* research.c - the Smarter Balanced research-file export (see research.h for the layout and
 * the suppression rules).
 *
 * How: the cells of tests 01 / 02 are indexed (pointers, never copied) and sorted in the
 * file's row order; what is withheld is decided per test by analytics/disclose.h, the same
 * rules the dashboards apply. */
#include "analytics/research.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/disclose.h"
#include "analytics/groups.h"
#include "analytics/suppress.h"
#include "util/fmt.h"

/* formats.md §5.3, 2024 and 2025 files, in field order. */
static const char *const FIELD_NAMES[RESEARCH_FIELDS] = {
    "County Code",
    "District Code",
    "District Name",
    "School Code",
    "School Name",
    "Type ID",
    "Filler",
    "Test Year",
    "Test Type",
    "Test ID",
    "Student Group ID",
    "Grade",
    "Total Students Enrolled",
    "Total Students Tested",
    "Total Students Tested with Scores",
    "Mean Scale Score",
    "Percentage Standard Exceeded",
    "Count Standard Exceeded",
    "Percentage Standard Met",
    "Count Standard Met",
    "Percentage Standard Met and Above",
    "Count Standard Met and Above",
    "Percentage Standard Nearly Met",
    "Count Standard Nearly Met",
    "Percentage Standard Not Met",
    "Count Standard Not Met",
    "Overall Total",
    "Area 1 Percentage Above Standard",
    "Area 1 Count Above Standard",
    "Area 1 Percentage Near Standard",
    "Area 1 Count Near Standard",
    "Area 1 Percentage Below Standard",
    "Area 1 Count Below Standard",
    "Area 1 Total",
    "Area 2 Percentage Above Standard",
    "Area 2 Count Above Standard",
    "Area 2 Percentage Near Standard",
    "Area 2 Count Near Standard",
    "Area 2 Percentage Below Standard",
    "Area 2 Count Below Standard",
    "Area 2 Total",
    "Area 3 Percentage Above Standard",
    "Area 3 Count Above Standard",
    "Area 3 Percentage Near Standard",
    "Area 3 Count Near Standard",
    "Area 3 Percentage Below Standard",
    "Area 3 Count Below Standard",
    "Area 3 Total",
    "Area 4 Percentage Above Standard",
    "Area 4 Count Above Standard",
    "Area 4 Percentage Near Standard",
    "Area 4 Count Near Standard",
    "Area 4 Percentage Below Standard",
    "Area 4 Count Below Standard",
    "Area 4 Total",
    "Composite Area 1 Percentage Above Standard",
    "Composite Area 1 Count Above Standard",
    "Composite Area 1 Percentage Near Standard",
    "Composite Area 1 Count Near Standard",
    "Composite Area 1 Percentage Below Standard",
    "Composite Area 1 Count Below Standard",
    "Composite Area 1 Total",
    "Composite Area 2 Percentage Above Standard",
    "Composite Area 2 Count Above Standard",
    "Composite Area 2 Percentage Near Standard",
    "Composite Area 2 Count Near Standard",
    "Composite Area 2 Percentage Below Standard",
    "Composite Area 2 Count Below Standard",
    "Composite Area 2 Total",
};

/* Field positions (0-based) used below. */
enum {
  F_COUNTY = 0,
  F_DISTRICT = 1,
  F_DISTRICT_NAME = 2,
  F_SCHOOL_NAME = 4,
  F_SCHOOL = 3,
  F_TYPE = 5,
  F_YEAR = 7,
  F_TEST_TYPE = 8,
  F_TEST_ID = 9,
  F_GROUP = 10,
  F_GRADE = 11,
  F_ENROLLED = 12, /* 13-15: the three counts */
  F_MEAN = 15,
  F_LEVELS = 16, /* 17-26: five percentage / count pairs */
  F_OVERALL = 26,
  F_AREAS = 27, /* 28-55: four areas of seven fields */
  AREA_FIELDS = 7,
  AREAS = 4,
};

const char *research_field_name(size_t i) {
  return i < RESEARCH_FIELDS ? FIELD_NAMES[i] : NULL;
}

/* The three counts of fields 13-15. */
enum { K_ENROLLED, K_TESTED, K_VALID, K_N };

struct row {
  const struct agg_cell *c;
  int test_id;    /* 1 ELA, 2 math */
  int grade_rank; /* -1 for "13", then KN, 01..12 */
  int group_rank; /* index in groups_table; unknown groups after it */
  bool hid[K_N];  /* withheld counts */
};

/* "13" first, then KN, then 01..12 by number; anything else last. */
static int grade_rank(const char *g) {
  if (strcmp(g, AGG_ALL_GRADES) == 0) return -1;
  if (strcmp(g, "KN") == 0) return 0;
  if (g[0] >= '0' && g[0] <= '9' && g[1] >= '0' && g[1] <= '9' && g[2] == '\0')
    return (g[0] - '0') * 10 + (g[1] - '0');
  return 100;
}

static int group_rank(int id) {
  size_t n;
  const struct student_group *t = groups_table(&n);
  for (size_t i = 0; i < n; i++)
    if (t[i].id == id) return (int)i;
  return (int)n + (id > 0 ? id : 0); /* unknown: after the table, by ID */
}

/* Row order: school ("" = the LEA first), test, grade, group. */
static int row_cmp(const void *pa, const void *pb) {
  const struct row *a = pa, *b = pb;
  int d = strcmp(a->c->key.school, b->c->key.school);
  if (d) return d;
  if (a->test_id != b->test_id) return a->test_id < b->test_id ? -1 : 1;
  if (a->grade_rank != b->grade_rank) return a->grade_rank < b->grade_rank ? -1 : 1;
  d = strcmp(a->c->key.grade, b->c->key.grade); /* two grades of equal rank ("zz", "yy") */
  if (d) return d;
  if (a->group_rank != b->group_rank) return a->group_rank < b->group_rank ? -1 : 1;
  if (a->c->key.group != b->c->key.group) return a->c->key.group < b->c->key.group ? -1 : 1;
  return 0;
}

/* Everything research_write allocates; freed by index_free. */
struct index {
  struct row *rows;
  size_t n;
};

static void index_free(struct index *x) {
  free(x->rows);
  memset(x, 0, sizeof *x);
}

/* Indexes and sorts the SB cells and checks their keys. */
static int index_build(struct index *x, const struct agg_cell *cells, size_t n, struct sb_err *e) {
  memset(x, 0, sizeof *x);
  if (n > 0) {
    x->rows = calloc(n, sizeof *x->rows);
    if (x->rows == NULL) return sb_err_set(e, "out of memory");
  }
  for (size_t i = 0; i < n; i++) {
    const struct agg_cell *c = &cells[i];
    int test_id = strcmp(c->key.test, RESEARCH_TEST_ELA) == 0    ? 1
                  : strcmp(c->key.test, RESEARCH_TEST_MATH) == 0 ? 2
                                                                 : 0;
    if (test_id == 0) continue;
    const char *s = c->key.school;
    size_t sl = strnlen(s, sizeof c->key.school);
    bool digits = sl == 14;
    for (size_t j = 0; j < sl && digits; j++)
      digits = s[j] >= '0' && s[j] <= '9';
    if (sl != 0 && !digits)
      return sb_err_set(e, "cell school \"%.15s\" is not a 14-digit CDS code", s);
    if (strnlen(c->key.grade, sizeof c->key.grade) != 2)
      return sb_err_set(e, "cell grade \"%.3s\" is not a two-character grade", c->key.grade);
    if (c->key.group <= 0 || c->key.group > 999)
      return sb_err_set(e, "cell group %d is not a student group ID", c->key.group);
    if (c->enrolled < 0 || c->tested < 0 || c->valid < 0)
      return sb_err_set(e, "cell %s/%s/%s/%d has a negative count", c->key.test, s, c->key.grade,
                        c->key.group);
    struct row *r = &x->rows[x->n++];
    r->c = c;
    r->test_id = test_id;
    r->grade_rank = grade_rank(c->key.grade);
    r->group_rank = group_rank(c->key.group);
  }
  if (x->n > 1) qsort(x->rows, x->n, sizeof *x->rows, row_cmp);
  for (size_t i = 1; i < x->n; i++)
    if (row_cmp(&x->rows[i - 1], &x->rows[i]) == 0) {
      const struct agg_key *k = &x->rows[i].c->key;
      return sb_err_set(e, "two cells for test %s, school \"%s\", grade %s, group %d", k->test,
                        k->school, k->grade, k->group);
    }
  return 0;
}

/* What is withheld: the rules of analytics/disclose.h (the dashboards' own), decided over
 * each test's cells. */
static int suppress_all(struct index *x, struct sb_err *e) {
  for (int t = 0; t < 2; t++) { /* Test ID 1 ELA, 2 math */
    struct disclose *d = disclose_new(e);
    if (d == NULL) return -1;
    for (size_t i = 0; i < x->n; i++)
      if (x->rows[i].test_id == t + 1 && disclose_add(d, 1, x->rows[i].c, e) != 0) {
        disclose_free(d);
        return -1;
      }
    disclose_apply(d);
    for (size_t i = 0; i < x->n; i++) {
      struct row *r = &x->rows[i];
      if (r->test_id != t + 1) continue;
      const struct agg_key *k = &r->c->key;
      unsigned f = disclose_flags(d, 1, k->school, k->grade, k->group);
      r->hid[K_ENROLLED] = f & DISCLOSE_ENROLLED;
      r->hid[K_TESTED] = f & DISCLOSE_TESTED;
      r->hid[K_VALID] = f & DISCLOSE_VALID;
    }
    disclose_free(d);
  }
  return 0;
}

/* --- one row's text --- */

#define FIELD_MAX 24
typedef char field_t[FIELD_MAX];

static void put_str(field_t f, const char *s) {
  size_t n = strnlen(s, FIELD_MAX - 1);
  memcpy(f, s, n);
  f[n] = '\0';
}

static void put_long(field_t f, long long v) {
  char tmp[FMT_INT64_MAX];
  fmt_int64((int64_t)v, tmp);
  put_str(f, tmp);
}

static void put_count(field_t f, long v, bool hidden) {
  if (suppress_cell_text(v, hidden, f, FIELD_MAX) != 0) f[0] = '\0';
}

/* num / den rounded half up to `places` decimals (num, den >= 0, den > 0). */
static void put_ratio(field_t f, long long num, long long den, long long scale, int places) {
  long long q = (num * scale * 2 + den) / (den * 2); /* value x scale, half up */
  char ip[FMT_INT64_MAX];
  fmt_int64((int64_t)(q / scale), ip);
  size_t n = strlen(ip);
  memcpy(f, ip, n);
  f[n++] = '.';
  long long frac = q % scale;
  for (int d = places - 1; d >= 0; d--) {
    f[n + (size_t)d] = (char)('0' + frac % 10);
    frac /= 10;
  }
  f[n + (size_t)places] = '\0';
}

/* A percentage with two places of den; blank when den is 0; "*" when hidden. */
static void put_pct(field_t f, long num, long den, bool hidden) {
  if (hidden)
    put_str(f, SUPPRESS_MARK);
  else if (den <= 0 || num < 0)
    f[0] = '\0';
  else
    put_ratio(f, (long long)num * 100, den, 100, 2);
}

static void fill_row(field_t *f, const char *lea, int year, const struct row *r) {
  const struct agg_cell *c = r->c;
  const char *school = c->key.school;
  bool lea_row = school[0] == '\0';
  for (size_t i = 0; i < RESEARCH_FIELDS; i++)
    f[i][0] = '\0';
  const char *cd = lea_row ? lea : school; /* county + district: the first 7 digits */
  memcpy(f[F_COUNTY], cd, 2);
  f[F_COUNTY][2] = '\0';
  memcpy(f[F_DISTRICT], cd + 2, 5);
  f[F_DISTRICT][5] = '\0';
  put_str(f[F_SCHOOL], lea_row ? RESEARCH_LEA_SCHOOL : school + 7);
  put_str(f[F_TYPE], lea_row ? RESEARCH_TYPE_LEA : RESEARCH_TYPE_SCHOOL);
  put_long(f[F_YEAR], year);
  put_str(f[F_TEST_TYPE], "B");
  put_long(f[F_TEST_ID], r->test_id);
  put_long(f[F_GROUP], c->key.group);
  put_str(f[F_GRADE], c->key.grade);
  put_count(f[F_ENROLLED], c->enrolled, r->hid[K_ENROLLED]);
  put_count(f[F_ENROLLED + 1], c->tested, r->hid[K_TESTED]);
  put_count(f[F_ENROLLED + 2], c->valid, r->hid[K_VALID]);

  bool h = r->hid[K_VALID];
  long v = c->valid;
  if (strcmp(c->key.grade, AGG_ALL_GRADES) != 0) {
    if (h)
      put_str(f[F_MEAN], SUPPRESS_MARK);
    else if (v > 0 && c->scale_sum >= 0)
      put_ratio(f[F_MEAN], c->scale_sum, v, 10, 1);
  }
  /* Exceeded (4), Met (3), Met and Above (3 + 4), Nearly Met (2), Not Met (1) */
  long lv[5] = {c->level[3], c->level[2], c->level[2] + c->level[3], c->level[1], c->level[0]};
  for (int i = 0; i < 5; i++) {
    put_pct(f[F_LEVELS + 2 * i], lv[i], v, h);
    put_count(f[F_LEVELS + 2 * i + 1], lv[i], h);
  }
  put_count(f[F_OVERALL], v, h);
  /* Areas: above (claim level 3), near (2), below (1), total; math has three areas */
  int areas = r->test_id == 2 ? 3 : AREAS;
  for (int a = 0; a < areas; a++) {
    field_t *af = f + F_AREAS + a * AREA_FIELDS;
    long tot = c->claim[a][0] + c->claim[a][1] + c->claim[a][2];
    for (int l = 0; l < 3; l++) {
      long cnt = c->claim[a][2 - l];
      put_pct(af[2 * l], cnt, tot, h);
      put_count(af[2 * l + 1], cnt, h);
    }
    put_count(af[6], tot, h);
  }
  /* Composite areas 1-2: not kept, left blank */
}

/* Joins the fields with '^' and ends the line with '\n' into line (of cap bytes). Returns
 * the length, or 0 when it does not fit (it always does: names and fields are short). */
static size_t join(char *line, size_t cap, const char *const *names, field_t *f) {
  size_t n = 0;
  for (size_t i = 0; i < RESEARCH_FIELDS; i++) {
    const char *s = names ? names[i] : f[i];
    size_t l = strlen(s);
    if (l + 2 > cap - n) return 0;
    memcpy(line + n, s, l);
    n += l;
    line[n++] = i + 1 < RESEARCH_FIELDS ? '^' : '\n';
  }
  line[n] = '\0';
  return n;
}

#define LINE_MAX_BYTES (RESEARCH_FIELDS * 48 + 2 * RESEARCH_NAME_MAX)

/* A name as a field: at most RESEARCH_NAME_MAX - 1 bytes, cut at a UTF-8 character; the
 * delimiter and control characters become spaces. */
static void name_field(char *out, const char *name) {
  if (name == NULL) name = "";
  size_t n = strnlen(name, RESEARCH_NAME_MAX - 1);
  while (n > 0 && name[n] != '\0' && ((unsigned char)name[n] & 0xC0) == 0x80)
    n--; /* name[n] continues a character: leave that character out */
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)name[i];
    out[i] = ch == '^' || ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
  }
  out[n] = '\0';
}

int research_write(const char *lea, int year, const struct agg_cell *cells, size_t n,
                   research_out_fn out, void *ctx, long *rows, struct sb_err *e) {
  return research_write_named(lea, year, cells, n, NULL, NULL, out, ctx, rows, e);
}

int research_write_named(const char *lea, int year, const struct agg_cell *cells, size_t n,
                         research_name_fn name, void *name_ctx, research_out_fn out, void *ctx,
                         long *rows, struct sb_err *e) {
  if (rows) *rows = 0;
  bool lea_ok = lea != NULL && strlen(lea) == 7;
  for (size_t i = 0; lea_ok && i < 7; i++)
    lea_ok = lea[i] >= '0' && lea[i] <= '9';
  if (!lea_ok) return sb_err_set(e, "the LEA code must be 7 digits (county + district)");
  if (year < 2000 || year > 9999) return sb_err_set(e, "%d is not an administration year", year);
  if (out == NULL || (n > 0 && cells == NULL))
    return sb_err_set(e, "the research file needs cells and an output");

  struct index x;
  int rc = index_build(&x, cells, n, e);
  if (rc == 0) rc = suppress_all(&x, e);
  char buf[LINE_MAX_BYTES];
  size_t len = rc == 0 ? join(buf, sizeof buf, FIELD_NAMES, NULL) : 0;
  if (rc == 0 && (len == 0 || out(ctx, buf, len) != 0))
    rc = sb_err_set(e, "the research file could not be written (header)");
  field_t f[RESEARCH_FIELDS];
  for (size_t i = 0; rc == 0 && i < x.n; i++) {
    fill_row(f, lea, year, &x.rows[i]);
    const char *cols[RESEARCH_FIELDS];
    for (size_t k = 0; k < RESEARCH_FIELDS; k++)
      cols[k] = f[k];
    char dname[RESEARCH_NAME_MAX] = "", sname[RESEARCH_NAME_MAX] = "";
    if (name) {
      const char *school = x.rows[i].c->key.school;
      name_field(dname, name(name_ctx, lea));
      if (school[0]) name_field(sname, name(name_ctx, school));
      cols[F_DISTRICT_NAME] = dname;
      cols[F_SCHOOL_NAME] = sname;
    }
    len = join(buf, sizeof buf, cols, NULL);
    if (len == 0 || out(ctx, buf, len) != 0)
      rc = sb_err_set(e, "the research file could not be written (row %zu)", i + 1);
    else if (rows)
      (*rows)++;
  }
  index_free(&x);
  return rc;
}

struct buf_out {
  struct buf *b;
  bool full;
};

static int to_buf(void *ctx, const char *data, size_t len) {
  struct buf_out *o = ctx;
  if (buf_append(o->b, data, len) == 0) return 0;
  o->full = true;
  return -1;
}

int research_write_buf(const char *lea, int year, const struct agg_cell *cells, size_t n,
                       struct buf *b, long *rows, struct sb_err *e) {
  if (b == NULL) return sb_err_set(e, "the research file needs a buffer");
  struct buf_out o = {b, false};
  int rc = research_write(lea, year, cells, n, to_buf, &o, rows, e);
  if (rc != 0 && o.full)
    sb_err_set(e, "the research file does not fit in memory (or the buffer's maximum)");
  return rc;
}
