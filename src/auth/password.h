/* password.h - web users' passwords: libsodium crypto_pwhash_str (Argon2id, the
 * "interactive" limits: t=2, 64 MiB), the standard "$argon2id$..." text kept in the store.
 *
 * Hashing costs about 0.1 s and 64 MiB on purpose. Unknown users are checked against a
 * dummy hash of the same cost (password_burn), so a login attempt takes about as long
 * whether or not the username exists. Buffers are the caller's; no state is kept. */
#ifndef SB_AUTH_PASSWORD_H
#define SB_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define PASSWORD_HASH_SIZE 128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_LEN 12
#define PASSWORD_MAX_LEN 256
#define PASSWORD_GENERATED_SIZE 33 /* 32 characters and a NUL */

/* Hashes pw into out (NUL-terminated, at least PASSWORD_HASH_SIZE bytes). Refuses
 * passwords shorter than PASSWORD_MIN_LEN or longer than PASSWORD_MAX_LEN bytes. Returns
 * 0 or -1 with err. */
int password_hash(const char *pw, char *out, size_t n, struct sb_err *err);
/* True when pw matches the stored hash. False for any malformed hash. */
bool password_verify(const char *hash, const char *pw);
/* True when the stored hash uses other parameters than password_hash would now (the
 * caller re-hashes after a successful login). */
bool password_needs_rehash(const char *hash);
/* Spends the time of one verification against a fixed dummy hash (unknown usernames). */
void password_burn(const char *pw);
/* Writes a new random password of 32 characters (letters and digits, about 190 bits)
 * into out. Returns 0 or -1 when n < PASSWORD_GENERATED_SIZE. */
int password_generate(char *out, size_t n);

#endif
