/* server.c - see server.h and http.h. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/body.h"
#include "http/cors.h"
#include "http/form.h"
#include "http/http.h"
#include "http/metrics.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/jsonw.h"
#include "util/log.h"

#define MAX_HEADERS 16
#define MAX_QUERY 32
/* After a body failed, at most this much more is read (and dropped) to be able to answer;
 * past it the connection is closed without an answer. */
#define DRAIN_MAX ((uint64_t)64 * 1024 * 1024)
#define DEFAULT_MAX_UPLOAD ((uint64_t)4 * 1024 * 1024 * 1024)

struct http_server {
  struct MHD_Daemon *d;
  const struct route *routes;
  size_t nroutes;
  void *app;
  uint16_t port;
  char id_prefix[9];
  atomic_ulong seq;
  uint64_t max_upload;
  const struct cors_policy *cors; /* never NULL (an empty policy when none) */
  bool trust_proxy;
  unsigned drain_secs;
  atomic_long inflight; /* requests begun and not yet completed */
};

struct header {
  char *name;
  char *value;
};

struct http_req {
  struct http_server *srv;
  struct MHD_Connection *conn;
  char method[16];
  char *path;
  char *log_path;
  struct route_match match;
  char id[40];
  char client[INET6_ADDRSTRLEN];
  char subject[64];
  struct header headers[MAX_HEADERS];
  size_t nheaders;
  struct timespec started;
  unsigned status;
  uint64_t bytes;
  bool answered;
  bool queue_failed;
  bool preflight; /* a CORS preflight answered with its own headers */
  /* routing, done once the headers are in */
  enum route_result routed;
  /* the body */
  struct body_plan plan;
  struct buf body;      /* buffered routes */
  void *sink_ctx;       /* streamed routes */
  bool sink_begun;      /* begin returned 0: cleanup is due */
  unsigned fail_status; /* the body failed: answer this once it is drained */
  char fail_msg[160];
  uint64_t drained;
};

/* --- accessors --- */

const char *http_req_method(const struct http_req *r) {
  return r->method;
}

const char *http_req_path(const struct http_req *r) {
  return r->path;
}

const char *http_req_header(const struct http_req *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_req_param(const struct http_req *r, size_t i) {
  return i < r->match.nparams ? r->match.params[i] : NULL;
}

struct query_collect {
  struct query_arg *out;
  size_t max;
  size_t n;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value) {
  (void)kind;
  struct query_collect *c = cls;
  if (c->n < c->max) {
    c->out[c->n].key = key;
    c->out[c->n].value = value;
  }
  c->n++;
  return MHD_YES;
}

size_t http_req_query(const struct http_req *r, struct query_arg *out, size_t max) {
  struct query_collect c = {out, max, 0};
  MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &c);
  return c.n;
}

const char *http_req_id(const struct http_req *r) {
  return r->id;
}

const char *http_req_client(const struct http_req *r) {
  return r->client;
}

void http_req_set_subject(struct http_req *r, const char *subject) {
  snprintf(r->subject, sizeof r->subject, "%s", subject ? subject : "");
}

void http_req_set_log_path(struct http_req *r, const char *path) {
  free(r->log_path);
  r->log_path = strdup(path);
}

void http_body_fail(struct http_req *r, unsigned status, const char *message) {
  if (r->fail_status) return; /* the first failure is the answer */
  r->fail_status = status >= 400 && status <= 599 ? status : 500;
  snprintf(r->fail_msg, sizeof r->fail_msg, "%s", message ? message : "Request body refused");
}

void *http_req_sink_ctx(const struct http_req *r) {
  return r->sink_ctx;
}

uint64_t http_req_body_bytes(const struct http_req *r) {
  return r->plan.seen;
}

const char *http_req_body(const struct http_req *r, size_t *len) {
  *len = r->body.len;
  return buf_cstr(&r->body);
}

int http_req_form(const struct http_req *r, const char *name, char *out, size_t cap) {
  if (cap) out[0] = '\0';
  const char *ct = http_req_header(r, "Content-Type");
  static const char form_type[] = "application/x-www-form-urlencoded";
  if (ct == NULL || strncasecmp(ct, form_type, sizeof form_type - 1) != 0 ||
      (ct[sizeof form_type - 1] != '\0' && ct[sizeof form_type - 1] != ';'))
    return 0;
  struct sb_err err = {""};
  int rc = form_field(buf_cstr(&r->body), r->body.len, name, out, cap, &err);
  if (rc < 0) log_warn("request %s: %s", r->id, err.msg);
  return rc;
}

int http_add_header(struct http_req *r, const char *name, const char *value) {
  if (r->nheaders == MAX_HEADERS) return -1;
  char *n = strdup(name), *v = strdup(value);
  if (n == NULL || v == NULL) {
    free(n);
    free(v);
    return -1;
  }
  r->headers[r->nheaders].name = n;
  r->headers[r->nheaders].value = v;
  r->nheaders++;
  return 0;
}

/* --- responses --- */

static void queue(struct http_req *r, unsigned status, struct MHD_Response *resp, uint64_t bytes) {
  if (r->answered) {
    log_error("request %s answered twice; second answer dropped", r->id);
    if (resp) MHD_destroy_response(resp);
    return;
  }
  r->answered = true;
  if (resp == NULL) {
    log_error("request %s: cannot create response", r->id);
    r->queue_failed = true;
    return;
  }
  MHD_add_response_header(resp, "X-Request-Id", r->id);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  const struct cors_policy *cors = r->srv->cors;
  if (cors->n > 0 && !r->preflight && cors_path_applies(r->path)) {
    /* every /v3/ answer, errors too, so a portal's script can read them */
    MHD_add_response_header(resp, "Vary", "Origin");
    const char *origin = cors_allowed(cors, http_req_header(r, "Origin"));
    if (origin) {
      MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
      MHD_add_response_header(resp, "Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
    }
  }
  for (size_t i = 0; i < r->nheaders; i++)
    MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
  if (MHD_queue_response(r->conn, status, resp) != MHD_YES) r->queue_failed = true;
  MHD_destroy_response(resp);
  r->status = status;
  r->bytes = bytes;
}

void http_respond_bytes(struct http_req *r, unsigned status, const void *data, size_t len,
                        const char *content_type) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
  if (resp && content_type) MHD_add_response_header(resp, "Content-Type", content_type);
  queue(r, status, resp, len);
}

void http_respond_buf(struct http_req *r, unsigned status, struct buf *b,
                      const char *content_type) {
  size_t len = b->len;
  char *data = buf_steal(b);
  struct MHD_Response *resp =
      data ? MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE) : NULL;
  if (resp == NULL)
    free(data);
  else if (content_type)
    MHD_add_response_header(resp, "Content-Type", content_type);
  queue(r, status, resp, len);
}

void http_respond_json(struct http_req *r, unsigned status, json_t *body) {
  /* reals with 12 significant digits: 81.77, not 81.769999999999996 */
  char *text = body ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
  json_decref(body);
  if (text == NULL) {
    static const char fallback[] = "{\"error\":\"Internal error occurred\"}";
    log_error("request %s: cannot serialise JSON response", r->id);
    http_respond_bytes(r, 500, fallback, sizeof fallback - 1, "application/json; charset=utf-8");
    return;
  }
  size_t len = strlen(text);
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
  if (resp == NULL)
    free(text);
  else
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
  queue(r, status, resp, len);
}

void http_respond_error(struct http_req *r, unsigned status, const char *message) {
  http_respond_json(r, status, json_pack("{s:s}", "error", message));
}

void http_respond_fd(struct http_req *r, unsigned status, int fd, uint64_t offset, uint64_t len,
                     const char *content_type) {
  struct MHD_Response *resp = MHD_create_response_from_fd_at_offset64(len, fd, offset);
  if (resp == NULL)
    close(fd);
  else if (content_type)
    MHD_add_response_header(resp, "Content-Type", content_type);
  queue(r, status, resp, len);
}

/* --- request life cycle --- */

static void make_id(struct http_req *r) {
  /* A client-supplied id is kept when it is short and plain, so a portal can correlate. */
  const char *given = http_req_header(r, "X-Request-Id");
  if (given) {
    size_t n = strlen(given);
    bool ok = n > 0 && n < sizeof r->id;
    for (size_t i = 0; ok && i < n; i++) {
      char c = given[i];
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
    }
    if (ok) {
      memcpy(r->id, given, n + 1);
      return;
    }
  }
  unsigned long seq = atomic_fetch_add(&r->srv->seq, 1) + 1;
  snprintf(r->id, sizeof r->id, "%s-%08lx", r->srv->id_prefix, seq);
}

/* Behind a local proxy: the last address of X-Forwarded-For is the one the proxy saw
 * (nginx's $proxy_add_x_forwarded_for appends it); earlier entries are the client's word. */
static void forwarded_client(struct http_req *r) {
  const char *xff = http_req_header(r, "X-Forwarded-For");
  if (xff == NULL) return;
  const char *last = strrchr(xff, ',');
  last = last ? last + 1 : xff;
  while (*last == ' ' || *last == '\t')
    last++;
  char addr[INET6_ADDRSTRLEN];
  size_t n = strcspn(last, " \t");
  if (n == 0 || n >= sizeof addr) return;
  memcpy(addr, last, n);
  addr[n] = '\0';
  unsigned char bin[sizeof(struct in6_addr)];
  if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1)
    memcpy(r->client, addr, n + 1);
}

static void client_address(struct http_req *r) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(r->client, sizeof r->client, "-");
  if (ci == NULL || ci->client_addr == NULL) return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client,
              sizeof r->client);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->client,
              sizeof r->client);
  if (r->srv->trust_proxy && (strncmp(r->client, "127.", 4) == 0 || strcmp(r->client, "::1") == 0))
    forwarded_client(r);
}

static struct http_req *req_new(struct http_server *srv, struct MHD_Connection *c, const char *url,
                                const char *method) {
  struct http_req *r = calloc(1, sizeof *r);
  if (r == NULL) return NULL;
  r->srv = srv;
  r->conn = c;
  snprintf(r->method, sizeof r->method, "%s", method);
  r->path = strdup(url ? url : "/");
  if (r->path == NULL) {
    free(r);
    return NULL;
  }
  clock_gettime(CLOCK_MONOTONIC, &r->started);
  atomic_fetch_add(&srv->inflight, 1);
  make_id(r);
  client_address(r);
  return r;
}

static void req_free(struct http_req *r) {
  const struct route *rt = r->match.route;
  if (r->sink_begun && rt && rt->sink && rt->sink->cleanup) rt->sink->cleanup(r->sink_ctx);
  buf_free(&r->body);
  for (size_t i = 0; i < r->nheaders; i++) {
    free(r->headers[i].name);
    free(r->headers[i].value);
  }
  free(r->path);
  free(r->log_path);
  free(r);
}

static enum MHD_Result count_content_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                            const char *value) {
  (void)kind;
  (void)value;
  if (strcasecmp(key, "Content-Length") == 0) (*(unsigned *)cls)++;
  return MHD_YES;
}

/* Headers are in: find the route and decide about the body. May answer early (before
 * the body is read: MHD then skips the body and closes the connection). */
static void on_headers(struct http_req *r) {
  struct http_server *srv = r->srv;
  r->routed = router_match(srv->routes, srv->nroutes, r->method, r->path, &r->match);
  const struct route *rt = r->routed == ROUTE_MATCH ? r->match.route : NULL;
  uint64_t limit = UINT64_MAX;
  if (rt && rt->sink)
    limit = srv->max_upload;
  else if (rt && rt->body_max)
    limit = rt->body_max;
  /* MHD keeps every header line: count the Content-Length ones (smuggling defence). */
  unsigned cl_count = 0;
  MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_content_length, &cl_count);
  const char *cl = http_req_header(r, "Content-Length");
  enum body_verdict v =
      body_plan_init(&r->plan, cl, cl_count, http_req_header(r, "Transfer-Encoding"), limit);
  if (v == BODY_BAD_FRAMING) {
    http_add_header(r, "Connection", "close");
    http_respond_error(r, 400, "Ambiguous request body framing");
    return;
  }
  if (rt == NULL) return; /* 404/405 once any body is drained */
  if (v == BODY_TOO_LARGE) {
    http_respond_error(r, 413, "Request body too large");
    return;
  }
  if (rt->body_max) buf_init(&r->body, rt->body_max);
  if (rt->sink && rt->sink->begin) {
    if (rt->sink->begin(r, srv->app, &r->sink_ctx) != 0) {
      if (!r->answered) http_respond_error(r, 500, "Internal error occurred");
      return;
    }
    r->sink_begun = true;
  } else if (rt->sink) {
    r->sink_begun = true;
  }
}

/* One piece of the body. Returns false to close the connection. */
static bool on_body(struct http_req *r, const char *data, size_t n) {
  const struct route *rt = r->routed == ROUTE_MATCH ? r->match.route : NULL;
  if (r->fail_status || rt == NULL || (!rt->sink && !rt->body_max)) {
    r->drained += n;
    return r->drained <= DRAIN_MAX;
  }
  if (body_count(&r->plan, n) != BODY_OK) {
    http_body_fail(r, 413, "Request body too large");
    r->drained += n;
    return true;
  }
  if (rt->sink) {
    if (rt->sink->chunk && rt->sink->chunk(r, r->sink_ctx, data, n) != 0)
      http_body_fail(r, 500, "Internal error occurred");
    return true;
  }
  if (buf_append(&r->body, data, n) != 0) http_body_fail(r, 413, "Request body too large");
  return true;
}

/* OPTIONS on a /v3/ path that has routes: a CORS preflight (204 with the Access-Control-Allow-*
 * headers for an allowed origin asking for GET with our headers, 403 otherwise) or a plain
 * OPTIONS (204 with Allow). */
static void preflight(struct http_req *r) {
  static const char vary[] =
      "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
  const char *origin = NULL;
  enum cors_preflight v =
      cors_preflight_check(r->srv->cors, http_req_header(r, "Origin"),
                           http_req_header(r, "Access-Control-Request-Method"),
                           http_req_header(r, "Access-Control-Request-Headers"), &origin);
  r->preflight = true;
  if (v == CORS_PREFLIGHT_NOT_CORS) {
    char allow[80];
    snprintf(allow, sizeof allow, "%s, OPTIONS", r->match.allow[0] ? r->match.allow : "GET, HEAD");
    http_add_header(r, "Allow", allow);
    http_respond_bytes(r, 204, "", 0, NULL);
    return;
  }
  http_add_header(r, "Vary", vary);
  if (v == CORS_PREFLIGHT_REFUSED) {
    log_info("request %s: CORS preflight refused", r->id);
    http_respond_error(r, 403, "Cross-origin request not allowed");
    return;
  }
  http_add_header(r, "Access-Control-Allow-Origin", origin);
  http_add_header(r, "Access-Control-Allow-Methods", CORS_ALLOW_METHODS);
  http_add_header(r, "Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
  http_add_header(r, "Access-Control-Max-Age", CORS_MAX_AGE);
  http_respond_bytes(r, 204, "", 0, NULL);
}

static void dispatch(struct http_req *r) {
  if (r->routed != ROUTE_NOT_FOUND && strcmp(r->method, "OPTIONS") == 0 &&
      cors_path_applies(r->path)) {
    preflight(r);
    return;
  }
  if (r->routed == ROUTE_NOT_FOUND) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  if (r->routed == ROUTE_METHOD_NOT_ALLOWED) {
    http_add_header(r, "Allow", r->match.allow);
    http_respond_error(r, 405, "Method not allowed");
    return;
  }
  const struct route *rt = r->match.route;
  if (!r->fail_status && rt->sink && rt->sink->end && rt->sink->end(r, r->sink_ctx) != 0)
    http_body_fail(r, 500, "Internal error occurred");
  if (r->fail_status) {
    http_respond_error(r, r->fail_status, r->fail_msg);
    return;
  }
  rt->handler(r, r->srv->app);
  if (!r->answered) {
    log_error("request %s: handler %s did not answer", r->id, rt->name);
    http_respond_error(r, 500, "Internal error occurred");
  }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **state) {
  (void)version;
  struct http_server *srv = cls;
  struct http_req *r = *state;
  if (r == NULL) {
    r = req_new(srv, c, url, method);
    if (r == NULL) return MHD_NO;
    *state = r;
    log_set_request(r->id);
    on_headers(r);
    log_set_request(NULL);
    return r->queue_failed ? MHD_NO : MHD_YES;
  }
  if (*upload_data_size != 0) {
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    if (r->answered) return MHD_YES;
    log_set_request(r->id);
    bool go_on = on_body(r, upload_data, n);
    log_set_request(NULL);
    return go_on ? MHD_YES : MHD_NO;
  }
  if (r->answered) return r->queue_failed ? MHD_NO : MHD_YES;
  log_set_request(r->id);
  dispatch(r);
  log_set_request(NULL);
  return r->queue_failed ? MHD_NO : MHD_YES;
}

static void json_field(struct buf *b, const char *key, const char *value) {
  jsonw_kv_string(b, 0, key, value ? value : "");
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  struct http_req *r = *state;
  if (r == NULL) return;
  *state = NULL;
  struct http_server *srv = r->srv;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double ms = (double)(now.tv_sec - r->started.tv_sec) * 1e3 +
              (double)(now.tv_nsec - r->started.tv_nsec) / 1e6;
  if (r->status)
    metrics_request(r->match.route ? (size_t)(r->match.route - srv->routes) : SIZE_MAX, r->status,
                    ms / 1e3);
  if (!log_access_enabled()) {
    req_free(r);
    atomic_fetch_sub(&srv->inflight, 1);
    return;
  }
  char ts[32];
  clock_format_iso(clock_now(), ts, sizeof ts);
  struct buf b;
  buf_init(&b, 8192);
  buf_printf(&b, "{\"ts\":\"%s\"", ts);
  json_field(&b, "id", r->id);
  json_field(&b, "client", r->client);
  json_field(&b, "method", r->method);
  json_field(&b, "path", r->log_path ? r->log_path : r->path);
  json_field(&b, "route", r->match.route ? r->match.route->name : "");
  buf_printf(&b, ",\"status\":%u,\"bytes\":%llu,\"ms\":%.3f", r->status,
             (unsigned long long)r->bytes, ms);
  if (r->subject[0]) json_field(&b, "credential", r->subject);
  if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK) buf_printf(&b, ",\"aborted\":%d", (int)toe);
  buf_putc(&b, '}');
  log_access_line(buf_cstr(&b));
  buf_free(&b);
  req_free(r);
  atomic_fetch_sub(&srv->inflight, 1);
}

/* --- start / stop --- */

int http_parse_listen(const char *listen, struct sockaddr_storage *out, unsigned *len,
                      struct sb_err *err) {
  memset(out, 0, sizeof *out);
  char host[128];
  const char *port_s;
  if (listen == NULL || *listen == '\0') return sb_err_set(err, "empty listen address");
  if (listen[0] == '[') {
    const char *close = strchr(listen, ']');
    if (close == NULL || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
      return sb_err_set(err, "listen address %s: expected [IPv6]:PORT", listen);
    memcpy(host, listen + 1, (size_t)(close - listen - 1));
    host[close - listen - 1] = '\0';
    port_s = close + 2;
  } else {
    const char *colon = strrchr(listen, ':');
    if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
      return sb_err_set(err, "listen address %s: expected ADDR:PORT", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    port_s = colon + 1;
  }
  char *end;
  long port = strtol(port_s, &end, 10);
  if (*port_s == '\0' || *end != '\0' || port < 0 || port > 65535)
    return sb_err_set(err, "listen address %s: bad port", listen);
  struct sockaddr_in *v4 = (struct sockaddr_in *)out;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
  if (host[0] == '\0') {
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(INADDR_ANY);
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
  } else if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
  } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    *len = sizeof *v6;
  } else if (strcmp(host, "localhost") == 0) {
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
  } else {
    return sb_err_set(err, "listen address %s: not a numeric IPv4/IPv6 address", listen);
  }
  return 0;
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
    msg[--n] = '\0';
  log_warn("http: %s", msg);
}

struct http_server *http_server_start(const struct http_config *cfg, const struct route *routes,
                                      size_t n, void *app, struct sb_err *err) {
  struct sockaddr_storage sa;
  unsigned salen;
  if (http_parse_listen(cfg->listen, &sa, &salen, err) != 0) return NULL;
  struct http_server *s = calloc(1, sizeof *s);
  if (s == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  s->routes = routes;
  s->nroutes = n;
  s->app = app;
  s->max_upload = cfg->max_upload ? cfg->max_upload : DEFAULT_MAX_UPLOAD;
  static const struct cors_policy no_cors = {0};
  s->cors = cfg->cors ? cfg->cors : &no_cors;
  unsigned char rnd[4];
  randombytes_buf(rnd, sizeof rnd);
  snprintf(s->id_prefix, sizeof s->id_prefix, "%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3]);
  s->trust_proxy = cfg->trust_proxy;
  s->drain_secs = cfg->drain_secs ? cfg->drain_secs : 30;
  /* ITC: MHD_quiesce_daemon (the graceful stop) needs it with a thread pool */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
  if (sa.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  unsigned threads = cfg->threads ? cfg->threads : 2;
  s->d = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit ? cfg->conn_limit : 512u,
      MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_secs ? cfg->timeout_secs : 30u,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
  if (s->d == NULL) {
    sb_err_set(err, "cannot listen on %s (address in use or not available)", cfg->listen);
    free(s);
    return NULL;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : 0;
  (void)salen;
  return s;
}

uint16_t http_server_port(const struct http_server *s) {
  return s->port;
}

void http_server_stop(struct http_server *s) {
  if (s == NULL) return;
  /* Stop accepting: no new connection from here on; requests already begun go on. */
  MHD_socket lsock = MHD_quiesce_daemon(s->d);
  if (lsock != MHD_INVALID_SOCKET) close(lsock);
  struct timespec tick = {0, 20 * 1000 * 1000};
  long waits = (long)s->drain_secs * 50;
  long left = atomic_load(&s->inflight);
  if (left > 0) log_info("waiting for %ld request(s) in flight", left);
  while (atomic_load(&s->inflight) > 0 && waits-- > 0)
    nanosleep(&tick, NULL);
  left = atomic_load(&s->inflight);
  if (left > 0) log_warn("stopping with %ld request(s) still in flight", left);
  MHD_stop_daemon(s->d);
  free(s);
}
