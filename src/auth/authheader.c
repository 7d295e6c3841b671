/* authheader.c - see authheader.h. */
#include "auth/authheader.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "util/b64.h"

/* Trims spaces and tabs around value; returns the start and sets *n to the length.
 * Returns NULL when value is NULL or longer than AUTHHEADER_VALUE_MAX. */
static const char *trim(const char *value, size_t *n) {
  if (value == NULL) return NULL;
  size_t len = strnlen(value, AUTHHEADER_VALUE_MAX + 1);
  if (len > AUTHHEADER_VALUE_MAX) return NULL;
  while (len > 0 && (*value == ' ' || *value == '\t')) {
    value++;
    len--;
  }
  while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\t'))
    len--;
  *n = len;
  return value;
}

/* When s[0..*n) starts with scheme (any case) and one or more spaces, advances past
 * them and returns true. */
static bool take_scheme(const char **s, size_t *n, const char *scheme) {
  size_t k = strlen(scheme);
  if (*n <= k || strncasecmp(*s, scheme, k) != 0 || (*s)[k] != ' ') return false;
  while (k < *n && (*s)[k] == ' ')
    k++;
  *s += k;
  *n -= k;
  return true;
}

static bool has_control(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] < 0x20 || p[i] == 0x7f) return true;
  return false;
}

int authheader_basic(const char *value, char *user, size_t usz, char *secret, size_t ssz) {
  if (user == NULL || secret == NULL || usz == 0 || ssz == 0) return -1;
  user[0] = '\0';
  secret[0] = '\0';
  size_t n = 0;
  const char *s = trim(value, &n);
  if (s == NULL || !take_scheme(&s, &n, "Basic") || n == 0 || n > AUTHHEADER_BASIC_MAX) return -1;
  unsigned char raw[AUTHHEADER_BASIC_MAX / 4 * 3];
  long got = b64_decode(s, n, raw, sizeof raw);
  int rc = -1;
  if (got <= 0 || has_control(raw, (size_t)got)) goto done;
  const unsigned char *colon = memchr(raw, ':', (size_t)got);
  if (colon == NULL) goto done;
  size_t ulen = (size_t)(colon - raw), slen = (size_t)got - ulen - 1;
  if (ulen == 0 || slen == 0 || ulen >= usz || slen >= ssz) goto done;
  memcpy(user, raw, ulen);
  user[ulen] = '\0';
  memcpy(secret, colon + 1, slen);
  secret[slen] = '\0';
  rc = 0;
done:
  OPENSSL_cleanse(raw, sizeof raw);
  return rc;
}

static bool jwt_shaped(const char *s, size_t n) {
  size_t dots = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '.')
      dots++;
    else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_'))
      return false;
  }
  return dots == 2;
}

int authheader_token(const char *value, const char **tok, size_t *len) {
  if (tok == NULL || len == NULL) return -1;
  *tok = NULL;
  *len = 0;
  size_t n = 0;
  const char *s = trim(value, &n);
  if (s == NULL) return -1;
  take_scheme(&s, &n, "Bearer");
  if (n == 0 || n > AUTHHEADER_TOKEN_MAX || !jwt_shaped(s, n)) return -1;
  *tok = s;
  *len = n;
  return 0;
}
