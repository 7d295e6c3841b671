/* fuzz_jwt.c - libFuzzer target for jwt.c and keys.c.
 *
 * Every input goes through
 *   1. jwt_verify against a fixed in-memory keyring (the RFC 7515 A.2 public key, kid
 *      "a2"): anything accepted must name kid "a2" and alg "RS256";
 *   2. the layers one by one (jwt_decode, jwt_verify_signature_with_key with that key
 *      whatever the kid, jwt_check_claims), so the claims checks see fuzzed JSON even
 *      though the fuzzer cannot forge signatures;
 *   3. when the input is a JSON object: jwt_sign with a generated private keyring, then
 *      jwt_verify of the result must give back equal claims whenever the claims pass
 *      jwt_check_claims on their own (sign/verify round trip). */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/jwt.h"
#include "auth/keys.h"

static const char A2_N[] =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0B"
    "m4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5"
    "rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhy"
    "xXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";

static struct keyring *g_pub;  /* A.2 public key */
static struct keyring *g_priv; /* generated; signs */
static char g_dir[64];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void cleanup(void) {
  keyring_free(g_pub);
  keyring_free(g_priv);
  if (g_dir[0]) nftw(g_dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void init(void) {
  struct sb_err err = {{0}};
  g_pub = keyring_from_public_jwk("a2", A2_N, "AQAB", &err);
  snprintf(g_dir, sizeof g_dir, "/tmp/sb-fuzz-jwt-XXXXXX");
  if (g_pub == NULL || mkdtemp(g_dir) == NULL) {
    fprintf(stderr, "fuzz_jwt setup: %s\n", err.msg);
    abort();
  }
  g_priv = keyring_load(g_dir, true, &err);
  if (g_priv == NULL) {
    fprintf(stderr, "fuzz_jwt setup: %s\n", err.msg);
    abort();
  }
  atexit(cleanup);
}

static void check_accepted(json_t *claims, const char *tok, size_t len, const char *kid) {
  struct jwt_decoded d;
  struct sb_err err;
  if (jwt_decode(tok, len, &d, &err) != 0) __builtin_trap();
  const char *alg = json_string_value(json_object_get(d.header, "alg"));
  const char *k = json_string_value(json_object_get(d.header, "kid"));
  if (alg == NULL || strcmp(alg, "RS256") != 0 || k == NULL || strcmp(k, kid) != 0)
    __builtin_trap();
  if (!json_equal(d.claims, claims)) __builtin_trap();
  jwt_decoded_free(&d);
}

static void sign_round_trip(const uint8_t *data, size_t size) {
  json_error_t jerr;
  json_t *claims = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
  if (!json_is_object(claims)) {
    json_decref(claims);
    return;
  }
  struct sb_err err;
  char *tok = jwt_sign(g_priv, claims, &err);
  if (tok != NULL) {
    if (strlen(tok) > JWT_MAX_LEN) __builtin_trap();
    struct jwt_expect ex = {NULL, NULL, 0, 0};
    const json_t *exp = json_object_get(claims, "exp");
    ex.now = json_is_integer(exp) ? (int64_t)(json_integer_value(exp) / 2) : 0;
    json_t *got = jwt_verify(g_priv, tok, strlen(tok), &ex, &err);
    struct sb_err err2;
    int claims_ok = jwt_check_claims(claims, &ex, &err2) == 0;
    if (claims_ok != (got != NULL)) __builtin_trap();
    if (got != NULL) {
      if (!json_equal(got, claims)) __builtin_trap();
      check_accepted(got, tok, strlen(tok), keyring_signing_kid(g_priv));
      json_decref(got);
    }
    free(tok);
  }
  json_decref(claims);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (g_pub == NULL) init();
  const char *tok = (const char *)data;
  struct sb_err err;
  struct jwt_expect ex = {"joe", NULL, 1300819379, 60};

  json_t *claims = jwt_verify(g_pub, tok, size, &ex, &err);
  if (claims != NULL) {
    check_accepted(claims, tok, size, "a2");
    json_decref(claims);
  }

  struct jwt_decoded d;
  if (jwt_decode(tok, size, &d, &err) == 0) {
    if (!json_is_object(d.header) || !json_is_object(d.claims)) __builtin_trap();
    if (d.signing_input != tok || d.signing_input_len >= size || d.sig_len == 0) __builtin_trap();
    if (json_object_get(d.header, "crit") != NULL) __builtin_trap();
    if (jwt_verify_signature_with_key(&d, keyring_signing_key(g_pub), &err) == 0) {
      const char *alg = json_string_value(json_object_get(d.header, "alg"));
      if (alg == NULL || strcmp(alg, "RS256") != 0) __builtin_trap();
    }
    ex.aud = "api";
    (void)jwt_check_claims(d.claims, &ex, &err);
  }
  jwt_decoded_free(&d);

  if (size > 0 && data[0] == '{') sign_round_trip(data, size);
  return 0;
}
