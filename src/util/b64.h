/* b64.h - base64 (RFC 4648 §4) and base64url without padding (§5), strict decoders.
 *
 * Decoders reject characters outside the alphabet, bad padding and non-zero trailing
 * bits, so one encoded value has exactly one accepted spelling. Buffers are the
 * caller's; every function checks the output size. */
#ifndef SB_UTIL_B64_H
#define SB_UTIL_B64_H

#include <stddef.h>

/* Bytes needed to encode n bytes as unpadded base64url, plus a NUL. */
#define B64URL_ENCODED_SIZE(n) ((((n) + 2) / 3) * 4 + 1)

/* Encodes in[0..n) as base64url without padding into out (NUL-terminated).
 * Returns the length written, or -1 when out is too small. */
long b64url_encode(const unsigned char *in, size_t n, char *out, size_t outsz);
/* Decodes unpadded base64url text s[0..len). Returns bytes written, or -1 when the text
 * is not canonical base64url or out is too small. */
long b64url_decode(const char *s, size_t len, unsigned char *out, size_t outsz);
/* Decodes padded standard base64 (as in HTTP Basic). Returns bytes written or -1. */
long b64_decode(const char *s, size_t len, unsigned char *out, size_t outsz);
/* Encodes as padded standard base64. Returns the length written or -1. */
long b64_encode(const unsigned char *in, size_t n, char *out, size_t outsz);

#endif
