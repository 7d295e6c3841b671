/* body.h - the rules for a request body, apart from the server so they can be tested:
 * what the headers announce (Content-Length, Transfer-Encoding: chunked) against what the
 * route allows, and the running count of bytes as chunks arrive. Pure; no I/O, no memory.
 *
 * The server (server.c) asks body_plan once the headers are in: a body that is too large
 * by its Content-Length is refused (413) before a byte is read; an ambiguous framing
 * (both headers, several Content-Length values, a sign or junk in the number, a transfer
 * coding other than chunked) is refused (400) as a request-smuggling attempt. Chunked
 * bodies have no announced size, so body_count stops them when they pass the limit. */
#ifndef SB_HTTP_BODY_H
#define SB_HTTP_BODY_H

#include <stdbool.h>
#include <stdint.h>

enum body_verdict {
  BODY_OK = 0,
  BODY_BAD_FRAMING = 400,
  BODY_TOO_LARGE = 413,
};

struct body_plan {
  bool chunked;
  bool has_length;
  uint64_t length; /* announced Content-Length */
  uint64_t limit;  /* largest body the route takes */
  uint64_t seen;   /* bytes received so far */
};

/* Decides from the headers (NULL when absent; content_length is the value MHD kept, and
 * cl_count how many Content-Length headers came). Fills *p and returns BODY_OK or the
 * status to answer with. */
enum body_verdict body_plan_init(struct body_plan *p, const char *content_length, unsigned cl_count,
                                 const char *transfer_encoding, uint64_t limit);

/* Adds n received bytes. Returns BODY_OK, or BODY_TOO_LARGE once the total passes the
 * limit (or the announced length: a client that sends more than it said is refused). */
enum body_verdict body_count(struct body_plan *p, uint64_t n);

#endif
