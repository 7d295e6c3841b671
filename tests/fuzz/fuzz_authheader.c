/* fuzz_authheader.c - libFuzzer target for authheader.c.
 *
 * The input (NUL-terminated at its first NUL, as a header value would be) goes to
 * authheader_basic with small and large output buffers and to authheader_token. What
 * they accept must honour their contracts: a non-empty user without ':' or control
 * characters that fits its buffer, a non-empty secret, a token inside the value made of
 * base64url characters and two dots; and "Basic " + base64(user:secret) must parse back
 * to the same pair. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/authheader.h"
#include "util/b64.h"

static int has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
  return 0;
}

static void check_basic(const char *value, size_t usz, size_t ssz) {
  char *user = malloc(usz), *secret = malloc(ssz);
  if (user == NULL || secret == NULL) abort();
  if (authheader_basic(value, user, usz, secret, ssz) == 0) {
    size_t ul = strlen(user), sl = strlen(secret);
    if (ul == 0 || sl == 0 || ul >= usz || sl >= ssz) __builtin_trap();
    if (strchr(user, ':') != NULL || has_control(user) || has_control(secret)) __builtin_trap();
    /* Re-encode and parse again: the same pair comes back. */
    char pair[2048], enc[4096], again_u[1024], again_s[1024];
    memcpy(pair, user, ul);
    pair[ul] = ':';
    memcpy(pair + ul + 1, secret, sl);
    memcpy(enc, "Basic ", 6);
    if (b64_encode((const unsigned char *)pair, ul + 1 + sl, enc + 6, sizeof enc - 6) < 0)
      __builtin_trap();
    if (authheader_basic(enc, again_u, sizeof again_u, again_s, sizeof again_s) != 0 ||
        strcmp(again_u, user) != 0 || strcmp(again_s, secret) != 0)
      __builtin_trap();
  } else if (user[0] != '\0' || secret[0] != '\0') {
    __builtin_trap();
  }
  free(user);
  free(secret);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *value = malloc(size + 1);
  if (value == NULL) return 0;
  memcpy(value, data, size);
  value[size] = '\0';

  check_basic(value, 8, 8);
  check_basic(value, 1024, 1024);

  const char *tok = NULL;
  size_t len = 0;
  if (authheader_token(value, &tok, &len) == 0) {
    size_t vlen = strlen(value);
    if (tok < value || len == 0 || len > AUTHHEADER_TOKEN_MAX || tok + len > value + vlen)
      __builtin_trap();
    size_t dots = 0;
    for (size_t i = 0; i < len; i++) {
      char c = tok[i];
      if (c == '.')
        dots++;
      else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_'))
        __builtin_trap();
    }
    if (dots != 2) __builtin_trap();
  } else if (tok != NULL || len != 0) {
    __builtin_trap();
  }
  free(value);
  return 0;
}
