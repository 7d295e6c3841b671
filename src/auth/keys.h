/* keys.h - the RSA keyring that signs and verifies our access tokens (JWTs).
 *
 * A keyring holds one or more RSA keys. Each key has a kid (its RFC 7638 JWK
 * thumbprint: SHA-256 over {"e":..,"kty":"RSA","n":..}, base64url, 43 characters), a
 * creation time and a pinned algorithm, always "RS256": a token is only ever checked
 * with the algorithm pinned to the key its kid selects, never with the one its header
 * names. The newest key signs; older keys stay for verification until removed.
 *
 * On disk a keyring is a directory (mode 0700) holding, per key:
 *   <kid>.key.pem  the private key, PKCS#8 PEM, mode 0600 (a key file that group or
 *                  others can access is refused);
 *   <kid>.pub.pem  the public key, SubjectPublicKeyInfo PEM, mode 0644, for outside
 *                  verifiers (rewritten when missing);
 *   <kid>.json     {"kid":..,"alg":"RS256","created":<unix seconds>,"serial":<n>}. The
 *                  key with the highest serial (then the latest created, then the
 *                  greatest kid) is the newest. "created" comes from clock_now(). A
 *                  key without this file gets one with serial 0 and the private key
 *                  file's mtime as its creation time.
 * Every "*.key.pem" must be named by its kid (a wrongly named one is refused, and the
 * message gives the right name). Other files are ignored.
 *
 * Ownership: keyring_load and keyring_from_public_jwk return a keyring the caller frees
 * with keyring_free. Pointers returned by the accessors (kids, algs, keys, EVP_PKEYs)
 * are borrowed from the keyring and stay valid until keyring_free (keyring_rotate may
 * move keys: look them up again after it). keyring_jwks_json returns a string the
 * caller frees with free().
 *
 * Thread safety: a loaded keyring is read-only. Any number of threads may call the
 * const functions (lookups, jwt_sign, jwt_verify, keyring_jwks_json) on one shared
 * keyring at the same time. keyring_rotate and keyring_free modify it and must not run
 * while another thread uses the keyring: rotate from the command line or on a private
 * keyring, then have the server load a fresh keyring and swap it in. */
#ifndef SB_AUTH_KEYS_H
#define SB_AUTH_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "util/err.h"

/* Length of a kid (base64url SHA-256, no padding) and the buffer size to hold one. */
#define KEYRING_KID_LEN 43
#define KEYRING_KID_SIZE (KEYRING_KID_LEN + 1)
/* At most this many keys are loaded from one directory. */
#define KEYRING_MAX_KEYS 64
/* Size in bits of the keys keyring_load and keyring_rotate generate. */
#define KEYRING_RSA_BITS 2048

struct keyring;
struct keyring_key;

/* Loads every "<kid>.key.pem" in dir. When dir holds no key and create is true, creates
 * dir (0700, with parents) and a new RSA-2048 key. Writes missing <kid>.pub.pem and
 * <kid>.json files. Fails (NULL, err set) when dir cannot be read, a key file is not an
 * RSA private key of at least 2048 bits, its name is not its thumbprint, its mode lets
 * group or others access it, or there is no key and create is false. */
struct keyring *keyring_load(const char *dir, bool create, struct sb_err *err);

/* Generates a new RSA-2048 key in dir and adds it to kr as the new signing key (its
 * serial is one more than any other). Older keys stay in kr and on disk for
 * verification. Not thread-safe: see above. Returns 0, or -1 with err set (kr is then
 * unchanged). */
int keyring_rotate(struct keyring *kr, const char *dir, struct sb_err *err);

/* Builds an in-memory keyring holding one RSA public key given as JWK members n and e
 * (base64url without padding, big-endian, no leading zero octet), under the given kid
 * (1..128 printable ASCII characters) with the pinned algorithm "RS256". The modulus
 * must be 2048..8192 bits. Such a keyring verifies but cannot sign. Meant for tests
 * (RFC 7515 vectors) and fuzzing. Returns NULL with err set on bad input. */
struct keyring *keyring_from_public_jwk(const char *kid, const char *n_b64url, const char *e_b64url,
                                        struct sb_err *err);

/* Frees kr and every key in it. kr may be NULL. */
void keyring_free(struct keyring *kr);

/* Number of keys in kr. */
size_t keyring_count(const struct keyring *kr);

/* The kid of the newest key, the one jwt_sign uses. Never NULL for a loaded keyring. */
const char *keyring_signing_kid(const struct keyring *kr);

/* The newest key. */
const struct keyring_key *keyring_signing_key(const struct keyring *kr);

/* The key whose kid is kid[0..len) (compared exactly), or NULL when there is none. */
const struct keyring_key *keyring_find(const struct keyring *kr, const char *kid, size_t len);

/* The i-th key (0 <= i < keyring_count), oldest first; NULL when i is out of range. */
const struct keyring_key *keyring_key_at(const struct keyring *kr, size_t i);

/* The key's kid, pinned algorithm ("RS256"), creation time (unix seconds) and whether
 * it holds the private half. */
const char *keyring_key_kid(const struct keyring_key *k);
const char *keyring_key_alg(const struct keyring_key *k);
int64_t keyring_key_created(const struct keyring_key *k);
bool keyring_key_has_private(const struct keyring_key *k);

/* The key's OpenSSL object, borrowed: do not free it. It may hold the private half.
 * OpenSSL allows concurrent sign/verify operations on one EVP_PKEY, each with its own
 * EVP_MD_CTX. */
EVP_PKEY *keyring_key_pkey(const struct keyring_key *k);

/* The public JWK Set: {"keys":[{"kty":"RSA","kid":..,"use":"sig","alg":"RS256","n":..,
 * "e":..},...]}, newest key first, compact JSON. Caller frees. NULL when out of memory. */
char *keyring_jwks_json(const struct keyring *kr);

#endif
