/* test_range.c - single byte ranges of the Range header (src/http/range.h). */
#include "testutil.h"

#include "http/range.h"

static void assert_ok(const char *v, int64_t size, int64_t first, int64_t last) {
  int64_t a = -7, b = -7;
  enum range_result r = range_parse(v, size, &a, &b);
  if (r != RANGE_OK) fail_msg("'%s' size %lld: result %d, want OK", v, (long long)size, r);
  if (a != first || b != last)
    fail_msg("'%s' size %lld: [%lld, %lld], want [%lld, %lld]", v, (long long)size, (long long)a,
             (long long)b, (long long)first, (long long)last);
}

static void assert_result(const char *v, int64_t size, enum range_result want) {
  int64_t a = -7, b = -7;
  enum range_result r = range_parse(v, size, &a, &b);
  if (r != want) fail_msg("'%s' size %lld: result %d, want %d", v, (long long)size, r, want);
}

static void test_first_last(void **state) {
  (void)state;
  assert_ok("bytes=0-99", 1000, 0, 99);
  assert_ok("bytes=0-0", 1000, 0, 0);
  assert_ok("bytes=999-999", 1000, 999, 999);
  assert_ok("bytes=5-5", 6, 5, 5);
  assert_ok("bytes=0-999", 1000, 0, 999);
}

static void test_open_ended(void **state) {
  (void)state;
  assert_ok("bytes=100-", 1000, 100, 999);
  assert_ok("bytes=0-", 1000, 0, 999);
  assert_ok("bytes=999-", 1000, 999, 999);
  assert_ok("bytes=0-", 1, 0, 0);
}

static void test_suffix(void **state) {
  (void)state;
  assert_ok("bytes=-50", 1000, 950, 999);
  assert_ok("bytes=-1", 1000, 999, 999);
  assert_ok("bytes=-1000", 1000, 0, 999);
  assert_ok("bytes=-5000", 1000, 0, 999); /* larger than the file: the whole file */
  assert_ok("bytes=-1", 1, 0, 0);
  assert_result("bytes=-0", 1000, RANGE_UNSATISFIABLE);
}

static void test_end_clipped(void **state) {
  (void)state;
  assert_ok("bytes=0-1000", 1000, 0, 999);
  assert_ok("bytes=999-2000", 1000, 999, 999);
  assert_ok("bytes=10-999999999999999999", 1000, 10, 999); /* 18 digits */
}

static void test_beyond_end(void **state) {
  (void)state;
  assert_result("bytes=1000-", 1000, RANGE_UNSATISFIABLE);
  assert_result("bytes=1000-2000", 1000, RANGE_UNSATISFIABLE);
  assert_result("bytes=5000-5001", 1000, RANGE_UNSATISFIABLE);
  assert_result("bytes=1-1", 1, RANGE_UNSATISFIABLE);
}

static void test_empty_file(void **state) {
  (void)state;
  assert_result(NULL, 0, RANGE_NONE);
  assert_result("bytes=0-", 0, RANGE_UNSATISFIABLE);
  assert_result("bytes=0-0", 0, RANGE_UNSATISFIABLE);
  assert_result("bytes=-1", 0, RANGE_UNSATISFIABLE);
  assert_result("bytes=-100", 0, RANGE_UNSATISFIABLE);
}

static void test_unit_and_spaces(void **state) {
  (void)state;
  assert_ok("BYTES=0-9", 100, 0, 9); /* range units are case-insensitive */
  assert_ok("Bytes=-10", 100, 90, 99);
  assert_ok(" bytes=0-9", 100, 0, 9);
  assert_ok("bytes=0-9 ", 100, 0, 9);
  assert_ok("bytes=-10 ", 100, 90, 99);
}

static void test_multi_and_garbage(void **state) {
  (void)state;
  static const char *bad[] = {
      "",
      "bytes",
      "bytes=",
      "bytes=-",
      "bytes=--1",
      "bytes=1--2",
      "bytes=abc",
      "bytes=a-b",
      "bytes=0-1x",
      "bytes=0x10-",
      "bytes=0 -9",
      "bytes=0- 9",
      "bytes=-1-2",
      "bytes=5-3", /* last before first: invalid, so ignored */
      "bytes 0-9",
      "bytes:0-9",
      "items=0-9",
      "byte=0-9",
      "bytes=0-1,5-6",
      "bytes=0-1, 5-6",
      "bytes=-1,-2",
      "bytes=0-1,",
      "bytes=1",
      "bytes=+1-2",
      "bytes=1-+2",
      "bytes=1234567890123456789-", /* 19 digits */
      "bytes=0-1234567890123456789",
      "bytes=-1234567890123456789",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_result(bad[i], 1000, RANGE_NONE);
    assert_result(bad[i], 0, RANGE_NONE);
  }
  assert_result(NULL, 1000, RANGE_NONE);
}

static void test_large_sizes(void **state) {
  (void)state;
  int64_t big = (int64_t)1 << 40;
  assert_ok("bytes=-1", big, big - 1, big - 1);
  assert_ok("bytes=1099511627775-", big, big - 1, big - 1);
  assert_result("bytes=1099511627776-", big, RANGE_UNSATISFIABLE);
  assert_ok("bytes=0-", big, 0, big - 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_first_last),      cmocka_unit_test(test_open_ended),
      cmocka_unit_test(test_suffix),          cmocka_unit_test(test_end_clipped),
      cmocka_unit_test(test_beyond_end),      cmocka_unit_test(test_empty_file),
      cmocka_unit_test(test_unit_and_spaces), cmocka_unit_test(test_multi_and_garbage),
      cmocka_unit_test(test_large_sizes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
