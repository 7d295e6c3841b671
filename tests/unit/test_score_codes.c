/* test_score_codes.c - code sets, scale ranges and cut scores (src/domain/score_codes.h). */
#include "testutil.h"

#include "domain/score_codes.h"

static void test_record_types(void **state) {
  (void)state;
  static const char *const CA[] = {"01", "02", "03", "04", "05", "06", "09"};
  for (size_t i = 0; i < sizeof CA / sizeof CA[0]; i++)
    assert_int_equal(score_record_type_family(CA[i]), SCORE_CAASPP);
  assert_int_equal(score_record_type_family("21"), SCORE_SUMMATIVE_ELPAC);
  assert_int_equal(score_record_type_family("23"), SCORE_SUMMATIVE_ELPAC);
  assert_int_equal(score_record_type_family("22"), SCORE_INITIAL_ELPAC);
  assert_int_equal(score_record_type_family("24"), SCORE_INITIAL_ELPAC);
  assert_int_equal(score_record_type_family("07"), 0);
  assert_int_equal(score_record_type_family("1"), 0);
  assert_int_equal(score_record_type_family(""), 0);
  assert_int_equal(score_record_type_family(NULL), 0);
  assert_string_equal(score_record_type_name("06"), "CAST");
  assert_string_equal(score_record_type_name("99"), "unknown test");
}

static void test_grades(void **state) {
  (void)state;
  assert_int_equal(score_grade_number("KN"), 0);
  assert_int_equal(score_grade_number("01"), 1);
  assert_int_equal(score_grade_number("12"), 12);
  assert_int_equal(score_grade_number("13"), -1);
  assert_int_equal(score_grade_number("00"), -1);
  assert_int_equal(score_grade_number("TK"), -1);
  assert_int_equal(score_grade_number("3"), -1);
  assert_int_equal(score_grade_number(""), -1);
  assert_true(score_grade_assessed_valid(SCORE_CAASPP, "03"));
  assert_false(score_grade_assessed_valid(SCORE_CAASPP, "02"));
  assert_true(score_grade_assessed_valid(SCORE_INITIAL_ELPAC, "KN"));
  assert_false(score_grade_assessed_valid(0, "05"));
  assert_true(score_calpads_grade_valid("TK"));
  assert_true(score_calpads_grade_valid("UE"));
  assert_false(score_calpads_grade_valid("K"));
}

static void test_ranges(void **state) {
  (void)state;
  struct score_range r;
  assert_int_equal(score_scale_range("01", 3, 2025, &r), 0);
  assert_int_equal(r.lo, 2115);
  assert_int_equal(r.hi, 2650);
  assert_int_equal(score_scale_range("01", 3, 2019, &r), 0); /* before 2020-21 */
  assert_int_equal(r.lo, 2114);
  assert_int_equal(r.hi, 2623);
  assert_int_equal(score_scale_range("02", 11, 0, &r), 0);
  assert_int_equal(r.lo, 2280);
  assert_int_equal(r.hi, 2900);
  assert_int_equal(score_scale_range("01", 10, 2025, &r), -1);
  assert_int_equal(score_scale_range("06", 12, 2025, &r), 0);
  assert_int_equal(r.lo, 550);
  assert_int_equal(r.hi, 650);
  assert_int_equal(score_scale_range("06", 6, 2025, &r), -1);
  assert_int_equal(score_scale_range("03", 11, 2025, &r), 0);
  assert_int_equal(r.lo, 900);
  assert_int_equal(r.hi, 999);
  assert_int_equal(score_scale_range("04", 10, 2025, &r), -1);
  assert_int_equal(score_scale_range("09", 10, 2025, &r), 0);
  assert_int_equal(r.lo, 900);
  assert_int_equal(score_scale_range("21", 0, 2025, &r), 0);
  assert_int_equal(r.lo, 1150);
  assert_int_equal(r.hi, 1700);
  assert_int_equal(score_scale_range("21", 5, 2025, &r), 0);
  assert_int_equal(r.hi, 1800);
  assert_int_equal(score_scale_range("21", 8, 2025, &r), 0);
  assert_int_equal(r.hi, 1900);
  assert_int_equal(score_scale_range("21", 9, 2025, &r), 0);
  assert_int_equal(r.hi, 1950);
  assert_int_equal(score_scale_range("22", 4, 2025, &r), 0);
  assert_int_equal(r.lo, 150);
  assert_int_equal(r.hi, 600);
  assert_int_equal(score_scale_range("05", 8, 2025, &r), 0);
  assert_int_equal(r.hi, 9999);
  assert_int_equal(score_scale_range("24", 1, 2025, &r), 0);
  assert_int_equal(score_scale_range("99", 3, 2025, &r), -1);
}

static void test_levels(void **state) {
  (void)state;
  assert_int_equal(score_level3_min("01", 3), 2432);
  assert_int_equal(score_level3_min("02", 8), 2586);
  assert_int_equal(score_level3_min("02", 11), 2628);
  assert_int_equal(score_level3_min("06", 5), -1);
  assert_int_equal(score_level3_min("01", 9), -1);
  assert_int_equal(score_level_from_scale("01", 3, 2025, 2366), 1);
  assert_int_equal(score_level_from_scale("01", 3, 2025, 2367), 2);
  assert_int_equal(score_level_from_scale("01", 3, 2025, 2432), 3);
  assert_int_equal(score_level_from_scale("01", 3, 2025, 2490), 4);
  assert_int_equal(score_level_from_scale("01", 3, 2025, 2651), 0);
  assert_int_equal(score_level_from_scale("06", 8, 2025, 414), 2);
  assert_int_equal(score_level_from_scale("06", 11, 2025, 636), 4);
  assert_int_equal(score_level_from_scale("03", 4, 2025, 459), 2);
  assert_int_equal(score_level_from_scale("04", 4, 2025, 460), 3);
  assert_int_equal(score_level_from_scale("09", 5, 2025, 545), 1);
  assert_int_equal(score_level_from_scale("09", 5, 2025, 546), 2);
  assert_int_equal(score_level_from_scale("09", 12, 2025, 950), 2);
  assert_int_equal(score_level_from_scale("21", 0, 2025, 1474), 4);
  assert_int_equal(score_level_from_scale("21", 10, 2025, 1605), 3);
  assert_int_equal(score_level_from_scale("21", 12, 2025, 1499), 1);
  assert_int_equal(score_level_from_scale("22", 7, 2025, 369), 1);
  assert_int_equal(score_level_from_scale("22", 7, 2025, 370), 2);
  assert_int_equal(score_level_from_scale("22", 7, 2025, 450), 3);
  assert_int_equal(score_level_from_scale("05", 8, 2025, 500), 0);
}

static void test_code_sets(void **state) {
  (void)state;
  assert_true(score_condition_valid("01", "LOSS"));
  assert_true(score_condition_valid("01", ""));
  assert_false(score_condition_valid("01", "INC0"));
  assert_true(score_condition_valid("03", "INC1"));
  assert_false(score_condition_valid("04", "NER"));
  assert_true(score_condition_valid("05", "NER"));
  assert_false(score_condition_valid("06", "NEL"));
  assert_true(score_condition_valid("21", "ALT"));
  assert_false(score_condition_valid("22", "ALT"));
  assert_true(score_include_valid("01", "E"));
  assert_false(score_include_valid("05", "E"));
  assert_true(score_include_valid("06", "T"));
  assert_false(score_include_valid("03", "T"));
  assert_false(score_include_valid("21", "R"));
  assert_true(score_attemptedness_valid("01", "N"));
  assert_false(score_attemptedness_valid("21", "N"));
  assert_true(score_attemptedness_valid("22", "P"));
  assert_true(score_level_code_valid("01", "4"));
  assert_true(score_level_code_valid("06", "9"));
  assert_false(score_level_code_valid("03", "4"));
  assert_true(score_level_code_valid("21", "NS"));
  assert_false(score_level_code_valid("23", "4"));
  assert_false(score_level_code_valid("22", "1"));
  assert_true(score_gender_valid("X"));
  assert_false(score_gender_valid("FM"));
  assert_false(score_gender_valid(""));
  assert_true(score_ethnicity_valid("800"));
  assert_false(score_ethnicity_valid("900"));
  assert_false(score_ethnicity_valid("000"));
  assert_true(score_parent_education_valid("15"));
  assert_false(score_parent_education_valid("16"));
  assert_true(score_elas_valid("ADEL"));
  assert_false(score_elas_valid("LEP"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_record_types), cmocka_unit_test(test_grades),
      cmocka_unit_test(test_ranges),       cmocka_unit_test(test_levels),
      cmocka_unit_test(test_code_sets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
