/* suppress.c - small-cell and complementary suppression (see suppress.h for the rules).
 *
 * On zero: the CAASPP rule is stated as "10 or fewer" / "fewer than 11" students; a group
 * with no students has no results to protect and the research files show counts of 0,
 * so 0 is shown here. A shown 0 can still take part in complementary suppression (it is
 * the smallest other cell, and hiding it leaves two hidden cells whose split is unknown). */
#include "analytics/suppress.h"

#include <string.h>

#include "util/fmt.h"

bool suppress_cell(long n) {
  return n > 0 && n <= SUPPRESS_MAX_N;
}

bool suppress_required(enum role r) {
  switch (r) {
  case ROLE_LEA_CAASPP_COORDINATOR:
  case ROLE_LEA_ELPAC_COORDINATOR:
  case ROLE_DISTRICT_LEAD:
  case ROLE_SITE_ADMIN:
    return false;
  case ROLE_AGGREGATE_VIEWER:
  case ROLE_NONE:
  default:
    return true;
  }
}

int suppress_counts(const long *counts, size_t n, long total, bool *hidden, bool *total_hidden,
                    struct sb_err *e) {
  if (n > 0 && (!counts || !hidden))
    return sb_err_set(e, "suppression needs the counts and room for the marks");
  if (total < 0) return sb_err_set(e, "a total of %ld students cannot be right", total);
  for (size_t i = 0; i < n; i++)
    if (counts[i] < 0)
      return sb_err_set(e, "a count of %ld students (cell %zu) cannot be right", counts[i], i);

  bool thide = suppress_cell(total);
  if (total_hidden) *total_hidden = thide;
  int nhidden = 0;
  for (size_t i = 0; i < n; i++) {
    hidden[i] = suppress_cell(counts[i]);
    if (hidden[i]) nhidden++;
  }
  /* Complementary: one hidden cell against a shown total could be recovered as total -
   * the others; hide the smallest shown cell too (first one on a tie). */
  if (nhidden == 1 && !thide) {
    size_t pick = n;
    for (size_t i = 0; i < n; i++)
      if (!hidden[i] && (pick == n || counts[i] < counts[pick])) pick = i;
    if (pick < n) {
      hidden[pick] = true;
      nhidden++;
    }
  }
  return nhidden;
}

int suppress_cell_text(long count, bool hidden, char *out, size_t cap) {
  if (!out || cap == 0) return -1;
  out[0] = '\0';
  if (hidden) {
    if (cap < sizeof SUPPRESS_MARK) return -1;
    memcpy(out, SUPPRESS_MARK, sizeof SUPPRESS_MARK);
    return 0;
  }
  char tmp[FMT_INT64_MAX];
  size_t len = fmt_int64((int64_t)count, tmp);
  if (len + 1 > cap) return -1;
  memcpy(out, tmp, len + 1);
  return 0;
}
