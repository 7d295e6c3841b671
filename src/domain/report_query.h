/* report_query.h - the query parameters of GET /v3/students/{ssid}/score-reports and the
 * filter they select. Pure: parses name/value pairs (already URL-decoded) and matches
 * reports; no I/O.
 *
 * Rules (seed + issue 2): type, lang, year, format, final are optional; a blank value is
 * the same as leaving the parameter out; codes are case-insensitive; year is exactly
 * four digits; final is true or false; format ALL means no format filter; a parameter
 * given twice, an unknown code or a bad shape is "Malformed parameter". Unknown
 * parameter names are ignored. An explicit type, lang or format matches a report only
 * when the code applies to the report's year (codes.h). */
#ifndef SB_DOMAIN_REPORT_QUERY_H
#define SB_DOMAIN_REPORT_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/report.h"
#include "util/err.h"

struct query_arg {
  const char *key;
  const char *value; /* may be NULL ("?final") */
};

struct report_filter {
  const char *type;   /* canonical code or NULL */
  const char *lang;   /* canonical code or NULL */
  const char *format; /* canonical code or NULL (absent or ALL) */
  int year;           /* 0 = every year */
  int final;          /* -1 any, 0 false, 1 true */
};

/* Parses args into *out. Returns 0, or -1 with the offending parameter named in err. */
int report_filter_parse(const struct query_arg *args, size_t n, struct report_filter *out,
                        struct sb_err *err);
/* True when report r passes the filter. */
bool report_filter_match(const struct report_filter *f, const struct report *r);

#endif
