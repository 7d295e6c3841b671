/* fuzz_analytics_query.c - libFuzzer target for the dashboards' query parameters
 * (src/analytics/query.h): the input is split into key=value pairs on '&' and the first
 * '=', then parsed. Traps when a parsed query breaks the header's contract. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/groups.h"
#include "analytics/query.h"
#include "domain/score.h"
#include "domain/score_codes.h"

#define MAX_ARGS 32

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 2048) return 0;
  char *copy = malloc(size + 1);
  if (copy == NULL) return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  struct query_arg args[MAX_ARGS];
  char *keys[MAX_ARGS], *vals[MAX_ARGS];
  size_t n = 0;
  char *p = copy;
  const char *end = copy + size;
  while (n < MAX_ARGS) {
    char *amp = memchr(p, '&', (size_t)(end - p));
    size_t plen = amp ? (size_t)(amp - p) : (size_t)(end - p);
    char *eq = memchr(p, '=', plen);
    size_t klen = eq ? (size_t)(eq - p) : plen;
    keys[n] = strndup(p, klen);
    vals[n] = eq ? strndup(eq + 1, plen - klen - 1) : NULL;
    args[n].key = keys[n];
    args[n].value = vals[n];
    n++;
    if (amp == NULL) break;
    p = amp + 1;
  }
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
  for (size_t i = 0; i < n; i++) {
    free(keys[i]);
    free(vals[i]);
  }
  free(copy);
  return 0;
}
