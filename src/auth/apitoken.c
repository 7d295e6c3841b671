/* apitoken.c - see apitoken.h. */
#include "auth/apitoken.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "util/b64.h"

#define USERNAME_PREFIX "sb-"
#define USERNAME_RANDOM 8
#define SECRET_RANDOM 32

_Static_assert(sizeof USERNAME_PREFIX - 1 + 2 * USERNAME_RANDOM == APITOKEN_USERNAME_LEN,
               "username length");
_Static_assert(sizeof APITOKEN_SECRET_PREFIX - 1 + 43 == APITOKEN_SECRET_LEN, "secret length");
_Static_assert(crypto_hash_sha256_BYTES == APITOKEN_DIGEST_LEN, "digest length");

int apitoken_new_username(char *out, size_t n) {
  if (out == NULL || n < APITOKEN_USERNAME_SIZE || sodium_init() < 0) return -1;
  unsigned char rnd[USERNAME_RANDOM];
  randombytes_buf(rnd, sizeof rnd);
  memcpy(out, USERNAME_PREFIX, sizeof USERNAME_PREFIX - 1);
  sodium_bin2hex(out + sizeof USERNAME_PREFIX - 1, n - (sizeof USERNAME_PREFIX - 1), rnd,
                 sizeof rnd);
  return 0;
}

int apitoken_new_secret(char *out, size_t n) {
  if (out == NULL || n < APITOKEN_SECRET_SIZE || sodium_init() < 0) return -1;
  unsigned char rnd[SECRET_RANDOM];
  randombytes_buf(rnd, sizeof rnd);
  size_t p = sizeof APITOKEN_SECRET_PREFIX - 1;
  memcpy(out, APITOKEN_SECRET_PREFIX, p);
  long w = b64url_encode(rnd, sizeof rnd, out + p, n - p);
  sodium_memzero(rnd, sizeof rnd);
  if (w != APITOKEN_SECRET_LEN - (long)p) {
    sodium_memzero(out, n);
    return -1;
  }
  return 0;
}

void apitoken_digest(const char *secret, size_t len, unsigned char out[APITOKEN_DIGEST_LEN]) {
  crypto_hash_sha256(out, (const unsigned char *)secret, len);
}

bool apitoken_digest_equal(const unsigned char a[APITOKEN_DIGEST_LEN],
                           const unsigned char b[APITOKEN_DIGEST_LEN]) {
  return sodium_memcmp(a, b, APITOKEN_DIGEST_LEN) == 0;
}

int apitoken_new_uuid(char out[APITOKEN_UUID_LEN + 1]) {
  if (sodium_init() < 0) {
    out[0] = '\0';
    return -1;
  }
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10xx */
  static const char hex[] = "0123456789abcdef";
  size_t o = 0;
  for (size_t i = 0; i < sizeof b; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = hex[b[i] >> 4];
    out[o++] = hex[b[i] & 0x0f];
  }
  out[o] = '\0';
  return 0;
}
