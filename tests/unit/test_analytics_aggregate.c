/* test_analytics_aggregate.c - the dashboards' cells (src/analytics/aggregate.h) and the
 * suppression over a slice of them (src/analytics/disclose.h). */
#include "testutil.h"

#include "analytics/aggregate.h"
#include "analytics/disclose.h"

/* A grade-5 SB ELA result with a valid score, Hispanic, SED, EL, female. */
static struct score_record rec(const char *ssid, const char *school, int scale, int level) {
  struct score_record r;
  memset(&r, 0, sizeof r);
  r.year = 2026;
  r.family = SCORE_CAASPP;
  snprintf(r.record_type, sizeof r.record_type, "01");
  snprintf(r.ssid, sizeof r.ssid, "%s", ssid);
  snprintf(r.lea, sizeof r.lea, "1990101");
  snprintf(r.school, sizeof r.school, "%s", school);
  snprintf(r.grade_assessed, sizeof r.grade_assessed, "05");
  r.gender = 'F';
  snprintf(r.ethnicity, sizeof r.ethnicity, "500");
  snprintf(r.elas, sizeof r.elas, "EL");
  r.economic_disadvantage = 'Y';
  r.disability = 'N';
  r.include_indicator = 'Y';
  r.attemptedness = 'Y';
  r.scale_score = scale;
  r.level = level;
  r.claim[0] = '1';
  r.claim[1] = '3';
  return r;
}

static const struct agg_cell *cell(struct agg_table *t, const char *school, const char *grade,
                                   int group) {
  struct agg_key k;
  agg_key_set(&k, "01", school, grade, group);
  return agg_find(t, &k);
}

static void test_cells(void **state) {
  (void)state;
  struct sb_err e = {""};
  struct agg_table *t = agg_table_new(SCORE_ENROLLED, &e);
  assert_non_null(t);
  struct score_record a = rec("1000000001", "19901019910001", 2502, 3); /* DFS 0 */
  struct score_record b = rec("1000000002", "19901019910002", 2452, 2); /* DFS -50 */
  struct score_record c = rec("1000000003", "19901019910002", 0, 9);    /* tested, no score */
  c.include_indicator = 'T';
  c.attemptedness = 'P';
  struct score_record x = rec("1000000004", "19901019910002", 0, 0); /* NEL: in no count */
  x.include_indicator = 'E';
  assert_int_equal(agg_add(t, &a, &e), 0);
  assert_int_equal(agg_add(t, &b, &e), 0);
  assert_int_equal(agg_add(t, &c, &e), 0);
  assert_int_equal(agg_add(t, &x, &e), 0);

  const struct agg_cell *all = cell(t, "", AGG_ALL_GRADES, 1);
  assert_non_null(all);
  assert_int_equal(all->enrolled, 3);
  assert_int_equal(all->tested, 3);
  assert_int_equal(all->valid, 2);
  assert_int_equal(all->level[1], 1);
  assert_int_equal(all->level[2], 1);
  assert_int_equal(all->scale_sum, 2502 + 2452);
  assert_int_equal(all->dfs_sum, -50);
  assert_int_equal(all->dfs_n, 2);
  assert_int_equal(all->claim[0][0], 2); /* claim 1 below */
  assert_int_equal(all->claim[1][2], 2); /* claim 2 above */
  /* school, grade and group cells */
  const struct agg_cell *s2 = cell(t, "19901019910002", "05", 160);
  assert_non_null(s2);
  assert_int_equal(s2->enrolled, 2);
  assert_int_equal(s2->valid, 1);
  assert_non_null(cell(t, "19901019910001", AGG_ALL_GRADES, 204)); /* SED Hispanic */
  assert_null(cell(t, "", AGG_ALL_GRADES, 3));                     /* nobody male */
  /* every record in 2 schools x 2 grades x its groups */
  size_t n = agg_count(t);
  assert_true(n > 20);
  agg_table_free(t);
}

static void test_tested_school(void **state) {
  (void)state;
  struct sb_err e = {""};
  struct agg_table *t = agg_table_new(SCORE_TESTED, &e);
  struct score_record a = rec("1000000001", "19901019910001", 2502, 3);
  snprintf(a.tested_school, sizeof a.tested_school, "19901019910009");
  assert_int_equal(agg_add(t, &a, &e), 0);
  assert_non_null(cell(t, "19901019910009", "05", 1));
  assert_null(cell(t, "19901019910001", "05", 1));
  assert_string_equal(agg_school_of(&a, SCORE_ENROLLED), "19901019910001");
  agg_table_free(t);
}

static void test_cohort(void **state) {
  (void)state;
  struct sb_err e = {""};
  struct agg_table *t = agg_table_new(SCORE_TESTED, &e);
  struct score_record p = rec("1000000001", "19901019910001", 2440, 2);
  p.year = 2025;
  snprintf(p.grade_assessed, sizeof p.grade_assessed, "04");
  struct score_record p2 = rec("1000000002", "19901019910001", 0, 9); /* no valid score */
  p2.include_indicator = 'N';
  assert_int_equal(agg_prior_add(t, &p, &e), 0);
  assert_int_equal(agg_prior_add(t, &p2, &e), 0);
  struct score_record a = rec("1000000001", "19901019910001", 2510, 3);
  struct score_record b = rec("1000000002", "19901019910001", 2400, 1);
  struct score_record m = rec("1000000001", "19901019910001", 2500, 3); /* math: other test */
  snprintf(m.record_type, sizeof m.record_type, "02");
  assert_int_equal(agg_add(t, &a, &e), 0);
  assert_int_equal(agg_add(t, &b, &e), 0);
  assert_int_equal(agg_add(t, &m, &e), 0);
  const struct agg_cell *c = cell(t, "", "05", 1);
  assert_int_equal(c->valid, 2);
  assert_int_equal(c->cohort_n, 1);
  assert_int_equal(c->cohort_prior[1], 1);
  assert_int_equal(c->cohort_level[2], 1);
  assert_int_equal(c->cohort_prior_sum, 2440);
  assert_int_equal(c->cohort_sum, 2510);
  agg_table_free(t);
}

static struct agg_cell mk(const char *school, const char *grade, int group, long n) {
  struct agg_cell c;
  memset(&c, 0, sizeof c);
  agg_key_set(&c.key, "01", school, grade, group);
  c.enrolled = c.tested = c.valid = n;
  return c;
}

static void test_disclose(void **state) {
  (void)state;
  struct sb_err e = {""};
  struct disclose *d = disclose_new(&e);
  struct agg_cell cells[] = {
      mk("", "13", 1, 100),  mk("", "13", 3, 92),   mk("", "13", 4, 8),
      mk("", "13", 31, 60),  mk("", "13", 111, 40), mk("", "13", 200, 30),
      mk("", "13", 204, 25), mk("", "13", 206, 5), /* one SED x race member small */
      mk("S1", "13", 1, 94), mk("S2", "13", 1, 6), /* two schools */
      mk("", "05", 1, 55),   mk("", "06", 1, 45),  /* two grades, both large */
  };
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
    assert_int_equal(disclose_add(d, 2026, &cells[i], &e), 0);
  /* before apply: nothing withheld (viewers who may see students) */
  assert_int_equal(disclose_flags(d, 2026, "", "13", 4), 0);
  disclose_apply(d);
  unsigned all = DISCLOSE_ENROLLED | DISCLOSE_TESTED | DISCLOSE_VALID;
  assert_int_equal(disclose_flags(d, 2026, "", "13", 4), all);   /* 8: minimum n */
  assert_int_equal(disclose_flags(d, 2026, "", "13", 3), all);   /* 92 = 100 - 8: complement */
  assert_int_equal(disclose_flags(d, 2026, "", "13", 206), all); /* 5 */
  assert_int_equal(disclose_flags(d, 2026, "", "13", 204), all); /* smallest other of 200-207 */
  assert_int_equal(disclose_flags(d, 2026, "", "13", 200), 0);
  assert_int_equal(disclose_flags(d, 2026, "", "13", 31), 0);
  assert_int_equal(disclose_flags(d, 2026, "S2", "13", 1), all); /* 6 */
  assert_int_equal(disclose_flags(d, 2026, "S1", "13", 1), all); /* LEA - S2 */
  assert_int_equal(disclose_flags(d, 2026, "", "05", 1), 0);
  assert_int_equal(disclose_flags(d, 2026, "", "13", 1), 0);
  assert_null(disclose_cell(d, 2025, "", "13", 1));
  assert_non_null(disclose_cell(d, 2026, "S1", "13", 1));
  disclose_free(d);
}

/* A school with one grade: its grade cell withheld to protect another school leaves the
 * school's all-grades cell, the same students, to be withheld too. */
static void test_disclose_lone_member(void **state) {
  (void)state;
  struct sb_err e = {""};
  struct disclose *d = disclose_new(&e);
  struct agg_cell cells[] = {
      mk("", "13", 180, 54),   mk("", "11", 180, 24),   mk("", "09", 180, 30),
      mk("S1", "13", 180, 19), mk("S1", "11", 180, 19), /* S1 has grade 11 only */
      mk("S2", "13", 180, 35), mk("S2", "11", 180, 5),  mk("S2", "09", 180, 30),
  };
  for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
    assert_int_equal(disclose_add(d, 2026, &cells[i], &e), 0);
  disclose_apply(d);
  assert_true(disclose_flags(d, 2026, "S2", "11", 180) & DISCLOSE_VALID); /* 5 */
  assert_true(disclose_flags(d, 2026, "S1", "11", 180) & DISCLOSE_VALID); /* 24 - 5 */
  assert_true(disclose_flags(d, 2026, "S1", "13", 180) & DISCLOSE_VALID); /* = S1 grade 11 */
  assert_true(disclose_flags(d, 2026, "S2", "13", 180) & DISCLOSE_VALID); /* 54 - S1 */
  /* and the cascade: S2's grade 9 protects its grade 11 (S2 total - grade 9); the LEA's
   * grade 9 is S2's grade 9 alone; then the LEA's grade 11 is the LEA total - grade 9 */
  assert_true(disclose_flags(d, 2026, "S2", "09", 180) & DISCLOSE_VALID);
  assert_true(disclose_flags(d, 2026, "", "09", 180) & DISCLOSE_VALID);
  assert_true(disclose_flags(d, 2026, "", "11", 180) & DISCLOSE_VALID);
  assert_int_equal(disclose_flags(d, 2026, "", "13", 180), 0);
  disclose_free(d);
}

static void test_finish(void **state) {
  (void)state;
  struct sb_err e = {""};
  struct agg_table *t = agg_table_new(SCORE_ENROLLED, &e);
  char ssid[24];
  /* 30 girls and 4 boys at one school: the boys are withheld, and so the girls (their
   * complement under All Students) */
  for (int i = 0; i < 34; i++) {
    snprintf(ssid, sizeof ssid, "10000000%02d", i);
    struct score_record r = rec(ssid, "19901019910001", 2500, 2);
    if (i < 4) r.gender = 'M';
    assert_int_equal(agg_add(t, &r, &e), 0);
  }
  assert_int_equal(agg_finish(t, &e), 0);
  unsigned all = DISCLOSE_ENROLLED | DISCLOSE_TESTED | DISCLOSE_VALID;
  assert_int_equal(cell(t, "", AGG_ALL_GRADES, 3)->hidden, all);
  assert_int_equal(cell(t, "", AGG_ALL_GRADES, 4)->hidden, all);
  assert_int_equal(cell(t, "", AGG_ALL_GRADES, 1)->hidden, 0);
  assert_int_equal(cell(t, "19901019910001", "05", 1)->hidden, 0);
  agg_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cells),
      cmocka_unit_test(test_tested_school),
      cmocka_unit_test(test_cohort),
      cmocka_unit_test(test_disclose),
      cmocka_unit_test(test_disclose_lone_member),
      cmocka_unit_test(test_finish),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
