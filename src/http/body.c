/* body.c - see body.h. */
#include "http/body.h"

#include <string.h>
#include <strings.h>

enum body_verdict body_plan_init(struct body_plan *p, const char *content_length, unsigned cl_count,
                                 const char *transfer_encoding, uint64_t limit) {
  memset(p, 0, sizeof *p);
  p->limit = limit;
  if (transfer_encoding) {
    if (strcasecmp(transfer_encoding, "chunked") != 0) return BODY_BAD_FRAMING;
    if (content_length || cl_count) return BODY_BAD_FRAMING;
    p->chunked = true;
    return BODY_OK;
  }
  if (content_length == NULL) return cl_count ? BODY_BAD_FRAMING : BODY_OK;
  if (cl_count > 1 || content_length[0] == '\0' || strlen(content_length) > 19)
    return BODY_BAD_FRAMING;
  uint64_t v = 0;
  for (const char *c = content_length; *c; c++) {
    if (*c < '0' || *c > '9') return BODY_BAD_FRAMING;
    v = v * 10 + (uint64_t)(*c - '0');
  }
  p->has_length = true;
  p->length = v;
  return v > limit ? BODY_TOO_LARGE : BODY_OK;
}

enum body_verdict body_count(struct body_plan *p, uint64_t n) {
  if (p->seen > p->limit || n > p->limit - p->seen) {
    p->seen = p->limit + 1;
    return BODY_TOO_LARGE;
  }
  p->seen += n;
  if (p->has_length && p->seen > p->length) return BODY_TOO_LARGE;
  return BODY_OK;
}
