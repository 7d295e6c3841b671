/* test_analytics_dfs.c - Distance from Standard, rounding, status and change levels
 * (src/analytics/dfs.h). */
#include "testutil.h"

#include <math.h>

#include "analytics/dfs.h"

static struct score_record sb(const char *rt, const char *grade, int scale) {
  struct score_record r;
  memset(&r, 0, sizeof r);
  r.family = SCORE_CAASPP;
  memcpy(r.record_type, rt, strlen(rt) + 1);
  memcpy(r.grade_assessed, grade, strlen(grade) + 1);
  r.include_indicator = 'Y';
  r.attemptedness = 'Y';
  r.scale_score = scale;
  return r;
}

static void test_student(void **state) {
  (void)state;
  static const struct {
    const char *rt, *grade;
    int scale;
    int rc, dfs;
  } CASES[] = {
      {"01", "03", 2410, 0, -22}, /* analytics-anchors.md §2.1 worked example */
      {"01", "06", 2560, 0, 29},   {"01", "03", 2432, 0, 0}, /* exactly at the Level 3 minimum */
      {"01", "11", 2583, 0, 0},    {"02", "03", 2436, 0, 0},
      {"02", "08", 2586, 0, 0},    {"02", "11", 2700, 0, 72},
      {"02", "05", 2220, 0, -308}, {"01", "10", 2500, -1, 0}, /* no SB form in grade 10 */
      {"01", "", 2500, -1, 0},     {"03", "03", 360, -1, 0},  /* CAA: not measured here */
      {"06", "05", 214, -1, 0},                               /* CAST */
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    struct score_record r = sb(CASES[i].rt, CASES[i].grade, CASES[i].scale);
    int d = 12345;
    assert_int_equal(dfs_student(&r, &d), CASES[i].rc);
    assert_int_equal(d, CASES[i].rc == 0 ? CASES[i].dfs : 12345);
  }
  /* records without a valid score do not count */
  struct score_record r = sb("01", "03", 2115);
  r.include_indicator = 'T';
  int d;
  assert_int_equal(dfs_student(&r, &d), -1);
  r = sb("01", "03", 0);
  assert_int_equal(dfs_student(&r, &d), -1);
  r = sb("01", "03", 2500);
  r.family = SCORE_SUMMATIVE_ELPAC;
  assert_int_equal(dfs_student(&r, &d), -1);
  assert_int_equal(dfs_student(NULL, &d), -1);
  assert_int_equal(dfs_student(&r, NULL), -1);
}

static void test_mean(void **state) {
  (void)state;
  struct dfs_acc a;
  dfs_init(&a);
  double m = 99.0;
  assert_false(dfs_mean(&a, &m)); /* empty: no status */
  assert_true(m == 99.0);
  struct score_record r1 = sb("01", "03", 2410), r2 = sb("01", "06", 2560);
  struct score_record skip = sb("01", "03", 2500);
  skip.include_indicator = 'N';
  assert_true(dfs_add(&a, &r1));
  assert_true(dfs_add(&a, &r2));
  assert_false(dfs_add(&a, &skip));
  assert_false(dfs_add(NULL, &r1));
  assert_int_equal(a.n, 2);
  assert_true(dfs_mean(&a, &m));
  assert_true(m == 3.5); /* §2.1: +3.5, Medium */
  assert_int_equal(dfs_status_level(DFS_ELA, m), DFS_LEVEL_3);

  /* merge and direct values: the mean is unrounded */
  struct dfs_acc b = {0, 0};
  dfs_add_value(&b, 1);
  dfs_add_value(&b, 0);
  dfs_add_value(&b, 0);
  dfs_merge(&a, &b);
  assert_int_equal(a.n, 5);
  assert_int_equal(a.sum, 8);
  assert_true(dfs_mean(&a, &m));
  assert_true(m == 1.6);
  dfs_init(&b);
  dfs_add_value(&b, 1);
  dfs_add_value(&b, 0);
  dfs_add_value(&b, 0);
  assert_true(dfs_mean(&b, &m));
  assert_true(m == 1.0 / 3.0);
  assert_false(dfs_mean(NULL, &m));
  assert_false(dfs_mean(&b, NULL));
  dfs_merge(NULL, &b);
  dfs_merge(&b, NULL);
  dfs_init(NULL);
}

static void test_rounding_and_format(void **state) {
  (void)state;
  static const struct {
    double v;
    long long tenths;
    const char *text;
  } CASES[] = {
      {0.0, 0, "0.0"},           {-0.05, -1, "-0.1"},      {0.05, 1, "+0.1"},
      {-0.04, 0, "0.0"},         {0.04, 0, "0.0"},         {-0.049999, 0, "0.0"},
      {3.5, 35, "+3.5"},         {-22.0, -220, "-22.0"},   {29.0, 290, "+29.0"},
      {1.0 / 3.0, 3, "+0.3"},    {-2.0 / 3.0, -7, "-0.7"}, {-4.95, -50, "-5.0"},
      {9.95, 100, "+10.0"},      {44.96, 450, "+45.0"},    {-70.04, -700, "-70.0"},
      {-308.0, -3080, "-308.0"}, {0.25, 3, "+0.3"},        {-0.25, -3, "-0.3"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    char out[DFS_FORMAT_MAX];
    assert_int_equal(dfs_round_tenths(CASES[i].v), CASES[i].tenths);
    assert_int_equal(dfs_format(CASES[i].v, out, sizeof out), 0);
    assert_string_equal(out, CASES[i].text);
  }
  char small[5];
  assert_int_equal(dfs_format(-22.0, small, sizeof small), -1); /* needs 6 */
  assert_string_equal(small, "");
  char six[6];
  assert_int_equal(dfs_format(-22.0, six, sizeof six), 0);
  assert_string_equal(six, "-22.0");
  char big[DFS_FORMAT_MAX];
  assert_int_equal(dfs_format(1e12, big, sizeof big), 0);
  assert_string_equal(big, "+1000000000000.0");
  assert_int_equal(dfs_format(1e13, big, sizeof big), -1);
  assert_int_equal(dfs_format(NAN, big, sizeof big), -1);
  assert_int_equal(dfs_format(1.0, NULL, 8), -1);
  assert_int_equal(dfs_format(1.0, big, 0), -1);
}

static void test_change(void **state) {
  (void)state;
  /* change from unrounded values (analytics-anchors.md §2.1): 2.96 vs 0.04 is 2.92,
   * Maintained, although the shown "+3.0" and "0.0" differ by 3.0, Increased */
  double c = dfs_change(2.96, 0.04);
  assert_int_equal(dfs_change_level(c), DFS_LEVEL_3);
  assert_int_equal(dfs_change_level(dfs_round_tenths(2.96) / 10.0 - dfs_round_tenths(0.04) / 10.0),
                   DFS_LEVEL_4);
  /* and the other way: 3.049 vs 0.049 is 3.0, Increased; shown "+3.0" and "0.0" agree */
  assert_int_equal(dfs_change_level(dfs_change(3.049, 0.049)), DFS_LEVEL_4);
  /* shown "+3.0" vs "+0.1" (2.9) but unrounded 3.04 - 0.05 = 2.99: both Maintained */
  assert_int_equal(dfs_change_level(dfs_change(3.04, 0.05)), DFS_LEVEL_3);
  assert_true(dfs_change(-10.0, 5.5) == -15.5);

  static const struct {
    double change;
    enum dfs_level level;
  } CASES[] = {
      {-15.01, DFS_LEVEL_1}, {-15.0, DFS_LEVEL_2}, {-3.0, DFS_LEVEL_2},   {-2.99, DFS_LEVEL_3},
      {0.0, DFS_LEVEL_3},    {2.99, DFS_LEVEL_3},  {3.0, DFS_LEVEL_4},    {14.99, DFS_LEVEL_4},
      {15.0, DFS_LEVEL_5},   {100.0, DFS_LEVEL_5}, {-100.0, DFS_LEVEL_1},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    assert_int_equal(dfs_change_level(CASES[i].change), CASES[i].level);
  assert_int_equal(dfs_change_level(NAN), DFS_LEVEL_NONE);
  assert_string_equal(dfs_change_name(DFS_LEVEL_1), "Declined Significantly");
  assert_string_equal(dfs_change_name(DFS_LEVEL_2), "Declined");
  assert_string_equal(dfs_change_name(DFS_LEVEL_3), "Maintained");
  assert_string_equal(dfs_change_name(DFS_LEVEL_4), "Increased");
  assert_string_equal(dfs_change_name(DFS_LEVEL_5), "Increased Significantly");
  assert_string_equal(dfs_change_name(DFS_LEVEL_NONE), "No Data");
  assert_string_equal(dfs_change_name((enum dfs_level)9), "No Data");
}

static void test_status_bands(void **state) {
  (void)state;
  static const struct {
    enum dfs_subject s;
    double v;
    enum dfs_level level;
  } CASES[] = {
      /* ELA: >= 45, [10, 45), [-5, 10), [-70, -5), < -70 */
      {DFS_ELA, 200.0, DFS_LEVEL_5},
      {DFS_ELA, 45.0, DFS_LEVEL_5},
      {DFS_ELA, 44.99, DFS_LEVEL_4},
      {DFS_ELA, 10.0, DFS_LEVEL_4},
      {DFS_ELA, 9.99, DFS_LEVEL_3},
      {DFS_ELA, 0.0, DFS_LEVEL_3},
      {DFS_ELA, -5.0, DFS_LEVEL_3},
      {DFS_ELA, -5.01, DFS_LEVEL_2},
      {DFS_ELA, -70.0, DFS_LEVEL_2},
      {DFS_ELA, -70.01, DFS_LEVEL_1},
      {DFS_ELA, -300.0, DFS_LEVEL_1},
      /* math: >= 35, [0, 35), [-25, 0), [-95, -25), < -95 */
      {DFS_MATH, 35.0, DFS_LEVEL_5},
      {DFS_MATH, 34.99, DFS_LEVEL_4},
      {DFS_MATH, 0.0, DFS_LEVEL_4},
      {DFS_MATH, -0.01, DFS_LEVEL_3},
      {DFS_MATH, -25.0, DFS_LEVEL_3},
      {DFS_MATH, -25.01, DFS_LEVEL_2},
      {DFS_MATH, -95.0, DFS_LEVEL_2},
      {DFS_MATH, -95.01, DFS_LEVEL_1},
      {DFS_MATH, 10.0, DFS_LEVEL_4}, /* same value, other subject: */
      {DFS_ELA, 10.0, DFS_LEVEL_4},
      {DFS_MATH, -5.0, DFS_LEVEL_3},
      {DFS_ELA, -30.0, DFS_LEVEL_2},
      {DFS_MATH, -30.0, DFS_LEVEL_2},
      {DFS_MATH, 40.0, DFS_LEVEL_5},
      {DFS_ELA, 40.0, DFS_LEVEL_4},
      {(enum dfs_subject)0, 0.0, DFS_LEVEL_NONE},
      {(enum dfs_subject)3, 0.0, DFS_LEVEL_NONE},
      {DFS_ELA, NAN, DFS_LEVEL_NONE},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    if (dfs_status_level(CASES[i].s, CASES[i].v) != CASES[i].level)
      fail_msg("case %zu: subject %d status %g", i, (int)CASES[i].s, CASES[i].v);
  assert_string_equal(dfs_status_name(DFS_LEVEL_1), "Very Low");
  assert_string_equal(dfs_status_name(DFS_LEVEL_2), "Low");
  assert_string_equal(dfs_status_name(DFS_LEVEL_3), "Medium");
  assert_string_equal(dfs_status_name(DFS_LEVEL_4), "High");
  assert_string_equal(dfs_status_name(DFS_LEVEL_5), "Very High");
  assert_string_equal(dfs_status_name(DFS_LEVEL_NONE), "No Data");
  assert_string_equal(dfs_status_name((enum dfs_level) - 1), "No Data");
}

/* Exact halves from the integer sums: 91/20 = 4.55 -> 4.6, which the doubles got wrong. */
static void test_exact_tenths(void **state) {
  (void)state;
  long long t;
  struct dfs_acc cur = {-285, 4}, prior = {-379, 5}; /* -71.25 and -75.8: change 4.55 */
  assert_true(dfs_change_tenths(&cur, &prior, &t));
  assert_int_equal(t, 46);
  double ch;
  assert_true(dfs_change_exact(&cur, &prior, &ch));
  assert_true(ch > 4.549 && ch < 4.551);
  struct dfs_acc a = {-7, 20}, b = {0, 3}; /* -0.35 - 0 */
  assert_true(dfs_change_tenths(&a, &b, &t));
  assert_int_equal(t, -4);
  struct dfs_acc m = {-441, 20}; /* -22.05 */
  assert_true(dfs_mean_tenths(&m, &t));
  assert_int_equal(t, -221);
  struct dfs_acc z = {0, 0};
  assert_false(dfs_mean_tenths(&z, &t));
  assert_false(dfs_change_tenths(&cur, &z, &t));
  assert_false(dfs_change_exact(&z, &prior, &ch));
  struct dfs_acc e = {70, 2}; /* +35.0 exactly */
  assert_true(dfs_mean_tenths(&e, &t));
  assert_int_equal(t, 350);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_exact_tenths), cmocka_unit_test(test_student),
      cmocka_unit_test(test_mean),         cmocka_unit_test(test_rounding_and_format),
      cmocka_unit_test(test_change),       cmocka_unit_test(test_status_bands),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
