/* form.h - application/x-www-form-urlencoded bodies (the WHATWG URL standard's form
 * encoding): "name=value&name2=value2", '+' for a space, %XX for any byte. Pure; no I/O.
 *
 * The decoder is strict where lenient decoders hide attacks: a '%' not followed by two hex
 * digits, an encoded NUL (%00) or a raw control byte, and a field name given twice are
 * rejected rather than guessed at. All buffers are the caller's; nothing is allocated. */
#ifndef SB_HTTP_FORM_H
#define SB_HTTP_FORM_H

#include <stddef.h>

#include "util/err.h"

/* Decodes in[0..len) ('+' -> space, %XX -> byte) into out (NUL-terminated, at most cap-1
 * bytes). Returns the decoded length, or -1 with err when the text has a bad or truncated
 * escape, an encoded NUL, a raw control byte other than tab, or does not fit. */
long form_decode(const char *in, size_t len, char *out, size_t cap, struct sb_err *err);

/* Finds the field called name in the body[0..len) and decodes its value into out.
 * Returns 1 when found, 0 when absent, -1 with err when the body is malformed (any field,
 * not only this one, so a malformed body is refused whole), the field appears twice, or
 * the value does not fit in cap-1 bytes. A field without '=' has the empty value. */
int form_field(const char *body, size_t len, const char *name, char *out, size_t cap,
               struct sb_err *err);

/* Checks the whole body: every name and value decodes and no name repeats. Returns the
 * number of fields, or -1 with err. */
long form_validate(const char *body, size_t len, struct sb_err *err);

#endif
