/* limits.h - abuse limits of the token API, as pure logic with an injected clock plus
 * small thread-safe tables around it:
 *   - a token bucket (per bearer token: requests per second with a burst),
 *   - a live-token table (per credential: at most N issued and not yet expired tokens),
 *   - a failure backoff (per client address and per username on GET /v3/token: a few
 *     free failures, then an exponential delay between attempts, then a lockout).
 *
 * Callers pass the time in: monotonic nanoseconds for the bucket and the backoff (they
 * measure real elapsed time), the wall clock's epoch seconds for live tokens (the same
 * clock as the JWT exp claim). Nothing here sleeps: a refusal says how many seconds to wait
 * (Retry-After), and the caller answers 429 at once.
 *
 * Memory: struct sb_limits owns its tables; they have a fixed size chosen at
 * sb_limits_new (sets of a few slots, the least recently used slot of a set is reused),
 * so memory stays bounded whatever the traffic. Forgetting an entry only ever errs
 * toward allowing. State is in memory only: a restart forgets it. Each call is O(1).
 * The per-token rate (every API request) is lock-free: a compare-and-swap on the
 * token's slot; two threads racing to add the same new token, or a slot reused while in
 * use, can let a request or two more through, never fewer. The login and live-token
 * tables take one mutex of one shard (the tables are split into shards by key hash). */
#ifndef SB_HTTP_LIMITS_H
#define SB_HTTP_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIMITS_MAX_LIVE 64 /* the largest allowed live-token cap */

/* --- the pure pieces --- */

/* The token bucket as GCRA (the generic cell rate algorithm): one "theoretical arrival
 * time" per key, so the shared table can update it with one compare-and-swap. */
struct tbucket {
  int64_t tat; /* ns; 0 = never used (a full bucket) */
};
/* Takes one token at now_ns with rate tokens/s and burst capacity. Returns true when
 * allowed; otherwise *retry_secs (>= 1) is when one token will be back. rate 0 = no limit. */
bool tbucket_take(struct tbucket *b, double rate, unsigned burst, int64_t now_ns,
                  unsigned *retry_secs);

struct backoff_policy {
  unsigned free_failures; /* failures allowed without delay */
  unsigned lock_failures; /* at this many failures the key is refused for lock_secs */
  unsigned lock_secs;
  unsigned max_delay_secs; /* cap of the doubling delay (1, 2, 4 ... s) */
};
struct backoff {
  unsigned failures;
  int64_t last_ns;
};
/* May an attempt go ahead now? true, or false with *retry_secs. Resets a key whose last
 * failure is older than lock_secs. */
bool backoff_check(struct backoff *b, const struct backoff_policy *p, int64_t now_ns,
                   unsigned *retry_secs);
void backoff_fail(struct backoff *b, int64_t now_ns);

struct live_tokens {
  unsigned n;
  int64_t exp[LIMITS_MAX_LIVE]; /* epoch seconds */
};
/* Drops expired tokens; when fewer than cap remain records one expiring at exp and returns
 * true, else returns false with *retry_secs = seconds until the oldest live one expires. */
bool live_tokens_issue(struct live_tokens *t, unsigned cap, int64_t now, int64_t exp,
                       unsigned *retry_secs);

/* --- the tables --- */

struct sb_limits_config {
  unsigned max_live_tokens; /* per credential; 0 = no cap */
  double token_rate;        /* requests per second per bearer token; 0 = no limit */
  unsigned token_burst;
  struct backoff_policy login_user; /* per username */
  struct backoff_policy login_addr; /* per client address */
};

void sb_limits_config_defaults(struct sb_limits_config *c);

struct sb_limits;
/* NULL when out of memory. Frees with sb_limits_free. */
struct sb_limits *sb_limits_new(const struct sb_limits_config *c);
void sb_limits_free(struct sb_limits *l);
const struct sb_limits_config *sb_limits_config_of(const struct sb_limits *l);

/* Rate check of one request made with a token (key: a hash of the token text). */
bool sb_limits_token_request(struct sb_limits *l, uint64_t token_hash, int64_t now_ns,
                             unsigned *retry_secs);
/* Issuing a token to credential id, expiring at exp (epoch seconds). */
bool sb_limits_token_issue(struct sb_limits *l, const char *credential, int64_t now, int64_t exp,
                           unsigned *retry_secs);
/* Before checking a Basic login: may this address and username try now? */
bool sb_limits_login_check(struct sb_limits *l, const char *addr, const char *user, int64_t now_ns,
                           unsigned *retry_secs);
/* After the check: a failure counts against both; a success resets the username. */
void sb_limits_login_result(struct sb_limits *l, const char *addr, const char *user, bool ok,
                            int64_t now_ns);

/* 64-bit FNV-1a of n bytes (the tables' key hash). */
uint64_t sb_limits_hash(const void *p, size_t n);
/* The monotonic clock in nanoseconds. */
int64_t sb_limits_mono_ns(void);

#endif
