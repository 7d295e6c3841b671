/* test_apitoken.c - API credential secrets (apitoken.c) and Authorization header
 * parsing (authheader.c). */
#include "testutil.h"

#include <ctype.h>
#include <stdbool.h>

#include "auth/apitoken.h"
#include "auth/authheader.h"
#include "util/b64.h"

#define N_GEN 200

/* ---- apitoken ---- */

static void test_digest(void **state) {
  (void)state;
  unsigned char a[32], b[32], c[32];
  /* SHA-256("abc"), FIPS 180-2 appendix B.1. */
  static const unsigned char abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                        0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                        0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  apitoken_digest("abc", 3, a);
  assert_memory_equal(a, abc, 32);
  apitoken_digest("sbk_secret", 10, a);
  apitoken_digest("sbk_secret", 10, b);
  apitoken_digest("sbk_secreT", 10, c);
  assert_true(apitoken_digest_equal(a, b));
  assert_false(apitoken_digest_equal(a, c));
  /* The length matters: a prefix has another digest. */
  apitoken_digest("sbk_secret", 9, c);
  assert_false(apitoken_digest_equal(a, c));
  /* A difference in the first or the last byte is seen. */
  memcpy(c, a, 32);
  c[0] ^= 1;
  assert_false(apitoken_digest_equal(a, c));
  memcpy(c, a, 32);
  c[31] ^= 0x80;
  assert_false(apitoken_digest_equal(a, c));
}

static bool in_list(char list[][64], size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0) return true;
  return false;
}

static void test_usernames(void **state) {
  (void)state;
  static char seen[N_GEN][64];
  for (size_t i = 0; i < N_GEN; i++) {
    char u[APITOKEN_USERNAME_SIZE];
    assert_int_equal(apitoken_new_username(u, sizeof u), 0);
    assert_int_equal(strlen(u), APITOKEN_USERNAME_LEN);
    assert_memory_equal(u, "sb-", 3);
    for (size_t j = 3; j < APITOKEN_USERNAME_LEN; j++)
      assert_true(isdigit((unsigned char)u[j]) || (u[j] >= 'a' && u[j] <= 'f'));
    assert_false(in_list(seen, i, u));
    snprintf(seen[i], sizeof seen[i], "%s", u);
  }
  char small[APITOKEN_USERNAME_SIZE - 1];
  assert_int_equal(apitoken_new_username(small, sizeof small), -1);
  assert_int_equal(apitoken_new_username(NULL, 100), -1);
}

static void test_secrets(void **state) {
  (void)state;
  static char seen[N_GEN][64];
  for (size_t i = 0; i < N_GEN; i++) {
    char s[APITOKEN_SECRET_SIZE];
    assert_int_equal(apitoken_new_secret(s, sizeof s), 0);
    assert_int_equal(strlen(s), APITOKEN_SECRET_LEN);
    assert_memory_equal(s, APITOKEN_SECRET_PREFIX, 4);
    unsigned char raw[32];
    assert_int_equal(b64url_decode(s + 4, strlen(s + 4), raw, sizeof raw), 32);
    assert_false(in_list(seen, i, s));
    snprintf(seen[i], sizeof seen[i], "%s", s);
  }
  char small[APITOKEN_SECRET_SIZE - 1];
  assert_int_equal(apitoken_new_secret(small, sizeof small), -1);
}

static void test_uuids(void **state) {
  (void)state;
  static char seen[N_GEN][64];
  for (size_t i = 0; i < N_GEN; i++) {
    char u[APITOKEN_UUID_LEN + 1];
    assert_int_equal(apitoken_new_uuid(u), 0);
    assert_int_equal(strlen(u), 36);
    for (size_t j = 0; j < 36; j++) {
      if (j == 8 || j == 13 || j == 18 || j == 23)
        assert_int_equal(u[j], '-');
      else
        assert_true(isdigit((unsigned char)u[j]) || (u[j] >= 'a' && u[j] <= 'f'));
    }
    assert_int_equal(u[14], '4');           /* version 4 */
    assert_non_null(strchr("89ab", u[19])); /* RFC 4122/9562 variant */
    assert_false(in_list(seen, i, u));
    snprintf(seen[i], sizeof seen[i], "%s", u);
  }
}

/* ---- Basic ---- */

/* "Basic " + base64(text[0..n)) */
static void basic_of(const char *scheme, const char *text, size_t n, char *out, size_t outsz) {
  char b64[2048];
  assert_true(b64_encode((const unsigned char *)text, n, b64, sizeof b64) >= 0);
  snprintf(out, outsz, "%s%s", scheme, b64);
}

static int basic(const char *value, char *user, char *secret) {
  return authheader_basic(value, user, 64, secret, 128);
}

static void test_basic_good(void **state) {
  (void)state;
  char user[64], secret[128], v[4096];
  /* RFC 7617 section 2 example. */
  assert_int_equal(basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", user, secret), 0);
  assert_string_equal(user, "Aladdin");
  assert_string_equal(secret, "open sesame");
  /* Lower- and mixed-case scheme, several spaces, surrounding whitespace. */
  assert_int_equal(basic("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", user, secret), 0);
  assert_string_equal(user, "Aladdin");
  assert_int_equal(basic("BASIC    QWxhZGRpbjpvcGVuIHNlc2FtZQ==", user, secret), 0);
  assert_int_equal(basic(" \tbAsIc QWxhZGRpbjpvcGVuIHNlc2FtZQ== \t", user, secret), 0);
  assert_string_equal(secret, "open sesame");
  /* A secret containing colons is kept whole. */
  basic_of("Basic ", "sb-0123456789abcdef:sbk_a:b::c", 30, v, sizeof v);
  assert_int_equal(basic(v, user, secret), 0);
  assert_string_equal(user, "sb-0123456789abcdef");
  assert_string_equal(secret, "sbk_a:b::c");
  /* Non-ASCII UTF-8 is allowed (RFC 7617 charset). */
  basic_of("Basic ", "jos\xc3\xa9:p\xc3\xa4ss", strlen("jos\xc3\xa9:p\xc3\xa4ss"), v, sizeof v);
  assert_int_equal(basic(v, user, secret), 0);
  assert_string_equal(user, "jos\xc3\xa9");
  /* A generated credential round-trips. */
  char u[APITOKEN_USERNAME_SIZE], s[APITOKEN_SECRET_SIZE], pair[80];
  assert_int_equal(apitoken_new_username(u, sizeof u), 0);
  assert_int_equal(apitoken_new_secret(s, sizeof s), 0);
  int n = snprintf(pair, sizeof pair, "%s:%s", u, s);
  basic_of("Basic ", pair, (size_t)n, v, sizeof v);
  assert_int_equal(basic(v, user, secret), 0);
  assert_string_equal(user, u);
  assert_string_equal(secret, s);
  /* Exactly fitting buffers: user of 7 needs 8 bytes. */
  assert_int_equal(authheader_basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", user, 8, secret, 12), 0);
  assert_int_equal(authheader_basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", user, 7, secret, 12), -1);
  assert_string_equal(user, "");
  assert_string_equal(secret, "");
  assert_int_equal(authheader_basic("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", user, 8, secret, 11), -1);
}

static void expect_basic_fails(const char *value) {
  char user[64], secret[128];
  snprintf(user, sizeof user, "junk");
  snprintf(secret, sizeof secret, "junk");
  if (basic(value, user, secret) != -1) {
    fprintf(stderr, "accepted: \"%s\"\n", value ? value : "(null)");
    fail();
  }
  assert_string_equal(user, "");
  assert_string_equal(secret, "");
}

static void expect_basic_text_fails(const char *text, size_t n) {
  char v[4096];
  basic_of("Basic ", text, n, v, sizeof v);
  expect_basic_fails(v);
}

static void test_basic_bad(void **state) {
  (void)state;
  expect_basic_text_fails("nocolon", 7);
  expect_basic_text_fails(":secret", 7); /* empty user */
  expect_basic_text_fails("user:", 5);   /* empty secret */
  expect_basic_text_fails(":", 1);
  expect_basic_text_fails("us\0er:secret", 12); /* NUL in user */
  expect_basic_text_fails("user:sec\0ret", 12); /* NUL in secret */
  expect_basic_text_fails("user:sec\nret", 12); /* control characters */
  expect_basic_text_fails("us\ter:secret", 12);
  expect_basic_text_fails("user:secret\x7f", 12);
  expect_basic_text_fails("user\r\n:secret", 13);
  /* Bad base64: unpadded, URL alphabet, bad padding, spaces inside, junk after. */
  expect_basic_fails("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ");
  expect_basic_fails("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=");
  expect_basic_fails("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ===");
  expect_basic_fails("Basic QWxhZGRp bjpvcGVuIHNlc2FtZQ==");
  expect_basic_fails("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==x");
  expect_basic_fails("Basic QWxhZGRpbjpvcGVuIHNlc2FtZR=="); /* non-zero spare bits */
  expect_basic_fails("Basic dXNlcjpzZWNyZXQ-Pz8_");         /* base64url alphabet */
  expect_basic_fails("Basic !!!!");
  /* Missing or wrong scheme, no separator, empty credentials. */
  expect_basic_fails("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  expect_basic_fails("Bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  expect_basic_fails("BasicQWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  expect_basic_fails("Basic\tQWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  expect_basic_fails("Basi QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  expect_basic_fails("Basic ");
  expect_basic_fails("Basic");
  expect_basic_fails("");
  expect_basic_fails("   ");
  expect_basic_fails(NULL);
  /* Oversized: credentials past AUTHHEADER_BASIC_MAX, a whole value past the cap, and a
   * user or secret longer than its buffer. */
  static char text[4096], v[8192];
  memset(text, 'a', sizeof text);
  text[0] = 'u';
  text[1] = ':';
  basic_of("Basic ", text, 800, v, sizeof v); /* 1068 base64 characters */
  expect_basic_fails(v);
  basic_of("Basic ", text, 700, v, sizeof v); /* 936: fits the parser, not the buffer */
  expect_basic_fails(v);
  char user[64], secret[1024];
  assert_int_equal(authheader_basic(v, user, sizeof user, secret, sizeof secret), 0);
  assert_int_equal(strlen(secret), 698);
  char *huge = malloc(AUTHHEADER_VALUE_MAX + 64);
  assert_non_null(huge);
  memset(huge, ' ', AUTHHEADER_VALUE_MAX + 63);
  huge[AUTHHEADER_VALUE_MAX + 63] = '\0';
  memcpy(huge, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", 34);
  expect_basic_fails(huge);
  free(huge);
  /* Control: the same user and secret, well formed, pass. */
  assert_int_equal(basic("Basic dXNlcjpzZWNyZXQ=", user, secret), 0);
  assert_string_equal(user, "user");
  assert_string_equal(secret, "secret");
  /* Zero-size buffers. */
  assert_int_equal(authheader_basic("Basic dXNlcjpzZWNyZXQ=", user, 0, secret, 10), -1);
  assert_int_equal(authheader_basic("Basic dXNlcjpzZWNyZXQ=", NULL, 10, secret, 10), -1);
}

/* ---- tokens ---- */

#define JWT "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2ln"

static void expect_token(const char *value, const char *want) {
  const char *tok = NULL;
  size_t len = 0;
  if (authheader_token(value, &tok, &len) != 0) {
    fprintf(stderr, "refused: \"%s\"\n", value);
    fail();
  }
  assert_int_equal(len, strlen(want));
  assert_memory_equal(tok, want, len);
  assert_true(tok >= value && tok + len <= value + strlen(value));
}

static void expect_no_token(const char *value) {
  const char *tok = (const char *)1;
  size_t len = 99;
  if (authheader_token(value, &tok, &len) != -1) {
    fprintf(stderr, "accepted: \"%s\"\n", value ? value : "(null)");
    fail();
  }
  assert_null(tok);
  assert_int_equal(len, 0);
}

static void test_token_good(void **state) {
  (void)state;
  expect_token(JWT, JWT);
  expect_token("Bearer " JWT, JWT);
  expect_token("bearer " JWT, JWT);
  expect_token("BEARER " JWT, JWT);
  expect_token("Bearer     " JWT, JWT);
  expect_token("  Bearer " JWT "  ", JWT);
  expect_token("\t" JWT " \t", JWT);
  expect_token("  " JWT, JWT);
  /* The bound: exactly AUTHHEADER_TOKEN_MAX characters pass. */
  char *v = malloc(AUTHHEADER_TOKEN_MAX + 16);
  assert_non_null(v);
  memset(v, 'a', AUTHHEADER_TOKEN_MAX);
  v[100] = '.';
  v[200] = '.';
  v[AUTHHEADER_TOKEN_MAX] = '\0';
  expect_token(v, v);
  free(v);
}

static void test_token_bad(void **state) {
  (void)state;
  expect_no_token("");
  expect_no_token("    ");
  expect_no_token(NULL);
  expect_no_token("Bearer");
  expect_no_token("Bearer ");
  expect_no_token("Bearer    ");
  expect_no_token("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  expect_no_token("Basic " JWT);
  expect_no_token("Digest username=\"x\"");
  expect_no_token("Bearer " JWT " extra");
  expect_no_token("Bearer\t" JWT);
  expect_no_token("Bearer:" JWT);
  expect_no_token("Bearer Bearer " JWT);
  expect_no_token("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9");        /* two segments */
  expect_no_token("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2ln.x"); /* four */
  expect_no_token("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2ln=");  /* padding */
  expect_no_token("eyJhbGciOiJSUzI1NiJ9.eyJ+HAiOjF9.c2ln");    /* '+' */
  expect_no_token("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2l\x01");
  /* Oversized: one past AUTHHEADER_TOKEN_MAX. */
  char *v = malloc(AUTHHEADER_TOKEN_MAX + 16);
  assert_non_null(v);
  memset(v, 'a', AUTHHEADER_TOKEN_MAX + 1);
  v[100] = '.';
  v[200] = '.';
  v[AUTHHEADER_TOKEN_MAX + 1] = '\0';
  expect_no_token(v);
  free(v);
  /* A value past AUTHHEADER_VALUE_MAX, even if mostly spaces. */
  v = malloc(AUTHHEADER_VALUE_MAX + 64);
  assert_non_null(v);
  memset(v, ' ', AUTHHEADER_VALUE_MAX + 63);
  memcpy(v, JWT, strlen(JWT));
  v[AUTHHEADER_VALUE_MAX + 63] = '\0';
  expect_no_token(v);
  free(v);
  assert_int_equal(authheader_token(JWT, NULL, NULL), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_digest),     cmocka_unit_test(test_usernames),
      cmocka_unit_test(test_secrets),    cmocka_unit_test(test_uuids),
      cmocka_unit_test(test_basic_good), cmocka_unit_test(test_basic_bad),
      cmocka_unit_test(test_token_good), cmocka_unit_test(test_token_bad),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
