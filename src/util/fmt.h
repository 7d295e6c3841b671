/* fmt.h - number formatting without printf, for paths that run per row or per operator
 * (JSON responses, PDF drawing, SENR lines). */
#ifndef SB_UTIL_FMT_H
#define SB_UTIL_FMT_H

#include <stddef.h>
#include <stdint.h>

#define FMT_INT64_MAX 21 /* "-9223372036854775808" and a NUL */

/* Writes v in decimal into out (NUL-terminated) and returns its length. */
size_t fmt_int64(int64_t v, char out[FMT_INT64_MAX]);
/* Copies src into the fixed field dst of n bytes (n > 0), cut to fit, always
 * NUL-terminated; returns the length written. */
size_t fmt_field(char *dst, size_t n, const char *src);

#endif
