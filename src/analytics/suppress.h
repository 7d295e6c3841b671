/* suppress.h - small-cell suppression of aggregate counts for viewers who may not see
 * individual students, and what a suppressed cell looks like in the research-file style
 * export. Pure: works on the caller's arrays; nothing to free.
 *
 * Rules and sources:
 *   minimum n   a count of 1..10 students (n > 0 and n <= 10, "10 or fewer") is withheld:
 *               CAASPP research files withhold groups of fewer than 11 (formats.md §5.1,
 *               §5.3 "suppressed `*`"; analytics-anchors.md §3.2, §2.5). A count of 0 is
 *               shown: it names no student (none of the sources suppresses it; see
 *               suppress.c). Results computed over a suppressed count (percentages, mean
 *               scale score, DFS) are withheld with it; callers test suppress_cell(n).
 *   complementary
 *               when exactly one cell of a set that adds up to a total that is shown is
 *               suppressed, the smallest other cell is suppressed too, so the first cannot
 *               be worked out as total - the rest (PTAC disclosure avoidance,
 *               analytics-anchors.md §3.1). Ties go to the first such cell in array order.
 *               When the total itself is suppressed nothing more is needed.
 *   who         inside the district tool, roles with a legitimate educational interest
 *               see student detail and unsuppressed counts (analytics-anchors.md §3.2,
 *               §3.4; FERPA §99.31(a)(1)); suppression applies to views and exports for
 *               anyone else (public / aggregate-only), which suppress_required decides.
 *   export      a suppressed cell is written as "*" (formats.md §5.3 "suppressed `*`"). */
#ifndef SB_ANALYTICS_SUPPRESS_H
#define SB_ANALYTICS_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/role.h"
#include "util/err.h"

#define SUPPRESS_MAX_N 10    /* largest count that is withheld */
#define SUPPRESS_MARK "*"    /* research-file text of a withheld cell */
#define SUPPRESS_TEXT_MAX 21 /* enough for any count or the mark, with NUL */

/* True when a count of n students is withheld by itself (1..10). */
bool suppress_cell(long n);

/* True when a viewer acting as role r must get suppressed counts: every role that may not
 * see individual students: aggregate-viewer and ROLE_NONE / unknown values (public,
 * aggregate-only exports). Coordinators, district lead and site admin see their own
 * students (role.h). */
bool suppress_required(enum role r);

/* Marks counts[0..n) for suppression into hidden[0..n) (true = withheld), applying the
 * minimum-n rule to each cell and the complementary rule against total; *total_hidden
 * (may be NULL) gets whether the total itself is withheld. Returns the number of hidden
 * cells, or -1 with e set when an argument is NULL (n > 0) or a count or total is
 * negative. n == 0 is valid and hides nothing. */
int suppress_counts(const long *counts, size_t n, long total, bool *hidden, bool *total_hidden,
                    struct sb_err *e);

/* Writes the export text of one cell: "*" when hidden, else the decimal count. Returns 0,
 * or -1 when out (of size cap) is too small. */
int suppress_cell_text(long count, bool hidden, char *out, size_t cap);

#endif
