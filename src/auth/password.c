/* password.c - see password.h. */
#include "auth/password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

int password_hash(const char *pw, char *out, size_t n, struct sb_err *err) {
  size_t len = strlen(pw);
  if (len < PASSWORD_MIN_LEN)
    return sb_err_set(err, "a password needs at least %d characters", PASSWORD_MIN_LEN);
  if (len > PASSWORD_MAX_LEN)
    return sb_err_set(err, "a password may have at most %d characters", PASSWORD_MAX_LEN);
  if (n < crypto_pwhash_STRBYTES) return sb_err_set(err, "password hash buffer too small");
  if (crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return sb_err_set(err, "cannot hash the password (out of memory)");
  return 0;
}

bool password_verify(const char *hash, const char *pw) {
  if (hash == NULL || pw == NULL || strncmp(hash, "$argon2id$", 10) != 0) return false;
  if (memchr(hash, '\0', crypto_pwhash_STRBYTES) == NULL) return false;
  return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

bool password_needs_rehash(const char *hash) {
  return crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void) {
  unsigned char rnd[24];
  char pw[64];
  randombytes_buf(rnd, sizeof rnd);
  sodium_bin2hex(pw, sizeof pw, rnd, sizeof rnd);
  if (crypto_pwhash_str(dummy, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    dummy[0] = '\0';
}

void password_burn(const char *pw) {
  pthread_once(&dummy_once, make_dummy);
  if (dummy[0]) {
    volatile int rc = crypto_pwhash_str_verify(dummy, pw, strlen(pw));
    (void)rc;
  }
}

int password_generate(char *out, size_t n) {
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  if (n < PASSWORD_GENERATED_SIZE) return -1;
  for (size_t i = 0; i < PASSWORD_GENERATED_SIZE - 1; i++)
    out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
  out[PASSWORD_GENERATED_SIZE - 1] = '\0';
  return 0;
}
