/* cursor.c - see cursor.h. */
#include "domain/cursor.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/b64.h"

#define PREFIX "sb1:"
#define PREFIX_LEN 4

int cursor_encode(int64_t seq, char *out, size_t n) {
  if (seq < 0 || n < CURSOR_MAX) return -1;
  char plain[32];
  int len = snprintf(plain, sizeof plain, PREFIX "%lld", (long long)seq);
  if (len < 0 || (size_t)len >= sizeof plain) return -1;
  return b64url_encode((const unsigned char *)plain, (size_t)len, out, n) < 0 ? -1 : 0;
}

int cursor_decode(const char *s, int64_t *seq, struct sb_err *err) {
  size_t len = strnlen(s, CURSOR_MAX + 1);
  if (len == 0) return sb_err_set(err, "since: empty cursor");
  if (len > CURSOR_MAX) return sb_err_set(err, "since: cursor too long");
  unsigned char plain[CURSOR_MAX];
  long n = b64url_decode(s, len, plain, sizeof plain);
  if (n < 0) return sb_err_set(err, "since: not a cursor (base64url)");
  if (n <= PREFIX_LEN || memcmp(plain, PREFIX, PREFIX_LEN) != 0)
    return sb_err_set(err, "since: not a cursor (prefix)");
  const unsigned char *d = plain + PREFIX_LEN;
  size_t nd = (size_t)n - PREFIX_LEN;
  if (nd > 19 || (nd > 1 && d[0] == '0')) return sb_err_set(err, "since: bad cursor number");
  uint64_t v = 0;
  for (size_t i = 0; i < nd; i++) {
    if (d[i] < '0' || d[i] > '9') return sb_err_set(err, "since: bad cursor number");
    v = v * 10 + (uint64_t)(d[i] - '0');
  }
  if (v > (uint64_t)INT64_MAX) return sb_err_set(err, "since: cursor out of range");
  *seq = (int64_t)v;
  return 0;
}

static int parse_limit(const char *s, int *out, struct sb_err *err) {
  size_t len = strnlen(s, 8);
  if (len > 4 || (len > 1 && s[0] == '0'))
    return sb_err_set(err, "limit: expected 1..%d", FEED_LIMIT_MAX);
  int v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return sb_err_set(err, "limit: expected 1..%d", FEED_LIMIT_MAX);
    v = v * 10 + (s[i] - '0');
  }
  if (v < 1 || v > FEED_LIMIT_MAX) return sb_err_set(err, "limit: expected 1..%d", FEED_LIMIT_MAX);
  *out = v;
  return 0;
}

int feed_params_parse(const struct query_arg *args, size_t n, struct feed_params *out,
                      struct sb_err *err) {
  out->since = 0;
  out->limit = FEED_LIMIT_DEFAULT;
  bool seen_since = false, seen_limit = false;
  for (size_t i = 0; i < n; i++) {
    const char *k = args[i].key ? args[i].key : "";
    const char *v = args[i].value ? args[i].value : "";
    bool is_since = strcmp(k, "since") == 0, is_limit = strcmp(k, "limit") == 0;
    if (!is_since && !is_limit) continue;
    if ((is_since && seen_since) || (is_limit && seen_limit))
      return sb_err_set(err, "%s: given twice", k);
    if (is_since) seen_since = true;
    if (is_limit) seen_limit = true;
    if (*v == '\0') continue; /* blank = absent */
    if (is_since && cursor_decode(v, &out->since, err) != 0) return -1;
    if (is_limit && parse_limit(v, &out->limit, err) != 0) return -1;
  }
  return 0;
}
