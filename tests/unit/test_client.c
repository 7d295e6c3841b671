/* test_client.c - the pure parts of the reference client (src/client/ssr_client.h): JWT
 * exp/iat decoding without verification, Retry-After parsing (and its rejections), the
 * full-jitter backoff, when a cached token is replaced, and a transport failure given up
 * after the bounded attempts. */
#include "testutil.h"

#include "client/ssr_client.h"
#include "util/b64.h"

#include <curl/curl.h>

/* A compact JWT whose payload is the given JSON text (header and signature are dummies). */
static void make_jwt(const char *payload, char *out, size_t n) {
  char p[1024];
  assert_true(b64url_encode((const unsigned char *)payload, strlen(payload), p, sizeof p) >= 0);
  assert_true(snprintf(out, n, "eyJhbGciOiJSUzI1NiJ9.%s.c2lnbmF0dXJl", p) < (int)n);
}

static void test_jwt_claims(void **state) {
  (void)state;
  char t[2048];
  int64_t exp = 0, iat = 0;
  struct sb_err err = {""};
  make_jwt("{\"sub\":\"x\",\"iat\":1770724800,\"exp\":1770728400}", t, sizeof t);
  assert_int_equal(ssr_jwt_claims(t, &exp, &iat, &err), 0);
  assert_int_equal(exp, 1770728400);
  assert_int_equal(iat, 1770724800);
  make_jwt("{\"exp\":1770728400.5}", t, sizeof t); /* NumericDate may have a fraction */
  assert_int_equal(ssr_jwt_claims(t, &exp, &iat, &err), 0);
  assert_int_equal(exp, 1770728400);
  assert_int_equal(iat, 0);
}

static void test_jwt_rejections(void **state) {
  (void)state;
  static const char *const payloads[] = {
      "{\"iat\":1}",                        /* no exp */
      "{\"exp\":\"1770728400\"}",           /* exp a string */
      "{\"exp\":-5}",                       /* negative */
      "{\"exp\":1e15}",                     /* absurd */
      "{\"exp\":1770728400,\"iat\":\"x\"}", /* iat not a number */
      "[1770728400]",                       /* not an object */
      "exp=1770728400",                     /* not JSON */
      "{\"exp\":1,\"exp\":2}",              /* duplicate claim */
  };
  char t[2048];
  int64_t exp = 7, iat = 7;
  struct sb_err err = {""};
  for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
    make_jwt(payloads[i], t, sizeof t);
    assert_int_equal(ssr_jwt_claims(t, &exp, &iat, &err), -1);
    assert_true(err.msg[0] != '\0');
  }
  static const char *const tokens[] = {
      "",
      "abc",
      "a.b",
      "a.b.c.d",
      "a..c",
      "a.!!!.c",           /* not base64url */
      "a.eyJleHAiOjF9=.c", /* padding is not base64url */
  };
  for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
    assert_int_equal(ssr_jwt_claims(tokens[i], &exp, &iat, &err), -1);
  assert_int_equal(ssr_jwt_claims(NULL, &exp, &iat, &err), -1);
  assert_int_equal(exp, 7); /* untouched on failure */
}

static void test_retry_after(void **state) {
  (void)state;
  const int64_t now = 1773446400 - 10; /* 10 s before Sat, 14 Mar 2026 00:00:00 GMT */
  double s = -1;
  assert_int_equal(ssr_retry_after_parse("1", now, &s), 0);
  assert_true(s == 1.0);
  assert_int_equal(ssr_retry_after_parse("0", now, &s), 0);
  assert_true(s == 0.0);
  assert_int_equal(ssr_retry_after_parse("120", now, &s), 0);
  assert_true(s == 120.0);
  assert_int_equal(ssr_retry_after_parse("Sat, 14 Mar 2026 00:00:00 GMT", now, &s), 0);
  assert_true(s == 10.0);
  assert_int_equal(ssr_retry_after_parse("Saturday, 14-Mar-26 00:00:00 GMT", now, &s), 0);
  assert_true(s == 10.0);
  assert_int_equal(ssr_retry_after_parse("Sat Mar 14 00:00:00 2026", now, &s), 0);
  assert_true(s == 10.0);
  /* a date in the past: no wait */
  assert_int_equal(ssr_retry_after_parse("Sat, 14 Mar 2026 00:00:00 GMT", now + 100, &s), 0);
  assert_true(s == 0.0);
}

static void test_retry_after_rejections(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "-1",
      "+1",
      "1.5",
      " 1",
      "1 ",
      "1s",
      "abc",
      "99999999999999999999",
      "Sat, 14 Mar 2026 00:00:00",     /* no GMT */
      "Sat, 14 Mar 2026 00:00:00 PST", /* not GMT */
      "Sat, 31 Feb 2026 00:00:00 GMT", /* no such day */
      "Sat, 14 Mar 2026 25:00:00 GMT", /* no such hour */
      "Sat, 14 Foo 2026 00:00:00 GMT",
      "Sat, 14 Mar 2026 00:00:00 GMT trailing",
      "2026-03-14T00:00:00Z", /* ISO is not an HTTP-date */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double s = 42;
    if (ssr_retry_after_parse(bad[i], 0, &s) != -1) fail_msg("accepted \"%s\"", bad[i]);
    assert_true(s == 42); /* untouched */
  }
  double s;
  assert_int_equal(ssr_retry_after_parse(NULL, 0, &s), -1);
}

static void test_backoff(void **state) {
  (void)state;
  assert_true(ssr_backoff_delay(0, 0.5, 8, 0.0) == 0.0);
  assert_true(ssr_backoff_delay(0, 0.5, 8, 0.5) == 0.25);
  assert_true(ssr_backoff_delay(1, 0.5, 8, 0.5) == 0.5);
  assert_true(ssr_backoff_delay(3, 0.5, 8, 0.5) == 2.0);
  assert_true(ssr_backoff_delay(4, 0.5, 8, 0.5) == 4.0); /* 0.5*16 capped at 8 */
  assert_true(ssr_backoff_delay(10, 0.5, 8, 0.5) == 4.0);
  assert_true(ssr_backoff_delay(1000, 0.5, 8, 0.5) == 4.0); /* no overflow */
  double top = ssr_backoff_delay(2, 0.5, 8, 1.0);           /* u clamped below 1 */
  assert_true(top < 2.0 && top > 1.99);
  assert_true(ssr_backoff_delay(2, 0.5, 8, -3) == 0.0);
  /* full jitter: every delay within [0, ceiling) */
  for (unsigned r = 0; r < 8; r++)
    for (int k = 0; k < 100; k++) {
      double d = ssr_backoff_delay(r, 0.5, 8, k / 100.0);
      assert_true(d >= 0 && d < 8);
    }
}

static void test_refresh_at(void **state) {
  (void)state;
  /* server clock 4000 s behind ours: the token is replaced 60 s before its exp, our time */
  assert_int_equal(ssr_token_refresh_at(1000 + 3600, 1000, 5000), 5000 + 3600 - 60);
  /* a 5-minute token: a margin of a tenth of its life */
  assert_int_equal(ssr_token_refresh_at(1300, 1000, 1000), 1300 - 30);
  /* no iat: exp as is, margin from the life left */
  assert_int_equal(ssr_token_refresh_at(2000, 0, 1000), 2000 - 60);
  /* already expired: refresh at once */
  assert_true(ssr_token_refresh_at(900, 0, 1000) <= 1000);
}

static void test_bad_url_and_no_server(void **state) {
  (void)state;
  struct sb_err err = {""};
  assert_int_equal(ssr_client_global_init(&err), 0);
  struct ssr_client_opts o = {.base_url = "ftp://example.org", .username = "u", .api_token = "s"};
  assert_null(ssr_client_new(&o, &err));
  assert_non_null(strstr(err.msg, "https://"));
  o.base_url = NULL;
  assert_null(ssr_client_new(&o, &err));
  /* nothing listens on port 1: refused, retried, given up after 2 attempts */
  o.base_url = "http://127.0.0.1:1/";
  o.max_attempts = 2;
  o.base_delay = 0.01;
  struct ssr_client *c = ssr_client_new(&o, &err);
  assert_non_null(c);
  json_t *leas = NULL;
  assert_int_equal(ssr_client_verify(c, &leas, &err), SSR_ERR_NETWORK);
  assert_null(leas);
  assert_non_null(strstr(err.msg, "2 attempts"));
  struct ssr_client_stats st;
  ssr_client_get_stats(c, &st);
  assert_int_equal(st.token_fetches, 0);
  assert_int_equal(st.retries, 1);
  ssr_client_free(c);
  curl_global_cleanup();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_jwt_claims),
      cmocka_unit_test(test_jwt_rejections),
      cmocka_unit_test(test_retry_after),
      cmocka_unit_test(test_retry_after_rejections),
      cmocka_unit_test(test_backoff),
      cmocka_unit_test(test_refresh_at),
      cmocka_unit_test(test_bad_url_and_no_server),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
