/* test_cors.c - the CORS allow-list and the parsers of the Origin and
 * Access-Control-Request-* headers (src/http/cors.h): every normalisation, every rejection. */
#include "testutil.h"

#include "http/cors.h"

static void norm_ok(const char *in, const char *want) {
  char out[CORS_ORIGIN_MAX];
  enum cors_origin_status st = cors_origin_normalize(in, strlen(in), out);
  if (st != CORS_ORIGIN_OK)
    fail_msg("'%s': refused (%s), want '%s'", in, cors_origin_status_text(st), want);
  if (strcmp(out, want) != 0) fail_msg("'%s': '%s', want '%s'", in, out, want);
}

static void norm_bad(const char *in, enum cors_origin_status want) {
  char out[CORS_ORIGIN_MAX];
  enum cors_origin_status st = cors_origin_normalize(in, strlen(in), out);
  if (st != want)
    fail_msg("'%s': status %d (%s), want %d (%s)", in, st, cors_origin_status_text(st), want,
             cors_origin_status_text(want));
  assert_string_equal(out, "");
}

static void test_normalise(void **state) {
  (void)state;
  norm_ok("https://portal.example.org", "https://portal.example.org");
  norm_ok("HTTPS://Portal.Example.ORG", "https://portal.example.org");
  norm_ok("https://portal.example.org:443", "https://portal.example.org");
  norm_ok("http://portal.example.org:80", "http://portal.example.org");
  norm_ok("http://portal.example.org:443", "http://portal.example.org:443");
  norm_ok("https://portal.example.org:80", "https://portal.example.org:80");
  norm_ok("http://127.0.0.1:8963", "http://127.0.0.1:8963");
  norm_ok("http://127.0.0.1:08963", "http://127.0.0.1:8963");
  norm_ok("http://[::1]:8963", "http://[::1]:8963");
  norm_ok("http://[FE80::1]", "http://[fe80::1]");
  norm_ok("http://localhost:65535", "http://localhost:65535");
  norm_ok("https://xn--bcher-kva.example", "https://xn--bcher-kva.example");
  /* len bounds the input: the rest is not read */
  char out[CORS_ORIGIN_MAX];
  assert_int_equal(cors_origin_normalize("http://a.example/path", 16, out), CORS_ORIGIN_OK);
  assert_string_equal(out, "http://a.example");
}

static void test_rejections(void **state) {
  (void)state;
  norm_bad("", CORS_ORIGIN_EMPTY);
  char longer[400];
  memset(longer, 'a', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  memcpy(longer, "https://", 8);
  norm_bad(longer, CORS_ORIGIN_TOO_LONG);
  norm_bad("null", CORS_ORIGIN_NULL);
  norm_bad("NULL", CORS_ORIGIN_NULL);
  norm_bad("*", CORS_ORIGIN_WILDCARD);
  norm_bad("https://*.example.org", CORS_ORIGIN_WILDCARD);
  norm_bad("https://portal.example.org *", CORS_ORIGIN_WILDCARD);
  norm_bad("https://a.example https://b.example", CORS_ORIGIN_BAD_CHAR);
  norm_bad("https://a.example\r\nX: y", CORS_ORIGIN_BAD_CHAR);
  norm_bad("https://b\xc3\xbc"
           "cher.example",
           CORS_ORIGIN_BAD_CHAR);
  norm_bad("https://a.example\t", CORS_ORIGIN_BAD_CHAR);
  norm_bad("ftp://a.example", CORS_ORIGIN_BAD_SCHEME);
  norm_bad("file://", CORS_ORIGIN_BAD_SCHEME);
  norm_bad("a.example", CORS_ORIGIN_BAD_SCHEME);
  norm_bad("https:/a.example", CORS_ORIGIN_BAD_SCHEME);
  norm_bad("https://", CORS_ORIGIN_BAD_SCHEME);
  norm_bad("javascript://a.example", CORS_ORIGIN_BAD_SCHEME);
  norm_bad("https://user@a.example", CORS_ORIGIN_USERINFO);
  norm_bad("https://user:pw@a.example", CORS_ORIGIN_USERINFO);
  norm_bad("https://:443", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://a_b.example", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://.example", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://-a.example", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://a..example", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://[::1", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://[]", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://[1.2.3.4]", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://[::g]", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://[::1]x", CORS_ORIGIN_BAD_HOST);
  norm_bad("https://a.example:", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example:0", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example:65536", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example:123456", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example:8x", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example:-1", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example:1:2", CORS_ORIGIN_BAD_PORT);
  norm_bad("https://a.example/", CORS_ORIGIN_PATH);
  norm_bad("https://a.example/portal", CORS_ORIGIN_PATH);
  norm_bad("https://a.example?x", CORS_ORIGIN_PATH);
  norm_bad("https://a.example#x", CORS_ORIGIN_PATH);
  for (int s = CORS_ORIGIN_OK; s <= CORS_ORIGIN_PATH; s++)
    assert_true(strlen(cors_origin_status_text((enum cors_origin_status)s)) > 1);
}

static void test_policy(void **state) {
  (void)state;
  struct cors_policy p = {0};
  struct sb_err err = {""};
  assert_int_equal(cors_policy_add(&p, "https://Portal.Example.org:443/", &err), 0);
  assert_int_equal(cors_policy_add(&p, "https://portal.example.org", &err), 0); /* duplicate */
  assert_int_equal(p.n, 1);
  assert_string_equal(p.origins[0], "https://portal.example.org");
  assert_int_equal(cors_policy_add(&p, "*", &err), -1);
  assert_non_null(strstr(err.msg, "wildcard"));
  assert_int_equal(cors_policy_add(&p, "https://a.example/portal", &err), -1);
  assert_int_equal(cors_policy_add(&p, "https://a.example//", &err), -1);
  assert_int_equal(cors_policy_add(&p, "null", &err), -1);
  assert_int_equal(p.n, 1);
  assert_int_equal(cors_policy_add_list(&p, "  http://127.0.0.1:8963\thttp://[::1]:8963  ", &err),
                   0);
  assert_int_equal(p.n, 3);
  assert_int_equal(cors_policy_add_list(&p, "http://b.example https://*.example", &err), -1);
  assert_int_equal(cors_policy_add_list(&p, "", &err), 0);
  char big[600];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  assert_int_equal(cors_policy_add_list(&p, big, &err), -1);
  struct cors_policy full = {0};
  char o[64];
  for (int i = 0; i < CORS_MAX_ORIGINS; i++) {
    snprintf(o, sizeof o, "http://h%d.example", i);
    assert_int_equal(cors_policy_add(&full, o, &err), 0);
  }
  assert_int_equal(cors_policy_add(&full, "http://h0.example", &err), 0); /* already there */
  assert_int_equal(cors_policy_add(&full, "http://one-more.example", &err), -1);
  assert_int_equal(full.n, CORS_MAX_ORIGINS);
}

static void test_allowed(void **state) {
  (void)state;
  struct cors_policy p = {0};
  struct sb_err err = {""};
  assert_null(cors_allowed(&p, "https://portal.example.org")); /* empty list: nobody */
  assert_int_equal(
      cors_policy_add_list(&p, "https://portal.example.org http://127.0.0.1:8963", &err), 0);
  assert_string_equal(cors_allowed(&p, "https://portal.example.org"), "https://portal.example.org");
  assert_string_equal(cors_allowed(&p, "https://portal.example.org:443"),
                      "https://portal.example.org");
  assert_string_equal(cors_allowed(&p, "http://127.0.0.1:8963"), "http://127.0.0.1:8963");
  assert_null(cors_allowed(&p, NULL));
  assert_null(cors_allowed(&p, ""));
  assert_null(cors_allowed(&p, "null"));
  assert_null(cors_allowed(&p, "http://portal.example.org"));           /* scheme */
  assert_null(cors_allowed(&p, "https://portal.example.org:8443"));     /* port */
  assert_null(cors_allowed(&p, "https://evil.portal.example.org"));     /* subdomain */
  assert_null(cors_allowed(&p, "https://portal.example.org.evil.com")); /* suffix */
  assert_null(cors_allowed(&p, "https://portal.example.or"));           /* prefix */
  assert_null(cors_allowed(&p, "http://127.0.0.1:8964"));
  assert_null(cors_allowed(&p, "http://localhost:8963"));
  assert_null(cors_allowed(&p, "https://portal.example.org/"));
  assert_null(cors_allowed(&p, "https://portal.example.org https://x.example"));
  assert_null(cors_allowed(&p, "*"));
}

static void test_paths(void **state) {
  (void)state;
  assert_true(cors_path_applies("/v3/token"));
  assert_true(cors_path_applies("/v3/links/abc.html"));
  assert_false(cors_path_applies("/v3"));
  assert_false(cors_path_applies("/v2/token"));
  assert_false(cors_path_applies("/api/files"));
  assert_false(cors_path_applies("/login"));
  assert_false(cors_path_applies(NULL));
}

static void test_method(void **state) {
  (void)state;
  assert_int_equal(cors_check_method("GET"), CORS_REQUEST_OK);
  assert_int_equal(cors_check_method("HEAD"), CORS_REQUEST_OK);
  assert_int_equal(cors_check_method(NULL), CORS_REQUEST_MISSING);
  assert_int_equal(cors_check_method(""), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_method("G ET"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_method("GET,POST"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_method("AAAAAAAAAAAAAAAAAAAAAAAAAAA"), CORS_REQUEST_TOO_LONG);
  assert_int_equal(cors_check_method("POST"), CORS_REQUEST_METHOD);
  assert_int_equal(cors_check_method("DELETE"), CORS_REQUEST_METHOD);
  assert_int_equal(cors_check_method("get"), CORS_REQUEST_METHOD);
  assert_int_equal(cors_check_method("OPTIONS"), CORS_REQUEST_METHOD);
}

static void test_headers(void **state) {
  (void)state;
  assert_int_equal(cors_check_headers(NULL), CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers(""), CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers("  "), CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers("authorization"), CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers("authorization,cache-control"), CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers("Authorization, Cache-Control ,\tRange"), CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers("content-type,x-request-id,x-requested-with"),
                   CORS_REQUEST_OK);
  assert_int_equal(cors_check_headers("authorization,cookie"), CORS_REQUEST_HEADER);
  assert_int_equal(cors_check_headers("x-csrf-token"), CORS_REQUEST_HEADER);
  assert_int_equal(cors_check_headers("authorizationx"), CORS_REQUEST_HEADER);
  assert_int_equal(cors_check_headers("authorizatio"), CORS_REQUEST_HEADER);
  assert_int_equal(cors_check_headers("authorization,"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_headers(",authorization"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_headers("authorization,,range"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_headers("author ization"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_headers("authorization;range"), CORS_REQUEST_BAD_SYNTAX);
  assert_int_equal(cors_check_headers("x:y"), CORS_REQUEST_BAD_SYNTAX);
  char many[400] = "range";
  for (int i = 1; i < 17; i++) {
    size_t used = strlen(many);
    snprintf(many + used, sizeof many - used, ",range");
  }
  assert_int_equal(cors_check_headers(many), CORS_REQUEST_TOO_MANY);
  char longname[100];
  memset(longname, 'x', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  assert_int_equal(cors_check_headers(longname), CORS_REQUEST_TOO_LONG);
  char huge[700];
  memset(huge, 'a', sizeof huge - 1);
  huge[sizeof huge - 1] = '\0';
  assert_int_equal(cors_check_headers(huge), CORS_REQUEST_TOO_LONG);
}

static void test_preflight(void **state) {
  (void)state;
  struct cors_policy p = {0};
  struct sb_err err = {""};
  const char *o = "x";
  assert_int_equal(cors_preflight_check(&p, "https://p.example", "GET", NULL, &o),
                   CORS_PREFLIGHT_REFUSED);
  assert_null(o);
  assert_int_equal(cors_policy_add(&p, "https://p.example", &err), 0);
  assert_int_equal(
      cors_preflight_check(&p, "https://p.example", "GET", "authorization,cache-control", &o),
      CORS_PREFLIGHT_ALLOWED);
  assert_string_equal(o, "https://p.example");
  assert_int_equal(cors_preflight_check(&p, NULL, "GET", NULL, &o), CORS_PREFLIGHT_NOT_CORS);
  assert_null(o);
  assert_int_equal(cors_preflight_check(&p, "https://p.example", NULL, NULL, &o),
                   CORS_PREFLIGHT_NOT_CORS);
  assert_int_equal(cors_preflight_check(&p, "https://q.example", "GET", NULL, &o),
                   CORS_PREFLIGHT_REFUSED);
  assert_int_equal(cors_preflight_check(&p, "null", "GET", NULL, &o), CORS_PREFLIGHT_REFUSED);
  assert_int_equal(cors_preflight_check(&p, "https://p.example", "POST", NULL, &o),
                   CORS_PREFLIGHT_REFUSED);
  assert_int_equal(cors_preflight_check(&p, "https://p.example", "GET", "cookie", &o),
                   CORS_PREFLIGHT_REFUSED);
  assert_null(o);
}

static void test_frame_ancestors(void **state) {
  (void)state;
  struct cors_policy p = {0};
  struct sb_err err = {""};
  char list[128] = "'self'";
  assert_int_equal(cors_frame_ancestors(&p, list, sizeof list), 0);
  assert_string_equal(list, "'self'");
  assert_int_equal(cors_policy_add_list(&p, "https://p.example http://127.0.0.1:8963", &err), 0);
  assert_int_equal(cors_frame_ancestors(&p, list, sizeof list), 0);
  assert_string_equal(list, "'self' https://p.example http://127.0.0.1:8963");
  assert_int_equal(cors_frame_ancestors(&p, list, sizeof list), 0); /* nothing twice */
  assert_string_equal(list, "'self' https://p.example http://127.0.0.1:8963");
  char none[64] = "'none'";
  assert_int_equal(cors_frame_ancestors(&p, none, sizeof none), 0);
  assert_string_equal(none, "https://p.example http://127.0.0.1:8963");
  char other[64] = "https://p.example.org";
  assert_int_equal(cors_frame_ancestors(&p, other, sizeof other), 0);
  assert_string_equal(other, "https://p.example.org https://p.example http://127.0.0.1:8963");
  char small[24] = "'self'";
  assert_int_equal(cors_frame_ancestors(&p, small, sizeof small), -1);
  assert_string_equal(small, "'self'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalise),       cmocka_unit_test(test_rejections),
      cmocka_unit_test(test_policy),          cmocka_unit_test(test_allowed),
      cmocka_unit_test(test_paths),           cmocka_unit_test(test_method),
      cmocka_unit_test(test_headers),         cmocka_unit_test(test_preflight),
      cmocka_unit_test(test_frame_ancestors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
