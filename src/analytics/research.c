/* research.c - the Smarter Balanced research-file export (see research.h for the layout and
 * the suppression rules).
 *
 * How: the cells of tests 01 / 02 are indexed (pointers, never copied) and sorted in the
 * file's row order, which is also the order bsearch looks cells up in. The complementary
 * sets (groups, schools, grades) are built once as lists of row indexes; then, for each of
 * the three counts, suppress_counts is run over every set until no set hides anything new. */
#include "analytics/research.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static long count_of(const struct agg_cell *c, int k) {
  return k == K_ENROLLED ? c->enrolled : k == K_TESTED ? c->tested : c->valid;
}

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
  const char **schools; /* distinct 14-digit codes, in order */
  size_t nschools;
  const char **grades; /* distinct grades other than 13 */
  size_t ngrades, grades_cap;
  /* complementary sets: set s is parent[s] with members member[first[s] .. first[s+1]) */
  size_t *parent, *first, nsets, sets_cap;
  size_t *member, nmembers, members_cap;
  size_t max_set; /* largest member count */
};

static void index_free(struct index *x) {
  free(x->rows);
  free(x->schools);
  free(x->grades);
  free(x->parent);
  free(x->first);
  free(x->member);
  memset(x, 0, sizeof *x);
}

/* The row of (school, test, grade, group), or SIZE_MAX. */
static size_t find(const struct index *x, const char *school, int test_id, const char *grade,
                   int group) {
  struct agg_cell kc;
  memset(&kc, 0, sizeof kc);
  agg_key_set(&kc.key, "", school, grade, group);
  struct row key = {.c = &kc,
                    .test_id = test_id,
                    .grade_rank = grade_rank(grade),
                    .group_rank = group_rank(group)};
  const struct row *r = bsearch(&key, x->rows, x->n, sizeof *x->rows, row_cmp);
  return r ? (size_t)(r - x->rows) : SIZE_MAX;
}

/* p grown to hold at least need items of size bytes (cap items now); NULL when out of
 * memory (p is then untouched and still the caller's). */
static void *grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return p;
  size_t c = *cap ? *cap : 64;
  while (c < need) {
    if (c > SIZE_MAX / 2 / size) return NULL;
    c *= 2;
  }
  void *q = realloc(p, c * size);
  if (q != NULL) *cap = c;
  return q;
}

/* Set building: open a set for parent row p, add member rows, close it (a set without
 * members is dropped). */
static int set_open(struct index *x, size_t p) {
  if (x->nsets + 2 > x->sets_cap) { /* first[] needs nsets + 2 slots after set_close */
    size_t cap = x->sets_cap ? x->sets_cap * 2 : 64;
    size_t *a = realloc(x->parent, cap * sizeof *a);
    if (a == NULL) return -1;
    x->parent = a;
    size_t *b = realloc(x->first, cap * sizeof *b);
    if (b == NULL) return -1;
    x->first = b;
    x->sets_cap = cap;
  }
  x->parent[x->nsets] = p;
  x->first[x->nsets] = x->nmembers;
  return 0;
}

static int set_add(struct index *x, size_t m) {
  if (m == SIZE_MAX) return 0; /* no such cell */
  size_t *q = grow(x->member, &x->members_cap, x->nmembers + 1, sizeof *x->member);
  if (q == NULL) return -1;
  x->member = q;
  x->member[x->nmembers++] = m;
  return 0;
}

static void set_close(struct index *x) {
  size_t n = x->nmembers - x->first[x->nsets];
  if (n == 0) return;
  if (n > x->max_set) x->max_set = n;
  x->nsets++;
  x->first[x->nsets] = x->nmembers;
}

/* The partitions of groups_siblings, each listed once. */
#define MAX_PARTS 32
#define MAX_PART_IDS 16
struct partitions {
  size_t n;
  int parent[MAX_PARTS];
  size_t len[MAX_PARTS];
  int ids[MAX_PARTS][MAX_PART_IDS];
};

static void partitions_load(struct partitions *p) {
  size_t ng;
  const struct student_group *t = groups_table(&ng);
  p->n = 0;
  for (size_t i = 0; i < ng && p->n < MAX_PARTS; i++) {
    int parent, ids[MAX_PART_IDS];
    size_t k = groups_siblings(t[i].id, &parent, ids, MAX_PART_IDS);
    if (k == 0 || k > MAX_PART_IDS || ids[0] != t[i].id) continue; /* listed by its first */
    p->parent[p->n] = parent;
    p->len[p->n] = k;
    memcpy(p->ids[p->n], ids, k * sizeof ids[0]);
    p->n++;
  }
}

/* Indexes and sorts the SB cells, checks their keys, lists the schools and grades. */
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
  if (x->n > 0) {
    x->schools = calloc(x->n, sizeof *x->schools);
    if (x->schools == NULL) return sb_err_set(e, "out of memory");
  }
  for (size_t i = 0; i < x->n; i++) {
    const char *s = x->rows[i].c->key.school;
    if (s[0] && (x->nschools == 0 || strcmp(x->schools[x->nschools - 1], s) != 0))
      x->schools[x->nschools++] = s;
    const char *g = x->rows[i].c->key.grade;
    if (strcmp(g, AGG_ALL_GRADES) == 0) continue;
    bool seen = false;
    for (size_t j = 0; j < x->ngrades && !seen; j++)
      seen = strcmp(x->grades[j], g) == 0;
    if (seen) continue;
    const char **q = grow(x->grades, &x->grades_cap, x->ngrades + 1, sizeof *x->grades);
    if (q == NULL) return sb_err_set(e, "out of memory");
    x->grades = q;
    x->grades[x->ngrades++] = g;
  }
  return 0;
}

/* The complementary sets of research.h: groups, schools, grades. */
static int sets_build(struct index *x, struct sb_err *e) {
  struct partitions parts;
  partitions_load(&parts);
  for (size_t i = 0; i < x->n; i++) {
    const struct row *r = &x->rows[i];
    const struct agg_key *k = &r->c->key;
    /* groups: each partition whose parent is this row's group */
    for (size_t p = 0; p < parts.n; p++) {
      if (parts.parent[p] != k->group) continue;
      if (set_open(x, i) != 0) return sb_err_set(e, "out of memory");
      for (size_t m = 0; m < parts.len[p]; m++)
        if (set_add(x, find(x, k->school, r->test_id, k->grade, parts.ids[p][m])) != 0)
          return sb_err_set(e, "out of memory");
      set_close(x);
    }
    /* schools against the LEA row */
    if (k->school[0] == '\0') {
      if (set_open(x, i) != 0) return sb_err_set(e, "out of memory");
      for (size_t s = 0; s < x->nschools; s++)
        if (set_add(x, find(x, x->schools[s], r->test_id, k->grade, k->group)) != 0)
          return sb_err_set(e, "out of memory");
      set_close(x);
    }
    /* single grades against grade 13 */
    if (strcmp(k->grade, AGG_ALL_GRADES) == 0) {
      if (set_open(x, i) != 0) return sb_err_set(e, "out of memory");
      for (size_t g = 0; g < x->ngrades; g++)
        if (set_add(x, find(x, k->school, r->test_id, x->grades[g], k->group)) != 0)
          return sb_err_set(e, "out of memory");
      set_close(x);
    }
  }
  return 0;
}

/* Minimum n, then the complementary rule over every set until nothing changes. A withheld
 * cell is handed to suppress_counts as a count of 1 (which it withholds by itself), so a
 * cell hidden by one set counts as hidden in the others. */
static int suppress_all(struct index *x, struct sb_err *e) {
  long *counts = NULL;
  bool *hidden = NULL;
  if (x->max_set > 0) {
    counts = calloc(x->max_set, sizeof *counts);
    hidden = calloc(x->max_set, sizeof *hidden);
    if (counts == NULL || hidden == NULL) {
      free(counts);
      free(hidden);
      return sb_err_set(e, "out of memory");
    }
  }
  for (size_t i = 0; i < x->n; i++)
    for (int k = 0; k < K_N; k++)
      x->rows[i].hid[k] = suppress_cell(count_of(x->rows[i].c, k));
  int rc = 0;
  for (int k = 0; k < K_N && rc == 0; k++) {
    bool changed = true;
    while (changed && rc == 0) {
      changed = false;
      for (size_t s = 0; s < x->nsets; s++) {
        const struct row *p = &x->rows[x->parent[s]];
        long total = p->hid[k] ? 1 : count_of(p->c, k);
        size_t m0 = x->first[s], nm = x->first[s + 1] - m0;
        for (size_t j = 0; j < nm; j++) {
          const struct row *m = &x->rows[x->member[m0 + j]];
          counts[j] = m->hid[k] ? 1 : count_of(m->c, k);
        }
        int nh = suppress_counts(counts, nm, total, hidden, NULL, e);
        if (nh < 0) {
          rc = -1;
          break;
        }
        for (size_t j = 0; j < nm; j++) {
          struct row *m = &x->rows[x->member[m0 + j]];
          if (hidden[j] && !m->hid[k]) {
            m->hid[k] = true;
            changed = true;
          }
        }
        /* one member withheld and no other to hide with it: the parent would show it */
        if (nh == 1 && !p->hid[k]) {
          x->rows[x->parent[s]].hid[k] = true;
          changed = true;
        }
      }
    }
  }
  free(counts);
  free(hidden);
  return rc;
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

#define LINE_MAX_BYTES (RESEARCH_FIELDS * 48)

int research_write(const char *lea, int year, const struct agg_cell *cells, size_t n,
                   research_out_fn out, void *ctx, long *rows, struct sb_err *e) {
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
  if (rc == 0) rc = sets_build(&x, e);
  if (rc == 0) rc = suppress_all(&x, e);
  char buf[LINE_MAX_BYTES];
  size_t len = rc == 0 ? join(buf, sizeof buf, FIELD_NAMES, NULL) : 0;
  if (rc == 0 && (len == 0 || out(ctx, buf, len) != 0))
    rc = sb_err_set(e, "the research file could not be written (header)");
  field_t f[RESEARCH_FIELDS];
  for (size_t i = 0; rc == 0 && i < x.n; i++) {
    fill_row(f, lea, year, &x.rows[i]);
    len = join(buf, sizeof buf, NULL, f);
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
