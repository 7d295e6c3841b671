/* fuzz_analytics_query.c - libFuzzer target for the dashboards' query parameters
 * (src/analytics/query.h): the input is split into key=value pairs on '&' and the first
 * '=', then parsed. Traps when a parsed query breaks the header's contract. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analytics/groups.h"
#include "fuzz_args.h"
#include "analytics/query.h"
#include "domain/score.h"
#include "domain/score_codes.h"

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 2048) return 0;
  struct fuzz_args fa;
  if (fuzz_args_split(data, size, &fa) != 0) return 0;
  const struct query_arg *args = fa.v;
  size_t n = fa.n;
  struct analytics_query q;
  struct sb_err err;
  err.msg[0] = '\0';
  int rc = analytics_query_parse(args, n, &q, &err);
  check(rc == 0 || rc == -1);
  if (rc == -1) {
    check(err.msg[0] != '\0');
    check(memchr(err.msg, '\0', sizeof err.msg) != NULL);
  } else {
    check(q.test == NULL || assessment_by_slug(q.test->slug) == q.test);
    check(q.basis == SCORE_TESTED || q.basis == SCORE_ENROLLED);
    check(q.year == 0 || (q.year >= 2015 && q.year <= 2100));
    check(strlen(q.school) == 0 || strlen(q.school) == 14);
    check(strcmp(q.grade, "13") == 0 || score_grade_number(q.grade) >= 0);
    check(groups_find(q.group) != NULL);
    check(q.level >= 0 && q.level <= 4);
    check(q.by == BY_GRADE || q.by == BY_SCHOOL || q.by == BY_GROUP);
    check(q.lea == NULL || strlen(q.lea) == 7);
  }
  fuzz_args_free(&fa);
  return 0;
}
