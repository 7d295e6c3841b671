/* range.h - the HTTP Range request header (RFC 9110 §14), single byte ranges. Pure. */
#ifndef SB_HTTP_RANGE_H
#define SB_HTTP_RANGE_H

#include <stdint.h>

enum range_result {
  RANGE_NONE,          /* no usable Range: send the whole file (200) */
  RANGE_OK,            /* send bytes [*first, *last] (206) */
  RANGE_UNSATISFIABLE, /* 416 with Content-Range: bytes * / size */
};

/* Parses value (may be NULL) against a file of size bytes. A syntactically invalid
 * header or a multi-range request is RANGE_NONE (the whole file is a valid answer). */
enum range_result range_parse(const char *value, int64_t size, int64_t *first, int64_t *last);

#endif
