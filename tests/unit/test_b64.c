/* test_b64.c - strict base64 and base64url (src/util/b64.h). */
#include "testutil.h"

#include "util/b64.h"

/* RFC 4648 §10 test vectors. */
static const struct {
  const char *plain, *std, *url;
} VEC[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};
#define NVEC (sizeof VEC / sizeof VEC[0])

static long dec_std(const char *s, unsigned char *out, size_t outsz) {
  return b64_decode(s, strlen(s), out, outsz);
}
static long dec_url(const char *s, unsigned char *out, size_t outsz) {
  return b64url_decode(s, strlen(s), out, outsz);
}

static void test_rfc4648_vectors(void **state) {
  (void)state;
  for (size_t i = 0; i < NVEC; i++) {
    char enc[32];
    unsigned char dec[32];
    size_t n = strlen(VEC[i].plain);
    memset(enc, 'x', sizeof enc);
    assert_int_equal(b64_encode((const unsigned char *)VEC[i].plain, n, enc, sizeof enc),
                     (long)strlen(VEC[i].std));
    assert_string_equal(enc, VEC[i].std);
    memset(enc, 'x', sizeof enc);
    assert_int_equal(b64url_encode((const unsigned char *)VEC[i].plain, n, enc, sizeof enc),
                     (long)strlen(VEC[i].url));
    assert_string_equal(enc, VEC[i].url);
    assert_int_equal(dec_std(VEC[i].std, dec, sizeof dec), (long)n);
    assert_memory_equal(dec, VEC[i].plain, n);
    assert_int_equal(dec_url(VEC[i].url, dec, sizeof dec), (long)n);
    assert_memory_equal(dec, VEC[i].plain, n);
  }
}

static void test_alphabets(void **state) {
  (void)state;
  const unsigned char in[] = {0xfb, 0xff, 0xbf};
  char enc[8];
  unsigned char dec[8];
  assert_int_equal(b64_encode(in, 3, enc, sizeof enc), 4);
  assert_string_equal(enc, "+/+/");
  assert_int_equal(b64url_encode(in, 3, enc, sizeof enc), 4);
  assert_string_equal(enc, "-_-_");
  assert_int_equal(dec_std("+/+/", dec, sizeof dec), 3);
  assert_memory_equal(dec, in, 3);
  assert_int_equal(dec_url("-_-_", dec, sizeof dec), 3);
  assert_memory_equal(dec, in, 3);
  /* each decoder refuses the other's two characters */
  assert_int_equal(dec_std("-_-_", dec, sizeof dec), -1);
  assert_int_equal(dec_std("+/-_", dec, sizeof dec), -1);
  assert_int_equal(dec_url("+/+/", dec, sizeof dec), -1);
  assert_int_equal(dec_url("-_+/", dec, sizeof dec), -1);
  /* ... one at a time */
  assert_int_equal(dec_std("-AAA", dec, sizeof dec), -1);
  assert_int_equal(dec_std("A_AA", dec, sizeof dec), -1);
  assert_int_equal(dec_url("+AAA", dec, sizeof dec), -1);
  assert_int_equal(dec_url("A/AA", dec, sizeof dec), -1);
  assert_int_equal(dec_std("+AAA", dec, sizeof dec), 3);
  assert_int_equal(dec_url("-AAA", dec, sizeof dec), 3);
  /* 2 bytes: std pads, url does not */
  assert_int_equal(b64_encode(in, 2, enc, sizeof enc), 4);
  assert_string_equal(enc, "+/8=");
  assert_int_equal(b64url_encode(in, 2, enc, sizeof enc), 3);
  assert_string_equal(enc, "-_8");
}

static void test_padding_rules(void **state) {
  (void)state;
  unsigned char dec[16];
  static const char *bad_std[] = {"Zg",    "Zg=",     "Zg===", "Z===",     "====", "=",
                                  "==",    "Zm9v=",   "=Zg=",  "Zg==Zg==", "Z=g=", "Zm=v",
                                  "Zm9vY", "Zm9vYg=", "Zm8",   "Zm9vYmE"};
  for (size_t i = 0; i < sizeof bad_std / sizeof bad_std[0]; i++) {
    if (dec_std(bad_std[i], dec, sizeof dec) != -1) fail_msg("b64 accepted '%s'", bad_std[i]);
  }
  /* a lone last character ("A" has no spare bits set, yet carries no whole byte) */
  static const char *bad_url[] = {"Zg==", "Zm8=", "Zg=", "Z", "A", "Zm9vY", "Zm9vA", "=", "Zm9v="};
  for (size_t i = 0; i < sizeof bad_url / sizeof bad_url[0]; i++) {
    if (dec_url(bad_url[i], dec, sizeof dec) != -1) fail_msg("b64url accepted '%s'", bad_url[i]);
  }
}

static void test_noncanonical_trailing_bits(void **state) {
  (void)state;
  unsigned char dec[8];
  /* "Zg==" is 'f'; "Zh=="..."Zv==" carry non-zero spare bits and also decode to 'f' in a
   * lax decoder */
  assert_int_equal(dec_std("Zg==", dec, sizeof dec), 1);
  assert_int_equal(dec_std("Zh==", dec, sizeof dec), -1);
  assert_int_equal(dec_std("Zv==", dec, sizeof dec), -1);
  assert_int_equal(dec_std("Zm8=", dec, sizeof dec), 2);
  assert_int_equal(dec_std("Zm9=", dec, sizeof dec), -1);
  assert_int_equal(dec_std("Zm//", dec, sizeof dec), 3); /* full quantum: no spare bits */
  assert_int_equal(dec_url("Zh", dec, sizeof dec), -1);
  assert_int_equal(dec_url("Zm9", dec, sizeof dec), -1);
  assert_int_equal(dec_url("Zm8", dec, sizeof dec), 2);
  /* every two-character tail: exactly the 64 with zero spare bits decode */
  int ok = 0;
  const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int i = 0; i < 64; i++) {
    for (int j = 0; j < 64; j++) {
      char s[3] = {alpha[i], alpha[j], '\0'};
      long n = dec_url(s, dec, sizeof dec);
      if (n == 1) {
        ok++;
        assert_int_equal(dec[0], (unsigned char)(i << 2 | j >> 4));
        assert_int_equal(j & 15, 0);
      } else {
        assert_int_equal(n, -1);
        assert_true(j & 15);
      }
    }
  }
  assert_int_equal(ok, 256);
}

static void test_alphabet_rejected(void **state) {
  (void)state;
  unsigned char dec[16];
  /* all of length 4 or 8, so only the alphabet can be what is refused */
  static const char *bad[] = {"Zm9 ", " Zm9",        "Zm9\n",      "Zm9\t",   "Zm.v",
                              "Zm*v", "Zm9v\x80mFy", "Zm\xc3\xa9", "Zm9=Zm9v"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(dec_std(bad[i], dec, sizeof dec), -1);
    assert_int_equal(dec_url(bad[i], dec, sizeof dec), -1);
  }
  /* an embedded NUL counted in len is not base64 */
  assert_int_equal(b64_decode("Zm\0v", 4, dec, sizeof dec), -1);
  assert_int_equal(b64url_decode("Zm\0v", 4, dec, sizeof dec), -1);
  /* len limits what is read */
  assert_int_equal(b64url_decode("Zm9vYmFy!!!", 8, dec, sizeof dec), 6);
  assert_memory_equal(dec, "foobar", 6);
  assert_int_equal(b64_decode("Zm9vYmFy=junk", 8, dec, sizeof dec), 6);
}

static void test_output_sizes(void **state) {
  (void)state;
  unsigned char dec[8];
  char enc[16];
  /* decode: exact size ok, one short refused */
  assert_int_equal(dec_std("Zm9vYmFy", dec, 6), 6);
  assert_int_equal(dec_std("Zm9vYmFy", dec, 5), -1);
  assert_int_equal(dec_std("Zm9vYmE=", dec, 5), 5);
  assert_int_equal(dec_std("Zm9vYmE=", dec, 4), -1);
  assert_int_equal(dec_url("Zm9vYmE", dec, 5), 5);
  assert_int_equal(dec_url("Zm9vYmE", dec, 4), -1);
  assert_int_equal(dec_url("", NULL, 0), 0);
  assert_int_equal(dec_std("", NULL, 0), 0);
  /* encode: room for the text and the NUL */
  const unsigned char *in = (const unsigned char *)"fooba";
  assert_int_equal(b64_encode(in, 5, enc, 9), 8);
  assert_string_equal(enc, "Zm9vYmE=");
  assert_int_equal(b64_encode(in, 5, enc, 8), -1);
  assert_int_equal(b64url_encode(in, 5, enc, 8), 7);
  assert_int_equal(b64url_encode(in, 5, enc, 7), -1);
  assert_int_equal(b64url_encode(in, 0, enc, 1), 0);
  assert_string_equal(enc, "");
  assert_int_equal(b64url_encode(in, 0, enc, 0), -1);
  /* the size macro is always enough */
  for (size_t n = 0; n <= 10; n++) {
    char out[B64URL_ENCODED_SIZE(10)];
    unsigned char zeros[10] = {0};
    assert_true(b64url_encode(zeros, n, out, B64URL_ENCODED_SIZE(n)) >= 0);
  }
}

static void test_round_trip(void **state) {
  (void)state;
  unsigned char in[70], dec[70];
  char enc[128];
  unsigned x = 12345;
  for (size_t n = 0; n < sizeof in; n++) {
    for (size_t i = 0; i < n; i++) {
      x = x * 1103515245u + 12345u;
      in[i] = (unsigned char)(x >> 16);
    }
    long e = b64_encode(in, n, enc, sizeof enc);
    assert_int_equal(e, (long)((n + 2) / 3 * 4));
    assert_int_equal(b64_decode(enc, (size_t)e, dec, sizeof dec), (long)n);
    assert_memory_equal(dec, in, n);
    e = b64url_encode(in, n, enc, sizeof enc);
    assert_int_equal(e, (long)(B64URL_ENCODED_SIZE(n) - 1 - (n % 3 ? 3 - n % 3 : 0)));
    assert_null(strchr(enc, '='));
    assert_int_equal(b64url_decode(enc, (size_t)e, dec, sizeof dec), (long)n);
    assert_memory_equal(dec, in, n);
  }
}

static void test_basic_auth_shape(void **state) {
  (void)state;
  /* "username:api_token" as the seed's token call builds it */
  const char *cred = "johndoe:Test123$";
  char enc[64];
  unsigned char dec[64];
  long e = b64_encode((const unsigned char *)cred, strlen(cred), enc, sizeof enc);
  assert_string_equal(enc, "am9obmRvZTpUZXN0MTIzJA==");
  assert_int_equal(b64_decode(enc, (size_t)e, dec, sizeof dec), (long)strlen(cred));
  assert_memory_equal(dec, cred, strlen(cred));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rfc4648_vectors),   cmocka_unit_test(test_alphabets),
      cmocka_unit_test(test_padding_rules),     cmocka_unit_test(test_noncanonical_trailing_bits),
      cmocka_unit_test(test_alphabet_rejected), cmocka_unit_test(test_output_sizes),
      cmocka_unit_test(test_round_trip),        cmocka_unit_test(test_basic_auth_shape),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
