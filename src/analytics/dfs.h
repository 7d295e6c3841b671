/* dfs.h - Distance from Standard (DFS), the California School Dashboard's academic
 * measure, and its status and change levels (analytics-anchors.md §2.1-§2.3). Pure: the
 * accumulator is a plain struct the caller owns; the formatter writes into the caller's
 * buffer; level names are static strings.
 *
 * Rules (analytics-anchors.md §2.1, H):
 *   per student  scale score - the Level 3 ("Standard Met") minimum of the student's grade
 *                and subject (score_level3_min: SB ELA "01" / math "02", grades 3-8, 11;
 *                formats.md §2.7). Only records with a valid score count
 *                (counting_valid_score, counting.h); CAA takers are not measured here.
 *   per group    the plain mean of the student DFS values, kept unrounded as a double.
 *   display      rounded to the nearest 0.1 only when shown (dfs_format; halves away from
 *                zero, e.g. -0.05 -> "-0.1").
 *   change       current status - prior status, from the unrounded values (§2.1, §0 fact 4).
 * Status levels (§2.3) are decided on the unrounded status passed in:
 *   ELA  Very High >= +45; High +10 to < +45; Medium -5 to < +10; Low -70 to < -5;
 *        Very Low < -70 (H).
 *   Math Very High >= +35; High 0 to < +35; Medium -25 to < 0; Low -95 to < -25;
 *        Very Low < -95 (M: grades 3-8 cuts, applied to the whole indicator).
 * Change levels (§2.3): Declined Significantly < -15; Declined -15 to <= -3; Maintained
 * > -3 and < +3; Increased +3 to < +15; Increased Significantly >= +15.
 * Level numbers follow the Dashboard record layouts: 1 (Very Low / Declined Significantly)
 * .. 5, 0 = no data. */
#ifndef SB_ANALYTICS_DFS_H
#define SB_ANALYTICS_DFS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/score.h"

enum dfs_subject {
  DFS_ELA = 1,  /* record type "01" */
  DFS_MATH = 2, /* record type "02" */
};

enum dfs_level {
  DFS_LEVEL_NONE = 0,
  DFS_LEVEL_1 = 1, /* Very Low / Declined Significantly */
  DFS_LEVEL_2 = 2, /* Low / Declined */
  DFS_LEVEL_3 = 3, /* Medium / Maintained */
  DFS_LEVEL_4 = 4, /* High / Increased */
  DFS_LEVEL_5 = 5, /* Very High / Increased Significantly */
};

/* Sum of integer distances (exact) and the number of students. Zero-initialise or use
 * dfs_init. */
struct dfs_acc {
  long long sum;
  long n;
};

void dfs_init(struct dfs_acc *a);

/* The DFS of one record into *out: 0 when r is an SB ELA or math record with a valid
 * score in a grade with a Level 3 minimum, -1 otherwise (*out untouched). */
int dfs_student(const struct score_record *r, int *out);

/* Adds r when dfs_student accepts it; returns true when it was counted. */
bool dfs_add(struct dfs_acc *a, const struct score_record *r);
/* Adds one distance directly (e.g. when merging per-grade sums). */
void dfs_add_value(struct dfs_acc *a, int dfs);
/* Merges b into a. */
void dfs_merge(struct dfs_acc *a, const struct dfs_acc *b);

/* The unrounded mean into *out; false (and *out untouched) when no student counted. */
bool dfs_mean(const struct dfs_acc *a, double *out);

/* current - prior, both unrounded. */
double dfs_change(double current, double prior);

/* Exact forms from the integer sums, for what is shown: the mean (sum / n) and the change
 * (current mean - prior mean) rounded to tenths, halves away from zero, without a double
 * in between (4.55 is 4.6, which (double)4.55 rounded is not). Each returns false (and
 * leaves *tenths alone) when a side has no student. The change level is decided on
 * dfs_change_exact's double, one division from the exact fraction. */
bool dfs_mean_tenths(const struct dfs_acc *a, long long *tenths);
bool dfs_change_tenths(const struct dfs_acc *current, const struct dfs_acc *prior,
                       long long *tenths);
bool dfs_change_exact(const struct dfs_acc *current, const struct dfs_acc *prior, double *out);

/* v rounded to tenths, halves away from zero, as an integer count of tenths
 * (-0.05 -> -1, 3.45 -> 35 as far as the double allows). */
long long dfs_round_tenths(double v);

/* Writes v rounded to 0.1 with an explicit sign ("+3.5", "-22.0", "0.0") into out.
 * Returns 0, or -1 when out (of size cap) is too small or v is not finite / beyond
 * +-1e12. DFS_FORMAT_MAX is always enough. */
#define DFS_FORMAT_MAX 24
int dfs_format(double v, char *out, size_t cap);

/* Status level of an unrounded status for the subject; DFS_LEVEL_NONE for an unknown
 * subject. */
enum dfs_level dfs_status_level(enum dfs_subject s, double status);
/* Change level of an unrounded change (same for both subjects). */
enum dfs_level dfs_change_level(double change);

/* "Very High" .. "Very Low"; "No Data" for DFS_LEVEL_NONE / unknown. Static. */
const char *dfs_status_name(enum dfs_level l);
/* "Increased Significantly" .. "Declined Significantly"; "No Data" otherwise. Static. */
const char *dfs_change_name(enum dfs_level l);

#endif
