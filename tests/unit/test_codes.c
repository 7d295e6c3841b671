/* test_codes.c - the code tables of the seed (src/domain/codes.h).
 *
 * Administration year Y is the school year ending in June of Y, so a seed comment
 * "from 2023-24 onward" means first_year 2024 and "until 2022-23" means last_year 2023. */
#include "testutil.h"

#include "domain/codes.h"

struct expect {
  enum code_table t;
  const char *code;
  int first; /* 0 = every year */
  int last;  /* 0 = no end */
};

/* Tables 1-4 as the seed dates them (PDF and ALL every year: documented deviation). */
static const struct expect EXPECTED[] = {
    {CODE_TYPE, "CAASPP", 0, 0},
    {CODE_TYPE, "LEXQUAN", 0, 2023},
    {CODE_TYPE, "CAST", 2019, 0},
    {CODE_TYPE, "CAAS", 2020, 0},
    {CODE_TYPE, "CSA", 2019, 0},
    {CODE_TYPE, "STS", 2016, 2018},
    {CODE_TYPE, "EIA", 2022, 0},
    {CODE_TYPE, "ESA", 2018, 0},
    {CODE_TYPE, "EIALT", 2023, 0},
    {CODE_TYPE, "ESALT", 2022, 0},
    {CODE_LANG, "EN", 0, 0},
    {CODE_LANG, "ES", 0, 0},
    {CODE_LANG, "VI", 2019, 0},
    {CODE_LANG, "ZH", 2019, 0},
    {CODE_LANG, "FL", 2019, 0},
    {CODE_LANG, "KR", 2023, 0},
    {CODE_LANG, "AR", 2024, 0},
    {CODE_FORMAT, "PDF", 0, 0},
    {CODE_FORMAT, "HTML", 2024, 0},
    {CODE_FORMAT, "VIDEO", 2025, 0},
    {CODE_FORMAT, "ALL", 0, 0},
    {CODE_CONTENT_AREA, "ELA", 2024, 0},
    {CODE_CONTENT_AREA, "MA", 2024, 0},
    {CODE_CONTENT_AREA, "SC", 2024, 0},
    {CODE_CONTENT_AREA, "RLA", 2024, 0},
    {CODE_CONTENT_AREA, "EP", 2024, 0},
};
#define NEXPECTED (sizeof EXPECTED / sizeof EXPECTED[0])

static void test_every_seed_code_found_with_its_years(void **state) {
  (void)state;
  for (size_t i = 0; i < NEXPECTED; i++) {
    const struct expect *x = &EXPECTED[i];
    const struct code_entry *e = codes_find(x->t, x->code);
    assert_non_null(e);
    assert_string_equal(e->code, x->code);
    assert_null(e->canonical);
    assert_non_null(e->description);
    assert_int_equal(e->first_year, x->first);
    assert_int_equal(e->last_year, x->last);
    assert_string_equal(codes_canonical(x->t, x->code), x->code);
  }
}

static void test_applies_boundaries(void **state) {
  (void)state;
  for (size_t i = 0; i < NEXPECTED; i++) {
    const struct expect *x = &EXPECTED[i];
    if (x->first) {
      assert_false(codes_applies(x->t, x->code, x->first - 1));
      assert_true(codes_applies(x->t, x->code, x->first));
    } else {
      assert_true(codes_applies(x->t, x->code, 1990));
      assert_true(codes_applies(x->t, x->code, 2015));
    }
    if (x->last) {
      assert_true(codes_applies(x->t, x->code, x->last));
      assert_false(codes_applies(x->t, x->code, x->last + 1));
    } else {
      assert_true(codes_applies(x->t, x->code, 2026));
      assert_true(codes_applies(x->t, x->code, 2040));
    }
  }
}

static void test_applies_named_cases(void **state) {
  (void)state;
  /* the cases called out in the rules */
  assert_true(codes_applies(CODE_TYPE, "LEXQUAN", 2023));
  assert_false(codes_applies(CODE_TYPE, "LEXQUAN", 2024));
  assert_false(codes_applies(CODE_TYPE, "STS", 2015));
  assert_true(codes_applies(CODE_TYPE, "STS", 2016));
  assert_true(codes_applies(CODE_TYPE, "STS", 2018));
  assert_false(codes_applies(CODE_TYPE, "STS", 2019));
  assert_false(codes_applies(CODE_LANG, "AR", 2023));
  assert_true(codes_applies(CODE_LANG, "AR", 2024));
  assert_false(codes_applies(CODE_LANG, "KR", 2022));
  assert_true(codes_applies(CODE_LANG, "KR", 2023));
  assert_false(codes_applies(CODE_FORMAT, "VIDEO", 2024));
  assert_true(codes_applies(CODE_FORMAT, "VIDEO", 2025));
  assert_false(codes_applies(CODE_FORMAT, "HTML", 2023));
  assert_true(codes_applies(CODE_FORMAT, "HTML", 2024));
  assert_true(codes_applies(CODE_FORMAT, "PDF", 2018));
  assert_true(codes_applies(CODE_FORMAT, "PDF", 2023));
  assert_true(codes_applies(CODE_FORMAT, "ALL", 2018));
  /* the alias applies exactly like the code it stands for */
  assert_false(codes_applies(CODE_TYPE, "CST", 2018));
  assert_true(codes_applies(CODE_TYPE, "CST", 2019));
  /* not a code: never applies */
  assert_false(codes_applies(CODE_TYPE, "NOPE", 2025));
  assert_false(codes_applies(CODE_LANG, "CAASPP", 2025));
}

static void test_lookup_is_case_insensitive(void **state) {
  (void)state;
  assert_string_equal(codes_canonical(CODE_TYPE, "caaspp"), "CAASPP");
  assert_string_equal(codes_canonical(CODE_TYPE, "CaAsPp"), "CAASPP");
  assert_string_equal(codes_canonical(CODE_TYPE, "eialt"), "EIALT");
  assert_string_equal(codes_canonical(CODE_LANG, "es"), "ES");
  assert_string_equal(codes_canonical(CODE_FORMAT, "pdf"), "PDF");
  assert_string_equal(codes_canonical(CODE_FORMAT, "Video"), "VIDEO");
  assert_string_equal(codes_canonical(CODE_FORMAT, "all"), "ALL");
  assert_string_equal(codes_canonical(CODE_CONTENT_AREA, "ela"), "ELA");
  /* the returned spelling is the table's static string, not the argument */
  char buf[8] = "html";
  const char *c = codes_canonical(CODE_FORMAT, buf);
  buf[0] = 'X';
  assert_string_equal(c, "HTML");
}

static void test_aliases_resolve(void **state) {
  (void)state;
  const struct code_entry *cst = codes_find(CODE_TYPE, "CST");
  assert_non_null(cst);
  assert_ptr_equal(cst, codes_find(CODE_TYPE, "CAST"));
  assert_string_equal(cst->code, "CAST");
  assert_string_equal(codes_canonical(CODE_TYPE, "cst"), "CAST");
  assert_string_equal(codes_canonical(CODE_CONTENT_AREA, "MATH"), "MA");
  assert_string_equal(codes_canonical(CODE_CONTENT_AREA, "math"), "MA");
  assert_ptr_equal(codes_find(CODE_CONTENT_AREA, "MATH"), codes_find(CODE_CONTENT_AREA, "MA"));
}

static void test_unknown_codes(void **state) {
  (void)state;
  assert_null(codes_find(CODE_TYPE, NULL));
  assert_null(codes_find(CODE_TYPE, ""));
  assert_null(codes_find(CODE_TYPE, "CAASP"));   /* prefix */
  assert_null(codes_find(CODE_TYPE, "CAASPPX")); /* longer */
  assert_null(codes_find(CODE_TYPE, " CAASPP"));
  assert_null(codes_find(CODE_TYPE, "CAASPP "));
  assert_null(codes_find(CODE_TYPE, "EN")); /* a code of another table */
  assert_null(codes_find(CODE_LANG, "PDF"));
  assert_null(codes_find(CODE_FORMAT, "EN"));
  assert_null(codes_find(CODE_FORMAT, "DOCX"));
  assert_null(codes_find(CODE_LANG, "SP"));
  assert_null(codes_find(CODE_CONTENT_AREA, "MAT"));
  assert_null(codes_canonical(CODE_TYPE, "STS (2018 only)"));
  assert_null(codes_canonical(CODE_TYPE, NULL));
}

static void test_tables_are_complete(void **state) {
  (void)state;
  static const struct {
    enum code_table t;
    size_t n;
    const char *name;
  } tabs[] = {{CODE_TYPE, 11, "type"},
              {CODE_LANG, 7, "lang"},
              {CODE_FORMAT, 4, "format"},
              {CODE_CONTENT_AREA, 6, "content area"}};
  for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++) {
    size_t n = 0;
    const struct code_entry *e = codes_table(tabs[k].t, &n);
    assert_non_null(e);
    assert_int_equal(n, tabs[k].n);
    assert_string_equal(codes_table_name(tabs[k].t), tabs[k].name);
    for (size_t i = 0; i < n; i++) {
      /* every entry findable; every alias points at an entry of the same table */
      assert_non_null(codes_find(tabs[k].t, e[i].code));
      if (e[i].canonical) {
        const struct code_entry *c = codes_find(tabs[k].t, e[i].canonical);
        assert_non_null(c);
        assert_null(c->canonical);
        assert_int_equal(c->first_year, e[i].first_year);
        assert_int_equal(c->last_year, e[i].last_year);
      }
    }
  }
}

static void test_content_area_lists(void **state) {
  (void)state;
  static const char *good[] = {"ELA",
                               "MA",
                               "MATH",
                               "SC",
                               "RLA",
                               "EP",
                               "ELA,MATH",
                               "ELA,MA",
                               "MA,ELA",
                               "ELA,MATH,SC",
                               "ELA,MA,SC,RLA,EP"};
  static const char *bad[] = {"",
                              "ela",
                              "Ela",
                              "math",
                              "ELA,ELA",
                              "MA,MATH",
                              "MATH,MA",
                              "ELA,MA,ELA",
                              "ELA,",
                              ",ELA",
                              "ELA,,MA",
                              ",",
                              "ELA MA",
                              "ELA;MA",
                              " ELA",
                              "ELA ",
                              "ELA, MA",
                              "XYZ",
                              "ELAX",
                              "MATHS",
                              "CAASPP",
                              "EN",
                              "ELA,XYZ",
                              "ELA,MA,SC,RLA,EP,ELA",
                              "ELAELAELAELA"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    if (!codes_valid_content_area_list(good[i])) fail_msg("rejected '%s'", good[i]);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (codes_valid_content_area_list(bad[i])) fail_msg("accepted '%s'", bad[i]);
  }
  assert_false(codes_valid_content_area_list(NULL));
}

static void test_grades(void **state) {
  (void)state;
  assert_true(codes_valid_grade("KN"));
  for (int g = 1; g <= 12; g++) {
    char s[3] = {(char)('0' + g / 10), (char)('0' + g % 10), '\0'};
    if (!codes_valid_grade(s)) fail_msg("rejected grade '%s'", s);
  }
  static const char *bad[] = {"00",  "13",  "19",  "20", "99", "1",  "9",  "K",  "kn", "Kn",
                              "KN ", "001", "012", "",   " 1", "1 ", "0a", "-1", "TK", "UE"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    if (codes_valid_grade(bad[i])) fail_msg("accepted grade '%s'", bad[i]);
  }
  assert_false(codes_valid_grade(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_seed_code_found_with_its_years),
      cmocka_unit_test(test_applies_boundaries),
      cmocka_unit_test(test_applies_named_cases),
      cmocka_unit_test(test_lookup_is_case_insensitive),
      cmocka_unit_test(test_aliases_resolve),
      cmocka_unit_test(test_unknown_codes),
      cmocka_unit_test(test_tables_are_complete),
      cmocka_unit_test(test_content_area_lists),
      cmocka_unit_test(test_grades),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
