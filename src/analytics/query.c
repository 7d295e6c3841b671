/* query.c - the dashboards' query parameters (see query.h). */
#include "analytics/query.h"

#include <stdlib.h>
#include <string.h>

#include "analytics/aggregate.h"
#include "analytics/groups.h"
#include "domain/ids.h"
#include "domain/score_codes.h"

/* A whole decimal number in lo..hi. */
static bool number(const char *s, long lo, long hi, long *out) {
  if (s == NULL || *s == '\0' || strlen(s) > 9) return false;
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9') return false;
  long v = strtol(s, NULL, 10);
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

static const char *const NAMES[] = {"test",  "basis", "year", "school", "grade",
                                    "group", "level", "by",   "format", "lea"};
#define NNAMES (sizeof NAMES / sizeof NAMES[0])

const char *analytics_by_name(enum analytics_by by) {
  return by == BY_SCHOOL ? "school" : by == BY_GROUP ? "group" : "grade";
}

int analytics_query_parse(const struct query_arg *args, size_t n, struct analytics_query *q,
                          struct sb_err *err) {
  memset(q, 0, sizeof *q);
  q->basis = SCORE_TESTED;
  q->group = 1;
  memcpy(q->grade, AGG_ALL_GRADES, 3);
  q->by = BY_GRADE;
  bool seen[NNAMES] = {false};
  for (size_t i = 0; i < n; i++) {
    const char *k = args[i].key ? args[i].key : "", *v = args[i].value ? args[i].value : "";
    size_t which = NNAMES;
    for (size_t j = 0; j < NNAMES; j++)
      if (strcmp(k, NAMES[j]) == 0) which = j;
    if (which == NNAMES) return sb_err_set(err, "unknown parameter \"%.40s\"", k);
    if (seen[which]) return sb_err_set(err, "%s: given more than once", NAMES[which]);
    seen[which] = true;
    long num;
    switch (which) {
    case 0:
      if ((q->test = assessment_by_slug(v)) == NULL)
        return sb_err_set(err, "test: unknown test \"%.40s\" (see /api/analytics/meta)", v);
      break;
    case 1:
      if (strcmp(v, "tested") == 0)
        q->basis = SCORE_TESTED;
      else if (strcmp(v, "enrolled") == 0)
        q->basis = SCORE_ENROLLED;
      else
        return sb_err_set(err, "basis: must be tested or enrolled");
      break;
    case 2:
      if (!number(v, 2015, 2100, &num))
        return sb_err_set(err, "year: must be an administration year like 2026");
      q->year = (int)num;
      break;
    case 3:
      if (*v && !ids_all_digits(v, 14))
        return sb_err_set(err, "school: must be a 14-digit CDS code");
      q->school_given = true;
      memcpy(q->school, v, strlen(v) + 1);
      break;
    case 4:
      if (strlen(v) != 2 || (strcmp(v, AGG_ALL_GRADES) != 0 && score_grade_number(v) < 0))
        return sb_err_set(err, "grade: must be KN, 01..12 or 13 (all grades)");
      memcpy(q->grade, v, 3);
      break;
    case 5:
      if (!number(v, 1, 999, &num) || groups_find((int)num) == NULL)
        return sb_err_set(err, "group: not a CDE student group ID (see /api/analytics/meta)");
      q->group = (int)num;
      break;
    case 6:
      if (!number(v, 0, 4, &num)) return sb_err_set(err, "level: must be 1..4 (0 = every student)");
      q->level = (int)num;
      break;
    case 7:
      if (strcmp(v, "grade") == 0)
        q->by = BY_GRADE;
      else if (strcmp(v, "school") == 0)
        q->by = BY_SCHOOL;
      else if (strcmp(v, "group") == 0)
        q->by = BY_GROUP;
      else
        return sb_err_set(err, "by: must be grade, school or group");
      break;
    case 8:
      if (strcmp(v, "csv") == 0)
        q->csv = true;
      else if (strcmp(v, "json") != 0)
        return sb_err_set(err, "format: must be json or csv");
      break;
    default:
      if (!ids_all_digits(v, 7)) return sb_err_set(err, "lea: must be a 7-digit LEA code");
      q->lea = v;
      break;
    }
  }
  return 0;
}
