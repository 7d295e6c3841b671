/* router.h - the route table: method + path pattern -> handler. Pure; no I/O.
 *
 * Patterns are literal segments and "{}" placeholders ("/v3/students/{}/score-reports"),
 * or a literal prefix ending in "/" followed by "*" (like "/v1/" "*") that matches the prefix
 * itself and anything below it. One trailing slash on the request path is ignored. HEAD matches GET
 * routes. A path that matches a pattern under another method gives ROUTE_METHOD_NOT_ALLOWED and the
 * list of allowed methods. */
#ifndef SB_HTTP_ROUTER_H
#define SB_HTTP_ROUTER_H

#include <stddef.h>

#define ROUTE_MAX_PARAMS 4
#define ROUTE_PARAM_MAX 512

struct http_req;
struct http_body_sink;
typedef void (*http_handler)(struct http_req *req, void *app);

struct route {
  const char *method; /* "GET", "POST", ... */
  const char *pattern;
  http_handler handler;
  const char *name; /* a stable label for logs and metrics ("score_reports") */
  /* Request bodies (http.h). body_max > 0: the body is buffered up to that many bytes
   * (more gets 413) and read with http_req_body / http_req_form. sink != NULL: the body
   * is streamed through the sink, up to http_config.max_upload bytes. Both unset: a
   * body is read and thrown away. */
  size_t body_max;
  const struct http_body_sink *sink;
};

enum route_result { ROUTE_MATCH, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED };

struct route_match {
  const struct route *route;
  size_t nparams;
  char params[ROUTE_MAX_PARAMS][ROUTE_PARAM_MAX];
  char allow[64]; /* "GET, HEAD" for ROUTE_METHOD_NOT_ALLOWED */
};

/* Matches method and path against routes[0..n). Fills *m. A placeholder matches one
 * non-empty segment of at most ROUTE_PARAM_MAX-1 bytes. */
enum route_result router_match(const struct route *routes, size_t n, const char *method,
                               const char *path, struct route_match *m);

#endif
