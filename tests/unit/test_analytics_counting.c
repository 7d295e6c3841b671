/* test_analytics_counting.c - enrolled / tested / valid-score rules
 * (src/analytics/counting.h). */
#include "testutil.h"

#include "analytics/counting.h"

struct count_case {
  enum score_family family;
  const char *rt;
  char include;
  const char *condition;
  char attempted;
  int scale;
  bool enrolled, tested, valid;
};

static struct score_record make(const struct count_case *c) {
  struct score_record r;
  memset(&r, 0, sizeof r);
  r.family = c->family;
  memcpy(r.record_type, c->rt, 3);
  memcpy(r.condition_code, c->condition, strlen(c->condition) + 1);
  r.include_indicator = c->include;
  r.attemptedness = c->attempted;
  r.scale_score = c->scale;
  return r;
}

static void run(const struct count_case *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    struct score_record r = make(&cases[i]);
    if (counting_enrolled(&r) != cases[i].enrolled || counting_tested(&r) != cases[i].tested ||
        counting_valid_score(&r) != cases[i].valid)
      fail_msg("case %zu (rt %s include '%c' condition '%s' attempted '%c' scale %d)", i,
               cases[i].rt, cases[i].include ? cases[i].include : '0', cases[i].condition,
               cases[i].attempted ? cases[i].attempted : '0', cases[i].scale);
    /* the counts nest */
    if (counting_valid_score(&r)) assert_true(counting_tested(&r));
    if (counting_tested(&r)) assert_true(counting_enrolled(&r));
  }
}

static void test_caaspp_include(void **state) {
  (void)state;
  static const struct count_case CASES[] = {
      /* Y: completed and counted */
      {SCORE_CAASPP, "01", 'Y', "", 'Y', 2500, true, true, true},
      /* Y without a scale score cannot give a valid score */
      {SCORE_CAASPP, "01", 'Y', "", 'Y', 0, true, true, false},
      /* T: tested, below threshold / partial / LOSS */
      {SCORE_CAASPP, "02", 'T', "LOSS", 'P', 2190, true, true, false},
      {SCORE_CAASPP, "02", 'T', "", 'P', 0, true, true, false},
      /* R: invalidated or construct-changing resource: tested, no valid score */
      {SCORE_CAASPP, "01", 'R', "", 'Y', 2480, true, true, false},
      /* N: not tested (PGE, NTE, NT, one part only) */
      {SCORE_CAASPP, "01", 'N', "PGE", 0, 0, true, false, false},
      {SCORE_CAASPP, "01", 'N', "NTE", 0, 0, true, false, false},
      {SCORE_CAASPP, "01", 'N', "NT", 'N', 0, true, false, false},
      /* E: EL < 12 months, exempt from ELA: in no count */
      {SCORE_CAASPP, "01", 'E', "NEL", 0, 0, false, false, false},
      /* CAA INC0 / INC1: include Y with LOSS / LOSS+1: valid */
      {SCORE_CAASPP, "03", 'Y', "INC0", 'Y', 300, true, true, true},
      {SCORE_CAASPP, "04", 'Y', "INC1", 'P', 301, true, true, true},
      /* CAST, CSA */
      {SCORE_CAASPP, "06", 'Y', "", 'Y', 214, true, true, true},
      {SCORE_CAASPP, "09", 'T', "", 'P', 0, true, true, false},
      /* unknown include code: enrolled only */
      {SCORE_CAASPP, "01", 'Q', "", 'Y', 2500, true, false, false},
  };
  run(CASES, sizeof CASES / sizeof CASES[0]);
}

static void test_caaspp_blank_include(void **state) {
  (void)state;
  static const struct count_case CASES[] = {
      {SCORE_CAASPP, "01", 0, "", 'Y', 2500, true, true, true},
      {SCORE_CAASPP, "01", 0, "", 'P', 2300, true, true, false},
      {SCORE_CAASPP, "01", 0, "", 'N', 0, true, false, false},
      {SCORE_CAASPP, "01", 0, "", 0, 0, true, false, false},
      {SCORE_CAASPP, "01", 0, "LOSS", 'Y', 2115, true, true, false},
      {SCORE_CAASPP, "01", 0, "PGE", 'Y', 2500, true, false, false},
      {SCORE_CAASPP, "01", 0, "NTE", 'P', 0, true, false, false},
      {SCORE_CAASPP, "01", 0, "NT", 'P', 0, true, false, false},
      {SCORE_CAASPP, "01", 0, "NEL", 0, 0, false, false, false},
      {SCORE_CAASPP, "03", 0, "INC0", 'Y', 300, true, true, true},
      {SCORE_CAASPP, "03", 0, "INC1", 'Y', 301, true, true, true},
      {SCORE_CAASPP, "05", 0, "NER", 'Y', 500, true, true, false},
      {SCORE_CAASPP, "01", 0, "", 'Y', 0, true, true, false},
  };
  run(CASES, sizeof CASES / sizeof CASES[0]);
}

static void test_elpac(void **state) {
  (void)state;
  static const struct count_case CASES[] = {
      /* Summative (§3.1): N / T / Y */
      {SCORE_SUMMATIVE_ELPAC, "21", 'Y', "", 'Y', 1500, true, true, true},
      {SCORE_SUMMATIVE_ELPAC, "21", 'Y', "ALT", 'Y', 1150, true, true, true},
      {SCORE_SUMMATIVE_ELPAC, "21", 'Y', "EXD", 'Y', 1480, true, true, true},
      {SCORE_SUMMATIVE_ELPAC, "21", 'T', "", 'P', 0, true, true, false},
      {SCORE_SUMMATIVE_ELPAC, "21", 'N', "NT", 0, 0, true, false, false},
      /* R and E are not ELPAC codes */
      {SCORE_SUMMATIVE_ELPAC, "23", 'R', "", 'Y', 1500, true, false, false},
      {SCORE_SUMMATIVE_ELPAC, "21", 'E', "", 'Y', 1500, true, false, false},
      /* Initial */
      {SCORE_INITIAL_ELPAC, "22", 'Y', "", 'Y', 450, true, true, true},
      {SCORE_INITIAL_ELPAC, "22", 'T', "", 'P', 0, true, true, false},
      {SCORE_INITIAL_ELPAC, "24", 'N', "NT", 0, 0, true, false, false},
      /* blank include: condition + attemptedness */
      {SCORE_SUMMATIVE_ELPAC, "21", 0, "", 'Y', 1500, true, true, true},
      {SCORE_SUMMATIVE_ELPAC, "21", 0, "ALT", 'Y', 1150, true, true, true},
      {SCORE_SUMMATIVE_ELPAC, "21", 0, "EXD", 'Y', 1400, true, true, true},
      {SCORE_SUMMATIVE_ELPAC, "21", 0, "NT", 'Y', 0, true, false, false},
      {SCORE_INITIAL_ELPAC, "22", 0, "", 'P', 0, true, true, false},
      /* NEL is a CAASPP code: it excludes nothing on ELPAC */
      {SCORE_INITIAL_ELPAC, "22", 0, "NEL", 'Y', 400, true, true, false},
  };
  run(CASES, sizeof CASES / sizeof CASES[0]);
}

static void test_edges_and_totals(void **state) {
  (void)state;
  assert_false(counting_enrolled(NULL));
  assert_false(counting_tested(NULL));
  assert_false(counting_valid_score(NULL));
  struct score_record r;
  memset(&r, 0, sizeof r); /* family 0: not a known family */
  r.include_indicator = 'Y';
  r.scale_score = 2500;
  assert_false(counting_enrolled(&r));
  assert_false(counting_valid_score(&r));

  struct counting_totals t = {0, 0, 0};
  static const struct count_case CASES[] = {
      {SCORE_CAASPP, "01", 'Y', "", 'Y', 2500, true, true, true},
      {SCORE_CAASPP, "01", 'T', "LOSS", 'P', 2115, true, true, false},
      {SCORE_CAASPP, "01", 'N', "PGE", 0, 0, true, false, false},
      {SCORE_CAASPP, "01", 'E', "NEL", 0, 0, false, false, false},
      {SCORE_CAASPP, "01", 'R', "", 'Y', 2400, true, true, false},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    struct score_record s = make(&CASES[i]);
    counting_add(&t, &s);
  }
  assert_int_equal(t.enrolled, 4);
  assert_int_equal(t.tested, 3);
  assert_int_equal(t.valid, 1);
  counting_add(&t, NULL);
  counting_add(NULL, &r);
  assert_int_equal(t.enrolled, 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_caaspp_include),
      cmocka_unit_test(test_caaspp_blank_include),
      cmocka_unit_test(test_elpac),
      cmocka_unit_test(test_edges_and_totals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
