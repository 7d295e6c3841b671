/* key_policy.c - see key_policy.h. */
#include "auth/key_policy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/fmt.h"
#include "util/fsutil.h"

#define TTL_MIN 60
#define TTL_MAX 86400
#define LEEWAY_MAX 3600

static int64_t max64(int64_t a, int64_t b) {
  return a > b ? a : b;
}

void key_policy_next(const struct key_policy *before, int64_t token_ttl, int64_t leeway,
                     int64_t now, struct key_policy *out) {
  struct key_policy p = {.token_ttl = token_ttl, .leeway = leeway};
  if (before != NULL) {
    /* What the previous process's tokens may need from now on: its own values (it may
     * have signed until just now), and what it was still carrying. */
    int64_t ttl = before->token_ttl, lw = before->leeway, until = now + ttl + lw;
    if (before->carry_until > now) {
      ttl = max64(ttl, before->carry_ttl);
      lw = max64(lw, before->carry_leeway);
      until = max64(until, before->carry_until);
    }
    if (ttl > token_ttl || lw > leeway) {
      p.carry_ttl = ttl;
      p.carry_leeway = lw;
      p.carry_until = until;
    }
  }
  *out = p;
}

void key_policy_effective(const struct key_policy *p, int64_t own_ttl, int64_t own_leeway,
                          int64_t now, int64_t *ttl, int64_t *leeway) {
  *ttl = own_ttl;
  *leeway = own_leeway;
  if (p == NULL) return;
  *ttl = max64(*ttl, p->token_ttl);
  *leeway = max64(*leeway, p->leeway);
  if (p->carry_until > now) {
    *ttl = max64(*ttl, p->carry_ttl);
    *leeway = max64(*leeway, p->carry_leeway);
  }
}

size_t key_policy_format(const struct key_policy *p, char *out, size_t n) {
  int64_t v[5] = {p->token_ttl, p->leeway, p->carry_ttl, p->carry_leeway, p->carry_until};
  size_t count = p->carry_until ? 5 : 2, off = 0;
  for (size_t i = 0; i < count; i++) {
    char num[FMT_INT64_MAX];
    size_t len = fmt_int64(v[i], num);
    if (off + len + 2 > n) return 0; /* the number, a space or newline, the NUL */
    memcpy(out + off, num, len);
    off += len;
    out[off++] = i + 1 < count ? ' ' : '\n';
  }
  out[off] = '\0';
  return off;
}

/* One decimal field of at most 18 digits at *pos; moves past it. */
static int field(const char *t, size_t len, size_t *pos, int64_t *v) {
  size_t i = *pos, digits = 0;
  int64_t x = 0;
  while (i < len && t[i] >= '0' && t[i] <= '9' && digits < 18) {
    x = x * 10 + (t[i++] - '0');
    digits++;
  }
  if (digits == 0 || (i < len && t[i] >= '0' && t[i] <= '9')) return -1;
  *pos = i;
  *v = x;
  return 0;
}

int key_policy_parse(const char *text, size_t len, struct key_policy *out, struct sb_err *err) {
  static const char *const names[5] = {"token_ttl", "leeway", "carry_ttl", "carry_leeway",
                                       "carry_until"};
  if (len > 0 && text[len - 1] == '\n') len--;
  int64_t v[5] = {0};
  size_t pos = 0, n = 0;
  while (n < 5) {
    if (field(text, len, &pos, &v[n]) != 0)
      return sb_err_set(err, "key policy: field %zu (%s): not a number", n + 1, names[n]);
    n++;
    if (pos == len) break;
    if (text[pos] != ' ')
      return sb_err_set(err, "key policy: after field %zu (%s): expected a space", n, names[n - 1]);
    pos++;
  }
  if (pos != len) return sb_err_set(err, "key policy: more than 5 fields");
  if (n != 2 && n != 5) return sb_err_set(err, "key policy: %zu fields (2 or 5 expected)", n);
  if (v[0] < TTL_MIN || v[0] > TTL_MAX)
    return sb_err_set(err, "key policy: token_ttl %lld out of %d..%d", (long long)v[0], TTL_MIN,
                      TTL_MAX);
  if (v[1] > LEEWAY_MAX)
    return sb_err_set(err, "key policy: leeway %lld over %d", (long long)v[1], LEEWAY_MAX);
  if (n == 5 && (v[2] < TTL_MIN || v[2] > TTL_MAX))
    return sb_err_set(err, "key policy: carry_ttl %lld out of %d..%d", (long long)v[2], TTL_MIN,
                      TTL_MAX);
  if (n == 5 && v[3] > LEEWAY_MAX)
    return sb_err_set(err, "key policy: carry_leeway %lld over %d", (long long)v[3], LEEWAY_MAX);
  if (n == 5 && v[4] == 0) return sb_err_set(err, "key policy: carry_until is 0");
  *out = (struct key_policy){v[0], v[1], v[2], v[3], v[4]};
  return 0;
}

int key_policy_read(const char *keys_dir, struct key_policy *out, struct sb_err *err) {
  char path[4096];
  if (fs_join(path, sizeof path, keys_dir, KEY_POLICY_FILE))
    return sb_err_set(err, "key policy: path too long");
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno == ENOENT) return 0;
    return sb_err_set(err, "key policy: %s: %s", path, strerror(errno));
  }
  size_t len;
  char *text = fs_read_file(path, KEY_POLICY_LINE_MAX, &len, err);
  if (text == NULL) return -1;
  int rc = key_policy_parse(text, len, out, err);
  free(text);
  if (rc != 0) {
    struct sb_err e = *err;
    return sb_err_set(err, "%s: %s", path, e.msg);
  }
  return 1;
}

int key_policy_record(const char *keys_dir, int64_t token_ttl, int64_t leeway, int64_t now,
                      struct key_policy *out, struct sb_err *err) {
  struct key_policy before;
  int had = key_policy_read(keys_dir, &before, err);
  if (had < 0) return -1;
  key_policy_next(had ? &before : NULL, token_ttl, leeway, now, out);
  char line[KEY_POLICY_LINE_MAX], path[4096];
  size_t len = key_policy_format(out, line, sizeof line);
  if (len == 0 || fs_join(path, sizeof path, keys_dir, KEY_POLICY_FILE))
    return sb_err_set(err, "key policy: cannot format the record");
  return fs_write_file_atomic(path, line, len, 0600, err);
}
