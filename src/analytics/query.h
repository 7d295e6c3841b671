/* query.h - the query parameters of the dashboards' API (docs/analytics-api.md) parsed into
 * one struct: which test, basis, years, school, grade, group, level, breakdown and format.
 * Pure: name/value pairs (already URL-decoded, domain/report_query.h's struct query_arg) in,
 * a filled struct or a message naming the parameter and the reason out. Who may see the
 * result is decided afterwards, by the handler, from domain/role.h. Nothing to free:
 * `test` points into the static catalogue, `lea` into the caller's arguments.
 *
 * Rules: every parameter is optional and may appear once; an unknown name, a repeated
 * name or a value outside its set is refused. test: an assessments.h slug; basis:
 * tested | enrolled (default tested); year: 2015..2100; school: 14 digits or empty (the
 * whole LEA); grade: KN, 01..12 or 13 (default 13); group: a CDE student group ID
 * (groups.h; default 1); level: 0..4 (default 0); by: grade | school | group (default
 * grade); format: json | csv (default json); lea: 7 digits. */
#ifndef SB_ANALYTICS_QUERY_H
#define SB_ANALYTICS_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "analytics/assessments.h"
#include "domain/report_query.h"
#include "util/err.h"

enum analytics_by { BY_GRADE, BY_SCHOOL, BY_GROUP };

struct analytics_query {
  const struct assessment *test; /* NULL when not given */
  int basis;                     /* enum score_basis */
  int year;                      /* 0 when not given */
  bool school_given;             /* school= present (maybe empty: the whole LEA) */
  char school[15];               /* "" = the whole LEA */
  char grade[3];
  int group;
  int level;
  enum analytics_by by;
  bool csv;
  const char *lea; /* NULL when not given */
};

/* Parses args[0..n). Returns 0 with *q filled, or -1 with err naming the parameter. */
int analytics_query_parse(const struct query_arg *args, size_t n, struct analytics_query *q,
                          struct sb_err *err);

/* "grade", "school", "group". Static. */
const char *analytics_by_name(enum analytics_by by);

#endif
