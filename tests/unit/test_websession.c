/* test_websession.c - passwords (src/auth/password.h) and the secrets of web sessions:
 * tokens, digests, CSRF, cookies, expiry (src/auth/websession.h). */
#include "testutil.h"

#include <sodium.h>

#include "auth/password.h"
#include "auth/websession.h"

static int init(void **state) {
  (void)state;
  return sodium_init() < 0 ? -1 : 0;
}

static void test_password(void **state) {
  (void)state;
  char h[PASSWORD_HASH_SIZE];
  struct sb_err err = {{0}};
  assert_int_equal(password_hash("correct horse battery", h, sizeof h, &err), 0);
  assert_memory_equal(h, "$argon2id$", 10);
  assert_true(password_verify(h, "correct horse battery"));
  assert_false(password_verify(h, "correct horse batterY"));
  assert_false(password_verify(h, ""));
  assert_false(password_needs_rehash(h));
  /* malformed or foreign hashes never verify */
  assert_false(password_verify("", "x"));
  assert_false(password_verify("$argon2i$v=19$m=4096,t=3,p=1$abc$def", "x"));
  assert_false(password_verify(NULL, "x"));
  assert_true(password_needs_rehash("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA"));
  /* limits */
  assert_int_equal(password_hash("short", h, sizeof h, &err), -1);
  assert_non_null(strstr(err.msg, "at least"));
  char longpw[PASSWORD_MAX_LEN + 2];
  memset(longpw, 'a', sizeof longpw - 1);
  longpw[sizeof longpw - 1] = '\0';
  assert_int_equal(password_hash(longpw, h, sizeof h, &err), -1);
  assert_int_equal(password_hash("correct horse battery", h, 16, &err), -1);
  password_burn("anything at all"); /* spends the time, no result */
}

static void test_generate(void **state) {
  (void)state;
  char a[PASSWORD_GENERATED_SIZE], b[PASSWORD_GENERATED_SIZE];
  assert_int_equal(password_generate(a, sizeof a), 0);
  assert_int_equal(password_generate(b, sizeof b), 0);
  assert_int_equal(strlen(a), PASSWORD_GENERATED_SIZE - 1);
  assert_string_not_equal(a, b);
  assert_int_equal(password_generate(a, 8), -1);
}

static void test_token(void **state) {
  (void)state;
  char t1[WEBSESSION_TOKEN_SIZE], t2[WEBSESSION_TOKEN_SIZE];
  assert_int_equal(websession_new_token(t1, sizeof t1), 0);
  assert_int_equal(websession_new_token(t2, sizeof t2), 0);
  assert_int_equal(strlen(t1), WEBSESSION_TOKEN_LEN);
  assert_memory_equal(t1, "sbs_", 4);
  assert_string_not_equal(t1, t2);
  assert_true(websession_token_valid(t1));
  assert_int_equal(websession_new_token(t1, 10), -1);
  char bad[WEBSESSION_TOKEN_SIZE];
  memcpy(bad, t2, sizeof bad);
  bad[0] = 'x';
  assert_false(websession_token_valid(bad));
  memcpy(bad, t2, sizeof bad);
  bad[10] = '+'; /* not base64url */
  assert_false(websession_token_valid(bad));
  assert_false(websession_token_valid("sbs_short"));
  assert_false(websession_token_valid(NULL));
  unsigned char d1[32], d2[32];
  websession_digest(t1, d1);
  websession_digest(t2, d2);
  assert_memory_not_equal(d1, d2, 32);
  websession_digest(t1, d2);
  assert_memory_equal(d1, d2, 32);
}

static void test_csrf(void **state) {
  (void)state;
  unsigned char s[32], other[32];
  websession_new_csrf(s);
  websession_new_csrf(other);
  char tok[WEBSESSION_CSRF_SIZE];
  websession_csrf_token(s, tok, sizeof tok);
  assert_int_equal(strlen(tok), WEBSESSION_CSRF_LEN);
  assert_true(websession_csrf_check(s, tok));
  assert_false(websession_csrf_check(other, tok));
  assert_false(websession_csrf_check(s, NULL));
  assert_false(websession_csrf_check(s, ""));
  char shorter[WEBSESSION_CSRF_SIZE];
  memcpy(shorter, tok, sizeof shorter);
  shorter[WEBSESSION_CSRF_LEN - 1] = '\0';
  assert_false(websession_csrf_check(s, shorter));
  tok[5] = tok[5] == 'A' ? 'B' : 'A';
  assert_false(websession_csrf_check(s, tok));
}

static void test_cookie(void **state) {
  (void)state;
  char t[WEBSESSION_TOKEN_SIZE], out[WEBSESSION_TOKEN_SIZE], h[256];
  assert_int_equal(websession_new_token(t, sizeof t), 0);
  snprintf(h, sizeof h, "a=1; sb_session=%s; b=2", t);
  assert_int_equal(websession_cookie_token(h, out, sizeof out), 1);
  assert_string_equal(out, t);
  snprintf(h, sizeof h, "sb_session=%s", t);
  assert_int_equal(websession_cookie_token(h, out, sizeof out), 1);
  snprintf(h, sizeof h, "sb_session=junk; sb_session=%s", t); /* the valid one wins */
  assert_int_equal(websession_cookie_token(h, out, sizeof out), 1);
  assert_int_equal(websession_cookie_token("sb_session=junk", out, sizeof out), 0);
  assert_int_equal(websession_cookie_token("xsb_session=abc", out, sizeof out), 0);
  assert_int_equal(websession_cookie_token(NULL, out, sizeof out), 0);
  assert_int_equal(websession_cookie_token(h, out, 8), 0); /* no room */
  char c[200];
  assert_int_equal(websession_set_cookie(t, false, c, sizeof c), 0);
  assert_non_null(strstr(c, "; Path=/; HttpOnly; SameSite=Strict"));
  assert_null(strstr(c, "Secure"));
  assert_int_equal(websession_set_cookie(t, true, c, sizeof c), 0);
  assert_non_null(strstr(c, "; Secure"));
  assert_int_equal(websession_set_cookie(NULL, false, c, sizeof c), 0);
  assert_non_null(strstr(c, "Max-Age=0"));
  assert_int_equal(websession_set_cookie(t, true, c, 20), -1);
}

static void test_expiry(void **state) {
  (void)state;
  assert_int_equal(websession_expiry(1000, 1000), 1000 + WEBSESSION_IDLE_SECS);
  int64_t late = 1000 + WEBSESSION_ABSOLUTE_SECS - 10;
  assert_int_equal(websession_expiry(1000, late), 1000 + WEBSESSION_ABSOLUTE_SECS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_password), cmocka_unit_test(test_generate),
      cmocka_unit_test(test_token),    cmocka_unit_test(test_csrf),
      cmocka_unit_test(test_cookie),   cmocka_unit_test(test_expiry),
  };
  return cmocka_run_group_tests(tests, init, NULL);
}
