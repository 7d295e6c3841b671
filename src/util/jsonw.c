/* jsonw.c - see jsonw.h. */
#include "util/jsonw.h"

#include "util/fmt.h"

#include <string.h>

int jsonw_string(struct buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  if (buf_putc(b, '"')) return -1;
  const char *run = s;
  for (const char *p = s;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c != 0 && c != '"' && c != '\\' && c >= 0x20) continue;
    if (p > run && buf_append(b, run, (size_t)(p - run))) return -1;
    if (c == 0) break;
    char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    int rc;
    if (c == '"')
      rc = buf_append(b, "\\\"", 2);
    else if (c == '\\')
      rc = buf_append(b, "\\\\", 2);
    else if (c == '\n')
      rc = buf_append(b, "\\n", 2);
    else if (c == '\r')
      rc = buf_append(b, "\\r", 2);
    else if (c == '\t')
      rc = buf_append(b, "\\t", 2);
    else
      rc = buf_append(b, esc, 6);
    if (rc) return -1;
    run = p + 1;
  }
  return buf_putc(b, '"');
}

static int key(struct buf *b, int first, const char *k) {
  if (!first && buf_putc(b, ',')) return -1;
  if (jsonw_string(b, k)) return -1;
  return buf_putc(b, ':');
}

int jsonw_kv_string(struct buf *b, int first, const char *k, const char *value) {
  return key(b, first, k) || jsonw_string(b, value) ? -1 : 0;
}

int jsonw_kv_int(struct buf *b, int first, const char *k, int64_t value) {
  char digits[FMT_INT64_MAX];
  size_t n = fmt_int64(value, digits);
  return key(b, first, k) || buf_append(b, digits, n) ? -1 : 0;
}

int jsonw_kv_bool(struct buf *b, int first, const char *k, int value) {
  return key(b, first, k) || buf_puts(b, value ? "true" : "false") ? -1 : 0;
}
