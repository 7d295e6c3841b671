/* ssr_client.h - a reference client of the Student Score Report API v3, for a student
 * information system written in C (and for `scorebridge client`).
 *
 * What it does: GET /v3/token (Basic username:api_token), caches the token until shortly
 * before it expires, sends it as "Authorization: Bearer" to /v3/token/verify,
 * /v3/students/{ssid}/score-reports and /v3/score-reports/changes, and fetches the
 * temporary links (without the token: a link carries its own signature, and the token must
 * not leak to whatever host serves the files).
 *
 * Retries: an answer of 401 to a request made with a cached token gets a new token once and
 * the request is sent again. 429 and 5xx answers and transport failures (connection refused,
 * timeouts) are retried with exponential backoff and full jitter (a delay drawn uniformly in
 * [0, min(max_delay, base_delay * 2^n))), or after the server's Retry-After (seconds or an
 * HTTP-date) when it sends one, at most max_attempts times and never past max_total seconds.
 * Every request is a GET, so retrying is safe.
 *
 * Memory: the caller owns the struct ssr_client (ssr_client_new / ssr_client_free) and
 * every json_t returned (json_decref). Strings passed in are copied or only read during
 * the call. Errors are written into the caller's struct sb_err (util/err.h).
 *
 * Threads: one struct ssr_client must be used by one thread at a time (it holds a curl easy
 * handle and the token cache). Use one client per thread; call ssr_client_global_init()
 * once, before starting threads. Link with libscorebridge.a, -lcurl and -ljansson. */
#ifndef SB_CLIENT_SSR_CLIENT_H
#define SB_CLIENT_SSR_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/err.h"

/* What a call returned. The CLI maps these to its exit codes. */
enum ssr_rc {
  SSR_OK = 0,
  SSR_ERR_LOCAL = 1,   /* out of memory, a file that cannot be written, a bad argument */
  SSR_ERR_NETWORK = 2, /* no answer (connection refused, timeout) after every attempt */
  SSR_ERR_SERVER = 3,  /* 429 or 5xx after every attempt, or an answer that is not the API's */
  SSR_ERR_AUTH = 4,    /* the credential was refused (401 from /v3/token, or 401/403 again) */
  SSR_ERR_REFUSED = 5, /* another 4xx: 400 malformed, 403 not enrolled, 404 unknown student */
};

struct ssr_client_opts {
  const char *base_url;  /* "https://host[:port]" (a trailing / is ignored) */
  const char *username;  /* from TOMS */
  const char *api_token; /* from TOMS */
  int max_attempts;      /* per request, first try included (0: 5) */
  double max_total;      /* seconds, per request, retries and waits included (0: 60) */
  double base_delay;     /* seconds, first backoff ceiling (0: 0.5) */
  double max_delay;      /* seconds, backoff ceiling (0: 8) */
  long timeout;          /* seconds for one HTTP exchange (0: 30) */
  /* Called before each wait, with one line saying why (may be NULL). */
  void (*on_retry)(void *ud, const char *line);
  void *ud;
};

struct ssr_client_stats {
  unsigned token_fetches; /* successful GET /v3/token */
  unsigned retries;       /* requests sent again (401 refresh included) */
};

/* Once per process, before threads: curl_global_init. Returns 0 or -1. */
int ssr_client_global_init(struct sb_err *err);

struct ssr_client *ssr_client_new(const struct ssr_client_opts *o, struct sb_err *err);
void ssr_client_free(struct ssr_client *c);

/* Makes sure a token is cached (fetching one when needed). *exp (may be NULL) is its expiry
 * as the server's clock says (Unix seconds; 0 when unknown). */
enum ssr_rc ssr_client_token(struct ssr_client *c, int64_t *exp, struct sb_err *err);
/* GET /v3/token/verify: the LEA codes as a JSON array of strings (caller decrefs). */
enum ssr_rc ssr_client_verify(struct ssr_client *c, json_t **leas, struct sb_err *err);

/* Optional filters of the score-report query; NULL leaves a filter out. */
struct ssr_report_query {
  const char *type, *lang, *year, *format, *final;
};
/* GET /v3/students/{ssid}/score-reports: the answer's array (caller decrefs). */
enum ssr_rc ssr_client_score_reports(struct ssr_client *c, const char *ssid,
                                     const struct ssr_report_query *q, json_t **reports,
                                     struct sb_err *err);
/* GET /v3/score-reports/changes?since=&limit= (since NULL: from the start; limit 0: the
 * server's default): one page, {"items":[...],"next":...} (caller decrefs). */
enum ssr_rc ssr_client_changes(struct ssr_client *c, const char *since, long limit, json_t **page,
                               struct sb_err *err);

/* GET url (a temporary link) into out, which must be seekable (a regular file) for a
 * failed try to be retried: a retry rewinds and truncates it. With a non-seekable out
 * (stdout on a pipe), a failure after the first byte is not retried. *bytes may be NULL. */
enum ssr_rc ssr_client_fetch(struct ssr_client *c, const char *url, FILE *out, uint64_t *bytes,
                             struct sb_err *err);

/* HTTP status of the last answer (0 when none). */
long ssr_client_last_status(const struct ssr_client *c);
void ssr_client_get_stats(const struct ssr_client *c, struct ssr_client_stats *s);

/* --- the pure parts, exposed for unit tests ------------------------------------------ */

/* The "exp" (and "iat", when present; else *iat = 0) claims of a compact JWT, read WITHOUT
 * checking the signature. That is fine for a client: it only uses exp to decide when to
 * ask for a new token, never to trust anyone. A forged exp could only make this client
 * use an expired token (the server then answers 401 and the client fetches a new one) or
 * fetch tokens early; the server checks every token itself. Returns 0 or -1. */
int ssr_jwt_claims(const char *token, int64_t *exp, int64_t *iat, struct sb_err *err);

/* Retry-After (RFC 9110 §10.2.3): delay-seconds (digits only) or an HTTP-date
 * (IMF-fixdate, RFC 850 or asctime). now is the local Unix time; a date in the past gives
 * 0. Returns 0 and sets *secs, or -1 for anything else (empty, signs, fractions, trailing
 * text, impossible dates). */
int ssr_retry_after_parse(const char *value, int64_t now, double *secs);

/* Full-jitter backoff: u * min(max_delay, base * 2^retry), u in [0,1) given by the caller
 * (so tests can fix it). retry counts from 0. */
double ssr_backoff_delay(unsigned retry, double base, double max_delay, double u);

/* When a cached token must be replaced, in local time: the server's exp moved by the
 * clock difference seen at receipt (local_now_at_receipt - iat, when iat is known), less a
 * margin of min(60 s, a tenth of the token's life). */
int64_t ssr_token_refresh_at(int64_t exp, int64_t iat, int64_t received_at);

#endif
