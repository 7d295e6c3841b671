/* test_window.c - administration years and the served window (src/domain/window.h). */
#include "testutil.h"

#include "domain/window.h"

static void test_admin_year_of_ymd(void **state) {
  (void)state;
  assert_int_equal(admin_year_of_ymd(20250630), 2025);
  assert_int_equal(admin_year_of_ymd(20250701), 2026);
  assert_int_equal(admin_year_of_ymd(20250101), 2025);
  assert_int_equal(admin_year_of_ymd(20251231), 2026);
  assert_int_equal(admin_year_of_ymd(20240229), 2024);
  assert_int_equal(admin_year_of_ymd(20240815), 2025);
  assert_int_equal(admin_year_of_ymd(20260120), 2026);
  assert_int_equal(admin_year_of_ymd(20261122), 2027);
}

static void test_year_start_end(void **state) {
  (void)state;
  assert_int_equal(admin_year_start(2025), 20240701);
  assert_int_equal(admin_year_end(2025), 20250630);
  assert_int_equal(admin_year_start(2026), 20250701);
  assert_int_equal(admin_year_end(2026), 20260630);
  for (int y = 2000; y <= 2040; y++) {
    assert_int_equal(admin_year_of_ymd(admin_year_start(y)), y);
    assert_int_equal(admin_year_of_ymd(admin_year_end(y)), y);
    /* the day after the end is the next year's first day */
    assert_int_equal(admin_year_start(y + 1), (y * 10000) + 701);
    assert_int_equal(admin_year_of_ymd(admin_year_start(y + 1)), y + 1);
    assert_true(admin_year_start(y) < admin_year_end(y));
  }
}

static void test_window_before_limit_serves_every_year(void **state) {
  (void)state;
  struct year_window w = window_for(20260119);
  assert_int_equal(w.first, 0);
  assert_int_equal(w.last, 2026);
  assert_true(window_contains(&w, 1990));
  assert_true(window_contains(&w, 2023));
  assert_true(window_contains(&w, 2026));
  assert_false(window_contains(&w, 2027));

  w = window_for(20251214);
  assert_int_equal(w.first, 0);
  assert_int_equal(w.last, 2026);
  w = window_for(20250630);
  assert_int_equal(w.first, 0);
  assert_int_equal(w.last, 2025);
  assert_false(window_contains(&w, 2026));
}

static void test_window_from_limit_serves_three_years(void **state) {
  (void)state;
  struct year_window w = window_for(WINDOW_START_YMD);
  assert_int_equal(WINDOW_START_YMD, 20260120);
  assert_int_equal(w.first, 2024);
  assert_int_equal(w.last, 2026);
  assert_false(window_contains(&w, 2023));
  assert_true(window_contains(&w, 2024));
  assert_true(window_contains(&w, 2025));
  assert_true(window_contains(&w, 2026));
  assert_false(window_contains(&w, 2027));

  w = window_for(20260630);
  assert_int_equal(w.first, 2024);
  assert_int_equal(w.last, 2026);
  w = window_for(20260701);
  assert_int_equal(w.first, 2025);
  assert_int_equal(w.last, 2027);
  w = window_for(20261122);
  assert_int_equal(w.first, 2025);
  assert_int_equal(w.last, 2027);
  assert_false(window_contains(&w, 2024));
  assert_true(window_contains(&w, 2025));
  assert_true(window_contains(&w, 2027));
  assert_false(window_contains(&w, 2028));
  w = window_for(20300101);
  assert_int_equal(w.first, 2028);
  assert_int_equal(w.last, 2030);
}

static void test_window_contains_hand_built(void **state) {
  (void)state;
  struct year_window open = {0, 2025};
  assert_true(window_contains(&open, 1));
  assert_true(window_contains(&open, 2025));
  assert_false(window_contains(&open, 2026));
  struct year_window one = {2025, 2025};
  assert_false(window_contains(&one, 2024));
  assert_true(window_contains(&one, 2025));
  assert_false(window_contains(&one, 2026));
}

static void test_score_year_archived(void **state) {
  (void)state;
  /* 2025-11-22 is in administration year 2026: 2026, 2025, 2024 are kept ready */
  assert_false(score_year_archived(2026, 20251122));
  assert_false(score_year_archived(2024, 20251122));
  assert_true(score_year_archived(2023, 20251122));
  /* June 30 is still the old year; July 1 moves the window */
  assert_false(score_year_archived(2023, 20250630));
  assert_true(score_year_archived(2023, 20250701));
  /* no start date, unlike the API's window */
  assert_true(score_year_archived(2020, 20240101));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_score_year_archived),
      cmocka_unit_test(test_admin_year_of_ymd),
      cmocka_unit_test(test_year_start_end),
      cmocka_unit_test(test_window_before_limit_serves_every_year),
      cmocka_unit_test(test_window_from_limit_serves_three_years),
      cmocka_unit_test(test_window_contains_hand_built),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
