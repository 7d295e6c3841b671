/* test_cursor.c - the change feed's parameters (src/domain/cursor.h): the cursor codec
 * round trip, every rejection of since and limit, and the defaults. */
#include "testutil.h"

#include "domain/cursor.h"

static void rejects(const char *cursor) {
  int64_t seq = 77;
  struct sb_err err = {{0}};
  if (cursor_decode(cursor, &seq, &err) != -1) fail_msg("accepted cursor \"%s\"", cursor);
  assert_true(err.msg[0] != '\0');
  assert_int_equal(seq, 77);
}

static void test_roundtrip(void **state) {
  (void)state;
  const int64_t seqs[] = {0, 1, 9, 10, 12345, 4294967296LL, INT64_MAX};
  for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
    char c[CURSOR_MAX];
    assert_int_equal(cursor_encode(seqs[i], c, sizeof c), 0);
    int64_t back = -1;
    struct sb_err err = {{0}};
    assert_int_equal(cursor_decode(c, &back, &err), 0);
    assert_int_equal(back, seqs[i]);
  }
  char c[CURSOR_MAX];
  assert_int_equal(cursor_encode(0, c, sizeof c), 0);
  assert_string_equal(c, "c2IxOjA"); /* base64url("sb1:0"), no padding */
}

static void test_encode_refuses(void **state) {
  (void)state;
  char c[CURSOR_MAX];
  assert_int_equal(cursor_encode(-1, c, sizeof c), -1);
  char small[8];
  assert_int_equal(cursor_encode(1, small, sizeof small), -1);
}

static void test_decode_rejections(void **state) {
  (void)state;
  rejects("");                                 /* empty */
  rejects("c2IxOjA=");                         /* padding */
  rejects("c2IxOjB");                          /* non-zero trailing bits */
  rejects("c2Ix Oj");                          /* outside the alphabet */
  rejects("c2IxOjA+");                         /* standard base64 alphabet */
  rejects("c2IxOg");                           /* "sb1:": no number */
  rejects("c2IyOjU");                          /* "sb2:5": another prefix */
  rejects("c2IxOis1");                         /* "sb1:+5": sign */
  rejects("c2IxOi0x");                         /* "sb1:-1" */
  rejects("c2IxOjV4");                         /* "sb1:5x": not digits */
  rejects("c2IxOjAx");                         /* "sb1:01": leading zero */
  rejects("c2IxOjkyMjMzNzIwMzY4NTQ3NzU4MDg");  /* INT64_MAX + 1 */
  rejects("c2IxOjEyMzQ1Njc4OTAxMjM0NTY3ODkw"); /* 20 digits */
  rejects("garbage");                          /* not a cursor at all */
  rejects("c2IxOjAc2IxOjAc2IxOjAc2IxOjAc2IxOjAc2IxOjAc2IxOjAc2IxOjAc2IxOjA"); /* too long */
  int64_t seq = 0;
  struct sb_err err = {{0}};
  assert_int_equal(cursor_decode("c2IxOjkyMjMzNzIwMzY4NTQ3NzU4MDc", &seq, &err), 0);
  assert_int_equal(seq, INT64_MAX);
}

static int parse(const char *k1, const char *v1, const char *k2, const char *v2,
                 struct feed_params *p) {
  struct query_arg args[2] = {{k1, v1}, {k2, v2}};
  struct sb_err err = {{0}};
  int rc = feed_params_parse(args, k2 ? 2 : (k1 ? 1 : 0), p, &err);
  if (rc != 0) assert_true(err.msg[0] != '\0');
  return rc;
}

static void test_params(void **state) {
  (void)state;
  struct feed_params p;
  assert_int_equal(parse(NULL, NULL, NULL, NULL, &p), 0);
  assert_int_equal(p.since, 0);
  assert_int_equal(p.limit, FEED_LIMIT_DEFAULT);
  assert_int_equal(parse("limit", "1000", "since", "c2IxOjEy", &p), 0); /* sb1:12 */
  assert_int_equal(p.limit, 1000);
  assert_int_equal(p.since, 12);
  assert_int_equal(parse("limit", "1", "other", "x", &p), 0); /* unknown names ignored */
  assert_int_equal(p.limit, 1);
  assert_int_equal(parse("limit", "", "since", NULL, &p), 0); /* blank = absent */
  assert_int_equal(p.limit, FEED_LIMIT_DEFAULT);
  assert_int_equal(p.since, 0);
}

static void test_params_rejections(void **state) {
  (void)state;
  struct feed_params p;
  const char *bad_limits[] = {"0", "1001", "01", "-1", "+5", "abc", "10x", "99999", " 5", "1e3"};
  for (size_t i = 0; i < sizeof bad_limits / sizeof bad_limits[0]; i++)
    if (parse("limit", bad_limits[i], NULL, NULL, &p) != -1) fail_msg("limit=%s", bad_limits[i]);
  assert_int_equal(parse("since", "nope", NULL, NULL, &p), -1);
  assert_int_equal(parse("limit", "5", "limit", "5", &p), -1); /* twice */
  assert_int_equal(parse("since", "c2IxOjA", "since", "c2IxOjA", &p), -1);
  assert_int_equal(parse("since", "", "since", "", &p), -1); /* twice, even blank */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roundtrip),         cmocka_unit_test(test_encode_refuses),
      cmocka_unit_test(test_decode_rejections), cmocka_unit_test(test_params),
      cmocka_unit_test(test_params_rejections),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
