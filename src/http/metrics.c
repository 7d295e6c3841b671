/* metrics.c - see metrics.h. */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"

#ifndef SB_VERSION
#define SB_VERSION "dev"
#endif

#define NSTATUS 500 /* 100..599 */
#define NO_ROUTE METRICS_MAX_ROUTES

static const double BUCKETS[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                 0.1,    0.25,  0.5,    1,     2.5,  5,     10};
#define NBUCKETS (sizeof BUCKETS / sizeof BUCKETS[0])

static atomic_ulong requests[METRICS_MAX_ROUTES + 1][NSTATUS];
static atomic_ulong latency[NBUCKETS + 1]; /* per bucket (not cumulative); last = +Inf */
static atomic_ullong latency_sum_us;
static atomic_ulong tokens_issued;
static atomic_ulong logins_failed;
static atomic_ulong limits_hit[METRICS_LIMIT_N];
static atomic_llong started_at;

void metrics_request(size_t route_index, unsigned status, double seconds) {
  size_t r = route_index < METRICS_MAX_ROUTES ? route_index : NO_ROUTE;
  if (status >= 100 && status <= 599)
    atomic_fetch_add_explicit(&requests[r][status - 100], 1, memory_order_relaxed);
  size_t i = 0;
  while (i < NBUCKETS && seconds > BUCKETS[i])
    i++;
  atomic_fetch_add_explicit(&latency[i], 1, memory_order_relaxed);
  double us = seconds > 0 ? seconds * 1e6 : 0;
  atomic_fetch_add_explicit(&latency_sum_us, (unsigned long long)us, memory_order_relaxed);
  if (atomic_load_explicit(&started_at, memory_order_relaxed) == 0)
    atomic_store_explicit(&started_at, (long long)time(NULL), memory_order_relaxed);
}

void metrics_token_issued(void) {
  atomic_fetch_add_explicit(&tokens_issued, 1, memory_order_relaxed);
}

void metrics_login_failed(void) {
  atomic_fetch_add_explicit(&logins_failed, 1, memory_order_relaxed);
}

void metrics_limit_hit(enum metrics_limit kind) {
  if ((unsigned)kind < METRICS_LIMIT_N)
    atomic_fetch_add_explicit(&limits_hit[kind], 1, memory_order_relaxed);
}

static unsigned long get(atomic_ulong *a) {
  return atomic_load_explicit(a, memory_order_relaxed);
}

void metrics_render(struct buf *b, const struct route *routes, size_t n) {
  if (n > METRICS_MAX_ROUTES) n = METRICS_MAX_ROUTES;
  buf_puts(b, "# HELP scorebridge_build_info The running build.\n"
              "# TYPE scorebridge_build_info gauge\n");
  buf_printf(b, "scorebridge_build_info{version=\"%s\",built=\"%s\"} 1\n", SB_VERSION,
             __DATE__ " " __TIME__);
  buf_puts(b, "# HELP scorebridge_http_requests_total HTTP requests answered, by route and "
              "status.\n# TYPE scorebridge_http_requests_total counter\n");
  for (size_t r = 0; r <= n; r++) {
    size_t idx = r == n ? NO_ROUTE : r;
    const char *name = r == n ? "none" : routes[r].name;
    bool dup = false;
    for (size_t j = 0; j < r && r < n; j++)
      if (strcmp(routes[j].name, name) == 0) dup = true;
    if (dup) continue;
    for (unsigned s = 0; s < NSTATUS; s++) {
      unsigned long v = get(&requests[idx][s]);
      /* routes that share a name are summed under it */
      for (size_t j = r + 1; r < n && j < n; j++)
        if (strcmp(routes[j].name, name) == 0) v += get(&requests[j][s]);
      if (v)
        buf_printf(b, "scorebridge_http_requests_total{route=\"%s\",status=\"%u\"} %lu\n", name,
                   s + 100, v);
    }
  }
  buf_puts(b, "# HELP scorebridge_http_request_duration_seconds Time from the request's first "
              "byte to its answer.\n# TYPE scorebridge_http_request_duration_seconds histogram\n");
  unsigned long cum = 0;
  for (size_t i = 0; i <= NBUCKETS; i++) {
    cum += get(&latency[i]);
    if (i < NBUCKETS)
      buf_printf(b, "scorebridge_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", BUCKETS[i],
                 cum);
    else
      buf_printf(b, "scorebridge_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
  }
  buf_printf(b, "scorebridge_http_request_duration_seconds_sum %.6f\n",
             (double)atomic_load_explicit(&latency_sum_us, memory_order_relaxed) / 1e6);
  buf_printf(b, "scorebridge_http_request_duration_seconds_count %lu\n", cum);
  buf_printf(b,
             "# HELP scorebridge_tokens_issued_total Access tokens issued by GET /v3/token.\n"
             "# TYPE scorebridge_tokens_issued_total counter\n"
             "scorebridge_tokens_issued_total %lu\n",
             get(&tokens_issued));
  buf_printf(b,
             "# HELP scorebridge_token_logins_failed_total Basic logins on /v3/token refused "
             "for wrong credentials.\n"
             "# TYPE scorebridge_token_logins_failed_total counter\n"
             "scorebridge_token_logins_failed_total %lu\n",
             get(&logins_failed));
  static const char *const kinds[METRICS_LIMIT_N] = {"live_tokens", "token_rate", "login_backoff"};
  buf_puts(b, "# HELP scorebridge_limit_hits_total Requests answered 429 by a limit, by kind.\n"
              "# TYPE scorebridge_limit_hits_total counter\n");
  for (size_t k = 0; k < METRICS_LIMIT_N; k++)
    buf_printf(b, "scorebridge_limit_hits_total{kind=\"%s\"} %lu\n", kinds[k], get(&limits_hit[k]));
}
