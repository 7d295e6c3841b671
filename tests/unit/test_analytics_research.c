/* test_analytics_research.c - the Smarter Balanced research-file export
 * (src/analytics/research.h): header, numbers, suppression, row order. */
#include "testutil.h"

#include "analytics/research.h"
#include "util/buf.h"

#define LEA "1990101"
#define SCH_A "19901019910001"
#define SCH_B "19901019910002"
#define NF 69

/* --- building cells --- */

struct cells {
  struct agg_cell c[64];
  size_t n;
};

/* A cell with counts e / t / v; levels and claims spread over the valid count. */
static struct agg_cell *add(struct cells *cs, const char *test, const char *school,
                            const char *grade, int group, long e, long t, long v) {
  assert_true(cs->n < sizeof cs->c / sizeof cs->c[0]);
  struct agg_cell *c = &cs->c[cs->n++];
  memset(c, 0, sizeof *c);
  agg_key_set(&c->key, test, school, grade, group);
  c->enrolled = e;
  c->tested = t;
  c->valid = v;
  c->level[0] = v / 4;
  c->level[1] = v / 4;
  c->level[2] = v / 4;
  c->level[3] = v - 3 * (v / 4);
  c->scale_sum = 2500LL * v;
  for (int a = 0; a < 4; a++) {
    c->claim[a][0] = v / 3;
    c->claim[a][1] = v / 3;
    c->claim[a][2] = v - 2 * (v / 3);
  }
  return c;
}

/* --- reading the output back --- */

struct parsed {
  char *text;
  size_t nlines;
  char *f[256][NF]; /* fields of each line; NULL past the line's end */
  int nf[256];      /* how many fields each line has */
};

static void parse(struct parsed *p, const char *text) {
  memset(p, 0, sizeof *p);
  p->text = strdup(text);
  assert_non_null(p->text);
  char *s = p->text;
  while (*s) {
    assert_true(p->nlines < 256);
    char *nl = strchr(s, '\n');
    assert_non_null(nl); /* every line ends with a newline */
    *nl = '\0';
    size_t l = p->nlines++;
    char *fld = s;
    for (;;) {
      char *c = strchr(fld, '^');
      if (p->nf[l] < NF) p->f[l][p->nf[l]] = fld;
      p->nf[l]++;
      if (c == NULL) break;
      *c = '\0';
      fld = c + 1;
    }
    s = nl + 1;
  }
}

/* The fields of the row of (7-digit school code, test ID, grade, group), or NULL. */
static char **row(struct parsed *p, const char *school7, const char *test, const char *grade,
                  int group) {
  char g[8];
  snprintf(g, sizeof g, "%d", group);
  for (size_t i = 1; i < p->nlines; i++)
    if (p->nf[i] == NF && !strcmp(p->f[i][3], school7) && !strcmp(p->f[i][9], test) &&
        !strcmp(p->f[i][11], grade) && !strcmp(p->f[i][10], g))
      return p->f[i];
  return NULL;
}

static void write_parse(struct parsed *p, struct cells *cs, long want_rows) {
  struct buf b;
  buf_init(&b, 1 << 20);
  struct sb_err e = {""};
  long rows = -1;
  int rc = research_write_buf(LEA, 2026, cs->c, cs->n, &b, &rows, &e);
  if (rc != 0) fail_msg("research_write: %s", e.msg);
  if (want_rows >= 0) assert_int_equal(rows, want_rows);
  parse(p, buf_cstr(&b));
  assert_int_equal(p->nlines, (size_t)rows + 1);
  for (size_t i = 0; i < p->nlines; i++)
    assert_int_equal(p->nf[i], NF);
  buf_free(&b);
}

/* fields lo..hi (1-based, as in formats.md) all equal want */
static void assert_fields(char **r, int lo, int hi, const char *want) {
  for (int i = lo; i <= hi; i++) {
    if (strcmp(r[i - 1], want) != 0) fail_msg("field %d is \"%s\", want \"%s\"", i, r[i - 1], want);
  }
}

/* Every count and result of an ELA row withheld; the mean of grade 13 is blank anyway. */
static void assert_withheld(char **r) {
  assert_non_null(r);
  assert_fields(r, 13, 15, "*");
  assert_string_equal(r[15], strcmp(r[11], "13") == 0 ? "" : "*");
  assert_fields(r, 17, 55, "*");
  assert_fields(r, 56, 69, "");
}

/* --- tests --- */

static void test_header(void **state) {
  (void)state;
  static const char *const BASE[27] = {"County Code",
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
                                       "Overall Total"};
  static const char *const AREA[7] = {"Percentage Above Standard",
                                      "Count Above Standard",
                                      "Percentage Near Standard",
                                      "Count Near Standard",
                                      "Percentage Below Standard",
                                      "Count Below Standard",
                                      "Total"};
  char want[NF][64];
  for (int i = 0; i < 27; i++)
    snprintf(want[i], sizeof want[i], "%s", BASE[i]);
  for (int a = 0; a < 6; a++)
    for (int k = 0; k < 7; k++)
      snprintf(want[27 + a * 7 + k], sizeof want[0], "%sArea %d %s", a < 4 ? "" : "Composite ",
               a < 4 ? a + 1 : a - 3, AREA[k]);
  for (int i = 0; i < NF; i++)
    assert_string_equal(research_field_name((size_t)i), want[i]);
  assert_null(research_field_name(NF));

  struct cells cs = {.n = 0};
  struct parsed p;
  write_parse(&p, &cs, 0);
  assert_int_equal(p.nlines, 1);
  for (int i = 0; i < NF; i++)
    assert_string_equal(p.f[0][i], want[i]);
  free(p.text);
}

static void test_large_group(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  struct agg_cell *c = add(&cs, "01", "", "05", 1, 120, 118, 115);
  c->level[0] = 20;                                     /* not met */
  c->level[1] = 30;                                     /* nearly met */
  c->level[2] = 40;                                     /* met */
  c->level[3] = 25;                                     /* exceeded */
  c->scale_sum = 287537;                                /* 2500.32 */
  c->claim[0][0] = 10;                                  /* below */
  c->claim[0][1] = 60;                                  /* near */
  c->claim[0][2] = 45;                                  /* above */
  c->claim[3][0] = c->claim[3][1] = c->claim[3][2] = 0; /* no area 4 results */
  struct agg_cell *all = add(&cs, "01", "", "13", 1, 120, 118, 115);
  all->level[0] = 20, all->level[1] = 30, all->level[2] = 40, all->level[3] = 25;
  struct agg_cell *half = add(&cs, "02", "", "05", 1, 20, 20, 20);
  half->scale_sum = 50001; /* 2500.05: half up */
  half->level[0] = 1, half->level[1] = 0, half->level[2] = 19, half->level[3] = 0;
  struct parsed p;
  write_parse(&p, &cs, 3);
  char **r = row(&p, "0000000", "1", "05", 1);
  assert_non_null(r);
  static const char *const ID[12] = {"19", "90101", "",  "0000000", "",  "06",
                                     "",   "2026",  "B", "1",       "1", "05"};
  for (int i = 0; i < 12; i++)
    assert_string_equal(r[i], ID[i]);
  static const char *const NUM[] = {
      "120",   "118",   "115",   "2500.3", "21.74", "25",  "34.78", "40",
      "56.52", "65",    "26.09", "30",     "17.39", "20",  "115",   "39.13",
      "45",    "52.17", "60",    "8.70",   "10",    "115", /* area 1 */
  };
  for (size_t i = 0; i < sizeof NUM / sizeof NUM[0]; i++)
    if (strcmp(r[12 + i], NUM[i]) != 0)
      fail_msg("field %zu is \"%s\", want \"%s\"", 13 + i, r[12 + i], NUM[i]);
  /* area 4 of ELA with no results: counts 0, percentages blank */
  assert_string_equal(r[48], "");
  assert_string_equal(r[49], "0");
  assert_string_equal(r[54], "0");
  assert_fields(r, 56, 69, ""); /* composite areas are not kept */

  char **a = row(&p, "0000000", "1", "13", 1);
  assert_non_null(a);
  assert_string_equal(a[14], "115");
  assert_string_equal(a[15], ""); /* no all-grades mean */
  assert_string_equal(a[16], "21.74");

  char **m = row(&p, "0000000", "2", "05", 1);
  assert_non_null(m);
  assert_string_equal(m[15], "2500.1");
  assert_string_equal(m[24], "5.00"); /* not met 1 of 20 */
  assert_string_equal(m[25], "1");    /* a level count under 11 is shown */
  assert_string_equal(m[22], "0.00"); /* nearly met 0 */
  assert_fields(m, 49, 55, "");       /* math has no area 4 */
  assert_string_equal(m[33], "20");   /* area 1 total */
  free(p.text);
}

static void test_small_group(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  add(&cs, "01", "", "05", 1, 40, 40, 40);
  add(&cs, "01", "", "05", 7, 7, 7, 7);      /* IFEP: 7 students */
  add(&cs, "01", "", "05", 180, 33, 33, 33); /* EO: hidden with it */
  struct parsed p;
  write_parse(&p, &cs, 3);
  char **r = row(&p, "0000000", "1", "05", 7);
  assert_non_null(r);
  assert_string_equal(r[10], "7"); /* the group ID itself is not a count */
  assert_withheld(r);
  assert_withheld(row(&p, "0000000", "1", "05", 180));
  r = row(&p, "0000000", "1", "05", 1);
  assert_string_equal(r[14], "40");
  assert_string_equal(r[15], "2500.0");
  free(p.text);
}

static void test_complementary_groups(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  add(&cs, "01", "", "13", 1, 58, 58, 58);
  add(&cs, "01", "", "13", 3, 50, 50, 50); /* Male */
  add(&cs, "01", "", "13", 4, 8, 8, 8);    /* Female */
  add(&cs, "01", "", "13", 31, 30, 30, 30);
  add(&cs, "01", "", "13", 111, 28, 28, 28);
  struct parsed p;
  write_parse(&p, &cs, 5);
  assert_withheld(row(&p, "0000000", "1", "13", 3));
  assert_withheld(row(&p, "0000000", "1", "13", 4));
  assert_string_equal(row(&p, "0000000", "1", "13", 1)[14], "58");
  assert_string_equal(row(&p, "0000000", "1", "13", 31)[14], "30");
  assert_string_equal(row(&p, "0000000", "1", "13", 111)[14], "28");
  free(p.text);

  /* only the valid count is small: the other counts stay */
  cs.n = 0;
  add(&cs, "01", "", "13", 1, 60, 60, 58);
  add(&cs, "01", "", "13", 3, 45, 45, 45);
  add(&cs, "01", "", "13", 4, 15, 15, 13);
  add(&cs, "01", "", "13", 6, 12, 12, 9); /* in no partition: no complement */
  write_parse(&p, &cs, 4);
  char **f = row(&p, "0000000", "1", "13", 4);
  assert_string_equal(f[12], "15");
  assert_string_equal(f[14], "13");
  char **x = row(&p, "0000000", "1", "13", 6);
  assert_string_equal(x[12], "12");
  assert_string_equal(x[13], "12");
  assert_string_equal(x[14], "*");
  assert_fields(x, 17, 55, "*");
  assert_fields(row(&p, "0000000", "1", "13", 3), 13, 15, "45");
  free(p.text);
}

static void test_complementary_schools(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  add(&cs, "01", "", "13", 1, 46, 46, 46);
  add(&cs, "01", SCH_A, "13", 1, 40, 40, 40);
  add(&cs, "01", SCH_B, "13", 1, 6, 6, 6);
  struct parsed p;
  write_parse(&p, &cs, 3);
  assert_fields(row(&p, "0000000", "1", "13", 1), 13, 15, "46");
  char **a = row(&p, "9910001", "1", "13", 1);
  assert_non_null(a);
  assert_string_equal(a[0], "19");
  assert_string_equal(a[1], "90101");
  assert_string_equal(a[5], "07");
  assert_withheld(a);
  assert_withheld(row(&p, "9910002", "1", "13", 1));
  free(p.text);
}

static void test_complementary_grades_and_cascade(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  /* grades against grade 13 */
  add(&cs, "02", "", "13", 1, 60, 60, 60);
  add(&cs, "02", "", "03", 1, 52, 52, 52);
  add(&cs, "02", "", "04", 1, 8, 8, 8);
  struct parsed p;
  write_parse(&p, &cs, 3);
  assert_fields(row(&p, "0000000", "2", "03", 1), 13, 16, "*");
  assert_fields(row(&p, "0000000", "2", "04", 1), 13, 16, "*");
  assert_string_equal(row(&p, "0000000", "2", "13", 1)[14], "60");
  free(p.text);

  /* B grade 3 (8) is withheld; A grade 3 goes with it (schools); then grade 4 of B and of
   * A must go too (grades), or grade 13 minus grade 4 would give grade 3 back. */
  cs.n = 0;
  add(&cs, "01", "", "13", 1, 100, 100, 100);
  add(&cs, "01", "", "03", 1, 48, 48, 48);
  add(&cs, "01", "", "04", 1, 52, 52, 52);
  add(&cs, "01", SCH_A, "13", 1, 60, 60, 60);
  add(&cs, "01", SCH_A, "03", 1, 40, 40, 40);
  add(&cs, "01", SCH_A, "04", 1, 20, 20, 20);
  add(&cs, "01", SCH_B, "13", 1, 40, 40, 40);
  add(&cs, "01", SCH_B, "03", 1, 8, 8, 8);
  add(&cs, "01", SCH_B, "04", 1, 32, 32, 32);
  write_parse(&p, &cs, 9);
  assert_fields(row(&p, "9910002", "1", "03", 1), 13, 15, "*");
  assert_fields(row(&p, "9910001", "1", "03", 1), 13, 15, "*");
  assert_fields(row(&p, "9910002", "1", "04", 1), 13, 15, "*");
  assert_fields(row(&p, "9910001", "1", "04", 1), 13, 15, "*");
  assert_fields(row(&p, "9910001", "1", "13", 1), 13, 15, "60");
  assert_fields(row(&p, "9910002", "1", "13", 1), 13, 15, "40");
  assert_fields(row(&p, "0000000", "1", "03", 1), 13, 15, "48");
  assert_fields(row(&p, "0000000", "1", "04", 1), 13, 15, "52");
  free(p.text);
}

/* A cell hidden late in one pass (by a school's race set) leaves an LEA set checked
 * earlier in that pass with one hidden member: the sets are checked again until stable. */
static void test_fixpoint(void **state) {
  (void)state;
  static const struct {
    const char *school;
    long g1, g74, g76, g78;
  } DATA[] = {
      {"", 228, 63, 90, 75},
      {SCH_A, 58, 8, 20, 30},
      {SCH_B, 80, 25, 40, 15},
      {"19901019910003", 90, 30, 30, 30},
  };
  struct cells cs = {.n = 0};
  for (size_t i = 0; i < sizeof DATA / sizeof DATA[0]; i++) {
    add(&cs, "01", DATA[i].school, "13", 1, DATA[i].g1, DATA[i].g1, DATA[i].g1);
    add(&cs, "01", DATA[i].school, "13", 74, DATA[i].g74, DATA[i].g74, DATA[i].g74);
    add(&cs, "01", DATA[i].school, "13", 76, DATA[i].g76, DATA[i].g76, DATA[i].g76);
    add(&cs, "01", DATA[i].school, "13", 78, DATA[i].g78, DATA[i].g78, DATA[i].g78);
  }
  struct parsed p;
  write_parse(&p, &cs, 16);
  static const struct {
    const char *school;
    int group;
    bool hidden;
  } WANT[] = {
      {"9910001", 74, true},  {"9910001", 76, true},  {"9910001", 78, true},  {"9910002", 74, true},
      {"9910002", 76, false}, {"9910002", 78, true},  {"9910003", 74, true},  {"9910003", 76, true},
      {"9910003", 78, false}, {"9910001", 1, false},  {"9910002", 1, false},  {"9910003", 1, false},
      {"0000000", 74, false}, {"0000000", 76, false}, {"0000000", 78, false},
  };
  for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
    char **r = row(&p, WANT[i].school, "1", "13", WANT[i].group);
    assert_non_null(r);
    if ((strcmp(r[14], "*") == 0) != WANT[i].hidden)
      fail_msg("school %s group %d shows \"%s\"", WANT[i].school, WANT[i].group, r[14]);
  }
  free(p.text);
}

/* A set with one member: when that member is withheld, its parent goes too. */
static void test_lone_member(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  add(&cs, "01", SCH_A, "13", 1, 23, 23, 23);
  add(&cs, "01", SCH_A, "13", 180, 19, 19, 19); /* EO */
  add(&cs, "01", SCH_A, "13", 7, 4, 4, 4);      /* IFEP: 4 */
  add(&cs, "01", SCH_A, "11", 1, 23, 23, 23);   /* a school with grade 11 only */
  add(&cs, "01", SCH_A, "11", 180, 19, 19, 19);
  add(&cs, "01", SCH_A, "11", 7, 4, 4, 4);
  struct parsed p;
  write_parse(&p, &cs, 6);
  /* EO goes with IFEP in both; grade 13 EO is the parent of grade 11 EO alone */
  assert_withheld(row(&p, "9910001", "1", "11", 180));
  assert_withheld(row(&p, "9910001", "1", "13", 180));
  assert_withheld(row(&p, "9910001", "1", "13", 7));
  /* All Students: grade 11 alone is shown, and so equals grade 13: nothing withheld */
  assert_fields(row(&p, "9910001", "1", "11", 1), 13, 15, "23");
  assert_fields(row(&p, "9910001", "1", "13", 1), 13, 15, "23");
  free(p.text);

  /* the only school of the LEA: its Male row is withheld by its own gender set, so the
   * LEA's Male row goes (it would equal it but for students with no school), and then the
   * LEA's Female row with it */
  cs.n = 0;
  add(&cs, "01", "", "13", 1, 60, 60, 60);
  add(&cs, "01", "", "13", 3, 45, 45, 45);
  add(&cs, "01", "", "13", 4, 15, 15, 15);
  add(&cs, "01", SCH_A, "13", 1, 40, 40, 40);
  add(&cs, "01", SCH_A, "13", 3, 35, 35, 35);
  add(&cs, "01", SCH_A, "13", 4, 5, 5, 5);
  write_parse(&p, &cs, 6);
  assert_withheld(row(&p, "9910001", "1", "13", 3));
  assert_withheld(row(&p, "9910001", "1", "13", 4));
  assert_withheld(row(&p, "0000000", "1", "13", 3));
  assert_withheld(row(&p, "0000000", "1", "13", 4));
  assert_fields(row(&p, "0000000", "1", "13", 1), 13, 15, "60");
  assert_fields(row(&p, "9910001", "1", "13", 1), 13, 15, "40");
  free(p.text);
}

static void test_zero_and_order(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  /* given out of order; other tests are skipped */
  add(&cs, "02", SCH_B, "13", 1, 30, 30, 30);
  add(&cs, "02", SCH_A, "13", 1, 30, 30, 30);
  add(&cs, "01", SCH_A, "13", 1, 30, 30, 30);
  add(&cs, "03", "", "13", 1, 60, 60, 60);
  add(&cs, "01", "", "04", 74, 20, 20, 20);
  add(&cs, "01", "", "04", 99, 20, 20, 20);
  add(&cs, "01", "", "04", 1, 40, 40, 40);
  add(&cs, "02", "", "13", 1, 60, 60, 60);
  add(&cs, "01", "", "13", 1, 60, 60, 60);
  add(&cs, "01", "", "KN", 1, 20, 20, 20);
  add(&cs, "01", "", "11", 1, 12, 0, 0); /* enrolled, none tested */
  struct parsed p;
  write_parse(&p, &cs, 10);
  static const struct {
    const char *school, *test, *grade, *group;
  } ORDER[] = {
      {"0000000", "1", "13", "1"},  {"0000000", "1", "KN", "1"},  {"0000000", "1", "04", "1"},
      {"0000000", "1", "04", "99"}, {"0000000", "1", "04", "74"}, {"0000000", "1", "11", "1"},
      {"0000000", "2", "13", "1"},  {"9910001", "1", "13", "1"},  {"9910001", "2", "13", "1"},
      {"9910002", "2", "13", "1"},
  };
  for (size_t i = 0; i < sizeof ORDER / sizeof ORDER[0]; i++) {
    char **r = p.f[i + 1];
    if (strcmp(r[3], ORDER[i].school) || strcmp(r[9], ORDER[i].test) ||
        strcmp(r[11], ORDER[i].grade) || strcmp(r[10], ORDER[i].group))
      fail_msg("row %zu is %s/%s/%s/%s", i + 1, r[3], r[9], r[11], r[10]);
  }
  char **z = row(&p, "0000000", "1", "11", 1);
  assert_string_equal(z[12], "12");
  assert_string_equal(z[13], "0");
  assert_string_equal(z[14], "0");
  assert_string_equal(z[15], ""); /* no mean without scores */
  assert_string_equal(z[16], ""); /* no percentage of 0 */
  assert_string_equal(z[17], "0");
  assert_string_equal(z[26], "0");
  free(p.text);
}

static int refuse(void *ctx, const char *data, size_t len) {
  (void)data;
  (void)len;
  int *left = ctx;
  return (*left)-- > 0 ? 0 : -1;
}

static const char *names_of(void *ctx, const char *code) {
  (void)ctx;
  if (strcmp(code, LEA) == 0) return "North^South\nUnified";
  if (strcmp(code, "19647331930650") == 0) return "Año Nuevo Elementary";
  return NULL;
}

static int to_buf(void *ctx, const char *data, size_t len) {
  return buf_append(ctx, data, len);
}

/* Names from the callback: carets and control characters become spaces; unknown: blank. */
static void test_names(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  add(&cs, "01", "", "13", 1, 40, 40, 40);
  add(&cs, "01", "19647331930650", "13", 1, 25, 25, 25);
  add(&cs, "01", "19647331999999", "13", 1, 15, 15, 15);
  struct buf b;
  buf_init(&b, 1 << 20);
  struct sb_err e = {""};
  long rows = 0;
  assert_int_equal(
      research_write_named(LEA, 2026, cs.c, cs.n, names_of, NULL, to_buf, &b, &rows, &e), 0);
  struct parsed p;
  parse(&p, buf_cstr(&b));
  assert_int_equal(p.nlines, 4);
  char **r = row(&p, "0000000", "1", "13", 1);
  assert_string_equal(r[2], "North South Unified");
  assert_string_equal(r[4], "");
  r = row(&p, "1930650", "1", "13", 1);
  assert_string_equal(r[2], "North South Unified");
  assert_string_equal(r[4], "Año Nuevo Elementary");
  r = row(&p, "1999999", "1", "13", 1);
  assert_string_equal(r[4], "");
  free(p.text);
  buf_free(&b);
}

static void test_errors(void **state) {
  (void)state;
  struct cells cs = {.n = 0};
  struct buf b;
  buf_init(&b, 1 << 20);
  struct sb_err e = {""};
  add(&cs, "01", "", "13", 1, 30, 30, 30);
  assert_int_equal(research_write_buf("199010", 2026, cs.c, cs.n, &b, NULL, &e), -1);
  assert_int_equal(research_write_buf("199010x", 2026, cs.c, cs.n, &b, NULL, &e), -1);
  assert_int_equal(research_write_buf(LEA, 26, cs.c, cs.n, &b, NULL, &e), -1);
  add(&cs, "01", "", "13", 1, 31, 31, 31);
  buf_reset(&b);
  assert_int_equal(research_write_buf(LEA, 2026, cs.c, cs.n, &b, NULL, &e), -1);
  assert_non_null(strstr(e.msg, "two cells"));
  cs.n = 1;
  add(&cs, "01", "1990101991", "13", 1, 30, 30, 30);
  buf_reset(&b);
  assert_int_equal(research_write_buf(LEA, 2026, cs.c, cs.n, &b, NULL, &e), -1);
  cs.n = 1;
  add(&cs, "01", "", "03", 3, -1, 0, 0);
  buf_reset(&b);
  assert_int_equal(research_write_buf(LEA, 2026, cs.c, cs.n, &b, NULL, &e), -1);
  /* the output stops after the header */
  cs.n = 1;
  int left = 1;
  long rows = -1;
  assert_int_equal(research_write(LEA, 2026, cs.c, cs.n, refuse, &left, &rows, &e), -1);
  assert_int_equal(rows, 0);
  /* a buffer too small for the file */
  struct buf small;
  buf_init(&small, 100);
  assert_int_equal(research_write_buf(LEA, 2026, cs.c, cs.n, &small, NULL, &e), -1);
  assert_non_null(strstr(e.msg, "does not fit"));
  buf_free(&small);
  buf_free(&b);
}

/* A bigger data set: every line has 69 fields, and no shown count in 13-15 is 1..10. */
static void test_every_row(void **state) {
  (void)state;
  static struct agg_cell many[2 * 3 * 3 * 6];
  size_t n = 0;
  const char *schools[3] = {"", SCH_A, SCH_B};
  const char *grades[3] = {"13", "03", "04"};
  const int groups[6] = {1, 3, 4, 31, 111, 7};
  for (int t = 0; t < 2; t++)
    for (int s = 0; s < 3; s++)
      for (int g = 0; g < 3; g++)
        for (int k = 0; k < 6; k++) {
          struct agg_cell *c = &many[n++];
          memset(c, 0, sizeof *c);
          agg_key_set(&c->key, t ? "02" : "01", schools[s], grades[g], groups[k]);
          long v = (long)((n * 37) % 60);
          c->enrolled = c->tested = c->valid = v;
          c->level[2] = v;
        }
  struct buf b;
  buf_init(&b, 1 << 20);
  struct sb_err e = {""};
  long rows = 0;
  assert_int_equal(research_write_buf(LEA, 2026, many, n, &b, &rows, &e), 0);
  assert_int_equal(rows, (long)n);
  struct parsed p;
  parse(&p, buf_cstr(&b));
  assert_int_equal(p.nlines, n + 1);
  for (size_t i = 0; i < p.nlines; i++) {
    assert_int_equal(p.nf[i], NF);
    if (i == 0) continue;
    for (int f = 12; f < 15; f++) {
      long v = strtol(p.f[i][f], NULL, 10);
      if (strcmp(p.f[i][f], "*") != 0 && v >= 1 && v <= 10)
        fail_msg("line %zu field %d shows %ld", i + 1, f + 1, v);
    }
  }
  free(p.text);
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_header),
      cmocka_unit_test(test_large_group),
      cmocka_unit_test(test_small_group),
      cmocka_unit_test(test_complementary_groups),
      cmocka_unit_test(test_complementary_schools),
      cmocka_unit_test(test_complementary_grades_and_cascade),
      cmocka_unit_test(test_fixpoint),
      cmocka_unit_test(test_lone_member),
      cmocka_unit_test(test_zero_and_order),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_every_row),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
