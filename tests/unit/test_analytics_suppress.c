/* test_analytics_suppress.c - small-cell and complementary suppression
 * (src/analytics/suppress.h). */
#include "testutil.h"

#include "analytics/suppress.h"

#define MAXC 6

struct supp_case {
  const char *what;
  size_t n;
  long counts[MAXC];
  long total;
  bool want[MAXC];
  bool total_hidden;
  int nhidden;
};

static void test_cell(void **state) {
  (void)state;
  static const struct {
    long n;
    bool hidden;
  } CASES[] = {{0, false},  {1, true},   {4, true},   {10, true},
               {11, false}, {30, false}, {-1, false}, {1000000, false}};
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    assert_int_equal(suppress_cell(CASES[i].n), CASES[i].hidden);
}

static void test_roles(void **state) {
  (void)state;
  assert_true(suppress_required(ROLE_NONE));
  assert_true(suppress_required((enum role)77));
  assert_false(suppress_required(ROLE_LEA_CAASPP_COORDINATOR));
  assert_false(suppress_required(ROLE_LEA_ELPAC_COORDINATOR));
  assert_false(suppress_required(ROLE_DISTRICT_LEAD));
  assert_false(suppress_required(ROLE_SITE_ADMIN));
  assert_true(suppress_required(ROLE_AGGREGATE_VIEWER));
}

static void test_counts(void **state) {
  (void)state;
  static const struct supp_case CASES[] = {
      {"empty set, shown total", 0, {0}, 40, {false}, false, 0},
      {"empty set, zero total", 0, {0}, 0, {false}, false, 0},
      {"nothing small", 4, {11, 20, 30, 40}, 101, {false, false, false, false}, false, 0},
      {"all zero", 3, {0, 0, 0}, 0, {false, false, false}, false, 0},
      {"one small: next smallest goes too",
       4,
       {5, 40, 12, 30},
       87,
       {true, false, true, false},
       false,
       2},
      {"one small, a zero is the next smallest",
       4,
       {5, 0, 40, 30},
       75,
       {true, true, false, false},
       false,
       2},
      {"one small, tie: first of the tied",
       4,
       {40, 12, 7, 12},
       71,
       {false, true, true, false},
       false,
       2},
      {"one small at 10", 3, {10, 11, 50}, 71, {true, true, false}, false, 2},
      {"two small: no complement needed",
       4,
       {3, 9, 40, 30},
       82,
       {true, true, false, false},
       false,
       2},
      {"all small, shown total", 4, {10, 9, 8, 7}, 34, {true, true, true, true}, false, 4},
      {"total small: all suppressed, no complement", 3, {2, 0, 3}, 5, {true, false, true}, true, 2},
      {"total small, one small cell", 2, {4, 0}, 4, {true, false}, true, 1},
      {"total 11, both cells small", 2, {1, 10}, 11, {true, true}, false, 2},
      {"one cell only, mismatched total", 1, {6}, 40, {true}, false, 1},
      {"zero total shown as 0", 2, {0, 0}, 0, {false, false}, false, 0},
      {"total 10 with 11s cannot happen but is handled", 2, {11, 0}, 10, {false, false}, true, 0},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const struct supp_case *c = &CASES[i];
    bool hidden[MAXC];
    memset(hidden, 0xA5, sizeof hidden); /* every slot is written */
    bool th = !c->total_hidden;
    struct sb_err e = {{0}};
    int got = suppress_counts(c->counts, c->n, c->total, hidden, &th, &e);
    if (got != c->nhidden) fail_msg("%s: %d hidden, want %d", c->what, got, c->nhidden);
    if (th != c->total_hidden) fail_msg("%s: total hidden %d", c->what, th);
    for (size_t k = 0; k < c->n; k++)
      if (hidden[k] != c->want[k]) fail_msg("%s: cell %zu hidden %d", c->what, k, hidden[k]);
  }
}

static void test_no_cell_recoverable(void **state) {
  (void)state;
  /* For every shown total and 3 cells in 0..14: never exactly one hidden cell. */
  for (long a = 0; a < 15; a++)
    for (long b = 0; b < 15; b++)
      for (long c = 0; c < 15; c++) {
        long counts[3] = {a, b, c};
        bool hidden[3];
        bool th;
        int n = suppress_counts(counts, 3, a + b + c, hidden, &th, NULL);
        assert_true(n >= 0);
        if (!th) assert_int_not_equal(n, 1);
        for (size_t k = 0; k < 3; k++)
          if (suppress_cell(counts[k])) assert_true(hidden[k]);
      }
}

static void test_errors(void **state) {
  (void)state;
  struct sb_err e = {{0}};
  bool hidden[2];
  long counts[2] = {3, -1};
  assert_int_equal(suppress_counts(counts, 2, 5, hidden, NULL, &e), -1);
  assert_non_null(strstr(e.msg, "-1"));
  counts[1] = 4;
  assert_int_equal(suppress_counts(counts, 2, -5, hidden, NULL, &e), -1);
  assert_non_null(strstr(e.msg, "total"));
  assert_int_equal(suppress_counts(NULL, 2, 5, hidden, NULL, &e), -1);
  assert_int_equal(suppress_counts(counts, 2, 5, NULL, NULL, &e), -1);
  assert_int_equal(suppress_counts(counts, 2, 5, NULL, NULL, NULL), -1); /* e may be NULL */
  assert_int_equal(suppress_counts(NULL, 0, 5, NULL, NULL, &e), 0);      /* empty set */
  assert_int_equal(suppress_counts(counts, 2, 7, hidden, NULL, &e), 2);  /* th may be NULL */
}

static void test_text(void **state) {
  (void)state;
  static const struct {
    long count;
    bool hidden;
    const char *text;
  } CASES[] = {{5, true, "*"},   {0, false, "0"},           {11, false, "11"},
               {7, false, "7"},  {123456, false, "123456"}, {40, true, "*"},
               {-3, false, "-3"}};
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    char out[SUPPRESS_TEXT_MAX];
    assert_int_equal(suppress_cell_text(CASES[i].count, CASES[i].hidden, out, sizeof out), 0);
    assert_string_equal(out, CASES[i].text);
  }
  assert_string_equal(SUPPRESS_MARK, "*");
  char two[2], one[1];
  assert_int_equal(suppress_cell_text(5, true, two, sizeof two), 0);
  assert_string_equal(two, "*");
  assert_int_equal(suppress_cell_text(5, true, one, sizeof one), -1);
  assert_int_equal(suppress_cell_text(12, false, two, sizeof two), -1);
  assert_string_equal(two, "");
  assert_int_equal(suppress_cell_text(1, false, two, sizeof two), 0);
  assert_string_equal(two, "1");
  assert_int_equal(suppress_cell_text(1, false, NULL, 4), -1);
  assert_int_equal(suppress_cell_text(1, false, two, 0), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cell),   cmocka_unit_test(test_roles),
      cmocka_unit_test(test_counts), cmocka_unit_test(test_no_cell_recoverable),
      cmocka_unit_test(test_errors), cmocka_unit_test(test_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
