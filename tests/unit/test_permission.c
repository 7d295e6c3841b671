/* test_permission.c - the access rule (src/domain/permission.h).
 *
 * Seed: reports for all students currently enrolled in an LEA; historical reports to the
 * last enrolled LEA for the administration year. Spans are built by hand; dates are
 * YYYYMMDD and an exit date is the first day the student is no longer enrolled. */
#include "testutil.h"

#include "domain/permission.h"

#define LEA_A "0100001"
#define LEA_B "0200002"
#define LEA_C "0300003"
#define LEA_X "0900009"

static struct enrollment_span mk(const char *lea, int32_t start, int32_t exit, int status,
                                 const char *reason) {
  struct enrollment_span s;
  memset(&s, 0, sizeof s);
  snprintf(s.ssid, sizeof s.ssid, "%s", "1234567890");
  snprintf(s.lea, sizeof s.lea, "%s", lea);
  snprintf(s.school, sizeof s.school, "%.2s%s", lea, "99999");
  s.start = start;
  s.exit = exit;
  s.status = status;
  snprintf(s.exit_reason, sizeof s.exit_reason, "%s", reason ? reason : "");
  snprintf(s.grade, sizeof s.grade, "%s", "05");
  s.academic_year = admin_year_of_ymd(start);
  return s;
}

/* Decides for a single-LEA token on date today with the window in force that day. */
static struct permission decide1(const struct enrollment_span *sp, size_t n, const char *lea,
                                 int32_t today) {
  const char *leas[] = {lea};
  struct year_window w = window_for(today);
  struct permission p;
  memset(&p, 0x5a, sizeof p); /* decide must fill everything */
  permission_decide(sp, n, leas, 1, today, &w, &p);
  return p;
}

/* The historical years granted, as a sorted bitmask over 2000..2063 for easy asserts. */
static uint64_t years_mask(const struct permission *p) {
  uint64_t m = 0;
  for (int i = 0; i < p->nyears; i++) {
    assert_true(p->years[i] >= 2000 && p->years[i] < 2064);
    uint64_t bit = 1ull << (p->years[i] - 2000);
    assert_false(m & bit); /* no year twice */
    m |= bit;
  }
  return m;
}
#define Y(y) (1ull << ((y)-2000))

#define TODAY 20260301 /* administration year 2026; window 2024..2026 */

static void test_current_primary(void **state) {
  (void)state;
  struct enrollment_span sp[] = {mk(LEA_A, 20240815, 0, ENROLL_PRIMARY, NULL)};
  struct permission p = decide1(sp, 1, LEA_A, TODAY);
  assert_true(p.current);
  assert_true(permission_any(&p));
  assert_true(permission_allows(&p, 2024));
  assert_true(permission_allows(&p, 2025));
  assert_true(permission_allows(&p, 2026));
  /* current access covers the window only: not older years, not future ones */
  assert_false(permission_allows(&p, 2023));
  assert_false(permission_allows(&p, 2027));

  p = decide1(sp, 1, LEA_B, TODAY);
  assert_false(p.current);
  assert_int_equal(p.nyears, 0);
  assert_false(permission_any(&p));
  assert_false(permission_allows(&p, 2026));
}

static void test_current_secondary(void **state) {
  (void)state;
  struct enrollment_span sp[] = {mk(LEA_B, 20250815, 0, ENROLL_SECONDARY, NULL)};
  assert_true(permission_span_is_current(&sp[0], TODAY));
  struct permission p = decide1(sp, 1, LEA_B, TODAY);
  assert_true(p.current);
  assert_true(permission_allows(&p, 2026));
}

static void test_short_term_and_non_ada_not_current(void **state) {
  (void)state;
  struct enrollment_span st = mk(LEA_A, 20250815, 0, ENROLL_SHORT_TERM, NULL);
  struct enrollment_span na = mk(LEA_A, 20250815, 0, ENROLL_NON_ADA, NULL);
  assert_false(permission_span_is_current(&st, TODAY));
  assert_false(permission_span_is_current(&na, TODAY));
  struct permission p = decide1(&st, 1, LEA_A, TODAY);
  assert_false(p.current);
  p = decide1(&na, 1, LEA_A, TODAY);
  assert_false(p.current);
  /* a non-ADA record is not attendance: it grants nothing at all */
  assert_false(permission_any(&p));
  char last[2][8];
  assert_int_equal(permission_last_leas(&na, 1, 2026, TODAY, last, 2), 0);
  /* an unknown status is neither current nor history */
  struct enrollment_span odd = mk(LEA_A, 20250815, 0, 40, NULL);
  assert_false(permission_span_is_current(&odd, TODAY));
  p = decide1(&odd, 1, LEA_A, TODAY);
  assert_false(permission_any(&p));
}

static void test_exit_date_is_first_day_not_enrolled(void **state) {
  (void)state;
  struct enrollment_span today = mk(LEA_A, 20250815, TODAY, ENROLL_PRIMARY, "T160");
  struct enrollment_span tomorrow = mk(LEA_A, 20250815, 20260302, ENROLL_PRIMARY, "T160");
  struct enrollment_span yesterday = mk(LEA_A, 20250815, 20260228, ENROLL_PRIMARY, "T160");
  assert_false(permission_span_is_current(&today, TODAY));
  assert_true(permission_span_is_current(&tomorrow, TODAY));
  assert_false(permission_span_is_current(&yesterday, TODAY));
  assert_false(decide1(&today, 1, LEA_A, TODAY).current);
  assert_true(decide1(&tomorrow, 1, LEA_A, TODAY).current);
}

static void test_start_date(void **state) {
  (void)state;
  struct enrollment_span future = mk(LEA_A, 20260302, 0, ENROLL_PRIMARY, NULL);
  struct enrollment_span starts_today = mk(LEA_A, TODAY, 0, ENROLL_PRIMARY, NULL);
  assert_false(permission_span_is_current(&future, TODAY));
  assert_true(permission_span_is_current(&starts_today, TODAY));
  /* a pre-registration grants nothing yet, not even the running year's history */
  struct permission p = decide1(&future, 1, LEA_A, TODAY);
  assert_false(p.current);
  assert_false(permission_any(&p));
  /* ... and is current from its first day */
  assert_true(decide1(&future, 1, LEA_A, 20260302).current);
}

static void test_no_show_never_counts(void **state) {
  (void)state;
  /* A until the start of 2025-26's second week, then a no-show at B. */
  struct enrollment_span sp[] = {
      mk(LEA_A, 20240815, 20250901, ENROLL_PRIMARY, "T160"),
      mk(LEA_B, 20250901, 20250901, ENROLL_PRIMARY, "N470"),
      mk(LEA_C, 20251001, 0, ENROLL_PRIMARY, "N420"), /* open but a no-show */
  };
  assert_false(permission_span_is_current(&sp[2], TODAY));
  struct permission b = decide1(sp, 3, LEA_B, TODAY);
  assert_false(permission_any(&b));
  struct permission c = decide1(sp, 3, LEA_C, TODAY);
  assert_false(permission_any(&c));
  /* A keeps 2026 (it is the last LEA that year that the student attended) and 2025 */
  struct permission a = decide1(sp, 3, LEA_A, TODAY);
  assert_false(a.current);
  assert_int_equal(years_mask(&a), Y(2025) | Y(2026));
  char last[4][8];
  assert_int_equal(permission_last_leas(sp, 3, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_A);
}

/* Mid-year transfer A -> B in 2025-26 (year 2026); A since 2023-24. */
static const struct enrollment_span *transfer(void) {
  static struct enrollment_span sp[2];
  sp[0] = mk(LEA_A, 20230815, 20260105, ENROLL_PRIMARY, "T160");
  sp[1] = mk(LEA_B, 20260105, 0, ENROLL_PRIMARY, NULL);
  return sp;
}

static void test_mid_year_transfer(void **state) {
  (void)state;
  const struct enrollment_span *sp = transfer();
  struct permission b = decide1(sp, 2, LEA_B, TODAY);
  assert_true(b.current);
  assert_true(permission_allows(&b, 2024));
  assert_true(permission_allows(&b, 2026));

  struct permission a = decide1(sp, 2, LEA_A, TODAY);
  assert_false(a.current);
  assert_true(permission_any(&a));
  assert_false(permission_allows(&a, 2026)); /* B was the last LEA in 2026 */
  assert_true(permission_allows(&a, 2025));  /* only A in 2025 */
  assert_true(permission_allows(&a, 2024));
  assert_int_equal(years_mask(&a), Y(2024) | Y(2025));

  /* before the transfer A is current and B has nothing */
  a = decide1(sp, 2, LEA_A, 20251215);
  assert_true(a.current);
  b = decide1(sp, 2, LEA_B, 20251215);
  assert_false(permission_any(&b));

  /* on the transfer day itself: B current, A not */
  assert_true(decide1(sp, 2, LEA_B, 20260105).current);
  a = decide1(sp, 2, LEA_A, 20260105);
  assert_false(a.current);
  assert_false(permission_allows(&a, 2026));

  char last[4][8];
  assert_int_equal(permission_last_leas(sp, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_B);
  assert_int_equal(permission_last_leas(sp, 2, 2025, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_A);
  /* as seen on a date before the transfer, A is still the last LEA of 2026 */
  assert_int_equal(permission_last_leas(sp, 2, 2026, 20251215, last, 4), 1);
  assert_string_equal(last[0], LEA_A);
}

static void test_summer_transfer_exit_july_first(void **state) {
  (void)state;
  /* exit on July 1 = enrolled through June 30: A had nothing of 2025-26 */
  struct enrollment_span sp[] = {
      mk(LEA_A, 20240815, 20250701, ENROLL_PRIMARY, "T160"),
      mk(LEA_B, 20250701, 0, ENROLL_PRIMARY, NULL),
  };
  struct permission a = decide1(sp, 2, LEA_A, TODAY);
  assert_false(a.current);
  assert_int_equal(years_mask(&a), Y(2025));
  struct permission b = decide1(sp, 2, LEA_B, TODAY);
  assert_true(b.current);
  char last[4][8];
  assert_int_equal(permission_last_leas(sp, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_B);
  assert_int_equal(permission_last_leas(sp, 2, 2025, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_A);
  /* leaving on July 1 with nowhere else to go: still nothing of 2025-26 */
  a = decide1(sp, 1, LEA_A, TODAY);
  assert_int_equal(years_mask(&a), Y(2025));
  assert_int_equal(permission_last_leas(sp, 1, 2026, TODAY, last, 4), 0);
  /* leaving on July 2 (enrolled on July 1): A is the last LEA of 2025-26 too */
  struct enrollment_span july2 = mk(LEA_A, 20240815, 20250702, ENROLL_PRIMARY, "E230");
  a = decide1(&july2, 1, LEA_A, TODAY);
  assert_int_equal(years_mask(&a), Y(2025) | Y(2026));
}

static void test_left_the_system(void **state) {
  (void)state;
  /* A for 2023-24, B from 2024-25 into 2025-26, C briefly in 2025-26; then gone. */
  struct enrollment_span sp[] = {
      mk(LEA_A, 20230815, 20240610, ENROLL_PRIMARY, "E230"),
      mk(LEA_B, 20240815, 20251220, ENROLL_PRIMARY, "T160"),
      mk(LEA_C, 20260105, 20260220, ENROLL_PRIMARY, "E140"),
  };
  struct permission a = decide1(sp, 3, LEA_A, TODAY);
  struct permission b = decide1(sp, 3, LEA_B, TODAY);
  struct permission c = decide1(sp, 3, LEA_C, TODAY);
  assert_false(a.current);
  assert_false(b.current);
  assert_false(c.current);
  assert_int_equal(years_mask(&a), Y(2024));
  assert_int_equal(years_mask(&b), Y(2025));
  assert_int_equal(years_mask(&c), Y(2026));
  assert_false(permission_allows(&b, 2026));
  assert_false(permission_allows(&c, 2025));
  assert_false(permission_allows(&a, 2025));
}

static void test_secondary_tie_rules(void **state) {
  (void)state;
  char last[4][8];
  /* concurrent primary A and secondary B, both open: both current; A is the last LEA */
  struct enrollment_span open2[] = {
      mk(LEA_B, 20250815, 0, ENROLL_SECONDARY, NULL),
      mk(LEA_A, 20250815, 0, ENROLL_PRIMARY, NULL),
  };
  assert_true(decide1(open2, 2, LEA_A, TODAY).current);
  assert_true(decide1(open2, 2, LEA_B, TODAY).current);
  assert_int_equal(permission_last_leas(open2, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_A);

  /* both exit on the same day: primary wins the year, the secondary gets nothing */
  struct enrollment_span same_end[] = {
      mk(LEA_B, 20250815, 20260201, ENROLL_SECONDARY, "E150"),
      mk(LEA_A, 20250815, 20260201, ENROLL_PRIMARY, "E150"),
  };
  assert_int_equal(permission_last_leas(same_end, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_A);
  struct permission a = decide1(same_end, 2, LEA_A, TODAY);
  struct permission b = decide1(same_end, 2, LEA_B, TODAY);
  assert_int_equal(years_mask(&a), Y(2026));
  assert_false(permission_any(&b));
  /* the order of the spans does not matter */
  struct enrollment_span swapped[] = {same_end[1], same_end[0]};
  assert_int_equal(permission_last_leas(swapped, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_A);

  /* the secondary lasting longer makes it the last LEA */
  struct enrollment_span longer[] = {
      mk(LEA_A, 20250815, 20260115, ENROLL_PRIMARY, "E150"),
      mk(LEA_B, 20250815, 20260201, ENROLL_SECONDARY, "E150"),
  };
  assert_int_equal(permission_last_leas(longer, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_B);
  b = decide1(longer, 2, LEA_B, TODAY);
  assert_int_equal(years_mask(&b), Y(2026));
  a = decide1(longer, 2, LEA_A, TODAY);
  assert_false(permission_any(&a));

  /* the secondary enrolled one day longer (primary left today, secondary still open): the
   * secondary was enrolled on a later day, so it is the last LEA of the running year */
  struct enrollment_span one_day[] = {
      mk(LEA_A, 20250815, TODAY, ENROLL_PRIMARY, "T160"),
      mk(LEA_B, 20250815, 0, ENROLL_SECONDARY, NULL),
  };
  assert_int_equal(permission_last_leas(one_day, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_B);
  a = decide1(one_day, 2, LEA_A, TODAY);
  assert_false(a.current);
  assert_false(permission_allows(&a, 2026));
  /* same at the end of a finished year: primary exits June 30 (last day June 29), the
   * secondary runs through June 30 */
  struct enrollment_span year_end[] = {
      mk(LEA_A, 20240815, 20250630, ENROLL_PRIMARY, "E230"),
      mk(LEA_B, 20240815, 20250701, ENROLL_SECONDARY, "E230"),
  };
  assert_int_equal(permission_last_leas(year_end, 2, 2025, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_B);
}

static void test_exact_tie_returns_both(void **state) {
  (void)state;
  char last[4][8];
  struct enrollment_span sp[] = {
      mk(LEA_A, 20250815, 20260201, ENROLL_PRIMARY, "E150"),
      mk(LEA_B, 20250815, 20260201, ENROLL_PRIMARY, "E150"),
      mk(LEA_A, 20250815, 20260201, ENROLL_PRIMARY, "E150"), /* same LEA again: once */
  };
  size_t n = permission_last_leas(sp, 3, 2026, TODAY, last, 4);
  assert_int_equal(n, 2);
  assert_true((strcmp(last[0], LEA_A) == 0 && strcmp(last[1], LEA_B) == 0) ||
              (strcmp(last[0], LEA_B) == 0 && strcmp(last[1], LEA_A) == 0));
  /* nmax is respected */
  assert_int_equal(permission_last_leas(sp, 3, 2026, TODAY, last, 1), 1);
  /* both tied LEAs get the year */
  struct permission a = decide1(sp, 3, LEA_A, TODAY);
  struct permission b = decide1(sp, 3, LEA_B, TODAY);
  assert_true(permission_allows(&a, 2026));
  assert_true(permission_allows(&b, 2026));
  /* a later start breaks a tie of equal end dates */
  struct enrollment_span later[] = {
      mk(LEA_A, 20250815, 20260201, ENROLL_PRIMARY, "E150"),
      mk(LEA_B, 20251001, 20260201, ENROLL_PRIMARY, "E150"),
  };
  assert_int_equal(permission_last_leas(later, 2, 2026, TODAY, last, 4), 1);
  assert_string_equal(last[0], LEA_B);
}

static void test_last_leas_nothing_that_year(void **state) {
  (void)state;
  char last[2][8];
  const struct enrollment_span *sp = transfer();
  assert_int_equal(permission_last_leas(sp, 2, 2023, TODAY, last, 2), 0);
  /* a year that has not begun yet */
  assert_int_equal(permission_last_leas(sp, 2, 2027, TODAY, last, 2), 0);
  assert_int_equal(permission_last_leas(sp, 0, 2026, TODAY, last, 2), 0);
}

static void test_multi_lea_token(void **state) {
  (void)state;
  const struct enrollment_span *sp = transfer();
  struct year_window w = window_for(TODAY);
  struct permission p;
  const char *xb[] = {LEA_X, LEA_B};
  permission_decide(sp, 2, xb, 2, TODAY, &w, &p);
  assert_true(p.current);
  const char *xa[] = {LEA_X, LEA_A, LEA_C};
  permission_decide(sp, 2, xa, 3, TODAY, &w, &p);
  assert_false(p.current);
  assert_int_equal(years_mask(&p), Y(2024) | Y(2025));
  const char *ab[] = {LEA_A, LEA_B};
  permission_decide(sp, 2, ab, 2, TODAY, &w, &p);
  assert_true(p.current);
  const char *none[] = {LEA_X, LEA_C};
  permission_decide(sp, 2, none, 2, TODAY, &w, &p);
  assert_false(permission_any(&p));
  permission_decide(sp, 2, none, 0, TODAY, &w, &p);
  assert_false(permission_any(&p));
}

static void test_years_outside_window_never_granted(void **state) {
  (void)state;
  /* enrolled only 2020-21..2022-23 (years 2021..2023) and gone */
  struct enrollment_span sp[] = {mk(LEA_A, 20200815, 20230610, ENROLL_PRIMARY, "E230")};
  struct permission p = decide1(sp, 1, LEA_A, TODAY); /* window 2024..2026 */
  assert_false(p.current);
  assert_false(permission_any(&p));
  assert_false(permission_allows(&p, 2023));

  /* before 2026-01-20 every year is served */
  p = decide1(sp, 1, LEA_A, 20260110);
  assert_int_equal(years_mask(&p), Y(2021) | Y(2022) | Y(2023));

  /* the window passed in is the one applied */
  struct year_window w = {2022, 2026};
  const char *leas[] = {LEA_A};
  permission_decide(sp, 1, leas, 1, 20260110, &w, &p);
  assert_int_equal(years_mask(&p), Y(2022) | Y(2023));

  /* a long enrollment: only the window's years are listed */
  struct enrollment_span longer[] = {
      mk(LEA_A, 20180815, 20251220, ENROLL_PRIMARY, "E140"),
  };
  p = decide1(longer, 1, LEA_A, TODAY);
  assert_false(p.current);
  assert_int_equal(years_mask(&p), Y(2024) | Y(2025) | Y(2026));
  for (int i = 0; i < p.nyears; i++) {
    assert_true(p.years[i] >= 2024 && p.years[i] <= 2026);
  }
}

static void test_allows_and_any_on_hand_built(void **state) {
  (void)state;
  struct permission p;
  memset(&p, 0, sizeof p);
  p.window = (struct year_window){2024, 2026};
  assert_false(permission_any(&p));
  assert_false(permission_allows(&p, 2025));
  p.nyears = 2;
  p.years[0] = 2024;
  p.years[1] = 2026;
  assert_true(permission_any(&p));
  assert_true(permission_allows(&p, 2024));
  assert_false(permission_allows(&p, 2025));
  assert_true(permission_allows(&p, 2026));
  memset(&p, 0, sizeof p);
  p.window = (struct year_window){2024, 2026};
  p.current = true;
  assert_true(permission_any(&p));
  assert_true(permission_allows(&p, 2024));
  assert_true(permission_allows(&p, 2026));
  assert_false(permission_allows(&p, 2023)); /* the window bounds even current access */
  assert_false(permission_allows(&p, 2027));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_current_primary),
      cmocka_unit_test(test_current_secondary),
      cmocka_unit_test(test_short_term_and_non_ada_not_current),
      cmocka_unit_test(test_exit_date_is_first_day_not_enrolled),
      cmocka_unit_test(test_start_date),
      cmocka_unit_test(test_no_show_never_counts),
      cmocka_unit_test(test_mid_year_transfer),
      cmocka_unit_test(test_summer_transfer_exit_july_first),
      cmocka_unit_test(test_left_the_system),
      cmocka_unit_test(test_secondary_tie_rules),
      cmocka_unit_test(test_exact_tie_returns_both),
      cmocka_unit_test(test_last_leas_nothing_that_year),
      cmocka_unit_test(test_multi_lea_token),
      cmocka_unit_test(test_years_outside_window_never_granted),
      cmocka_unit_test(test_allows_and_any_on_hand_built),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
