/* cors.h - Cross-Origin Resource Sharing for browser clients of the /v3 API: the
 * allow-list of portal origins (serve --cors-origin, SCOREBRIDGE_CORS_ORIGINS), parsing
 * of the outside input that decides it (the Origin header, Access-Control-Request-Method
 * and Access-Control-Request-Headers of a preflight), and the header values sent back.
 * Pure: no I/O, no allocation; every buffer is the caller's or inside struct cors_policy
 * (a fixed-size value the caller owns; copy it freely).
 *
 * Rules: an origin is allowed only by exact match of its normalised form
 * (scheme://host[:port], lower case, default port dropped); there is never a wildcard
 * (requests carry Authorization) and never "null". Only paths under /v3/ take part
 * (cors_path_applies): the API and its temporary links. */
#ifndef SB_HTTP_CORS_H
#define SB_HTTP_CORS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define CORS_MAX_ORIGINS 16
#define CORS_ORIGIN_MAX 256 /* normalised origin, NUL included */

/* What goes back to an allowed origin. Methods and headers are fixed lists: the API is
 * GET only; the seed's $.ajax samples send authorization and cache-control. */
#define CORS_ALLOW_METHODS "GET, HEAD"
#define CORS_ALLOW_HEADERS                                                                         \
  "Authorization, Cache-Control, Content-Type, Range, X-Request-Id, X-Requested-With"
#define CORS_EXPOSE_HEADERS                                                                        \
  "X-Request-Id, Retry-After, Content-Disposition, Content-Range, Accept-Ranges, ETag, "           \
  "WWW-Authenticate, Sunset"
#define CORS_MAX_AGE "7200" /* seconds a browser may cache a preflight (Chrome's cap) */

struct cors_policy {
  size_t n;
  char origins[CORS_MAX_ORIGINS][CORS_ORIGIN_MAX]; /* normalised, no duplicates */
};

enum cors_origin_status {
  CORS_ORIGIN_OK,
  CORS_ORIGIN_EMPTY,
  CORS_ORIGIN_TOO_LONG,
  CORS_ORIGIN_NULL,       /* "null": sandboxed frames, file: pages */
  CORS_ORIGIN_WILDCARD,   /* a '*' anywhere */
  CORS_ORIGIN_BAD_CHAR,   /* controls, spaces, non-ASCII, a list of origins */
  CORS_ORIGIN_BAD_SCHEME, /* not http:// or https:// */
  CORS_ORIGIN_USERINFO,   /* user@host */
  CORS_ORIGIN_BAD_HOST,   /* empty, bad characters, bad [IPv6] */
  CORS_ORIGIN_BAD_PORT,   /* empty, not digits, 0, > 65535 */
  CORS_ORIGIN_PATH,       /* a path, query or fragment after the host */
};

/* Normalises an origin of len bytes (need not be NUL-terminated) into out (lower-case
 * scheme and host, no default port). Returns CORS_ORIGIN_OK or why it is refused (out is
 * then ""). */
enum cors_origin_status cors_origin_normalize(const char *in, size_t len,
                                              char out[CORS_ORIGIN_MAX]);
/* A short English reason for a status ("a wildcard is never allowed"). */
const char *cors_origin_status_text(enum cors_origin_status st);

/* Adds one configured origin (normalised; a single trailing '/' is tolerated; duplicates
 * are ignored). Returns 0, or -1 with err (refused origin, list full). */
int cors_policy_add(struct cors_policy *p, const char *origin, struct sb_err *err);
/* Adds every space-separated origin of list (SCOREBRIDGE_CORS_ORIGINS). Returns 0 or -1. */
int cors_policy_add_list(struct cors_policy *p, const char *list, struct sb_err *err);

/* The allowed origin matching the request's Origin header value (NULL: absent, refused or
 * not on the list). The pointer is into p. */
const char *cors_allowed(const struct cors_policy *p, const char *origin_header);

/* True for the paths CORS applies to: "/v3/" and below. */
bool cors_path_applies(const char *path);

enum cors_request_status {
  CORS_REQUEST_OK,
  CORS_REQUEST_MISSING,    /* no Access-Control-Request-Method */
  CORS_REQUEST_TOO_LONG,   /* a header value past its bound */
  CORS_REQUEST_BAD_SYNTAX, /* not a token / not a list of tokens */
  CORS_REQUEST_METHOD,     /* a method other than GET or HEAD */
  CORS_REQUEST_HEADER,     /* a header name outside CORS_ALLOW_HEADERS */
  CORS_REQUEST_TOO_MANY,   /* more header names than any client of ours sends */
};

/* Access-Control-Request-Method (NULL when absent): GET or HEAD, case-sensitive. */
enum cors_request_status cors_check_method(const char *value);
/* Access-Control-Request-Headers (NULL or "" when absent): a comma-separated list of
 * header names, each one of CORS_ALLOW_HEADERS (case-insensitive). */
enum cors_request_status cors_check_headers(const char *value);

enum cors_preflight {
  CORS_PREFLIGHT_ALLOWED,  /* 204 with the Access-Control-Allow-* headers */
  CORS_PREFLIGHT_NOT_CORS, /* no Origin or no request method: a plain OPTIONS */
  CORS_PREFLIGHT_REFUSED,  /* origin not allowed, or method/headers outside the lists */
};
/* Decides an OPTIONS request from its three headers (each NULL when absent). *allowed is
 * set to the matching origin (into p) for CORS_PREFLIGHT_ALLOWED, else NULL. */
enum cors_preflight cors_preflight_check(const struct cors_policy *p, const char *origin,
                                         const char *req_method, const char *req_headers,
                                         const char **allowed);

/* Appends each origin of p not already there to a CSP source list (the frame-ancestors of
 * report files), replacing a lone 'none'. Returns 0, or -1 when list (cap bytes) is too
 * small (list is then unchanged). */
int cors_frame_ancestors(const struct cors_policy *p, char *list, size_t cap);

#endif
