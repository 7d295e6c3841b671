/* test_analytics_groups.c - CDE student groups and membership (src/analytics/groups.h). */
#include "testutil.h"

#include "analytics/groups.h"

/* A student in as few groups as the record allows: every flag blank. */
static struct score_record blank_record(void) {
  struct score_record r;
  memset(&r, 0, sizeof r);
  r.family = SCORE_CAASPP;
  memcpy(r.record_type, "01", 3);
  return r;
}

static struct score_record full_record(void) {
  struct score_record r = blank_record();
  r.gender = 'F';
  memcpy(r.ethnicity, "500", 4);
  memcpy(r.elas, "RFEP", 5);
  r.economic_disadvantage = 'Y';
  r.disability = 'N';
  memcpy(r.parent_education, "13", 3);
  r.migrant = 'N';
  r.military = 'Y';
  r.foster = 'N';
  r.homeless = 'Y';
  return r;
}

static void test_table(void **state) {
  (void)state;
  size_t n = 0;
  const struct student_group *t = groups_table(&n);
  assert_non_null(t);
  assert_int_equal(n, 58);
  /* IDs unique, names and categories present */
  for (size_t i = 0; i < n; i++) {
    assert_non_null(t[i].name);
    assert_true(strlen(t[i].name) > 0);
    assert_non_null(t[i].category);
    for (size_t j = i + 1; j < n; j++)
      assert_int_not_equal(t[i].id, t[j].id);
    assert_ptr_equal(groups_find(t[i].id), &t[i]);
  }
  static const struct {
    int id;
    const char *name;
    const char *category;
    bool derived;
  } CASES[] = {
      {1, "All Students", "All Students", true},
      {31, "Socioeconomically disadvantaged", "Economic Status", true},
      {111, "Not socioeconomically disadvantaged", "Economic Status", true},
      {144, "Two or more races", "Race and Ethnicity", true},
      {204, "Hispanic or Latino", "Ethnicity for Socioeconomically Disadvantaged", true},
      {227, "Two or more races", "Ethnicity for Not Socioeconomically Disadvantaged", true},
      {121, "Declined to state", "Parent Education", true},
      {120, "ELs enrolled in a US school less than 12 months", "English-Language Fluency", false},
      {252, "Never-EL", "English-Language Fluency", false},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const struct student_group *g = groups_find(CASES[i].id);
    assert_non_null(g);
    assert_string_equal(g->name, CASES[i].name);
    assert_string_equal(g->category, CASES[i].category);
    assert_int_equal(g->derived, CASES[i].derived);
  }
  assert_null(groups_find(0));
  assert_null(groups_find(2));
  assert_null(groups_find(228)); /* ELPAC language groups are not listed */
  assert_non_null(groups_table(NULL));
}

static void test_blank_record(void **state) {
  (void)state;
  struct score_record r = blank_record();
  int ids[GROUPS_MAX_PER_RECORD];
  size_t n = groups_of(&r, ids, GROUPS_MAX_PER_RECORD);
  assert_int_equal(n, 1);
  assert_int_equal(ids[0], 1);
  assert_int_equal(groups_of(NULL, ids, GROUPS_MAX_PER_RECORD), 0);
  assert_false(groups_member(NULL, 1));
  /* unknown ethnicity code: no race group */
  memcpy(r.ethnicity, "900", 4);
  assert_int_equal(groups_of(&r, ids, GROUPS_MAX_PER_RECORD), 1);
}

static void test_full_record(void **state) {
  (void)state;
  struct score_record r = full_record();
  int ids[GROUPS_MAX_PER_RECORD];
  size_t n = groups_of(&r, ids, GROUPS_MAX_PER_RECORD);
  static const int WANT[] = {1, 4, 6, 8, 170, 31, 99, 78, 204, 91, 29, 50, 52, 241};
  assert_int_equal(n, sizeof WANT / sizeof WANT[0]);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(ids[i], WANT[i]); /* table order */
  for (size_t i = 0; i < n; i++)
    assert_true(groups_member(&r, WANT[i]));
  assert_false(groups_member(&r, 3));
  assert_false(groups_member(&r, 160));
  assert_false(groups_member(&r, 224));
  assert_false(groups_member(&r, 999));
  /* cap: the count is still the whole count, only cap ids written */
  int small[3] = {-1, -1, -1};
  assert_int_equal(groups_of(&r, small, 2), n);
  assert_int_equal(small[0], 1);
  assert_int_equal(small[1], 4);
  assert_int_equal(small[2], -1);
  assert_int_equal(groups_of(&r, NULL, 0), n);
}

static void test_race_and_sed(void **state) {
  (void)state;
  static const struct {
    const char *eth;
    int race, sed, notsed;
  } CASES[] = {
      {"600", 74, 200, 220}, {"100", 75, 201, 221}, {"200", 76, 202, 222}, {"400", 77, 203, 223},
      {"500", 78, 204, 224}, {"300", 79, 205, 225}, {"700", 80, 206, 226}, {"800", 144, 207, 227},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    struct score_record r = blank_record();
    memcpy(r.ethnicity, CASES[i].eth, 4);
    /* the flags do not matter: reporting ethnicity decides */
    r.white = 'Y';
    r.asian = 'Y';
    int ids[GROUPS_MAX_PER_RECORD];
    assert_int_equal(groups_of(&r, ids, GROUPS_MAX_PER_RECORD), 2);
    assert_int_equal(ids[1], CASES[i].race);
    r.economic_disadvantage = 'Y';
    assert_true(groups_member(&r, CASES[i].sed));
    assert_false(groups_member(&r, CASES[i].notsed));
    assert_true(groups_member(&r, 31));
    r.economic_disadvantage = 'N';
    assert_false(groups_member(&r, CASES[i].sed));
    assert_true(groups_member(&r, CASES[i].notsed));
    assert_true(groups_member(&r, 111));
    r.economic_disadvantage = 0;
    assert_false(groups_member(&r, CASES[i].sed));
    assert_false(groups_member(&r, CASES[i].notsed));
  }
}

static void test_elas(void **state) {
  (void)state;
  static const struct {
    const char *elas;
    int want[4];
  } CASES[] = {
      {"EL", {160, 170}}, {"RFEP", {6, 8, 170}}, {"IFEP", {6, 7}}, {"EO", {6, 180}},
      {"TBD", {190}},     {"ADEL", {243}},       {"", {0}},        {"LEP", {0}},
  };
  static const int ALL_ELAS[] = {6, 7, 8, 120, 142, 160, 170, 180, 190, 243, 250, 251, 252};
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    struct score_record r = blank_record();
    memcpy(r.elas, CASES[i].elas, strlen(CASES[i].elas) + 1);
    r.el_status = 'Y'; /* ELStatus is not used: ELAS decides */
    for (size_t j = 0; j < sizeof ALL_ELAS / sizeof ALL_ELAS[0]; j++) {
      bool want = false;
      for (size_t k = 0; k < 4; k++)
        if (CASES[i].want[k] == ALL_ELAS[j]) want = true;
      assert_int_equal(groups_member(&r, ALL_ELAS[j]), want);
    }
  }
}

static void test_flags(void **state) {
  (void)state;
  /* gender, pairs of Yes/No flags, parent education */
  struct score_record r = blank_record();
  r.gender = 'M';
  assert_true(groups_member(&r, 3));
  assert_false(groups_member(&r, 4));
  r.gender = 'X'; /* nonbinary: no CDE ID known */
  assert_false(groups_member(&r, 3));
  assert_false(groups_member(&r, 4));

  static const struct {
    size_t off;
    int yes, no;
  } PAIRS[] = {
      {offsetof(struct score_record, economic_disadvantage), 31, 111},
      {offsetof(struct score_record, disability), 128, 99},
      {offsetof(struct score_record, migrant), 28, 29},
      {offsetof(struct score_record, military), 50, 51},
      {offsetof(struct score_record, homeless), 52, 53},
      {offsetof(struct score_record, foster), 240, 241},
  };
  for (size_t i = 0; i < sizeof PAIRS / sizeof PAIRS[0]; i++) {
    static const char V[] = {'Y', 'N', 0};
    for (size_t v = 0; v < 3; v++) {
      struct score_record s = blank_record();
      ((char *)&s)[PAIRS[i].off] = V[v];
      assert_int_equal(groups_member(&s, PAIRS[i].yes), V[v] == 'Y');
      assert_int_equal(groups_member(&s, PAIRS[i].no), V[v] == 'N');
    }
  }
  /* section 504 is not a disability group */
  r = blank_record();
  r.section504 = 'Y';
  assert_false(groups_member(&r, 128));
  assert_false(groups_member(&r, 99));

  static const struct {
    const char *code;
    int id;
  } PED[] = {{"14", 90}, {"13", 91}, {"12", 92}, {"11", 93}, {"10", 94}, {"15", 121}};
  for (size_t i = 0; i < sizeof PED / sizeof PED[0]; i++) {
    r = blank_record();
    memcpy(r.parent_education, PED[i].code, 3);
    int ids[GROUPS_MAX_PER_RECORD];
    assert_int_equal(groups_of(&r, ids, GROUPS_MAX_PER_RECORD), 2);
    assert_int_equal(ids[1], PED[i].id);
  }
}

static void test_max_fits(void **state) {
  (void)state;
  /* the most groups a record can be in: RFEP (3 fluency groups) and every pair set */
  struct score_record r = full_record();
  r.foster = 'Y';
  r.disability = 'Y';
  assert_true(groups_of(&r, NULL, 0) <= GROUPS_MAX_PER_RECORD);
  assert_int_equal(groups_of(&r, NULL, 0), 14);
  /* underived groups are never members */
  assert_false(groups_member(&r, 120));
  assert_false(groups_member(&r, 142));
  assert_false(groups_member(&r, 250));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),       cmocka_unit_test(test_blank_record),
      cmocka_unit_test(test_full_record), cmocka_unit_test(test_race_and_sed),
      cmocka_unit_test(test_elas),        cmocka_unit_test(test_flags),
      cmocka_unit_test(test_max_fits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
