/* metrics.h - process-wide counters for /metrics (Prometheus text exposition format 0.0.4).
 *
 * Counting is lock-free (relaxed atomics in static storage): the server counts every
 * request by route and status and its latency; the API counts tokens issued and limits
 * hit. metrics_render appends the counters' text to a caller-owned struct buf; the
 * rest of /metrics (gauges read from the database, the limits' configuration) is
 * written by api/ops.c. Nothing here allocates. */
#ifndef SB_HTTP_METRICS_H
#define SB_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "http/router.h"

#define METRICS_MAX_ROUTES 64

enum metrics_limit {
  METRICS_LIMIT_LIVE_TOKENS, /* a token refused: too many live tokens */
  METRICS_LIMIT_RATE,        /* a request refused: the token's rate */
  METRICS_LIMIT_LOGIN,       /* a Basic login refused: too many failures */
  METRICS_LIMIT_N
};

/* One answered request: route_index into the route table (or SIZE_MAX for none: 404,
 * 405, early errors), its status and how long it took. */
void metrics_request(size_t route_index, unsigned status, double seconds);
void metrics_token_issued(void);
void metrics_login_failed(void);
void metrics_limit_hit(enum metrics_limit kind);
/* Appends every counter, with HELP and TYPE lines; route names label the requests
 * (routes sharing a name are summed). */
struct buf;
void metrics_render(struct buf *b, const struct route *routes, size_t n);

#endif
