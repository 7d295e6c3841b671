/* authheader.h - parsing the value of an HTTP Authorization header (outside input).
 *
 * Two forms are understood:
 *   "Basic <base64(user:secret)>"  (RFC 7617) for the token endpoint, and
 *   "<JWT>" or "Bearer <JWT>"      (RFC 6750) for everything else; the seed's clients
 *                                  send the JWT with no scheme.
 * Scheme names are case-insensitive and separated from their credentials by one or more
 * spaces; spaces and tabs around the whole value are ignored. Every length is bounded.
 * These functions only parse: nothing here says a credential is valid.
 *
 * Output buffers are the caller's; authheader_token returns a pointer into value. The
 * functions keep no state and are thread-safe. */
#ifndef SB_AUTH_AUTHHEADER_H
#define SB_AUTH_AUTHHEADER_H

#include <stddef.h>

/* Longest header value looked at, in bytes (including surrounding spaces). */
#define AUTHHEADER_VALUE_MAX 16384
/* Longest bearer token accepted (the same bound as JWT_MAX_LEN). */
#define AUTHHEADER_TOKEN_MAX 8192
/* Longest base64 credential accepted after "Basic ". */
#define AUTHHEADER_BASIC_MAX 1024

/* Parses "Basic <base64>" where base64 is strict padded standard base64 of "user:secret".
 * The user is everything before the first colon (RFC 7617: a user-id cannot contain
 * one) and the secret everything after it, colons included. Both must be non-empty,
 * contain no NUL or other control characters (bytes below 0x20 and 0x7f), and fit
 * their buffers with a NUL (usz, ssz bytes). Returns 0 and fills user and secret, or -1
 * with both set to "" (when their sizes allow). */
int authheader_basic(const char *value, char *user, size_t usz, char *secret, size_t ssz);

/* Finds the JWT in "Bearer <JWT>" or a bare "<JWT>". The token must be 1 to
 * AUTHHEADER_TOKEN_MAX characters from the base64url alphabet with exactly two dots.
 * Any other scheme ("Basic ...", "Digest ...") is refused. Returns 0 with *tok pointing
 * into value and *len its length, or -1 with *tok = NULL and *len = 0. */
int authheader_token(const char *value, const char **tok, size_t *len);

#endif
