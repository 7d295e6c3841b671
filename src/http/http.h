/* http.h - what a handler sees of a request, and how it answers.
 *
 * A handler (router.h) receives a struct http_req and must answer exactly once with one
 * of the http_respond_* calls; a handler that returns without answering gets a 500. All
 * strings returned by the accessors belong to the request and live until the handler
 * returns. Headers added with http_add_header go out with the response. */
#ifndef SB_HTTP_HTTP_H
#define SB_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/report_query.h"

struct http_req;

const char *http_req_method(const struct http_req *r);
/* The decoded request path, without the query string. */
const char *http_req_path(const struct http_req *r);
/* A request header (case-insensitive name), or NULL. */
const char *http_req_header(const struct http_req *r, const char *name);
/* The i-th "{}" of the route pattern, or NULL. */
const char *http_req_param(const struct http_req *r, size_t i);
/* Copies up to max decoded query arguments into out (pointers valid during the handler).
 * Returns how many there are in all (may exceed max). */
size_t http_req_query(const struct http_req *r, struct query_arg *out, size_t max);
/* The request id sent back in X-Request-Id. */
const char *http_req_id(const struct http_req *r);
/* The client's address as text. */
const char *http_req_client(const struct http_req *r);
/* What the access log says the request was for: the credential id once authenticated. */
void http_req_set_subject(struct http_req *r, const char *subject);
/* Replaces the path written to the access log (to keep secrets in paths out of it). */
void http_req_set_log_path(struct http_req *r, const char *path);

/* --- request bodies (see struct route in router.h) ---
 *
 * Buffered: the handler runs once the whole body is in. Streamed: a route with a sink
 * sees the body chunk by chunk as it arrives, so an upload of any size costs constant
 * memory; the handler runs after the last chunk and finds the sink's state with
 * http_req_sink_ctx. Order for a streamed route:
 *   begin   once the headers are in, before any byte of the body: check who is calling
 *           here (web_require...). Return 0 to go on, or answer (http_respond_*) and
 *           return -1: the body is then never read and the connection closes after the
 *           answer.
 *   chunk   for each piece of the body, in order. Return 0, or call http_body_fail and
 *           return -1: the rest of the body is read and thrown away (never stored) and
 *           the failure is the answer; the handler does not run.
 *   end     after the last byte (also for an empty body). Same return as chunk.
 *   handler then answers as for any route.
 *   cleanup always, exactly once, when the request ends (also when the client went
 *           away mid-upload, when begin failed, or when ctx is still NULL).
 * A body larger than http_config.max_upload gets 413 (by its Content-Length before it is
 * read; chunked as soon as it passes the limit), and the sink gets no further chunks. */
struct http_body_sink {
  int (*begin)(struct http_req *r, void *app, void **ctx);
  int (*chunk)(struct http_req *r, void *ctx, const void *data, size_t len);
  int (*end)(struct http_req *r, void *ctx);
  void (*cleanup)(void *ctx);
};

/* Records why a streamed body failed: the answer once the body has been drained. */
void http_body_fail(struct http_req *r, unsigned status, const char *message);
/* The ctx that the route's sink begin set (NULL for routes without a sink). */
void *http_req_sink_ctx(const struct http_req *r);
/* Bytes of body received so far (buffered or streamed). */
uint64_t http_req_body_bytes(const struct http_req *r);
/* The buffered body (NUL-terminated; the NUL is not counted in *len), or "" with *len 0.
 * Owned by the request. */
const char *http_req_body(const struct http_req *r, size_t *len);
/* A field of an application/x-www-form-urlencoded body, decoded into out (form.h).
 * Returns 1 found, 0 absent or the body is not a form, -1 malformed or too long. */
int http_req_form(const struct http_req *r, const char *name, char *out, size_t cap);

/* Adds a response header. Returns 0, or -1 when the request has too many. */
int http_add_header(struct http_req *r, const char *name, const char *value);
/* Answers with a JSON body (steals the reference to body). */
void http_respond_json(struct http_req *r, unsigned status, json_t *body);
/* Answers {"error": message}. */
void http_respond_error(struct http_req *r, unsigned status, const char *message);
/* Answers with len bytes of fd from offset (the server closes fd). */
void http_respond_fd(struct http_req *r, unsigned status, int fd, uint64_t offset, uint64_t len,
                     const char *content_type);
/* Answers with the bytes of b (the response takes them; b is left empty). */
struct buf;
void http_respond_buf(struct http_req *r, unsigned status, struct buf *b, const char *content_type);
/* Answers with a body copied from data. */
void http_respond_bytes(struct http_req *r, unsigned status, const void *data, size_t len,
                        const char *content_type);

#endif
