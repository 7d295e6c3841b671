/* disclose.h - which counts of a dashboard slice a viewer who may not see individual
 * students is given: suppress.h's rules applied across a whole slice of aggregate cells.
 *
 * A slice is every cell of one LEA, test and basis over some years. Each cell has three
 * counts (enrolled, tested, with a valid score); each is withheld on its own:
 *   minimum n       1..10 students (suppress_cell);
 *   complementary   within every set of cells that splits a shown total into disjoint
 *                   parts - the groups of one partition (groups_siblings) under their
 *                   parent group, the schools of the LEA under the LEA-wide cell, the
 *                   grades under "all grades" (13), each for the same year and the other
 *                   keys equal - when exactly one part is withheld, the smallest other
 *                   non-zero part is withheld too; when there is none (a school with one
 *                   grade), the total is withheld instead. Withholding can cascade into
 *                   another set, so the sets are walked again until nothing changes. This
 *                   is the usual heuristic against "total minus the others"; it does not
 *                   solve every system of equations a reader could set up from many rows.
 * Every result computed over a count (percentages, means, DFS, level and claim counts) is
 * withheld with it: results over the valid count, participation over enrolled and tested.
 * Memory: the slice copies the cells it is given and is freed with disclose_free. */
#ifndef SB_ANALYTICS_DISCLOSE_H
#define SB_ANALYTICS_DISCLOSE_H

#include <stdbool.h>

#include "analytics/aggregate.h"
#include "util/err.h"

enum {
  DISCLOSE_ENROLLED = 1, /* the enrolled count is withheld */
  DISCLOSE_TESTED = 2,
  DISCLOSE_VALID = 4, /* the valid count and every result over it */
};

struct disclose;

struct disclose *disclose_new(struct sb_err *e);
void disclose_free(struct disclose *d);
/* Adds a copy of cell c of year. Returns 0 or -1 with e (out of memory). */
int disclose_add(struct disclose *d, int year, const struct agg_cell *c, struct sb_err *e);
/* Takes each cell's stored decision (agg_cell.hidden, made by agg_finish when the file
 * loaded) instead of deciding again: call instead of disclose_apply. */
void disclose_use_stored(struct disclose *d);
/* Decides what is withheld (call once, after the last disclose_add). Without this call
 * nothing is withheld: the slice then serves viewers who may see students. */
void disclose_apply(struct disclose *d);
/* The cell of (year, school, grade, group), or NULL. */
const struct agg_cell *disclose_cell(const struct disclose *d, int year, const char *school,
                                     const char *grade, int group);
/* DISCLOSE_* bits of that cell (0 when the cell does not exist). */
unsigned disclose_flags(const struct disclose *d, int year, const char *school, const char *grade,
                        int group);
/* Calls fn for every cell in the slice (no order). */
typedef int (*disclose_fn)(void *ctx, int year, const struct agg_cell *c, unsigned flags);
int disclose_each(const struct disclose *d, disclose_fn fn, void *ctx);

#endif
