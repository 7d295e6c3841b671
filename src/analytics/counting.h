/* counting.h - who counts, per student result, in the three counts every CAASPP/ELPAC
 * aggregate shows (formats.md §5.3 fields 13-15: "Total Students Enrolled", "Total
 * Students Tested", "Total Students Tested with Scores"): enrolled, tested (participation)
 * and with a valid score (the denominator of achievement-level percentages, mean scale
 * score and Distance from Standard). Pure functions of one struct score_record; no memory.
 *
 * The Include Indicator is the file's own verdict and wins when present (analytics-
 * anchors.md §1.2, TOMS: it "says whether a row counts toward tested / valid-score
 * aggregates"). Its codes:
 *   CAASPP (formats.md §2.5 field 125): N not tested / only one part / PGE / medical
 *     emergency; E EL in a US school < 12 months, exempt from ELA; T tested but below the
 *     scoring threshold or attemptedness P (includes LOSS); R construct-changing unlisted
 *     resource or invalidated; Y completed, counted.
 *   ELPAC (formats.md §3.1): N did not test (condition NT); T tested, participation rule
 *     not met or attemptedness P; Y valid score (may include ALT / EXD).
 *
 * Rules as implemented:
 *   enrolled  every record of a known family except CAASPP include E: the state exempts
 *             recently arrived ELs from ELA in public reporting (analytics-anchors.md
 *             §1.2; formats.md §2.5 NEL -> E), so they are in no ELA count.
 *   tested    CAASPP: include Y, T or R (they took the test; R only lost the score).
 *             ELPAC: include Y or T.
 *   valid     include Y and a scale score (> 0). CAA INC0 / INC1 carry include Y and
 *             LOSS / LOSS+1 (formats.md §2.5, §2.7), so they count; CAASPP T (LOSS, P)
 *             and R do not.
 * When the include indicator is blank (0) the record is judged from the condition code
 * and attemptedness instead (formats.md §2.5 fields 120-121, §3.1):
 *   tested    attemptedness P or Y and the condition code is not a not-tested code
 *             (CAASPP: PGE, NTE, NT, NEL; ELPAC: NT).
 *   valid     tested, attemptedness Y, a scale score, and the condition code is blank or
 *             one that still scores (CAA INC0 / INC1; ELPAC ALT / EXD). LOSS is not valid.
 *   enrolled  as above, with condition NEL standing in for include E.
 * Every valid record is tested and every tested record is enrolled. */
#ifndef SB_ANALYTICS_COUNTING_H
#define SB_ANALYTICS_COUNTING_H

#include <stdbool.h>

#include "domain/score.h"

bool counting_enrolled(const struct score_record *r);
bool counting_tested(const struct score_record *r);
bool counting_valid_score(const struct score_record *r);

/* The three counts of one cell (a group x test x grade x entity). */
struct counting_totals {
  long enrolled, tested, valid;
};

/* Adds r to t by the rules above. */
void counting_add(struct counting_totals *t, const struct score_record *r);

#endif
