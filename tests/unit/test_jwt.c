/* test_jwt.c - keyring (keys.c) and JWS RS256 (jwt.c): round trips, RFC 7515 vectors,
 * algorithm confusion, claims, malformed tokens, reload and rotation, JWKS. */
#include "testutil.h"

#include <ftw.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include "auth/jwt.h"
#include "auth/keys.h"
#include "util/b64.h"
#include "util/fsutil.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define ISS "https://scorebridge.test"
#define AUD "ssr-api"

/* RFC 7515 appendix A.2 (RS256) and A.1 (HS256). */
static const char A2_TOKEN[] =
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
    "LmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7"
    "AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO"
    "75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6B"
    "fI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe7"
    "7Rw";
static const char A2_N[] =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0B"
    "m4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5"
    "rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhy"
    "xXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
static const char A1_TOKEN[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogI"
    "mh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
static const char A1_KEY[] =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
/* RFC 7638 section 3.1: a key and its published thumbprint. */
static const char T_N[] =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJE"
    "CPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2Qvz"
    "qY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu"
    "0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
static const char T_THUMB[] = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

/* Shared fixture: one generated keyring in a temporary directory. */
static char g_dir[64];
static struct keyring *g_kr;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void rm_rf(const char *dir) {
  nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Per-test temporary directory, removed by the teardown even when the test fails. */
static int tmpdir_setup(void **state) {
  char *d = strdup("/tmp/sb-test-jwt-XXXXXX");
  if (d == NULL || mkdtemp(d) == NULL) {
    free(d);
    return -1;
  }
  *state = d;
  return 0;
}

static int tmpdir_teardown(void **state) {
  rm_rf(*state);
  free(*state);
  return 0;
}

static int group_setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/sb-test-jwt-XXXXXX");
  if (mkdtemp(g_dir) == NULL) return -1;
  char sub[128];
  snprintf(sub, sizeof sub, "%s/keys", g_dir);
  struct sb_err err = {{0}};
  g_kr = keyring_load(sub, true, &err);
  if (g_kr == NULL) fprintf(stderr, "keyring_load: %s\n", err.msg);
  return g_kr ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  keyring_free(g_kr);
  rm_rf(g_dir);
  return 0;
}

static char *b64u(const void *p, size_t n) {
  char *out = malloc(B64URL_ENCODED_SIZE(n));
  assert_non_null(out);
  assert_true(b64url_encode(p, n, out, B64URL_ENCODED_SIZE(n)) >= 0);
  return out;
}

static char *cat3(const char *a, const char *b, const char *c) {
  size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
  char *s = malloc(n);
  assert_non_null(s);
  snprintf(s, n, "%s.%s.%s", a, b, c);
  return s;
}

/* "b64(hdr).b64(payload)" */
static char *signing_input(const char *hdr, const char *payload) {
  char *h = b64u(hdr, strlen(hdr)), *p = b64u(payload, strlen(payload));
  size_t n = strlen(h) + strlen(p) + 2;
  char *s = malloc(n);
  assert_non_null(s);
  snprintf(s, n, "%s.%s", h, p);
  free(h);
  free(p);
  return s;
}

/* A token with any header and payload, RS256-signed by the test itself. */
static char *rs256_token(EVP_PKEY *pkey, const char *hdr, const char *payload) {
  char *in = signing_input(hdr, payload);
  unsigned char sig[1024];
  size_t siglen = sizeof sig;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  assert_non_null(ctx);
  assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pkey), 1);
  assert_int_equal(EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)in, strlen(in)), 1);
  EVP_MD_CTX_free(ctx);
  char *s = b64u(sig, siglen);
  size_t n = strlen(in) + strlen(s) + 2;
  char *tok = malloc(n);
  assert_non_null(tok);
  snprintf(tok, n, "%s.%s", in, s);
  free(in);
  free(s);
  return tok;
}

/* A token HMAC-SHA256-signed (HS256) with an arbitrary key. */
static char *hs256_token(const void *key, size_t klen, const char *hdr, const char *payload) {
  char *in = signing_input(hdr, payload);
  unsigned char mac[32];
  unsigned int maclen = 0;
  assert_non_null(
      HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)in, strlen(in), mac, &maclen));
  assert_int_equal(maclen, 32);
  char *s = b64u(mac, maclen);
  size_t n = strlen(in) + strlen(s) + 2;
  char *tok = malloc(n);
  assert_non_null(tok);
  snprintf(tok, n, "%s.%s", in, s);
  free(in);
  free(s);
  return tok;
}

static EVP_PKEY *signing_pkey(void) {
  return keyring_key_pkey(keyring_signing_key(g_kr));
}

static char *std_header(void) {
  static char h[128];
  snprintf(h, sizeof h, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
           keyring_signing_kid(g_kr));
  return h;
}

static const char STD_PAYLOAD[] = "{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"sub\":\"sb-0011\","
                                  "\"iat\":1767225600,\"exp\":1767229200}";

static const struct jwt_expect EXPECT = {ISS, AUD, NOW, 60};

/* Verifies tok with kr and the standard expectations; returns whether it passed. When
 * it fails and want_reason is non-NULL, asserts the reason mentions it. */
static bool verifies(const struct keyring *kr, const char *tok, const char *want_reason) {
  struct sb_err err = {{0}};
  json_t *claims = jwt_verify(kr, tok, strlen(tok), &EXPECT, &err);
  if (claims != NULL) {
    json_decref(claims);
    return true;
  }
  if (want_reason != NULL && strstr(err.msg, want_reason) == NULL) {
    fprintf(stderr, "reason \"%s\" does not mention \"%s\"\n", err.msg, want_reason);
    fail();
  }
  return false;
}

static json_t *standard_claims(void) {
  json_t *c = json_loads(STD_PAYLOAD, 0, NULL);
  assert_non_null(c);
  return c;
}

/* ---- sign / verify ---- */

static void test_sign_verify_round_trip(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  json_t *claims = standard_claims();
  json_object_set_new(claims, "scope", json_string("reports:read"));
  char *tok = jwt_sign(g_kr, claims, &err);
  assert_non_null(tok);
  json_t *got = jwt_verify(g_kr, tok, strlen(tok), &EXPECT, &err);
  assert_non_null(got);
  assert_true(json_equal(got, claims));
  assert_string_equal(json_string_value(json_object_get(got, "scope")), "reports:read");
  json_decref(got);

  /* The header is exactly what jwt.h promises. */
  struct jwt_decoded d;
  assert_int_equal(jwt_decode(tok, strlen(tok), &d, &err), 0);
  assert_int_equal(json_object_size(d.header), 3);
  assert_string_equal(json_string_value(json_object_get(d.header, "alg")), "RS256");
  assert_string_equal(json_string_value(json_object_get(d.header, "typ")), "JWT");
  assert_string_equal(json_string_value(json_object_get(d.header, "kid")),
                      keyring_signing_kid(g_kr));
  assert_int_equal(d.sig_len, 256);
  jwt_decoded_free(&d);

  /* A token made by the test's own RS256 signer verifies too (interoperable format). */
  char *own = rs256_token(signing_pkey(), std_header(), STD_PAYLOAD);
  assert_true(verifies(g_kr, own, NULL));
  free(own);
  free(tok);
  json_decref(claims);
}

static void test_sign_refusals(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  /* No exp. */
  json_t *c = json_pack("{s:s}", "sub", "x");
  assert_null(jwt_sign(g_kr, c, &err));
  assert_non_null(strstr(err.msg, "exp"));
  json_decref(c);
  /* Too large for JWT_MAX_LEN. */
  c = standard_claims();
  char big[7000];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  json_object_set_new(c, "pad", json_string(big));
  assert_null(jwt_sign(g_kr, c, &err));
  assert_non_null(strstr(err.msg, "longer"));
  /* Just under the bound works and verifies. */
  json_object_set_new(c, "pad", json_string(big + 1500));
  char *tok = jwt_sign(g_kr, c, &err);
  assert_non_null(tok);
  assert_true(strlen(tok) <= JWT_MAX_LEN);
  assert_true(verifies(g_kr, tok, NULL));
  free(tok);
  json_decref(c);
  /* A public-only keyring cannot sign. */
  struct keyring *pub = keyring_from_public_jwk("a2", A2_N, "AQAB", &err);
  assert_non_null(pub);
  c = standard_claims();
  assert_null(jwt_sign(pub, c, &err));
  assert_non_null(strstr(err.msg, "private"));
  json_decref(c);
  keyring_free(pub);
}

/* ---- RFC 7515 vectors ---- */

static void test_rfc7515_a2_rs256(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  struct keyring *kr = keyring_from_public_jwk("rfc7515-a2", A2_N, "AQAB", &err);
  assert_non_null(kr);
  const struct keyring_key *key = keyring_find(kr, "rfc7515-a2", strlen("rfc7515-a2"));
  assert_non_null(key);
  assert_string_equal(keyring_key_alg(key), "RS256");
  assert_false(keyring_key_has_private(key));

  struct jwt_decoded d;
  assert_int_equal(jwt_decode(A2_TOKEN, strlen(A2_TOKEN), &d, &err), 0);
  assert_int_equal(jwt_verify_signature_with_key(&d, key, &err), 0);
  /* The payload has CRLF and spaces: compare parsed values. */
  assert_string_equal(json_string_value(json_object_get(d.claims, "iss")), "joe");
  assert_int_equal(json_integer_value(json_object_get(d.claims, "exp")), 1300819380);
  assert_true(json_is_true(json_object_get(d.claims, "http://example.com/is_root")));

  struct jwt_expect ex = {"joe", NULL, 1300819379, 0};
  assert_int_equal(jwt_check_claims(d.claims, &ex, &err), 0);
  ex.now = 1300819380; /* now == exp: expired */
  assert_int_equal(jwt_check_claims(d.claims, &ex, &err), -1);
  assert_non_null(strstr(err.msg, "expired"));
  ex.leeway = 60; /* within leeway */
  assert_int_equal(jwt_check_claims(d.claims, &ex, &err), 0);
  ex.now = 1300819440; /* leeway used up */
  assert_int_equal(jwt_check_claims(d.claims, &ex, &err), -1);
  ex.now = NOW;
  assert_int_equal(jwt_check_claims(d.claims, &ex, &err), -1);
  jwt_decoded_free(&d);

  /* The normal path needs a kid, which the RFC header lacks. */
  assert_null(jwt_verify(kr, A2_TOKEN, strlen(A2_TOKEN), &ex, &err));
  assert_non_null(strstr(err.msg, "kid"));

  /* One changed signature character, or a shortened signature, fails. */
  char *bad = strdup(A2_TOKEN);
  size_t n = strlen(bad);
  bad[n - 10] = bad[n - 10] == 'A' ? 'B' : 'A';
  assert_int_equal(jwt_decode(bad, n, &d, &err), 0);
  assert_int_equal(jwt_verify_signature_with_key(&d, key, &err), -1);
  jwt_decoded_free(&d);
  memcpy(bad, A2_TOKEN, n);
  /* 342 - 6 = 336 characters: a canonical 252-byte signature, too short for the key. */
  assert_int_equal(jwt_decode(bad, n - 6, &d, &err), 0);
  assert_int_equal(d.sig_len, 252);
  assert_int_equal(jwt_verify_signature_with_key(&d, key, &err), -1);
  assert_non_null(strstr(err.msg, "bytes"));
  jwt_decoded_free(&d);
  free(bad);

  /* Our own key does not verify the RFC token. */
  assert_int_equal(jwt_decode(A2_TOKEN, strlen(A2_TOKEN), &d, &err), 0);
  assert_int_equal(jwt_verify_signature_with_key(&d, keyring_signing_key(g_kr), &err), -1);
  jwt_decoded_free(&d);
  keyring_free(kr);
}

static void test_rfc7515_a1_hs256_refused(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  /* First prove the vector is a genuinely valid HS256 token. */
  unsigned char key[64], sig[64], mac[32];
  long klen = b64url_decode(A1_KEY, strlen(A1_KEY), key, sizeof key);
  assert_int_equal(klen, 64);
  const char *dot = strrchr(A1_TOKEN, '.');
  long slen = b64url_decode(dot + 1, strlen(dot + 1), sig, sizeof sig);
  assert_int_equal(slen, 32);
  unsigned int maclen = 0;
  assert_non_null(HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)A1_TOKEN,
                       (size_t)(dot - A1_TOKEN), mac, &maclen));
  assert_int_equal(maclen, 32);
  assert_memory_equal(mac, sig, 32);

  /* It decodes (typ "JWT", alg present) but no RSA key accepts it. */
  struct jwt_decoded d;
  assert_int_equal(jwt_decode(A1_TOKEN, strlen(A1_TOKEN), &d, &err), 0);
  assert_string_equal(json_string_value(json_object_get(d.header, "alg")), "HS256");
  struct keyring *kr = keyring_from_public_jwk("a2", A2_N, "AQAB", &err);
  assert_non_null(kr);
  assert_int_equal(jwt_verify_signature_with_key(&d, keyring_signing_key(kr), &err), -1);
  assert_non_null(strstr(err.msg, "alg"));
  assert_int_equal(jwt_verify_signature_with_key(&d, keyring_signing_key(g_kr), &err), -1);
  jwt_decoded_free(&d);
  assert_null(jwt_verify(kr, A1_TOKEN, strlen(A1_TOKEN), &EXPECT, &err));
  keyring_free(kr);

  /* The same HS256 construction with our kid in the header is refused for its alg. */
  char hdr[128];
  snprintf(hdr, sizeof hdr, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
           keyring_signing_kid(g_kr));
  char *tok = hs256_token(key, (size_t)klen, hdr, STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "alg"));
  free(tok);
}

/* The classic forgery: HS256 MACed with the server's public key PEM as the secret. */
static void test_hs256_with_public_pem_refused(void **state) {
  (void)state;
  char path[256];
  snprintf(path, sizeof path, "%s/keys/%s.pub.pem", g_dir, keyring_signing_kid(g_kr));
  struct sb_err err = {{0}};
  size_t pemlen = 0;
  char *pem = fs_read_file(path, 65536, &pemlen, &err);
  assert_non_null(pem);
  assert_non_null(strstr(pem, "-----BEGIN PUBLIC KEY-----"));
  char hdr[128];
  snprintf(hdr, sizeof hdr, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
           keyring_signing_kid(g_kr));
  char *tok = hs256_token(pem, pemlen, hdr, STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "alg"));
  free(tok);
  /* Also with the PEM minus its trailing newline as the MAC key. */
  tok = hs256_token(pem, pemlen - 1, hdr, STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "alg"));
  free(tok);
  free(pem);
  /* Control: the same payload properly signed verifies. */
  tok = rs256_token(signing_pkey(), std_header(), STD_PAYLOAD);
  assert_true(verifies(g_kr, tok, NULL));
  free(tok);
}

static void test_other_algs_refused(void **state) {
  (void)state;
  const char *kid = keyring_signing_kid(g_kr);
  char hdr[160], *tok;
  /* alg none, with an empty signature (refused as malformed) and a non-empty one. */
  snprintf(hdr, sizeof hdr, "{\"alg\":\"none\",\"kid\":\"%s\"}", kid);
  char *in = signing_input(hdr, STD_PAYLOAD);
  size_t n = strlen(in) + 8;
  tok = malloc(n);
  assert_non_null(tok);
  snprintf(tok, n, "%s.", in);
  assert_false(verifies(g_kr, tok, "segment"));
  snprintf(tok, n, "%s.AAAA", in);
  assert_false(verifies(g_kr, tok, "alg"));
  free(tok);
  free(in);
  /* RS256-signed, but the header names another alg: the pinned alg must match exactly. */
  const char *algs[] = {"rs256", "RS384", "RS512", "PS256", "ES256", "HS256", "none", ""};
  for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
    snprintf(hdr, sizeof hdr, "{\"alg\":\"%s\",\"kid\":\"%s\"}", algs[i], kid);
    tok = rs256_token(signing_pkey(), hdr, STD_PAYLOAD);
    assert_false(verifies(g_kr, tok, "alg"));
    free(tok);
  }
  /* Missing alg and non-string alg. */
  snprintf(hdr, sizeof hdr, "{\"kid\":\"%s\"}", kid);
  tok = rs256_token(signing_pkey(), hdr, STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "alg"));
  free(tok);
  snprintf(hdr, sizeof hdr, "{\"alg\":[\"RS256\"],\"kid\":\"%s\"}", kid);
  tok = rs256_token(signing_pkey(), hdr, STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "alg"));
  free(tok);
  /* Control: a header with only alg and kid verifies. */
  snprintf(hdr, sizeof hdr, "{\"alg\":\"RS256\",\"kid\":\"%s\"}", kid);
  tok = rs256_token(signing_pkey(), hdr, STD_PAYLOAD);
  assert_true(verifies(g_kr, tok, NULL));
  free(tok);
}

static void test_kid_required_and_known(void **state) {
  const char *dir = *state;
  struct sb_err err = {{0}};
  char *tok = rs256_token(signing_pkey(), "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "kid"));
  free(tok);
  tok = rs256_token(signing_pkey(), "{\"alg\":\"RS256\",\"kid\":\"nope\"}", STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "kid"));
  free(tok);
  tok = rs256_token(signing_pkey(), "{\"alg\":\"RS256\",\"kid\":7}", STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "kid"));
  free(tok);
  /* A kid that is a prefix of ours is not ours. */
  char hdr[128];
  snprintf(hdr, sizeof hdr, "{\"alg\":\"RS256\",\"kid\":\"%.20s\"}", keyring_signing_kid(g_kr));
  tok = rs256_token(signing_pkey(), hdr, STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "kid"));
  free(tok);
  /* A token from another keyring: its kid is unknown here. */
  struct keyring *other = keyring_load(dir, true, &err);
  assert_non_null(other);
  assert_string_not_equal(keyring_signing_kid(other), keyring_signing_kid(g_kr));
  json_t *c = standard_claims();
  tok = jwt_sign(other, c, &err);
  assert_non_null(tok);
  assert_true(verifies(other, tok, NULL));
  assert_false(verifies(g_kr, tok, "kid"));
  free(tok);
  /* And a token from the other key claiming our kid fails the signature. */
  tok = rs256_token(keyring_key_pkey(keyring_signing_key(other)), std_header(), STD_PAYLOAD);
  assert_false(verifies(g_kr, tok, "signature"));
  free(tok);
  json_decref(c);
  keyring_free(other);
}

static void test_tampering_refused(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  json_t *c = standard_claims();
  char *tok = jwt_sign(g_kr, c, &err);
  assert_non_null(tok);
  assert_true(verifies(g_kr, tok, NULL));
  /* Replace the payload with a different (valid) one, keeping header and signature. */
  char *d1 = strchr(tok, '.'), *d2 = strrchr(tok, '.');
  char *forged_payload = b64u(
      "{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"sub\":\"admin\",\"exp\":1767229200}",
      strlen("{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"sub\":\"admin\",\"exp\":1767229200}"));
  *d1 = '\0';
  char *forged = cat3(tok, forged_payload, d2 + 1);
  *d1 = '.';
  assert_false(verifies(g_kr, forged, "signature"));
  free(forged);
  free(forged_payload);
  /* Every single-character change anywhere in the token is refused. */
  size_t n = strlen(tok);
  char *t = strdup(tok);
  for (size_t i = 0; i < n; i++) {
    if (tok[i] == '.') continue;
    t[i] = tok[i] == 'x' ? 'y' : 'x';
    json_t *got = jwt_verify(g_kr, t, n, &EXPECT, &err);
    if (got != NULL) {
      fprintf(stderr, "change at %zu accepted\n", i);
      fail();
    }
    t[i] = tok[i];
  }
  free(t);
  free(tok);
  json_decref(c);
}

/* ---- claims ---- */

static int check(const char *claims_json, int64_t now, int64_t leeway, const char *iss,
                 const char *aud) {
  json_error_t jerr;
  json_t *c = json_loads(claims_json, 0, &jerr);
  assert_non_null(c);
  struct jwt_expect ex = {iss, aud, now, leeway};
  struct sb_err err = {{0}};
  int rc = jwt_check_claims(c, &ex, &err);
  if (rc != 0) assert_true(strlen(err.msg) > 0);
  json_decref(c);
  return rc;
}

static void test_claims_times(void **state) {
  (void)state;
  /* exp: required, numeric; now >= exp + leeway expires. */
  assert_int_equal(check("{\"exp\":1000}", 999, 0, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":1000}", 1000, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":1000}", 1059, 60, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":1000}", 1060, 60, NULL, NULL), -1);
  assert_int_equal(check("{}", 0, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":\"2000\"}", 0, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":null}", 0, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":true}", 0, 0, NULL, NULL), -1);
  /* Non-integer NumericDate. */
  assert_int_equal(check("{\"exp\":1000.5}", 1000, 0, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":1000.5}", 1001, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":1.0005e3}", 1000, 0, NULL, NULL), 0);
  /* nbf: refused while now + leeway < nbf. */
  assert_int_equal(check("{\"exp\":5000,\"nbf\":1000}", 999, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":5000,\"nbf\":1000}", 1000, 0, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":5000,\"nbf\":1000}", 940, 60, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":5000,\"nbf\":1000}", 939, 60, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":5000,\"nbf\":\"1000\"}", 2000, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":5000,\"nbf\":999.5}", 999, 0, NULL, NULL), -1);
  /* iat: refused when more than leeway in the future. */
  assert_int_equal(check("{\"exp\":5000,\"iat\":1000}", 1000, 0, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":5000,\"iat\":1001}", 1000, 0, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":5000,\"iat\":1060}", 1000, 60, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":5000,\"iat\":1061}", 1000, 60, NULL, NULL), -1);
  assert_int_equal(check("{\"exp\":5000,\"iat\":10}", 1000, 0, NULL, NULL), 0);
  assert_int_equal(check("{\"exp\":5000,\"iat\":[1]}", 1000, 0, NULL, NULL), -1);
  /* Negative leeway is a caller error. */
  assert_int_equal(check("{\"exp\":5000}", 1000, -1, NULL, NULL), -1);
  /* Not an object / no expectations. */
  struct sb_err err = {{0}};
  json_t *arr = json_array();
  assert_int_equal(jwt_check_claims(arr, &EXPECT, &err), -1);
  json_decref(arr);
  json_t *c = json_pack("{s:i}", "exp", 5000);
  assert_int_equal(jwt_check_claims(c, NULL, &err), -1);
  json_decref(c);
}

static void test_claims_iss_aud(void **state) {
  (void)state;
  const char *base = "{\"exp\":5000,\"iss\":\"https://a.test\",\"aud\":\"api\"}";
  assert_int_equal(check(base, 1000, 0, "https://a.test", "api"), 0);
  assert_int_equal(check(base, 1000, 0, NULL, NULL), 0);
  assert_int_equal(check(base, 1000, 0, "https://b.test", NULL), -1);
  assert_int_equal(check(base, 1000, 0, "https://a.tes", NULL), -1);
  assert_int_equal(check(base, 1000, 0, "https://a.test/", NULL), -1);
  assert_int_equal(check(base, 1000, 0, NULL, "API"), -1);
  assert_int_equal(check(base, 1000, 0, NULL, "other"), -1);
  assert_int_equal(check("{\"exp\":5000}", 1000, 0, "https://a.test", NULL), -1);
  assert_int_equal(check("{\"exp\":5000,\"iss\":7}", 1000, 0, "7", NULL), -1);
  assert_int_equal(check("{\"exp\":5000}", 1000, 0, NULL, "api"), -1);
  /* aud as an array. */
  assert_int_equal(check("{\"exp\":5000,\"aud\":[\"x\",\"api\"]}", 1000, 0, NULL, "api"), 0);
  assert_int_equal(check("{\"exp\":5000,\"aud\":[\"api\"]}", 1000, 0, NULL, "api"), 0);
  assert_int_equal(check("{\"exp\":5000,\"aud\":[\"x\",\"y\"]}", 1000, 0, NULL, "api"), -1);
  assert_int_equal(check("{\"exp\":5000,\"aud\":[]}", 1000, 0, NULL, "api"), -1);
  assert_int_equal(check("{\"exp\":5000,\"aud\":[[\"api\"]]}", 1000, 0, NULL, "api"), -1);
  assert_int_equal(check("{\"exp\":5000,\"aud\":{\"api\":1}}", 1000, 0, NULL, "api"), -1);
  assert_int_equal(check("{\"exp\":5000,\"aud\":1}", 1000, 0, NULL, "1"), -1);
}

/* Claims failures through the whole pipeline, with properly signed tokens. */
static void test_verify_claims_end_to_end(void **state) {
  (void)state;
  struct {
    const char *payload;
    bool ok;
  } cases[] = {
      {STD_PAYLOAD, true},
      /* exp == now is within the 60 s leeway; exp == now - 60 is not. */
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767225600}", true},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767225541}", true},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767225540}", false},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1300819380}", false},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767229200,\"nbf\":1767225700}", false},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767229200,\"nbf\":1767225650}", true},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767229200,\"iat\":1767225700}", false},
      {"{\"iss\":\"https://evil.test\",\"aud\":\"" AUD "\",\"exp\":1767229200}", false},
      {"{\"iss\":\"" ISS "\",\"aud\":\"other\",\"exp\":1767229200}", false},
      {"{\"iss\":\"" ISS "\",\"aud\":[\"other\",\"" AUD "\"],\"exp\":1767229200}", true},
      {"{\"iss\":\"" ISS "\",\"aud\":[\"other\"],\"exp\":1767229200}", false},
      {"{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\"}", false},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *tok = rs256_token(signing_pkey(), std_header(), cases[i].payload);
    if (verifies(g_kr, tok, NULL) != cases[i].ok) {
      fprintf(stderr, "case %zu: %s\n", i, cases[i].payload);
      fail();
    }
    free(tok);
  }
}

/* ---- malformed tokens ---- */

static bool decodes(const char *tok, size_t len) {
  struct jwt_decoded d;
  struct sb_err err = {{0}};
  int rc = jwt_decode(tok, len, &d, &err);
  jwt_decoded_free(&d);
  if (rc != 0) assert_true(strlen(err.msg) > 0);
  return rc == 0;
}

static void test_malformed_shapes(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  json_t *c = standard_claims();
  char *tok = jwt_sign(g_kr, c, &err);
  assert_non_null(tok);
  json_decref(c);
  size_t n = strlen(tok);
  assert_true(decodes(tok, n));
  char buf[JWT_MAX_LEN + 64];
  char *d1 = strchr(tok, '.'), *d2 = strrchr(tok, '.');
  size_t h = (size_t)(d1 - tok), p = (size_t)(d2 - d1 - 1);

  assert_false(decodes(tok, (size_t)(d2 - tok)));  /* two segments */
  snprintf(buf, sizeof buf, "%s.%s", tok, d2 + 1); /* four segments */
  assert_false(decodes(buf, strlen(buf)));
  snprintf(buf, sizeof buf, "%s=", tok); /* padding */
  assert_false(decodes(buf, strlen(buf)));
  snprintf(buf, sizeof buf, "%.*s=.%s", (int)h, tok, d1 + 1); /* padding in the header */
  assert_false(decodes(buf, strlen(buf)));
  snprintf(buf, sizeof buf, "%s.%s", tok, ""); /* trailing dot */
  assert_false(decodes(buf, strlen(buf)));
  snprintf(buf, sizeof buf, ".%s", d1 + 1); /* empty header */
  assert_false(decodes(buf, strlen(buf)));
  snprintf(buf, sizeof buf, "%.*s..%s", (int)h, tok, d2 + 1); /* empty payload */
  assert_false(decodes(buf, strlen(buf)));
  assert_false(decodes("..", 2));
  assert_false(decodes("", 0));
  assert_false(decodes(NULL, 0));
  /* Characters outside base64url: '+', '/', space, NUL. */
  const char bad_chars[] = {'+', '/', ' ', '\0', '%', '\n'};
  for (size_t i = 0; i < sizeof bad_chars; i++) {
    memcpy(buf, tok, n + 1);
    buf[h + 1 + p / 2] = bad_chars[i];
    assert_false(decodes(buf, n));
    memcpy(buf, tok, n + 1);
    buf[h / 2] = bad_chars[i];
    assert_false(decodes(buf, n));
  }
  /* Non-canonical base64url: the signature (256 bytes) ends in a character with 4 spare
   * bits, which must be zero; setting one makes another spelling of the same bytes. */
  static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  memcpy(buf, tok, n + 1);
  size_t idx = (size_t)(strchr(alpha, buf[n - 1]) - alpha);
  assert_int_equal(idx & 15, 0);
  buf[n - 1] = alpha[idx | 1];
  assert_false(decodes(buf, n));
  /* The length bound: JWT_MAX_LEN + 1 bytes refused before anything else. */
  char *huge = malloc(JWT_MAX_LEN + 2);
  assert_non_null(huge);
  memset(huge, 'A', JWT_MAX_LEN + 1);
  huge[JWT_MAX_LEN + 1] = '\0';
  huge[10] = '.';
  huge[20] = '.';
  assert_false(decodes(huge, JWT_MAX_LEN + 1));
  free(huge);
  /* A token that is properly signed but longer than the bound is refused. */
  char *longpay = malloc(7000);
  assert_non_null(longpay);
  int w = snprintf(longpay, 7000, "{\"iss\":\"%s\",\"aud\":\"%s\",\"exp\":1767229200,\"pad\":\"",
                   ISS, AUD);
  memset(longpay + w, 'a', 6000);
  memcpy(longpay + w + 6000, "\"}", 3);
  char *lt = rs256_token(signing_pkey(), std_header(), longpay);
  assert_true(strlen(lt) > JWT_MAX_LEN);
  assert_false(verifies(g_kr, lt, "longer"));
  free(lt);
  free(longpay);
  free(tok);
}

/* Copies tmpl into out with its one "KID" replaced by kid. */
static void with_kid(char *out, size_t n, const char *tmpl, const char *kid) {
  const char *at = strstr(tmpl, "KID");
  assert_non_null(at);
  int w = snprintf(out, n, "%.*s%s%s", (int)(at - tmpl), tmpl, kid, at + 3);
  assert_true(w > 0 && (size_t)w < n);
}

/* Headers and payloads that are valid base64url but bad JSON or bad JOSE, each properly
 * RS256-signed so nothing but the tested flaw can be the reason. */
static void test_malformed_json_and_header(void **state) {
  (void)state;
  const char *kid = keyring_signing_kid(g_kr);
  char hdr[256];
  struct {
    const char *tmpl; /* header, KID = our kid */
    bool ok;
  } headers[] = {
      {"{\"alg\":\"RS256\",\"kid\":\"KID\"}", true},
      {"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"KID\"}", true},
      {"{\"alg\":\"RS256\",\"typ\":\"jwt\",\"kid\":\"KID\"}", true},
      {"{\"alg\":\"RS256\",\"typ\":\"JOSE+JSON\",\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"typ\":\"JOSE\",\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"typ\":\"\",\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"typ\":1,\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1,\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"crit\":[],\"kid\":\"KID\"}", false},
      {"{\"alg\":\"RS256\",\"alg\":\"RS256\",\"kid\":\"KID\"}", false}, /* duplicate */
      {"{\"alg\":\"RS256\",\"kid\":\"KID\",\"kid\":\"x\"}", false},
      {"[\"RS256\",\"KID\"]", false},
      {"\"KID\"", false},
      {"{\"alg\":\"RS256\",\"kid\":\"KID\"", false}, /* truncated JSON */
      {"{\"alg\":\"RS256\",\"kid\":\"KID\"} x", false},
  };
  for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
    with_kid(hdr, sizeof hdr, headers[i].tmpl, kid);
    char *tok = rs256_token(signing_pkey(), hdr, STD_PAYLOAD);
    if (verifies(g_kr, tok, NULL) != headers[i].ok) {
      fprintf(stderr, "header %zu: %s\n", i, hdr);
      fail();
    }
    free(tok);
  }
  const char *payloads[] = {
      "{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767229200,\"exp\":1}",
      "[{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767229200}]",
      "1767229200",
      "{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":1767229200",
      "{\"iss\":\"" ISS "\\u0000\",\"aud\":\"" AUD "\",\"exp\":1767229200}",
  };
  for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
    char *tok = rs256_token(signing_pkey(), std_header(), payloads[i]);
    if (verifies(g_kr, tok, NULL)) {
      fprintf(stderr, "payload %zu accepted: %s\n", i, payloads[i]);
      fail();
    }
    free(tok);
  }
}

/* ---- keyring ---- */

/* RFC 7638 thumbprint computed independently of keys.c. */
static void thumbprint(const char *n, const char *e, char out[KEYRING_KID_SIZE]) {
  char jwk[2048];
  int len = snprintf(jwk, sizeof jwk, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", e, n);
  assert_true(len > 0 && (size_t)len < sizeof jwk);
  unsigned char md[32];
  unsigned int mdlen = 0;
  assert_int_equal(EVP_Digest(jwk, (size_t)len, md, &mdlen, EVP_sha256(), NULL), 1);
  assert_int_equal(b64url_encode(md, 32, out, KEYRING_KID_SIZE), KEYRING_KID_LEN);
}

static mode_t file_mode(const char *dir, const char *kid, const char *suffix) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s%s", dir, kid, suffix);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  return st.st_mode & 0777;
}

static void test_jwks(void **state) {
  (void)state;
  char *text = keyring_jwks_json(g_kr);
  assert_non_null(text);
  json_error_t jerr;
  json_t *set = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
  assert_non_null(set);
  json_t *keys = json_object_get(set, "keys");
  assert_true(json_is_array(keys));
  assert_int_equal(json_array_size(keys), keyring_count(g_kr));
  json_t *k = json_array_get(keys, 0);
  assert_int_equal(json_object_size(k), 6);
  assert_string_equal(json_string_value(json_object_get(k, "kty")), "RSA");
  assert_string_equal(json_string_value(json_object_get(k, "use")), "sig");
  assert_string_equal(json_string_value(json_object_get(k, "alg")), "RS256");
  assert_string_equal(json_string_value(json_object_get(k, "e")), "AQAB");
  assert_string_equal(json_string_value(json_object_get(k, "kid")), keyring_signing_kid(g_kr));
  const char *n = json_string_value(json_object_get(k, "n"));
  assert_non_null(n);
  assert_int_equal(strlen(n), 342); /* 256 bytes, base64url, no padding */
  assert_null(json_object_get(k, "d"));
  assert_null(strstr(text, "\"d\""));
  /* The kid is the RFC 7638 thumbprint of (e, n); the helper reproduces RFC 7638's own. */
  char tp[KEYRING_KID_SIZE];
  thumbprint(T_N, "AQAB", tp);
  assert_string_equal(tp, T_THUMB);
  thumbprint(n, "AQAB", tp);
  assert_string_equal(tp, keyring_signing_kid(g_kr));
  /* The published n/e verify our tokens. */
  struct sb_err err = {{0}};
  struct keyring *pub = keyring_from_public_jwk(keyring_signing_kid(g_kr), n, "AQAB", &err);
  assert_non_null(pub);
  json_t *c = standard_claims();
  char *tok = jwt_sign(g_kr, c, &err);
  assert_non_null(tok);
  assert_true(verifies(pub, tok, NULL));
  free(tok);
  json_decref(c);
  keyring_free(pub);
  json_decref(set);
  free(text);
}

static void test_keyring_files_and_reload(void **state) {
  (void)state;
  char dir[128];
  snprintf(dir, sizeof dir, "%s/keys", g_dir);
  const char *kid = keyring_signing_kid(g_kr);
  assert_int_equal(strlen(kid), KEYRING_KID_LEN);
  assert_int_equal(keyring_count(g_kr), 1);
  assert_int_equal(file_mode(dir, kid, ".key.pem"), 0600);
  assert_int_equal(file_mode(dir, kid, ".pub.pem") & 0600, 0600);
  assert_int_equal(file_mode(dir, kid, ".pub.pem") & 0022, 0);
  struct stat st;
  assert_int_equal(stat(dir, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  char path[512];
  snprintf(path, sizeof path, "%s/%s.key.pem", dir, kid);
  struct sb_err err = {{0}};
  char *pem = fs_read_file(path, 65536, NULL, &err);
  assert_non_null(pem);
  assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
  free(pem);
  snprintf(path, sizeof path, "%s/%s.json", dir, kid);
  json_t *meta = json_load_file(path, 0, NULL);
  assert_non_null(meta);
  assert_string_equal(json_string_value(json_object_get(meta, "alg")), "RS256");
  assert_string_equal(json_string_value(json_object_get(meta, "kid")), kid);
  assert_true(json_is_integer(json_object_get(meta, "created")));
  assert_int_equal(json_integer_value(json_object_get(meta, "created")),
                   keyring_key_created(keyring_signing_key(g_kr)));
  json_decref(meta);

  /* Reload (create false): same kid, and it verifies tokens of the first instance. */
  struct keyring *again = keyring_load(dir, false, &err);
  assert_non_null(again);
  assert_string_equal(keyring_signing_kid(again), kid);
  assert_int_equal(keyring_count(again), 1);
  json_t *c = standard_claims();
  char *tok = jwt_sign(g_kr, c, &err);
  assert_true(verifies(again, tok, NULL));
  free(tok);
  tok = jwt_sign(again, c, &err);
  assert_true(verifies(g_kr, tok, NULL));
  free(tok);
  keyring_free(again);

  /* A deleted public key file comes back on load, identical. */
  snprintf(path, sizeof path, "%s/%s.pub.pem", dir, kid);
  char *pub1 = fs_read_file(path, 65536, NULL, &err);
  assert_non_null(pub1);
  assert_int_equal(unlink(path), 0);
  again = keyring_load(dir, false, &err);
  assert_non_null(again);
  char *pub2 = fs_read_file(path, 65536, NULL, &err);
  assert_non_null(pub2);
  assert_string_equal(pub1, pub2);
  free(pub1);
  free(pub2);
  keyring_free(again);
  json_decref(c);
}

static void write_text(const char *path, const char *text, mode_t mode) {
  struct sb_err err = {{0}};
  assert_int_equal(fs_write_file_atomic(path, text, strlen(text), mode, &err), 0);
}

static void test_rotate(void **state) {
  const char *dir = *state;
  struct sb_err err = {{0}};
  struct keyring *kr = keyring_load(dir, true, &err);
  assert_non_null(kr);
  char old_kid[KEYRING_KID_SIZE];
  snprintf(old_kid, sizeof old_kid, "%s", keyring_signing_kid(kr));
  json_t *c = standard_claims();
  char *t1 = jwt_sign(kr, c, &err);
  assert_non_null(t1);

  assert_int_equal(keyring_rotate(kr, dir, &err), 0);
  assert_int_equal(keyring_count(kr), 2);
  const char *new_kid = keyring_signing_kid(kr);
  assert_string_not_equal(new_kid, old_kid);
  assert_non_null(keyring_find(kr, old_kid, strlen(old_kid)));
  char *t2 = jwt_sign(kr, c, &err);
  assert_non_null(t2);
  struct jwt_decoded d;
  assert_int_equal(jwt_decode(t2, strlen(t2), &d, &err), 0);
  assert_string_equal(json_string_value(json_object_get(d.header, "kid")), new_kid);
  jwt_decoded_free(&d);
  assert_true(verifies(kr, t1, NULL));
  assert_true(verifies(kr, t2, NULL));

  /* From disk: the rotated key still signs, the old one still verifies. */
  struct keyring *re = keyring_load(dir, false, &err);
  assert_non_null(re);
  assert_int_equal(keyring_count(re), 2);
  assert_string_equal(keyring_signing_kid(re), new_kid);
  assert_true(verifies(re, t1, NULL));
  assert_true(verifies(re, t2, NULL));
  char *jwks = keyring_jwks_json(re);
  json_t *set = json_loads(jwks, 0, NULL);
  assert_int_equal(json_array_size(json_object_get(set, "keys")), 2);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(json_object_get(set, "keys"), 0), "kid")),
      new_kid);
  json_decref(set);
  free(jwks);
  keyring_free(re);

  /* Newest is by serial, not by clock: give the new key an older creation time. */
  char path[512];
  snprintf(path, sizeof path, "%s/%s.json", dir, new_kid);
  char meta[256];
  snprintf(meta, sizeof meta, "{\"kid\":\"%s\",\"alg\":\"RS256\",\"created\":1,\"serial\":2}",
           new_kid);
  write_text(path, meta, 0644);
  re = keyring_load(dir, false, &err);
  assert_non_null(re);
  assert_string_equal(keyring_signing_kid(re), new_kid);
  keyring_free(re);
  /* Without any metadata, a key counts as serial 0: the other one signs. */
  assert_int_equal(unlink(path), 0);
  re = keyring_load(dir, false, &err);
  assert_non_null(re);
  assert_string_equal(keyring_signing_kid(re), old_kid);
  keyring_free(re);

  free(t1);
  free(t2);
  json_decref(c);
  keyring_free(kr);
}

static void test_keyring_load_errors(void **state) {
  const char *dir = *state;
  struct sb_err err = {{0}};
  char path[1024], sub[512];
  /* Missing directory without create; empty directory without create. */
  snprintf(sub, sizeof sub, "%s/none", dir);
  assert_null(keyring_load(sub, false, &err));
  assert_non_null(strstr(err.msg, sub));
  assert_null(keyring_load(dir, false, &err));
  assert_non_null(strstr(err.msg, "no signing key"));
  assert_null(keyring_load("", true, &err));
  /* Nested creation works. */
  snprintf(sub, sizeof sub, "%s/a/b", dir);
  struct keyring *kr = keyring_load(sub, true, &err);
  assert_non_null(kr);
  char kid[KEYRING_KID_SIZE];
  snprintf(kid, sizeof kid, "%s", keyring_signing_kid(kr));
  keyring_free(kr);
  /* A key file others may read is refused. */
  snprintf(path, sizeof path, "%s/%s.key.pem", sub, kid);
  assert_int_equal(chmod(path, 0644), 0);
  assert_null(keyring_load(sub, false, &err));
  assert_non_null(strstr(err.msg, "chmod 600"));
  assert_int_equal(chmod(path, 0600), 0);
  kr = keyring_load(sub, false, &err);
  assert_non_null(kr);
  keyring_free(kr);
  /* A key file whose name is not its kid is refused, and the message names the kid. */
  char renamed[1024];
  snprintf(renamed, sizeof renamed, "%s/mykey.key.pem", sub);
  assert_int_equal(rename(path, renamed), 0);
  assert_null(keyring_load(sub, false, &err));
  assert_non_null(strstr(err.msg, kid));
  assert_int_equal(rename(renamed, path), 0);
  /* Garbage, an encrypted key, a traditional (non-PKCS#8) header: refused. */
  snprintf(path, sizeof path, "%s/zzz.key.pem", sub);
  write_text(path, "not a key\n", 0600);
  assert_null(keyring_load(sub, false, &err));
  write_text(path,
             "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
             0600);
  assert_null(keyring_load(sub, false, &err));
  write_text(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 0600);
  assert_null(keyring_load(sub, false, &err));
  assert_int_equal(unlink(path), 0);
  /* Bad metadata is refused rather than guessed at. */
  snprintf(path, sizeof path, "%s/%s.json", sub, kid);
  write_text(path, "{\"created\":\"yesterday\",\"serial\":1}", 0644);
  assert_null(keyring_load(sub, false, &err));
  write_text(path, "{\"created\":1,\"serial\":1,\"alg\":\"HS256\"}", 0644);
  assert_null(keyring_load(sub, false, &err));
  assert_non_null(strstr(err.msg, "RS256"));
  write_text(path, "{\"created\":1,\"serial\":1,\"alg\":\"RS256\"}", 0644);
  kr = keyring_load(sub, false, &err);
  assert_non_null(kr);
  assert_int_equal(keyring_key_created(keyring_signing_key(kr)), 1);
  keyring_free(kr);
}

static void test_from_public_jwk_errors(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  struct keyring *kr = keyring_from_public_jwk("k", A2_N, "AQAB", &err);
  assert_non_null(kr);
  assert_int_equal(keyring_count(kr), 1);
  assert_string_equal(keyring_signing_kid(kr), "k");
  assert_null(keyring_find(kr, "K", 1));
  keyring_free(kr);
  assert_null(keyring_from_public_jwk("", A2_N, "AQAB", &err));
  assert_null(keyring_from_public_jwk("a b", A2_N, "AQAB", &err));
  assert_null(keyring_from_public_jwk("k", A2_N, "AQAB=", &err));
  assert_null(keyring_from_public_jwk("k", "", "AQAB", &err));
  assert_null(keyring_from_public_jwk("k", A2_N, "AQAC", &err));   /* even e: 65538 */
  assert_null(keyring_from_public_jwk("k", A2_N, "AAEAAQ", &err)); /* leading zero */
  assert_null(keyring_from_public_jwk("k", A2_N, "AQ", &err));     /* e = 1 */
  assert_null(keyring_from_public_jwk(NULL, A2_N, "AQAB", &err));
  /* A 1024-bit modulus (odd, no leading zero) is too small. */
  unsigned char nb[257];
  assert_int_equal(b64url_decode(A2_N, strlen(A2_N), nb, 256), 256);
  nb[127] |= 1;
  char nz[400];
  assert_true(b64url_encode(nb, 128, nz, sizeof nz) > 0);
  assert_null(keyring_from_public_jwk("k", nz, "AQAB", &err));
  assert_non_null(strstr(err.msg, "1024-bit"));
  /* A modulus with a leading zero octet is not canonical. */
  nb[0] = 0;
  assert_int_equal(b64url_decode(A2_N, strlen(A2_N), nb + 1, 256), 256);
  assert_true(b64url_encode(nb, sizeof nb, nz, sizeof nz) > 0);
  assert_null(keyring_from_public_jwk("k", nz, "AQAB", &err));
  /* An even modulus is refused. */
  assert_int_equal(b64url_decode(A2_N, strlen(A2_N), nb, 256), 256);
  nb[255] &= 0xfe;
  assert_true(b64url_encode(nb, 256, nz, sizeof nz) > 0);
  assert_null(keyring_from_public_jwk("k", nz, "AQAB", &err));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sign_verify_round_trip),
      cmocka_unit_test(test_sign_refusals),
      cmocka_unit_test(test_rfc7515_a2_rs256),
      cmocka_unit_test(test_rfc7515_a1_hs256_refused),
      cmocka_unit_test(test_hs256_with_public_pem_refused),
      cmocka_unit_test(test_other_algs_refused),
      cmocka_unit_test_setup_teardown(test_kid_required_and_known, tmpdir_setup, tmpdir_teardown),
      cmocka_unit_test(test_tampering_refused),
      cmocka_unit_test(test_claims_times),
      cmocka_unit_test(test_claims_iss_aud),
      cmocka_unit_test(test_verify_claims_end_to_end),
      cmocka_unit_test(test_malformed_shapes),
      cmocka_unit_test(test_malformed_json_and_header),
      cmocka_unit_test(test_jwks),
      cmocka_unit_test(test_keyring_files_and_reload),
      cmocka_unit_test_setup_teardown(test_rotate, tmpdir_setup, tmpdir_teardown),
      cmocka_unit_test_setup_teardown(test_keyring_load_errors, tmpdir_setup, tmpdir_teardown),
      cmocka_unit_test(test_from_public_jwk_errors),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
