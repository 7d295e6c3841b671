/* counting.c - enrolled / tested / valid-score rules (see counting.h for the sources). */
#include "analytics/counting.h"

#include <string.h>

static bool is_caaspp(const struct score_record *r) {
  return r->family == SCORE_CAASPP;
}

static bool known_family(const struct score_record *r) {
  return r->family == SCORE_CAASPP || r->family == SCORE_SUMMATIVE_ELPAC ||
         r->family == SCORE_INITIAL_ELPAC;
}

static bool code_in(const char *code, const char *const *set, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(code, set[i]) == 0) return true;
  return false;
}

/* Condition codes that mean the student did not take the test: CAASPP PGE, NTE, NT, NEL
 * (formats.md §2.5 condition-code meanings); ELPAC NT (§3.1). */
static bool condition_not_tested(const struct score_record *r) {
  static const char *const CAASPP_NT[] = {"PGE", "NTE", "NT", "NEL"};
  if (is_caaspp(r)) return code_in(r->condition_code, CAASPP_NT, 4);
  return strcmp(r->condition_code, "NT") == 0;
}

/* Condition codes under which a completed test still has a valid score: blank; CAA INC0 /
 * INC1 (include Y, §2.5); ELPAC ALT (scored at LOSS but include Y) and EXD (§3.1). */
static bool condition_scores(const struct score_record *r) {
  static const char *const CAASPP_OK[] = {"", "INC0", "INC1"};
  static const char *const ELPAC_OK[] = {"", "ALT", "EXD"};
  if (is_caaspp(r)) return code_in(r->condition_code, CAASPP_OK, 3);
  return code_in(r->condition_code, ELPAC_OK, 3);
}

bool counting_enrolled(const struct score_record *r) {
  if (!r || !known_family(r)) return false;
  if (is_caaspp(r)) {
    if (r->include_indicator == 'E') return false;
    if (r->include_indicator == 0 && strcmp(r->condition_code, "NEL") == 0) return false;
  }
  return true;
}

bool counting_tested(const struct score_record *r) {
  if (!counting_enrolled(r)) return false;
  switch (r->include_indicator) {
  case 'Y':
  case 'T':
    return true;
  case 'R':
    return is_caaspp(r);
  case 0:
    return (r->attemptedness == 'P' || r->attemptedness == 'Y') && !condition_not_tested(r);
  default: /* N, E, or a code the family does not use */
    return false;
  }
}

bool counting_valid_score(const struct score_record *r) {
  if (!counting_tested(r) || r->scale_score <= 0) return false;
  if (r->include_indicator == 'Y') return true;
  if (r->include_indicator == 0) return r->attemptedness == 'Y' && condition_scores(r);
  return false;
}

void counting_add(struct counting_totals *t, const struct score_record *r) {
  if (!t || !r) return;
  if (counting_enrolled(r)) t->enrolled++;
  if (counting_tested(r)) t->tested++;
  if (counting_valid_score(r)) t->valid++;
}
