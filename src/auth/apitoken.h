/* apitoken.h - the secrets of API credentials: generated usernames, api_tokens, their
 * digests, and random UUIDs.
 *
 * An LEA coordinator creates credentials, a (username, api_token) pair. The api_token
 * is shown once; the server stores only its SHA-256 digest and compares digests in
 * constant time. A 256-bit random secret cannot be guessed offline, so a fast digest is
 * enough (no password hashing).
 *
 * Shapes: username "sb-" + 16 lowercase hex digits (19 characters); api_token "sbk_" +
 * base64url of 32 random bytes (47 characters); UUID version 4, lowercase, 36
 * characters. Random bytes come from libsodium (randombytes_buf).
 *
 * All buffers are the caller's. The functions keep no state and are thread-safe. */
#ifndef SB_AUTH_APITOKEN_H
#define SB_AUTH_APITOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define APITOKEN_USERNAME_LEN 19
#define APITOKEN_USERNAME_SIZE (APITOKEN_USERNAME_LEN + 1)
#define APITOKEN_SECRET_PREFIX "sbk_"
#define APITOKEN_SECRET_LEN 47
#define APITOKEN_SECRET_SIZE (APITOKEN_SECRET_LEN + 1)
#define APITOKEN_DIGEST_LEN 32
#define APITOKEN_UUID_LEN 36

/* Writes a new random username ("sb-" + 16 lowercase hex) into out (NUL-terminated).
 * Returns 0, or -1 when n < APITOKEN_USERNAME_SIZE or libsodium cannot start. */
int apitoken_new_username(char *out, size_t n);

/* Writes a new random api_token ("sbk_" + base64url of 32 random bytes) into out.
 * Returns 0, or -1 when n < APITOKEN_SECRET_SIZE or libsodium cannot start. */
int apitoken_new_secret(char *out, size_t n);

/* SHA-256 of secret[0..len) into out. */
void apitoken_digest(const char *secret, size_t len, unsigned char out[APITOKEN_DIGEST_LEN]);

/* True when the two digests are equal; the time taken does not depend on where they
 * differ. */
bool apitoken_digest_equal(const unsigned char a[APITOKEN_DIGEST_LEN],
                           const unsigned char b[APITOKEN_DIGEST_LEN]);

/* Writes a random (version 4, RFC 9562) UUID, lowercase, into out (36 characters and a
 * NUL). Returns 0, or -1 (out set to "") when libsodium cannot start; callers that
 * cannot fail may ignore the result only because sodium_init does not fail on Linux. */
int apitoken_new_uuid(char out[APITOKEN_UUID_LEN + 1]);

#endif
