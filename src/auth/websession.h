/* websession.h - the secrets of web sessions, apart from HTTP and storage: session
 * tokens, their digests (the store keeps only the digest, so a copy of the database
 * cannot be replayed as cookies), CSRF tokens, the Set-Cookie text and reading our cookie
 * out of a Cookie header. Pure apart from random bytes (libsodium); thread-safe.
 *
 * Shapes: session token "sbs_" + base64url of 32 random bytes (47 characters); the
 * CSRF secret is 32 random bytes kept with the session, and the CSRF token given to
 * pages is its base64url (43 characters), compared in constant time. */
#ifndef SB_AUTH_WEBSESSION_H
#define SB_AUTH_WEBSESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEBSESSION_COOKIE "sb_session"
#define WEBSESSION_TOKEN_LEN 47
#define WEBSESSION_TOKEN_SIZE (WEBSESSION_TOKEN_LEN + 1)
#define WEBSESSION_CSRF_LEN 43
#define WEBSESSION_CSRF_SIZE (WEBSESSION_CSRF_LEN + 1)
#define WEBSESSION_IDLE_SECS (30 * 60)       /* idle expiry */
#define WEBSESSION_ABSOLUTE_SECS (12 * 3600) /* absolute expiry */
#define WEBSESSION_TOUCH_SECS 60             /* last_seen is written at most this often */

/* A new session token into out (at least WEBSESSION_TOKEN_SIZE). Returns 0 or -1. */
int websession_new_token(char *out, size_t n);
/* True when s has the shape of a session token (checked before any lookup). */
bool websession_token_valid(const char *s);
/* SHA-256 of the token: the session's id in the store. */
void websession_digest(const char *token, unsigned char out[32]);
/* 32 random bytes of CSRF secret. */
void websession_new_csrf(unsigned char secret[32]);
/* The CSRF token of a secret, into out (at least WEBSESSION_CSRF_SIZE). */
void websession_csrf_token(const unsigned char secret[32], char *out, size_t n);
/* True when given (may be NULL) is the CSRF token of secret; constant time. */
bool websession_csrf_check(const unsigned char secret[32], const char *given);
/* Finds our cookie in a Cookie header ("a=1; sb_session=...; b=2") and copies its value
 * into out. Returns 1 when found with a valid token shape, 0 otherwise. */
int websession_cookie_token(const char *cookie_header, char *out, size_t n);
/* The Set-Cookie value that sets (token != NULL) or clears (token NULL) the session
 * cookie. secure adds "Secure" (the public URL is https). Returns 0 or -1 when n is too
 * small. */
int websession_set_cookie(const char *token, bool secure, char *out, size_t n);
/* When a session created at created, last seen at last_seen, expires as seen at now:
 * the earlier of the idle and the absolute limits. */
int64_t websession_expiry(int64_t created, int64_t last_seen);

#endif
