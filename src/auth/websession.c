/* websession.c - see websession.h. */
#include "auth/websession.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/b64.h"

#define TOKEN_PREFIX "sbs_"

int websession_new_token(char *out, size_t n) {
  if (n < WEBSESSION_TOKEN_SIZE) return -1;
  unsigned char rnd[32];
  randombytes_buf(rnd, sizeof rnd);
  memcpy(out, TOKEN_PREFIX, 4);
  long w = b64url_encode(rnd, sizeof rnd, out + 4, n - 4);
  sodium_memzero(rnd, sizeof rnd);
  return w == WEBSESSION_TOKEN_LEN - 4 ? 0 : -1;
}

bool websession_token_valid(const char *s) {
  if (s == NULL || strlen(s) != WEBSESSION_TOKEN_LEN || memcmp(s, TOKEN_PREFIX, 4) != 0)
    return false;
  unsigned char raw[33];
  return b64url_decode(s + 4, WEBSESSION_TOKEN_LEN - 4, raw, sizeof raw) == 32;
}

void websession_digest(const char *token, unsigned char out[32]) {
  crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

void websession_new_csrf(unsigned char secret[32]) {
  randombytes_buf(secret, 32);
}

void websession_csrf_token(const unsigned char secret[32], char *out, size_t n) {
  if (b64url_encode(secret, 32, out, n) < 0 && n) out[0] = '\0';
}

bool websession_csrf_check(const unsigned char secret[32], const char *given) {
  if (given == NULL || strlen(given) != WEBSESSION_CSRF_LEN) return false;
  char want[WEBSESSION_CSRF_SIZE];
  websession_csrf_token(secret, want, sizeof want);
  return sodium_memcmp(want, given, WEBSESSION_CSRF_LEN) == 0;
}

int websession_cookie_token(const char *h, char *out, size_t n) {
  static const char name[] = WEBSESSION_COOKIE "=";
  if (n) out[0] = '\0';
  if (h == NULL) return 0;
  const char *p = h;
  while (*p) {
    while (*p == ' ' || *p == ';')
      p++;
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    while (len > 0 && p[len - 1] == ' ')
      len--;
    if (len > sizeof name - 1 && memcmp(p, name, sizeof name - 1) == 0) {
      size_t vlen = len - (sizeof name - 1);
      if (vlen + 1 > n) return 0;
      memcpy(out, p + sizeof name - 1, vlen);
      out[vlen] = '\0';
      if (websession_token_valid(out)) return 1;
      out[0] = '\0';
    }
    if (end == NULL) break;
    p = end + 1;
  }
  return 0;
}

int websession_set_cookie(const char *token, bool secure, char *out, size_t n) {
  int w;
  if (token)
    w = snprintf(out, n, WEBSESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
                 secure ? "; Secure" : "");
  else
    w = snprintf(out, n, WEBSESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
                 secure ? "; Secure" : "");
  return w < 0 || (size_t)w >= n ? -1 : 0;
}

int64_t websession_expiry(int64_t created, int64_t last_seen) {
  int64_t idle = last_seen + WEBSESSION_IDLE_SECS;
  int64_t absolute = created + WEBSESSION_ABSOLUTE_SECS;
  return idle < absolute ? idle : absolute;
}
