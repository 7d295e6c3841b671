/* range.c - see range.h. */
#include "http/range.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Reads 1-18 digits. */
static bool read_num(const char **p, int64_t *out) {
  const char *s = *p;
  int64_t v = 0;
  int n = 0;
  while (*s >= '0' && *s <= '9') {
    if (++n > 18) return false;
    v = v * 10 + (*s - '0');
    s++;
  }
  if (n == 0) return false;
  *p = s;
  *out = v;
  return true;
}

enum range_result range_parse(const char *value, int64_t size, int64_t *first, int64_t *last) {
  if (value == NULL) return RANGE_NONE;
  const char *p = value;
  while (*p == ' ')
    p++;
  if (strncasecmp(p, "bytes=", 6) != 0) return RANGE_NONE;
  p += 6;
  while (*p == ' ')
    p++;
  if (strchr(p, ',')) return RANGE_NONE;
  int64_t a = -1, b = -1;
  if (*p == '-') {
    p++;
    int64_t suffix;
    if (!read_num(&p, &suffix)) return RANGE_NONE;
    while (*p == ' ')
      p++;
    if (*p) return RANGE_NONE;
    if (suffix == 0 || size == 0) return RANGE_UNSATISFIABLE;
    a = suffix >= size ? 0 : size - suffix;
    b = size - 1;
  } else {
    if (!read_num(&p, &a) || *p++ != '-') return RANGE_NONE;
    if (*p >= '0' && *p <= '9') {
      if (!read_num(&p, &b)) return RANGE_NONE;
      if (b < a) return RANGE_NONE;
    }
    while (*p == ' ')
      p++;
    if (*p) return RANGE_NONE;
    if (a >= size) return RANGE_UNSATISFIABLE;
    if (b < 0 || b >= size) b = size - 1;
  }
  *first = a;
  *last = b;
  return RANGE_OK;
}
