/* buf.h - a growable byte buffer with a hard maximum size.
 *
 * Every append checks the maximum, so a buffer fed from outside input cannot grow without
 * bound. The data is always NUL-terminated (the NUL is not counted in len). The buffer
 * owns its memory; buf_free releases it, buf_steal hands it to the caller. */
#ifndef SB_UTIL_BUF_H
#define SB_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
  char *data;
  size_t len;
  size_t cap;
  size_t max; /* largest len allowed */
};

/* Starts an empty buffer that may hold up to max bytes. Allocates nothing yet. */
void buf_init(struct buf *b, size_t max);
/* Appends n bytes. Returns 0, or -1 when out of memory or past max (b unchanged). */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Returns the data as a C string ("" for an empty buffer that never allocated). */
const char *buf_cstr(const struct buf *b);
/* Hands the data (NUL-terminated, caller frees) to the caller and empties the buffer.
 * Returns NULL when out of memory. */
char *buf_steal(struct buf *b);
void buf_free(struct buf *b);

#endif
