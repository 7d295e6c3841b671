/* test_form.c - form bodies (src/http/form.h) and body framing/limits (src/http/body.h). */
#include "testutil.h"

#include "http/body.h"
#include "http/form.h"

static long dec(const char *in, char *out, size_t cap) {
  struct sb_err err = {{0}};
  long n = form_decode(in, strlen(in), out, cap, &err);
  if (n < 0) assert_true(err.msg[0] != '\0');
  return n;
}

static void test_decode_ok(void **state) {
  (void)state;
  char out[64];
  assert_int_equal(dec("a+b%20c", out, sizeof out), 5);
  assert_string_equal(out, "a b c");
  assert_int_equal(dec("%2B%2b%25%26%3D", out, sizeof out), 5);
  assert_string_equal(out, "++%&=");
  assert_int_equal(dec("", out, sizeof out), 0);
  assert_string_equal(out, "");
  assert_int_equal(dec("%C3%A9", out, sizeof out), 2); /* UTF-8 passes through */
  assert_string_equal(out, "\xc3\xa9");
  assert_int_equal(dec("tab\there", out, sizeof out), 8);
}

static void test_decode_rejects(void **state) {
  (void)state;
  char out[8];
  assert_int_equal(dec("%", out, sizeof out), -1);        /* truncated */
  assert_int_equal(dec("%4", out, sizeof out), -1);       /* truncated */
  assert_int_equal(dec("a%zz", out, sizeof out), -1);     /* not hex */
  assert_int_equal(dec("%g1", out, sizeof out), -1);      /* not hex */
  assert_int_equal(dec("%00", out, sizeof out), -1);      /* encoded NUL */
  assert_int_equal(dec("a\nb", out, sizeof out), -1);     /* raw control */
  assert_int_equal(dec("a\x7f", out, sizeof out), -1);    /* DEL */
  assert_int_equal(dec("12345678", out, sizeof out), -1); /* does not fit */
  assert_int_equal(dec("1234567", out, sizeof out), 7);   /* just fits */
  struct sb_err err = {{0}};
  assert_int_equal(form_decode("a", 1, out, 0, &err), -1);
}

static int field(const char *body, const char *name, char *out, size_t cap) {
  struct sb_err err = {{0}};
  return form_field(body, strlen(body), name, out, cap, &err);
}

static void test_field(void **state) {
  (void)state;
  char out[64];
  const char *b = "username=alice&password=p%40ss+word&csrf=abc";
  assert_int_equal(field(b, "username", out, sizeof out), 1);
  assert_string_equal(out, "alice");
  assert_int_equal(field(b, "password", out, sizeof out), 1);
  assert_string_equal(out, "p@ss word");
  assert_int_equal(field(b, "missing", out, sizeof out), 0);
  assert_string_equal(out, "");
  assert_int_equal(field("a&b=", "a", out, sizeof out), 1); /* no '=' is empty */
  assert_string_equal(out, "");
  assert_int_equal(field("a=1&&b=2&", "b", out, sizeof out), 1); /* empty pieces skipped */
  assert_string_equal(out, "2");
  assert_int_equal(field("%75ser=x", "user", out, sizeof out), 1); /* encoded name */
  assert_int_equal(field("", "a", out, sizeof out), 0);
  assert_int_equal(field("a=1=2", "a", out, sizeof out), 1); /* '=' inside a value */
  assert_string_equal(out, "1=2");
}

static void test_field_rejects(void **state) {
  (void)state;
  char out[8];
  assert_int_equal(field("a=1&a=2", "a", out, sizeof out), -1);     /* twice */
  assert_int_equal(field("a=1&%61=2", "b", out, sizeof out), -1);   /* twice, encoded */
  assert_int_equal(field("a=1&b=%zz", "a", out, sizeof out), -1);   /* another field bad */
  assert_int_equal(field("=1", "a", out, sizeof out), -1);          /* no name */
  assert_int_equal(field("a=123456789", "a", out, sizeof out), -1); /* too long */
  assert_int_equal(field("a=%00", "a", out, sizeof out), -1);       /* NUL */
  char big[4096];
  size_t off = 0;
  for (int i = 0; i < 70; i++)
    off += (size_t)snprintf(big + off, sizeof big - off, "f%d=1&", i);
  assert_int_equal(field(big, "f1", out, sizeof out), -1); /* too many fields */
  /* a long valid value validates across the scratch chunks, escapes not split */
  char lv[1200];
  size_t o = 0;
  o += (size_t)snprintf(lv, sizeof lv, "v=");
  while (o + 3 < sizeof lv - 1) {
    memcpy(lv + o, "%41", 3);
    o += 3;
  }
  lv[o] = '\0';
  struct sb_err err = {{0}};
  assert_int_equal(form_validate(lv, strlen(lv), &err), 1);
  lv[o - 1] = 'z'; /* last escape broken */
  assert_int_equal(form_validate(lv, strlen(lv), &err), -1);
}

static void test_body_plan(void **state) {
  (void)state;
  struct body_plan p;
  assert_int_equal(body_plan_init(&p, NULL, 0, NULL, 10), BODY_OK);
  assert_int_equal(body_plan_init(&p, "10", 1, NULL, 10), BODY_OK);
  assert_int_equal(body_plan_init(&p, "11", 1, NULL, 10), BODY_TOO_LARGE);
  assert_int_equal(body_plan_init(&p, "5", 2, NULL, 10), BODY_BAD_FRAMING);  /* two CL */
  assert_int_equal(body_plan_init(&p, "+5", 1, NULL, 10), BODY_BAD_FRAMING); /* sign */
  assert_int_equal(body_plan_init(&p, "5 ", 1, NULL, 10), BODY_BAD_FRAMING); /* junk */
  assert_int_equal(body_plan_init(&p, "", 1, NULL, 10), BODY_BAD_FRAMING);   /* empty */
  assert_int_equal(body_plan_init(&p, "99999999999999999999", 1, NULL, 10), BODY_BAD_FRAMING);
  assert_int_equal(body_plan_init(&p, "5", 1, "chunked", 10), BODY_BAD_FRAMING); /* CL+TE */
  assert_int_equal(body_plan_init(&p, NULL, 0, "gzip", 10), BODY_BAD_FRAMING);
  assert_int_equal(body_plan_init(&p, NULL, 0, "Chunked", 10), BODY_OK);
  assert_true(p.chunked);
}

static void test_body_count(void **state) {
  (void)state;
  struct body_plan p;
  assert_int_equal(body_plan_init(&p, NULL, 0, "chunked", 10), BODY_OK);
  assert_int_equal(body_count(&p, 6), BODY_OK);
  assert_int_equal(body_count(&p, 4), BODY_OK);
  assert_int_equal(body_count(&p, 1), BODY_TOO_LARGE);
  assert_int_equal(body_count(&p, 0), BODY_TOO_LARGE); /* stays refused */
  assert_int_equal(body_plan_init(&p, "4", 1, NULL, 10), BODY_OK);
  assert_int_equal(body_count(&p, 4), BODY_OK);
  assert_int_equal(body_count(&p, 1), BODY_TOO_LARGE); /* more than announced */
  assert_int_equal(body_plan_init(&p, NULL, 0, "chunked", UINT64_MAX), BODY_OK);
  assert_int_equal(body_count(&p, UINT64_MAX), BODY_OK);
  assert_int_equal(body_count(&p, 1), BODY_TOO_LARGE); /* no wrap-around */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decode_ok), cmocka_unit_test(test_decode_rejects),
      cmocka_unit_test(test_field),     cmocka_unit_test(test_field_rejects),
      cmocka_unit_test(test_body_plan), cmocka_unit_test(test_body_count),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
