/* test_clock.c - dates, ISO parsing/formatting and the SCOREBRIDGE_NOW clock
 * (src/util/clock.h). main() sets SCOREBRIDGE_NOW before anything reads the clock. */
#include "testutil.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/clock.h"

#define FIXED_NOW "2026-02-01T12:00:00Z"
#define FIXED_T INT64_C(1769947200)

static int64_t iso(const char *s) {
  int64_t t = -12345;
  if (clock_parse_iso(s, &t) != 0) fail_msg("'%s' rejected", s);
  return t;
}

static void assert_iso_bad(const char *s) {
  int64_t t = -12345;
  if (clock_parse_iso(s, &t) != -1) fail_msg("'%s' accepted", s);
  assert_int_equal(t, -12345); /* untouched */
}

static void test_fixed_clock(void **state) {
  (void)state;
  struct sb_err err;
  assert_true(clock_is_fixed());
  assert_int_equal(clock_now(), FIXED_T);
  assert_int_equal(clock_init(&err), 0);
  assert_int_equal(clock_now(), FIXED_T);
  assert_int_equal(clock_yyyymmdd(clock_now()), 20260201);
  /* read once: changing the variable later has no effect */
  setenv("SCOREBRIDGE_NOW", "2030-01-01T00:00:00Z", 1);
  assert_int_equal(clock_init(&err), 0);
  assert_int_equal(clock_now(), FIXED_T);
}

static void test_days_from_civil(void **state) {
  (void)state;
  assert_int_equal(clock_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(clock_days_from_civil(1970, 1, 2), 1);
  assert_int_equal(clock_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(clock_days_from_civil(2000, 3, 1), 11017);
  assert_int_equal(clock_days_from_civil(2000, 2, 29), 11016);
  assert_int_equal(clock_days_from_civil(2026, 2, 1), FIXED_T / 86400);
  assert_int_equal(clock_days_from_civil(1900, 1, 1), -25567);
}

static void test_yyyymmdd_conversions(void **state) {
  (void)state;
  assert_int_equal(clock_yyyymmdd(0), 19700101);
  assert_int_equal(clock_yyyymmdd(86399), 19700101);
  assert_int_equal(clock_yyyymmdd(86400), 19700102);
  assert_int_equal(clock_yyyymmdd(-1), 19691231);
  assert_int_equal(clock_yyyymmdd(-86400), 19691231);
  assert_int_equal(clock_yyyymmdd(-86401), 19691230);
  assert_int_equal(clock_yyyymmdd(951782400), 20000229);
  assert_int_equal(clock_from_yyyymmdd(19700101), 0);
  assert_int_equal(clock_from_yyyymmdd(20260201), FIXED_T - 12 * 3600);
  assert_int_equal(clock_from_yyyymmdd(19691231), -86400);
  /* every day 1999-12-25 .. 2030 round-trips and advances by one calendar day */
  int32_t prev = 0;
  for (int64_t d = clock_days_from_civil(1999, 12, 25); d < clock_days_from_civil(2030, 1, 1);
       d++) {
    int32_t ymd = clock_yyyymmdd(d * 86400 + 43200);
    assert_true(clock_valid_yyyymmdd(ymd));
    assert_true(ymd > prev);
    assert_int_equal(clock_from_yyyymmdd(ymd), d * 86400);
    prev = ymd;
  }
}

static void test_valid_yyyymmdd(void **state) {
  (void)state;
  assert_true(clock_valid_yyyymmdd(20240229));
  assert_true(clock_valid_yyyymmdd(20000229));
  assert_true(clock_valid_yyyymmdd(19000101));
  assert_true(clock_valid_yyyymmdd(29991231));
  assert_true(clock_valid_yyyymmdd(20250131));
  assert_true(clock_valid_yyyymmdd(20250430));
  assert_false(clock_valid_yyyymmdd(20250229));
  assert_false(clock_valid_yyyymmdd(19000229)); /* 1900 is not a leap year */
  assert_false(clock_valid_yyyymmdd(21000229));
  assert_false(clock_valid_yyyymmdd(20250431));
  assert_false(clock_valid_yyyymmdd(20250132));
  assert_false(clock_valid_yyyymmdd(20250100));
  assert_false(clock_valid_yyyymmdd(20250001));
  assert_false(clock_valid_yyyymmdd(20251301));
  assert_false(clock_valid_yyyymmdd(18991231));
  assert_false(clock_valid_yyyymmdd(30000101));
  assert_false(clock_valid_yyyymmdd(0));
  assert_false(clock_valid_yyyymmdd(-20250101));
}

static void test_parse_ccyymmdd(void **state) {
  (void)state;
  int32_t v = -1;
  assert_int_equal(clock_parse_ccyymmdd("20250115", &v), 0);
  assert_int_equal(v, 20250115);
  assert_int_equal(clock_parse_ccyymmdd("20240229", &v), 0);
  assert_int_equal(v, 20240229);
  static const char *bad[] = {"",         "2025011",  "202501150", "2025-1-1", "20250229",
                              "2025011a", " 2025011", "2025011 ",  "20251301", "18991231",
                              "+2025011", "20250100", "2025-01-15"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    v = -1;
    if (clock_parse_ccyymmdd(bad[i], &v) != -1) fail_msg("'%s' accepted", bad[i]);
    assert_int_equal(v, -1);
  }
}

static void test_parse_iso_good(void **state) {
  (void)state;
  assert_int_equal(iso("1970-01-01"), 0);
  assert_int_equal(iso("1970-01-01T00:00:00Z"), 0);
  assert_int_equal(iso(FIXED_NOW), FIXED_T);
  assert_int_equal(iso("2026-02-01t12:00:00z"), FIXED_T);
  assert_int_equal(iso("2026-02-01 12:00:00Z"), FIXED_T); /* space for T */
  assert_int_equal(iso("2026-02-01T12:00:00"), FIXED_T);  /* no zone: UTC */
  assert_int_equal(iso("2026-02-01T12:00"), FIXED_T);     /* no seconds */
  assert_int_equal(iso("2026-02-01T12:00Z"), FIXED_T);
  assert_int_equal(iso("2026-02-01T12:00:00.999Z"), FIXED_T); /* fraction dropped */
  assert_int_equal(iso("2026-02-01T12:00:00.1"), FIXED_T);
  assert_int_equal(iso("2026-02-01T13:00:00+01:00"), FIXED_T);
  assert_int_equal(iso("2026-02-01T04:00:00-08:00"), FIXED_T);
  assert_int_equal(iso("2026-02-01T17:30:00.5+05:30"), FIXED_T);
  assert_int_equal(iso("2026-02-02T00:00:00+12:00"), FIXED_T);
  assert_int_equal(iso("2026-02-01T12:00:00+00:00"), FIXED_T);
  assert_int_equal(iso("2026-02-01T12:00:00-00:00"), FIXED_T);
  assert_int_equal(iso("2000-02-29"), 951782400);
  assert_int_equal(iso("1969-12-31T23:59:59Z"), -1);
  assert_int_equal(iso("2026-02-01T23:59:59Z"), FIXED_T + 12 * 3600 - 1);
}

static void test_parse_iso_bad(void **state) {
  (void)state;
  static const char *bad[] = {
      "",
      "2025",
      "2025-02-29", /* not a leap year */
      "2025-02-29T00:00:00Z",
      "2025-13-01",
      "2025-00-10",
      "2025-04-31",
      "1899-12-31",
      "2025-1-01",
      "2025-01-1",
      "25-01-01",
      "2025/01/01",
      "20250101",
      "2025-01-01T",
      "2025-01-01T12",
      "2025-01-01T1:00",
      "2025-01-01T24:00:00Z",
      "2025-01-01T12:60Z",
      "2025-01-01T12:00:61Z",
      "2025-01-01T12:00:00.Z",
      "2025-01-01T12:00:00Zjunk",
      "2025-01-01T12:00:00 ",
      " 2025-01-01",
      "2025-01-01Z",
      "2025-01-01x12:00",
      "2025-01-01T12:00:00+0100",
      "2025-01-01T12:00:00+01",
      "2025-01-01T12:00:00+24:00",
      "2025-01-01T12:00:00+01:60",
      "2025-01-01T12:00:00UTC",
      "2025-01-01T12:00:00GMT",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_iso_bad(bad[i]);
}

static void test_format_iso(void **state) {
  (void)state;
  char out[32];
  clock_format_iso(0, out, sizeof out);
  assert_string_equal(out, "1970-01-01T00:00:00Z");
  clock_format_iso(FIXED_T, out, sizeof out);
  assert_string_equal(out, FIXED_NOW);
  clock_format_iso(-1, out, sizeof out);
  assert_string_equal(out, "1969-12-31T23:59:59Z");
  clock_format_iso(951868799, out, sizeof out);
  assert_string_equal(out, "2000-02-29T23:59:59Z");
  clock_format_iso(FIXED_T, out, 21); /* the documented minimum */
  assert_string_equal(out, FIXED_NOW);
  /* round trip over a spread of times */
  for (int64_t t = -86400 * 400; t < INT64_C(4102444800); t += 86400 * 37 + 3671) {
    clock_format_iso(t, out, sizeof out);
    assert_int_equal(strlen(out), 20);
    assert_int_equal(iso(out), t);
  }
}

static void test_format_http(void **state) {
  (void)state;
  char out[40];
  clock_format_http(0, out, sizeof out);
  assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
  clock_format_http(iso("2026-03-14T00:00:00Z"), out, sizeof out);
  assert_string_equal(out, "Sat, 14 Mar 2026 00:00:00 GMT");
  clock_format_http(FIXED_T, out, sizeof out);
  assert_string_equal(out, "Sun, 01 Feb 2026 12:00:00 GMT");
  clock_format_http(-1, out, sizeof out);
  assert_string_equal(out, "Wed, 31 Dec 1969 23:59:59 GMT");
  clock_format_http(iso("2025-12-14T08:09:10Z"), out, 30); /* the documented minimum */
  assert_string_equal(out, "Sun, 14 Dec 2025 08:09:10 GMT");
  /* seven consecutive days give seven weekday names in order */
  static const char *wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  int64_t monday = iso("2026-01-19");
  for (int i = 0; i < 7; i++) {
    clock_format_http(monday + i * 86400 + 3600, out, sizeof out);
    assert_memory_equal(out, wd[i], 3);
  }
}

/* Child mode (a fresh process, so the clock is not yet initialised): an invalid
 * SCOREBRIDGE_NOW makes clock_init fail with a message and leaves the clock real. */
static int probe_invalid_now(void) {
  struct sb_err err;
  err.msg[0] = '\0';
  if (clock_init(&err) != -1) return 10;
  if (strstr(err.msg, "SCOREBRIDGE_NOW") == NULL) return 11;
  if (clock_is_fixed()) return 12;
  int64_t t = clock_now();
  if (t < INT64_C(1700000000)) return 13; /* the real time (after 2023) */
  if (clock_init(&err) != -1) return 14;  /* still refused on a second call */
  return 0;
}

static void test_invalid_env_refused(void **state) {
  (void)state;
  char *argv[] = {"test_clock", "--probe-invalid-now", NULL};
  char *envp[] = {"SCOREBRIDGE_NOW=2025-02-29T00:00:00Z", NULL};
  /* readlink, not the link itself: under valgrind /proc/self/exe is valgrind's tool, but
   * readlink of it gives this program */
  char self[4096];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  assert_true(len > 0);
  self[len] = '\0';
  pid_t pid;
  assert_int_equal(posix_spawn(&pid, self, NULL, NULL, argv, envp), 0);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 0);
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--probe-invalid-now") == 0) return probe_invalid_now();
  /* must be set before the first clock_now() of the process */
  setenv("SCOREBRIDGE_NOW", FIXED_NOW, 1);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixed_clock),          cmocka_unit_test(test_days_from_civil),
      cmocka_unit_test(test_yyyymmdd_conversions), cmocka_unit_test(test_valid_yyyymmdd),
      cmocka_unit_test(test_parse_ccyymmdd),       cmocka_unit_test(test_parse_iso_good),
      cmocka_unit_test(test_parse_iso_bad),        cmocka_unit_test(test_format_iso),
      cmocka_unit_test(test_format_http),          cmocka_unit_test(test_invalid_env_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
