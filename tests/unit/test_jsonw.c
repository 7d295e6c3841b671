/* test_jsonw.c - the streaming JSON writer (src/util/jsonw.h) and integer formatting
 * (src/util/fmt.h). Every output is also parsed back with jansson. */
#include "testutil.h"

#include <jansson.h>
#include <limits.h>

#include "util/fmt.h"
#include "util/jsonw.h"

/* Writes s as a JSON string and checks jansson reads back exactly s. */
static void round_trip(const char *s, const char *want_text) {
  struct buf b;
  buf_init(&b, 1 << 16);
  assert_int_equal(jsonw_string(&b, s), 0);
  if (want_text) assert_string_equal(buf_cstr(&b), want_text);
  json_error_t e;
  json_t *v = json_loads(buf_cstr(&b), JSON_DECODE_ANY, &e);
  if (v == NULL) fail_msg("not JSON: %s (%s)", buf_cstr(&b), e.text);
  assert_string_equal(json_string_value(v), s);
  json_decref(v);
  buf_free(&b);
}

static void test_escaping(void **state) {
  (void)state;
  round_trip("", "\"\"");
  round_trip("plain", "\"plain\"");
  round_trip("a\"b", "\"a\\\"b\"");
  round_trip("a\\b", "\"a\\\\b\"");
  round_trip("line\nbreak\r\ttab", "\"line\\nbreak\\r\\ttab\"");
  round_trip("\x01\x1f", "\"\\u0001\\u001f\"");
  round_trip("Student doesn\xe2\x80\x99t exist", "\"Student doesn\xe2\x80\x99t exist\"");
  round_trip("/v3/students/\"};{x/score-reports", NULL);
  char all[128];
  for (int i = 1; i < 128; i++)
    all[i - 1] = (char)i;
  all[127] = '\0';
  round_trip(all, NULL); /* every ASCII character */
}

static void test_objects(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 4096);
  assert_int_equal(buf_putc(&b, '{'), 0);
  assert_int_equal(jsonw_kv_string(&b, 1, "content area", "ELA,MATH"), 0);
  assert_int_equal(jsonw_kv_int(&b, 0, "year", 2025), 0);
  assert_int_equal(jsonw_kv_int(&b, 0, "neg", -42), 0);
  assert_int_equal(jsonw_kv_bool(&b, 0, "final", 1), 0);
  assert_int_equal(jsonw_kv_bool(&b, 0, "no", 0), 0);
  assert_int_equal(buf_putc(&b, '}'), 0);
  assert_string_equal(buf_cstr(&b),
                      "{\"content area\":\"ELA,MATH\",\"year\":2025,\"neg\":-42,\"final\":true,"
                      "\"no\":false}");
  json_t *v = json_loads(buf_cstr(&b), 0, NULL);
  assert_non_null(v);
  json_decref(v);
  buf_free(&b);
}

static void test_full_buffer_fails(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 8);
  assert_int_equal(jsonw_string(&b, "123456"), 0); /* 8 bytes with quotes */
  assert_int_equal(jsonw_string(&b, "x"), -1);
  assert_int_equal(jsonw_kv_int(&b, 0, "k", 1), -1);
  assert_int_equal(b.len <= 8, 1);
  buf_free(&b);
}

static void test_fmt_field(void **state) {
  (void)state;
  char f[6];
  memset(f, 'x', sizeof f);
  assert_int_equal(fmt_field(f, sizeof f, "abc"), 3);
  assert_string_equal(f, "abc");
  assert_int_equal(fmt_field(f, sizeof f, "abcde"), 5); /* exactly fits */
  assert_string_equal(f, "abcde");
  assert_int_equal(fmt_field(f, sizeof f, "abcdefgh"), 5); /* cut to fit */
  assert_string_equal(f, "abcde");
  assert_int_equal(fmt_field(f, sizeof f, ""), 0);
  assert_string_equal(f, "");
  assert_int_equal(fmt_field(f, 1, "abc"), 0);
  assert_string_equal(f, "");
}

static void test_fmt_int64(void **state) {
  (void)state;
  char t[FMT_INT64_MAX];
  struct {
    int64_t v;
    const char *want;
  } cases[] = {{0, "0"},
               {7, "7"},
               {-1, "-1"},
               {2025, "2025"},
               {INT64_MAX, "9223372036854775807"},
               {INT64_MIN, "-9223372036854775808"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n = fmt_int64(cases[i].v, t);
    assert_string_equal(t, cases[i].want);
    assert_int_equal(n, strlen(cases[i].want));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escaping),          cmocka_unit_test(test_objects),
      cmocka_unit_test(test_full_buffer_fails), cmocka_unit_test(test_fmt_int64),
      cmocka_unit_test(test_fmt_field),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
