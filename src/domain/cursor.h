/* cursor.h - the query parameters of GET /v3/score-reports/changes: the opaque `since`
 * cursor and `limit`. Pure: no I/O, no allocation; buffers are the caller's.
 *
 * A cursor names a position in the report change log (a change sequence number; every
 * change committed later gets a higher one). Its spelling is base64url without padding
 * of "sb1:<decimal seq>", so clients treat it as opaque and we can change it behind a new
 * prefix. Rejected as "Malformed parameter": anything not canonical base64url, another
 * prefix, an empty number, a sign, leading zeros, non-digits, a value past INT64_MAX,
 * a text longer than CURSOR_MAX. limit is 1..FEED_LIMIT_MAX decimal digits without sign
 * or leading zeros; absent or blank means FEED_LIMIT_DEFAULT. A parameter given twice is
 * malformed; unknown parameter names are ignored (as the student endpoint does). */
#ifndef SB_DOMAIN_CURSOR_H
#define SB_DOMAIN_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#include "domain/report_query.h"
#include "util/err.h"

#define CURSOR_MAX 64 /* longest accepted cursor text, and a buffer size that fits any */
#define FEED_LIMIT_DEFAULT 100
#define FEED_LIMIT_MAX 1000

/* Writes the cursor of seq (>= 0) into out (n >= CURSOR_MAX). Returns 0 or -1. */
int cursor_encode(int64_t seq, char *out, size_t n);
/* Parses cursor text s. Returns 0 with *seq, or -1 with the reason in err. */
int cursor_decode(const char *s, int64_t *seq, struct sb_err *err);

struct feed_params {
  int64_t since; /* 0 = from the beginning */
  int limit;     /* 1..FEED_LIMIT_MAX */
};

/* Parses since and limit out of args. Returns 0, or -1 naming the parameter in err. */
int feed_params_parse(const struct query_arg *args, size_t n, struct feed_params *out,
                      struct sb_err *err);

#endif
