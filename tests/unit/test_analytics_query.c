/* test_analytics_query.c - the dashboards' query parameters (src/analytics/query.h):
 * defaults, every value set, and every rejection with the parameter it names. */
#include "testutil.h"

#include "analytics/query.h"
#include "domain/score.h"

#define A(k, v)                                                                                    \
  { k, v }

static int parse(const struct query_arg *a, size_t n, struct analytics_query *q, struct sb_err *e) {
  e->msg[0] = '\0';
  return analytics_query_parse(a, n, q, e);
}

static void test_defaults(void **state) {
  (void)state;
  struct analytics_query q;
  struct sb_err e;
  assert_int_equal(parse(NULL, 0, &q, &e), 0);
  assert_null(q.test);
  assert_int_equal(q.basis, SCORE_TESTED);
  assert_int_equal(q.year, 0);
  assert_false(q.school_given);
  assert_string_equal(q.school, "");
  assert_string_equal(q.grade, "13");
  assert_int_equal(q.group, 1);
  assert_int_equal(q.level, 0);
  assert_int_equal(q.by, BY_GRADE);
  assert_false(q.csv);
  assert_null(q.lea);
}

static void test_values(void **state) {
  (void)state;
  const struct query_arg a[] = {
      A("test", "sb-math"), A("basis", "enrolled"),
      A("year", "2026"),    A("school", "19901019910001"),
      A("grade", "KN"),     A("group", "204"),
      A("level", "3"),      A("by", "school"),
      A("format", "csv"),   A("lea", "1990101"),
  };
  struct analytics_query q;
  struct sb_err e;
  assert_int_equal(parse(a, sizeof a / sizeof a[0], &q, &e), 0);
  assert_string_equal(q.test->record_type, "02");
  assert_int_equal(q.basis, SCORE_ENROLLED);
  assert_int_equal(q.year, 2026);
  assert_true(q.school_given);
  assert_string_equal(q.school, "19901019910001");
  assert_string_equal(q.grade, "KN");
  assert_int_equal(q.group, 204);
  assert_int_equal(q.level, 3);
  assert_int_equal(q.by, BY_SCHOOL);
  assert_true(q.csv);
  assert_string_equal(q.lea, "1990101");
  assert_string_equal(analytics_by_name(q.by), "school");
  /* an empty school is the whole LEA, said explicitly */
  const struct query_arg b[] = {A("school", ""), A("by", "group"), A("format", "json")};
  assert_int_equal(parse(b, 3, &q, &e), 0);
  assert_true(q.school_given);
  assert_string_equal(q.school, "");
  assert_int_equal(q.by, BY_GROUP);
  assert_false(q.csv);
}

static void test_rejections(void **state) {
  (void)state;
  static const struct {
    struct query_arg a;
    const char *names;
  } BAD[] = {
      {A("test", "sbac"), "test:"},
      {A("test", ""), "test:"},
      {A("basis", "both"), "basis:"},
      {A("year", "26"), "year:"},
      {A("year", "2014"), "year:"},
      {A("year", "2101"), "year:"},
      {A("year", "20x6"), "year:"},
      {A("year", "-2026"), "year:"},
      {A("year", NULL), "year:"},
      {A("school", "1990101"), "school:"},
      {A("school", "1990101991000a"), "school:"},
      {A("grade", "3"), "grade:"},
      {A("grade", "14"), "grade:"},
      {A("grade", "TK"), "grade:"},
      {A("grade", "003"), "grade:"},
      {A("group", "2"), "group:"},
      {A("group", "one"), "group:"},
      {A("group", ""), "group:"},
      {A("level", "5"), "level:"},
      {A("level", "-1"), "level:"},
      {A("by", "year"), "by:"},
      {A("format", "xml"), "format:"},
      {A("lea", "199010"), "lea:"},
      {A("lea", "19901010"), "lea:"},
      {A("color", "red"), "unknown parameter"},
      {A(NULL, "x"), "unknown parameter"},
  };
  for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
    struct analytics_query q;
    struct sb_err e;
    assert_int_equal(parse(&BAD[i].a, 1, &q, &e), -1);
    if (strstr(e.msg, BAD[i].names) == NULL)
      fail_msg("case %zu: message \"%s\" does not name %s", i, e.msg, BAD[i].names);
  }
  /* a parameter given twice */
  const struct query_arg twice[] = {A("grade", "05"), A("grade", "06")};
  struct analytics_query q;
  struct sb_err e;
  assert_int_equal(parse(twice, 2, &q, &e), -1);
  assert_non_null(strstr(e.msg, "grade: given more than once"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_values),
      cmocka_unit_test(test_rejections),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
