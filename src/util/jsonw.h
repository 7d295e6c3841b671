/* jsonw.h - writing JSON text straight into a struct buf, for responses and log lines on
 * hot paths where building a jansson tree and dumping it costs more than the request.
 * Strings are escaped per RFC 8259 (quotation mark, backslash, control characters);
 * UTF-8 passes through unchanged. Every call returns 0, or -1 when the buffer is full. */
#ifndef SB_UTIL_JSONW_H
#define SB_UTIL_JSONW_H

#include <stdint.h>

#include "util/buf.h"

/* Appends s as a JSON string (with quotes). */
int jsonw_string(struct buf *b, const char *s);
/* Appends ,"key":"value" (without the leading comma when first is non-zero). */
int jsonw_kv_string(struct buf *b, int first, const char *key, const char *value);
int jsonw_kv_int(struct buf *b, int first, const char *key, int64_t value);
int jsonw_kv_bool(struct buf *b, int first, const char *key, int value);

#endif
