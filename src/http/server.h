/* server.h - the HTTP server: libmicrohttpd in internal-thread-pool mode with poll()
 * (not epoll: it stalls at 128 busy connections in 0.9.75, c-stack.md §1.3), the route
 * table, request ids, CORS on /v3/ (cors.h: preflight OPTIONS answered here, the
 * Access-Control-* headers added to every /v3/ response), one access-log line per
 * request, request counters (metrics.h), and a graceful stop. */
#ifndef SB_HTTP_SERVER_H
#define SB_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/cors.h"
#include "http/router.h"
#include "util/err.h"

struct http_config {
  const char *listen;    /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
  unsigned threads;      /* worker threads (each with its own database connection) */
  unsigned conn_limit;   /* simultaneous connections */
  unsigned timeout_secs; /* idle connection timeout */
  uint64_t max_upload;   /* largest streamed request body (0: 4 GiB) */
  /* CORS allow-list for /v3/ (cors.h); NULL or empty: no CORS headers, preflights refused.
   * Borrowed: must outlive the server. */
  const struct cors_policy *cors;
  bool trust_proxy;    /* take the client address from X-Forwarded-For (its last entry)
                          when the peer is a loopback address (a local TLS proxy) */
  unsigned drain_secs; /* on stop, wait this long for requests in flight (0: 30) */
};

struct http_server;

/* Starts serving routes[0..n) (the array must outlive the server), calling handlers with
 * app. Returns NULL with err on failure (bad address, port in use). */
struct http_server *http_server_start(const struct http_config *cfg, const struct route *routes,
                                      size_t n, void *app, struct sb_err *err);
/* The port actually bound (useful with port 0). */
uint16_t http_server_port(const struct http_server *s);
/* Stops accepting new connections, waits (up to drain_secs) for the requests in flight
 * to be answered, then closes every connection and frees. */
void http_server_stop(struct http_server *s);

/* Parses "host:port" / "[v6]:port" / ":port" into a sockaddr. Returns 0 or -1. */
struct sockaddr_storage;
int http_parse_listen(const char *listen, struct sockaddr_storage *out, unsigned *len,
                      struct sb_err *err);

#endif
