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
 * Rotation and retirement (`scorebridge keys rotate|list|prune`). keyring_rotate adds a
 * key that signs from then on. An older key K stays *published* (in the JWKS, and
 * accepted by jwt_verify) while it may have signed a token that still verifies: K stopped
 * signing when its successor S (the next newer key) appeared, at the latest S.created +
 * KEYRING_PICKUP_S (a running server notices a new key within that); a token it signed
 * then verifies until its exp + leeway. So K is *retired* once
 *     now >= S.created + KEYRING_PICKUP_S + token_ttl + leeway   (keyring_retire_time)
 * The newest key is always *signing*. With a retirement policy set
 * (keyring_set_retirement; the server sets its --token-ttl and leeway), retired keys are
 * left out of keyring_jwks_json and keyring_find (hence jwt_verify) even while their files
 * remain; keyring_prune deletes their files (`keys rotate` prunes too). With no policy
 * (token_ttl 0) keys never retire. The CLI must be given the same --token-ttl as serve.
 *
 * Thread safety. The keys live in an immutable snapshot that the keyring points to
 * atomically. Any number of threads may call the const functions (lookups, jwt_sign,
 * jwt_verify, keyring_jwks_json) on one shared keyring at the same time, also while one
 * thread calls keyring_reload. keyring_reload loads the directory into a new snapshot
 * and swaps the pointer (release/acquire); the replaced snapshot is freed by a later
 * keyring_reload at least KEYRING_GRACE_S seconds after the swap (RCU-like: a reader
 * finishes a sign or verify in milliseconds), or by keyring_free. So a borrowed pointer
 * stays valid at least KEYRING_GRACE_S seconds after a reload replaced its snapshot.
 * Callers that make several calls (keyring_count then keyring_key_at) may see two
 * snapshots across a concurrent reload: only the CLI and tests do that, with no reload.
 * keyring_rotate, keyring_prune, keyring_set_retirement and keyring_free modify the
 * keyring and must not run while another thread uses it: the CLI rotates and prunes the
 * files, and the server (one reload thread) picks the change up with keyring_reload. */
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
/* Longest time a running server may take to notice a new key (it checks the directory
 * every KEYRING_POLL_S seconds), counted in the retirement rule. */
#define KEYRING_POLL_S 2
#define KEYRING_PICKUP_S 10
/* Seconds a snapshot replaced by keyring_reload stays allocated for readers. */
#define KEYRING_GRACE_S 60

enum keyring_state {
  KEYRING_SIGNING,   /* the newest key: signs new tokens, published */
  KEYRING_PUBLISHED, /* older, may have signed a token still valid: published, verifies */
  KEYRING_RETIRED    /* older, every token it signed has expired: not published */
};

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

/* Sets the retirement policy (see above): the token lifetime and clock-skew leeway in
 * seconds. token_ttl 0 (the default) means keys never retire. Call before sharing. */
void keyring_set_retirement(struct keyring *kr, int64_t token_ttl, int64_t leeway);

/* The retirement rule, pure: when a key whose successor was created at successor_created
 * retires (successor_created + KEYRING_PICKUP_S + token_ttl + leeway; negative ttl or
 * leeway count as 0). */
int64_t keyring_retire_time(int64_t successor_created, int64_t token_ttl, int64_t leeway);

/* The state at now of the i-th key (oldest first) under kr's policy; RETIRED when i is
 * out of range. */
enum keyring_state keyring_key_state(const struct keyring *kr, size_t i, int64_t now);
/* When the i-th key retires (unix seconds), or 0 when it never does (the newest key, or
 * no policy). */
int64_t keyring_key_retires_at(const struct keyring *kr, size_t i);
/* "signing", "published" or "retired". */
const char *keyring_state_name(enum keyring_state st);

/* Deletes from dir the files of every key retired at now (the private key first) and
 * removes those keys from kr. Their kids are copied into removed[0..max_removed) (may be
 * NULL) and their number into *nremoved. Not thread-safe. Returns 0, or -1 with err set
 * (keys already removed stay removed and are counted). */
int keyring_prune(struct keyring *kr, const char *dir, int64_t now,
                  char (*removed)[KEYRING_KID_SIZE], size_t max_removed, size_t *nremoved,
                  struct sb_err *err);

/* Reloads a keyring made by keyring_load when its directory's mtime changed since the
 * last (re)load, and swaps the new snapshot in (see Thread safety). Frees replaced
 * snapshots older than KEYRING_GRACE_S. Safe while other threads read; one reloader at a
 * time (a mutex serialises callers). Returns 1 when reloaded, 0 when nothing changed,
 * -1 with err set when the directory could not be loaded (the current keys stay). */
int keyring_reload(struct keyring *kr, struct sb_err *err);

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

/* The key whose kid is kid[0..len) (compared exactly), or NULL when there is none or it
 * is retired at clock_now(). */
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
 * "e":..},...]}, newest key first, retired keys (at clock_now()) left out, compact JSON.
 * Caller frees. NULL when out of memory. */
char *keyring_jwks_json(const struct keyring *kr);

#endif
