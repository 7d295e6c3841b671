/* jwt.h - our access tokens: JWS compact serialization, RS256 only (RFC 7515/7519).
 *
 * Signing uses the keyring's newest key. Verification is layered so each layer can be
 * tested alone (the RFC 7515 A.2 vector has no kid, for instance):
 *   jwt_decode                     shape and JSON of the token (no key involved);
 *   jwt_verify_signature_with_key  the header alg must equal the algorithm pinned to the
 *                                  key, then RSASSA-PKCS1-v1_5 with SHA-256;
 *   jwt_check_claims               exp / nbf / iat / iss / aud against a jwt_expect;
 *   jwt_verify                     all three, the key chosen by the header's kid.
 * The algorithm named in a token header never chooses how the token is checked: "none",
 * HS256 (also when MACed with our public key's PEM bytes) and every other alg fail
 * because the only algorithm any key carries is RS256.
 *
 * Error messages are for logs. They never echo token contents.
 *
 * Ownership: jwt_sign returns a string the caller frees with free(); jwt_verify returns
 * a claims object the caller releases with json_decref(); a struct jwt_decoded owns its
 * header and claims (release with jwt_decoded_free) and borrows the token text.
 *
 * Thread safety: every function here may run in many threads at once on a shared,
 * read-only keyring. */
#ifndef SB_AUTH_JWT_H
#define SB_AUTH_JWT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "auth/keys.h"
#include "util/err.h"

/* Longest token accepted or produced, in bytes. */
#define JWT_MAX_LEN 8192
/* Longest signature accepted: an 8192-bit RSA signature. */
#define JWT_MAX_SIG 1024

/* What the claims must satisfy. now and leeway are in seconds; leeway must be >= 0. */
struct jwt_expect {
  const char *iss; /* required issuer, or NULL to skip the check */
  const char *aud; /* required audience (string or member of an array), or NULL to skip */
  int64_t now;     /* current time, unix seconds (clock_now() in the server) */
  int64_t leeway;  /* tolerated clock skew for exp, nbf and iat */
};

/* A token split and decoded, not yet trusted. */
struct jwt_decoded {
  json_t *header;            /* the JOSE header object (owned) */
  json_t *claims;            /* the payload object (owned) */
  const char *signing_input; /* "header.payload", borrowed from the token text */
  size_t signing_input_len;
  unsigned char sig[JWT_MAX_SIG]; /* the decoded signature */
  size_t sig_len;
};

/* Signs claims (a JSON object holding a numeric "exp"; not modified, not stolen) with
 * the keyring's signing key. The header is {"alg":"RS256","typ":"JWT","kid":<kid>}.
 * Returns the compact token (caller frees), or NULL with err set when the signing key
 * has no private half, claims lack exp, or the token would exceed JWT_MAX_LEN. */
char *jwt_sign(const struct keyring *kr, const json_t *claims, struct sb_err *err);

/* Splits token[0..len) into exactly three non-empty base64url segments (no padding, at
 * most JWT_MAX_LEN bytes in all) and parses header and payload as JSON objects,
 * rejecting duplicate member names. The header must hold a string "alg", must not hold
 * "crit" (we understand no extensions), and its "typ", when present, must be "JWT"
 * (case-insensitive; "JOSE", "JOSE+JSON", "application/jwt" and the rest are refused);
 * a "kid" must be a string. Fills *out (call jwt_decoded_free afterwards, whatever the
 * result). Returns 0, or -1 with err set. */
int jwt_decode(const char *token, size_t len, struct jwt_decoded *out, struct sb_err *err);

/* Releases what a jwt_decode filled in. Safe on a zeroed or already freed struct. */
void jwt_decoded_free(struct jwt_decoded *d);

/* Checks the signature of a decoded token with key, whatever kid the header names: the
 * header alg must equal the key's pinned algorithm (RS256), the signature must be
 * exactly as long as the modulus, and RSASSA-PKCS1-v1_5/SHA-256 over the signing input
 * must verify. Returns 0 when it does, else -1 with err set. */
int jwt_verify_signature_with_key(const struct jwt_decoded *d, const struct keyring_key *key,
                                  struct sb_err *err);

/* Checks registered claims: "exp" required and numeric (integer or real), refused when
 * now >= exp + leeway; "nbf" optional, refused when now + leeway < nbf; "iat" optional,
 * refused when iat > now + leeway; "iss" must equal ex->iss when that is non-NULL; "aud"
 * must equal ex->aud or be an array holding it when ex->aud is non-NULL. A present
 * date claim that is not a number is refused. Returns 0 or -1 with err set. */
int jwt_check_claims(const json_t *claims, const struct jwt_expect *ex, struct sb_err *err);

/* Full verification: jwt_decode, then the header's "kid" (required) selects the key in
 * kr (unknown kid: refused), then jwt_verify_signature_with_key and jwt_check_claims.
 * Returns the claims object (caller json_decref()s it), or NULL with the reason in err. */
json_t *jwt_verify(const struct keyring *kr, const char *token, size_t len,
                   const struct jwt_expect *ex, struct sb_err *err);

#endif
