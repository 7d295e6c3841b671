/* fmt.c - see fmt.h. */
#include "util/fmt.h"

#include <string.h>

size_t fmt_int64(int64_t v, char out[FMT_INT64_MAX]) {
  char t[FMT_INT64_MAX];
  size_t i = sizeof t;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  t[--i] = '\0';
  do {
    t[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) t[--i] = '-';
  size_t n = sizeof t - 1 - i;
  memcpy(out, t + i, n + 1);
  return n;
}

size_t fmt_field(char *dst, size_t n, const char *src) {
  size_t len = strnlen(src, n - 1);
  memcpy(dst, src, len);
  dst[len] = '\0';
  return len;
}
