/* test_router.c - method + path matching (src/http/router.h). */
#include "testutil.h"

#include "http/router.h"

static void h_token(struct http_req *req, void *app) {
  (void)req;
  (void)app;
}
static void h_verify(struct http_req *req, void *app) {
  (void)req;
  (void)app;
}
static void h_reports(struct http_req *req, void *app) {
  (void)req;
  (void)app;
}
static void h_retired(struct http_req *req, void *app) {
  (void)req;
  (void)app;
}
static void h_other(struct http_req *req, void *app) {
  (void)req;
  (void)app;
}

static const struct route ROUTES[] = {
    {"GET", "/v3/token", h_token, "token", 0, NULL},
    {"GET", "/v3/token/verify", h_verify, "verify", 0, NULL},
    {"GET", "/v3/students/{}/score-reports", h_reports, "score_reports", 0, NULL},
    {"GET", "/v1/*", h_retired, "retired_v1", 0, NULL},
    {"POST", "/admin/reload", h_other, "reload", 0, NULL},
    {"GET", "/files/{}/{}", h_other, "file", 0, NULL},
    {"PUT", "/files/{}/{}", h_other, "file_put", 0, NULL},
    {"DELETE", "/files/{}/{}", h_other, "file_delete", 0, NULL},
    {"GET", "/", h_other, "root", 0, NULL},
};
#define NROUTES (sizeof ROUTES / sizeof ROUTES[0])

static enum route_result go(const char *method, const char *path, struct route_match *m) {
  memset(m, 0x5a, sizeof *m); /* router_match must fill it */
  return router_match(ROUTES, NROUTES, method, path, m);
}

static void assert_route(const char *method, const char *path, const char *name) {
  struct route_match m;
  enum route_result r = go(method, path, &m);
  if (r != ROUTE_MATCH) fail_msg("%s %s: result %d, want a match of %s", method, path, r, name);
  assert_non_null(m.route);
  if (strcmp(m.route->name, name) != 0)
    fail_msg("%s %s: got %s, want %s", method, path, m.route->name, name);
}

static void assert_not_found(const char *method, const char *path) {
  struct route_match m;
  enum route_result r = go(method, path, &m);
  if (r != ROUTE_NOT_FOUND) fail_msg("%s %s: result %d, want not found", method, path, r);
  assert_null(m.route);
}

static void test_literal_routes(void **state) {
  (void)state;
  assert_route("GET", "/v3/token", "token");
  assert_route("GET", "/v3/token/verify", "verify");
  assert_route("GET", "/", "root");
  struct route_match m;
  assert_int_equal(go("GET", "/v3/token", &m), ROUTE_MATCH);
  assert_ptr_equal(m.route, &ROUTES[0]);
  assert_ptr_equal(m.route->handler, h_token);
  assert_int_equal(m.nparams, 0);
  assert_not_found("GET", "/v3/tokenx");
  assert_not_found("GET", "/v3/tok");
  assert_not_found("GET", "/v3/token/verify/x");
  assert_not_found("GET", "/v3");
  assert_not_found("GET", "/V3/token"); /* paths are case-sensitive */
  assert_not_found("GET", "/nope");
}

static void test_placeholder(void **state) {
  (void)state;
  struct route_match m;
  assert_int_equal(go("GET", "/v3/students/1234567890/score-reports", &m), ROUTE_MATCH);
  assert_string_equal(m.route->name, "score_reports");
  assert_int_equal(m.nparams, 1);
  assert_string_equal(m.params[0], "1234567890");
  /* two placeholders */
  assert_int_equal(go("GET", "/files/abc/def.pdf", &m), ROUTE_MATCH);
  assert_string_equal(m.route->name, "file");
  assert_int_equal(m.nparams, 2);
  assert_string_equal(m.params[0], "abc");
  assert_string_equal(m.params[1], "def.pdf");
  /* a placeholder is one segment */
  assert_not_found("GET", "/v3/students/12/34/score-reports");
  assert_not_found("GET", "/v3/students/1234567890");
  assert_not_found("GET", "/v3/students/1234567890/score-reports/x");
  assert_not_found("GET", "/v3/students/1234567890/-score-reports");
  assert_not_found("GET", "/files/abc");
}

static void test_empty_segment_not_matched(void **state) {
  (void)state;
  assert_not_found("GET", "/v3/students//score-reports");
  assert_not_found("GET", "/files//x");
  assert_not_found("GET", "/files/x/");  /* the trailing slash goes, then nothing is left */
  assert_not_found("GET", "/files/x//"); /* only one trailing slash is ignored */
}

static void test_trailing_slash(void **state) {
  (void)state;
  assert_route("GET", "/v3/token/", "token");
  assert_route("GET", "/v3/token/verify/", "verify");
  struct route_match m;
  assert_int_equal(go("GET", "/v3/students/99/score-reports/", &m), ROUTE_MATCH);
  assert_int_equal(m.nparams, 1);
  assert_string_equal(m.params[0], "99");
  assert_not_found("GET", "/v3/token//");
  assert_not_found("GET", "/v3/token///");
}

static void test_prefix_route(void **state) {
  (void)state;
  assert_route("GET", "/v1", "retired_v1");
  assert_route("GET", "/v1/", "retired_v1");
  assert_route("GET", "/v1/x", "retired_v1");
  assert_route("GET", "/v1/students/1/score-reports", "retired_v1");
  assert_route("HEAD", "/v1/token", "retired_v1");
  assert_not_found("GET", "/v10");
  assert_not_found("GET", "/v1x");
  assert_not_found("GET", "/v");
  assert_not_found("GET", "/x/v1");
  struct route_match m;
  assert_int_equal(go("POST", "/v1/token", &m), ROUTE_METHOD_NOT_ALLOWED);
  assert_string_equal(m.allow, "GET, HEAD");
}

static void test_head_matches_get(void **state) {
  (void)state;
  assert_route("HEAD", "/v3/token", "token");
  struct route_match m;
  assert_int_equal(go("HEAD", "/v3/students/7/score-reports", &m), ROUTE_MATCH);
  assert_ptr_equal(m.route, &ROUTES[2]);
  assert_string_equal(m.params[0], "7");
}

static void test_method_not_allowed(void **state) {
  (void)state;
  struct route_match m;
  assert_int_equal(go("POST", "/v3/token", &m), ROUTE_METHOD_NOT_ALLOWED);
  assert_null(m.route);
  assert_string_equal(m.allow, "GET, HEAD");
  assert_int_equal(go("DELETE", "/v3/students/1/score-reports", &m), ROUTE_METHOD_NOT_ALLOWED);
  assert_string_equal(m.allow, "GET, HEAD");
  assert_int_equal(go("GET", "/admin/reload", &m), ROUTE_METHOD_NOT_ALLOWED);
  assert_string_equal(m.allow, "POST");
  assert_int_equal(go("HEAD", "/admin/reload", &m), ROUTE_METHOD_NOT_ALLOWED);
  assert_string_equal(m.allow, "POST");
  assert_route("POST", "/admin/reload", "reload");
  /* several methods on one path */
  assert_int_equal(go("PATCH", "/files/a/b", &m), ROUTE_METHOD_NOT_ALLOWED);
  assert_string_equal(m.allow, "GET, HEAD, PUT, DELETE");
  assert_route("PUT", "/files/a/b", "file_put");
  assert_route("DELETE", "/files/a/b", "file_delete");
  /* methods are case-sensitive tokens */
  assert_int_equal(go("get", "/v3/token", &m), ROUTE_METHOD_NOT_ALLOWED);
}

static void test_param_length_cap(void **state) {
  (void)state;
  char path[2 * ROUTE_PARAM_MAX];
  char seg[ROUTE_PARAM_MAX + 1];
  struct route_match m;
  /* ROUTE_PARAM_MAX - 1 bytes: fits */
  memset(seg, '7', ROUTE_PARAM_MAX - 1);
  seg[ROUTE_PARAM_MAX - 1] = '\0';
  snprintf(path, sizeof path, "/v3/students/%s/score-reports", seg);
  assert_int_equal(go("GET", path, &m), ROUTE_MATCH);
  assert_int_equal(strlen(m.params[0]), ROUTE_PARAM_MAX - 1);
  assert_string_equal(m.params[0], seg);
  /* ROUTE_PARAM_MAX bytes: not matched */
  memset(seg, '7', ROUTE_PARAM_MAX);
  seg[ROUTE_PARAM_MAX] = '\0';
  snprintf(path, sizeof path, "/v3/students/%s/score-reports", seg);
  assert_int_equal(go("GET", path, &m), ROUTE_NOT_FOUND);
}

static void test_bad_paths(void **state) {
  (void)state;
  assert_not_found("GET", "");
  assert_not_found("GET", "v3/token");
  assert_not_found("GET", "*");
  assert_not_found("GET", "http://host/v3/token");
  assert_not_found("GET", NULL);
  /* even a catch-all prefix only takes absolute paths */
  static const struct route all[] = {{"GET", "/*", h_other, "all", 0, NULL}};
  struct route_match m;
  assert_int_equal(router_match(all, 1, "GET", "/", &m), ROUTE_MATCH);
  assert_int_equal(router_match(all, 1, "GET", "/any/thing", &m), ROUTE_MATCH);
  assert_int_equal(router_match(all, 1, "GET", "", &m), ROUTE_NOT_FOUND);
  assert_int_equal(router_match(all, 1, "GET", "x", &m), ROUTE_NOT_FOUND);
  assert_int_equal(router_match(all, 1, "GET", "*", &m), ROUTE_NOT_FOUND);
}

static void test_first_route_wins_and_empty_table(void **state) {
  (void)state;
  static const struct route dup[] = {
      {"GET", "/a/{}", h_token, "first", 0, NULL},
      {"GET", "/a/b", h_verify, "second", 0, NULL},
  };
  struct route_match m;
  assert_int_equal(router_match(dup, 2, "GET", "/a/b", &m), ROUTE_MATCH);
  assert_string_equal(m.route->name, "first");
  assert_string_equal(m.params[0], "b");
  assert_int_equal(router_match(dup, 0, "GET", "/a/b", &m), ROUTE_NOT_FOUND);
  assert_null(m.route);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_literal_routes),
      cmocka_unit_test(test_placeholder),
      cmocka_unit_test(test_empty_segment_not_matched),
      cmocka_unit_test(test_trailing_slash),
      cmocka_unit_test(test_prefix_route),
      cmocka_unit_test(test_head_matches_get),
      cmocka_unit_test(test_method_not_allowed),
      cmocka_unit_test(test_param_length_cap),
      cmocka_unit_test(test_bad_paths),
      cmocka_unit_test(test_first_route_wins_and_empty_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
