/* jwt.c - see jwt.h. */
#include "auth/jwt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "util/b64.h"

#define ALG_RS256 "RS256"

/* Decodes one base64url segment and parses it as a JSON object. */
static json_t *segment_object(const char *s, size_t len, const char *what, struct sb_err *err) {
  size_t cap = len / 4 * 3 + 3;
  unsigned char *raw = malloc(cap);
  if (raw == NULL) {
    sb_err_set(err, "out of memory decoding the token %s", what);
    return NULL;
  }
  long n = b64url_decode(s, len, raw, cap);
  if (n <= 0) {
    free(raw);
    sb_err_set(err, "the token %s is not canonical unpadded base64url", what);
    return NULL;
  }
  json_error_t jerr;
  json_t *obj = json_loadb((const char *)raw, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
  free(raw);
  if (obj == NULL) {
    /* jerr.text can quote the input, so only the position is reported. */
    sb_err_set(err, "the token %s is not valid JSON (error at byte %d)", what, jerr.position);
    return NULL;
  }
  if (!json_is_object(obj)) {
    json_decref(obj);
    sb_err_set(err, "the token %s is not a JSON object", what);
    return NULL;
  }
  return obj;
}

static int check_header(const json_t *h, struct sb_err *err) {
  const json_t *alg = json_object_get(h, "alg");
  if (!json_is_string(alg) || json_string_length(alg) == 0)
    return sb_err_set(err, "the token header has no \"alg\" string");
  if (json_object_get(h, "crit") != NULL)
    return sb_err_set(err, "the token header has \"crit\"; no extensions are understood");
  const json_t *typ = json_object_get(h, "typ");
  if (typ != NULL && !(json_is_string(typ) && strcasecmp(json_string_value(typ), "JWT") == 0))
    return sb_err_set(err, "the token header \"typ\" is not \"JWT\"");
  const json_t *kid = json_object_get(h, "kid");
  if (kid != NULL && !json_is_string(kid))
    return sb_err_set(err, "the token header \"kid\" is not a string");
  return 0;
}

void jwt_decoded_free(struct jwt_decoded *d) {
  if (d == NULL) return;
  json_decref(d->header);
  json_decref(d->claims);
  d->header = NULL;
  d->claims = NULL;
  d->signing_input = NULL;
  d->signing_input_len = 0;
  d->sig_len = 0;
}

int jwt_decode(const char *token, size_t len, struct jwt_decoded *out, struct sb_err *err) {
  if (out == NULL) return sb_err_set(err, "no output for the decoded token");
  memset(out, 0, sizeof *out);
  if (token == NULL || len == 0) return sb_err_set(err, "empty token");
  if (len > JWT_MAX_LEN) return sb_err_set(err, "token longer than %d bytes", JWT_MAX_LEN);
  const char *d1 = memchr(token, '.', len);
  const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - token)) : NULL;
  if (d1 == NULL || d2 == NULL || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - token)) != NULL)
    return sb_err_set(err, "a token must have exactly three dot-separated segments");
  size_t hlen = (size_t)(d1 - token), plen = (size_t)(d2 - d1 - 1);
  size_t slen = len - (size_t)(d2 + 1 - token);
  if (hlen == 0 || plen == 0 || slen == 0) return sb_err_set(err, "empty token segment");

  long sl = b64url_decode(d2 + 1, slen, out->sig, sizeof out->sig);
  if (sl <= 0)
    return sb_err_set(err,
                      "the token signature is not canonical unpadded base64url of at "
                      "most %d bytes",
                      JWT_MAX_SIG);
  out->sig_len = (size_t)sl;
  out->header = segment_object(token, hlen, "header", err);
  if (out->header == NULL || check_header(out->header, err) != 0) goto fail;
  out->claims = segment_object(d1 + 1, plen, "payload", err);
  if (out->claims == NULL) goto fail;
  out->signing_input = token;
  out->signing_input_len = (size_t)(d2 - token);
  return 0;
fail:
  jwt_decoded_free(out);
  return -1;
}

int jwt_verify_signature_with_key(const struct jwt_decoded *d, const struct keyring_key *key,
                                  struct sb_err *err) {
  if (d == NULL || d->header == NULL || d->signing_input == NULL || key == NULL)
    return sb_err_set(err, "no decoded token or no key");
  const char *pinned = keyring_key_alg(key);
  const char *alg = json_string_value(json_object_get(d->header, "alg"));
  if (alg == NULL || strcmp(alg, pinned) != 0)
    return sb_err_set(err, "the token alg is not %s, the algorithm pinned to key %s", pinned,
                      keyring_key_kid(key));
  if (strcmp(pinned, ALG_RS256) != 0)
    return sb_err_set(err, "key %s pins %s; only RS256 is implemented", keyring_key_kid(key),
                      pinned);
  EVP_PKEY *pkey = keyring_key_pkey(key);
  int modulus = EVP_PKEY_get_size(pkey);
  if (modulus <= 0 || d->sig_len != (size_t)modulus)
    return sb_err_set(err, "the token signature has %zu bytes; key %s needs %d", d->sig_len,
                      keyring_key_kid(key), modulus);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = NULL;
  int ok = ctx != NULL && EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), NULL, pkey) == 1 &&
           EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 &&
           EVP_DigestVerify(ctx, d->sig, d->sig_len, (const unsigned char *)d->signing_input,
                            d->signing_input_len) == 1;
  EVP_MD_CTX_free(ctx);
  ERR_clear_error();
  if (!ok)
    return sb_err_set(err, "the token signature does not verify with key %s", keyring_key_kid(key));
  return 0;
}

/* Reads a NumericDate claim. Returns 1 and sets *out when present, 0 when absent, -1
 * (err set) when present but not a number. */
static int numeric_date(const json_t *claims, const char *name, double *out, struct sb_err *err) {
  const json_t *v = json_object_get(claims, name);
  if (v == NULL) return 0;
  if (!json_is_number(v)) return sb_err_set(err, "the token claim \"%s\" is not a number", name);
  *out = json_number_value(v);
  return 1;
}

static bool string_equals(const json_t *v, const char *want) {
  size_t n = strlen(want);
  return json_is_string(v) && json_string_length(v) == n &&
         memcmp(json_string_value(v), want, n) == 0;
}

int jwt_check_claims(const json_t *claims, const struct jwt_expect *ex, struct sb_err *err) {
  if (!json_is_object(claims) || ex == NULL)
    return sb_err_set(err, "no claims object or no expectations");
  if (ex->leeway < 0) return sb_err_set(err, "a negative leeway is not allowed");
  double now = (double)ex->now, leeway = (double)ex->leeway, t = 0;
  int r = numeric_date(claims, "exp", &t, err);
  if (r < 0) return -1;
  if (r == 0) return sb_err_set(err, "the token has no \"exp\" claim");
  if (now >= t + leeway) return sb_err_set(err, "the token has expired");
  if ((r = numeric_date(claims, "nbf", &t, err)) < 0) return -1;
  if (r == 1 && now + leeway < t) return sb_err_set(err, "the token is not valid yet (nbf)");
  if ((r = numeric_date(claims, "iat", &t, err)) < 0) return -1;
  if (r == 1 && t > now + leeway)
    return sb_err_set(err, "the token was issued in the future (iat)");
  if (ex->iss != NULL && !string_equals(json_object_get(claims, "iss"), ex->iss))
    return sb_err_set(err, "the token issuer is not the expected one");
  if (ex->aud != NULL) {
    const json_t *aud = json_object_get(claims, "aud");
    bool found = string_equals(aud, ex->aud);
    if (json_is_array(aud))
      for (size_t i = 0; i < json_array_size(aud) && !found; i++)
        found = string_equals(json_array_get(aud, i), ex->aud);
    if (!found) return sb_err_set(err, "the token audience does not include us");
  }
  return 0;
}

json_t *jwt_verify(const struct keyring *kr, const char *token, size_t len,
                   const struct jwt_expect *ex, struct sb_err *err) {
  struct jwt_decoded d;
  if (kr == NULL) {
    sb_err_set(err, "no keyring");
    return NULL;
  }
  if (jwt_decode(token, len, &d, err) != 0) return NULL;
  json_t *result = NULL;
  const json_t *kid = json_object_get(d.header, "kid");
  const struct keyring_key *key =
      kid ? keyring_find(kr, json_string_value(kid), json_string_length(kid)) : NULL;
  if (kid == NULL)
    sb_err_set(err, "the token header has no \"kid\"");
  else if (key == NULL)
    sb_err_set(err, "the token kid names no key we hold");
  else if (jwt_verify_signature_with_key(&d, key, err) == 0 &&
           jwt_check_claims(d.claims, ex, err) == 0)
    result = json_incref(d.claims);
  jwt_decoded_free(&d);
  return result;
}

/* Length of the unpadded base64url form of n bytes. */
static size_t b64url_len(size_t n) {
  return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

/* Appends the base64url form of data to out at *pos (out holds cap bytes). */
static int append_b64(char *out, size_t cap, size_t *pos, const void *data, size_t n) {
  long w = b64url_encode(data, n, out + *pos, cap - *pos);
  if (w < 0) return -1;
  *pos += (size_t)w;
  return 0;
}

char *jwt_sign(const struct keyring *kr, const json_t *claims, struct sb_err *err) {
  const struct keyring_key *key = keyring_signing_key(kr);
  if (key == NULL || !keyring_key_has_private(key)) {
    sb_err_set(err, "the keyring has no private key to sign with");
    return NULL;
  }
  if (!json_is_object(claims) || !json_is_number(json_object_get(claims, "exp"))) {
    sb_err_set(err, "token claims must be an object with a numeric \"exp\"");
    return NULL;
  }
  EVP_PKEY *pkey = keyring_key_pkey(key);
  json_t *hdr = json_pack("{s:s,s:s,s:s}", "alg", keyring_key_alg(key), "typ", "JWT", "kid",
                          keyring_key_kid(key));
  char *htext = hdr ? json_dumps(hdr, JSON_COMPACT) : NULL;
  char *ptext = json_dumps(claims, JSON_COMPACT);
  char *tok = malloc(JWT_MAX_LEN + 1);
  unsigned char sig[JWT_MAX_SIG];
  size_t siglen = sizeof sig, pos = 0, hlen = 0, plen = 0;
  size_t modulus = (size_t)EVP_PKEY_get_size(pkey);
  EVP_MD_CTX *ctx = NULL;
  EVP_PKEY_CTX *pctx = NULL;
  bool ok = false;
  if (htext == NULL || ptext == NULL || tok == NULL) {
    sb_err_set(err, "out of memory building a token");
    goto done;
  }
  hlen = strlen(htext);
  plen = strlen(ptext);
  if (modulus > sizeof sig || hlen > JWT_MAX_LEN || plen > JWT_MAX_LEN ||
      b64url_len(hlen) + 1 + b64url_len(plen) + 1 + b64url_len(modulus) > JWT_MAX_LEN) {
    sb_err_set(err, "the token would be longer than %d bytes", JWT_MAX_LEN);
    goto done;
  }
  if (append_b64(tok, JWT_MAX_LEN + 1, &pos, htext, hlen) != 0) goto toolong;
  tok[pos++] = '.';
  if (append_b64(tok, JWT_MAX_LEN + 1, &pos, ptext, plen) != 0) goto toolong;
  ctx = EVP_MD_CTX_new();
  if (ctx == NULL || EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, pkey) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)tok, pos) != 1) {
    sb_err_set(err, "RSA signing failed with key %s", keyring_key_kid(key));
    goto done;
  }
  tok[pos++] = '.';
  if (append_b64(tok, JWT_MAX_LEN + 1, &pos, sig, siglen) != 0) goto toolong;
  ok = true;
  goto done;
toolong: /* unreachable after the length check above; kept so no path goes unchecked */
  sb_err_set(err, "the token would be longer than %d bytes", JWT_MAX_LEN);
done:
  ERR_clear_error();
  EVP_MD_CTX_free(ctx);
  json_decref(hdr);
  free(htext);
  free(ptext);
  if (!ok) {
    free(tok);
    return NULL;
  }
  return tok;
}
