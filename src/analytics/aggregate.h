/* aggregate.h - the dashboards' aggregate cells, computed once when a Student Score Data
 * File loads (and again only when asked to recompute), never from student rows on a page
 * view. One cell is the results of one test for one (school or the whole LEA) x (grade or
 * all grades) x CDE student group, within one upload (which fixes LEA, administration
 * year, Enrolled/Tested basis and family).
 *
 * What a record adds, and to which cells (every rule is applied in aggregate.c):
 *   test      the record type ("01" SB ELA, ... "24"; domain/score_codes.h).
 *   school    Enrolled files: the CALPADS school of enrollment (School Code); Tested
 *             files: the school where the student tested (Final Tested School), or the
 *             CALPADS school when that is blank. Every record also goes to the LEA-wide
 *             cell (school ""). A record with no school at all is only LEA-wide.
 *   grade     Grade Assessed ("KN", "03", ...), and "13" for all grades (the research
 *             files' code, formats.md §5.3); a record with no grade is only in "13".
 *   group     every CDE group the record belongs to (analytics/groups.h), group 1 All
 *             Students always.
 *   counts    enrolled / tested / valid by analytics/counting.h.
 *   results   only from records with a valid score: achievement level counts (levels
 *             1-4 of the test's own set; 9 / 0 = none are not counted), the scale-score sum
 *             (mean scale score = scale_sum / valid), Distance from Standard (SB ELA and
 *             math only, analytics/dfs.h), claim / reporting-category levels 1-3 (SB,
 *             claims 1-4), domain levels 1-3 (CAST and CAA Science domains; Summative
 *             ELPAC listening, speaking, reading, writing), ELPAC oral and written
 *             composite levels 1-4 and composite scale-score sums.
 *   cohort    the same student's valid result on the same test a year earlier
 *             (agg_prior_add), for the matched-cohort view: levels and scale-score sums of
 *             both years.
 * The table is the caller's: agg_table_new / agg_table_free. Cells it returns point into
 * the table and live until it is freed. */
#ifndef SB_ANALYTICS_AGGREGATE_H
#define SB_ANALYTICS_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/score.h"
#include "util/err.h"

#define AGG_ALL_GRADES "13"
#define AGG_LEVELS 4
#define AGG_CLAIMS 4
#define AGG_CLAIM_LEVELS 3

struct agg_key {
  char test[3];    /* record type */
  char school[15]; /* 14-digit CDS code, "" = the whole LEA */
  char grade[3];   /* "KN", "01".."12", "13" = all grades */
  int group;       /* CDE student group ID */
};

struct agg_cell {
  struct agg_key key;
  long enrolled, tested, valid;
  long level[AGG_LEVELS]; /* students at level 1..4 */
  long long scale_sum;
  long long dfs_sum;
  long dfs_n;
  long claim[AGG_CLAIMS][AGG_CLAIM_LEVELS];   /* claim i: 1 below, 2 near/at, 3 above */
  long domain[AGG_CLAIMS][AGG_CLAIM_LEVELS];  /* domain i: levels 1-3 */
  long oral[AGG_LEVELS], written[AGG_LEVELS]; /* composite levels 1..4 */
  long long oral_sum, written_sum;
  long oral_n, written_n;
  /* The matched cohort: students of this cell with a valid score this year and a valid
   * score on the same test the year before in the same LEA and basis (agg_prior_add),
   * matched by SSID - whatever grade they were in then. */
  long cohort_n;
  long cohort_prior[AGG_LEVELS]; /* their levels last year */
  long long cohort_prior_sum;    /* their scale scores last year */
  long cohort_level[AGG_LEVELS]; /* their levels this year */
  long long cohort_sum;
  /* What a viewer who may not see students gets withheld (DISCLOSE_* bits of
   * analytics/disclose.h), decided over all the upload's cells by agg_finish. */
  unsigned hidden;
};

struct agg_table;

/* A new empty table, or NULL with e set (out of memory). basis decides the school rule. */
struct agg_table *agg_table_new(enum score_basis basis, struct sb_err *e);
void agg_table_free(struct agg_table *t);

/* Before the first agg_add: records one result of the year before (same LEA, family and
 * basis) for the cohort match. Only records with a valid score are kept. Returns 0 or -1
 * with e (out of memory). */
int agg_prior_add(struct agg_table *t, const struct score_record *r, struct sb_err *e);

/* Adds one record to every cell it belongs to. Returns 0, or -1 with e set (out of
 * memory; the table is then unchanged for this record's remaining cells and must not be
 * saved). Records of an unknown family add nothing. */
int agg_add(struct agg_table *t, const struct score_record *r, struct sb_err *e);

/* After the last agg_add: decides the cells' `hidden` bits (small-cell and complementary
 * suppression over the whole upload, analytics/disclose.h). Returns 0 or -1 with e. */
int agg_finish(struct agg_table *t, struct sb_err *e);

/* Number of cells. */
size_t agg_count(const struct agg_table *t);
/* Calls fn for every cell (in no particular order); stops and returns fn's value when it
 * is non-zero. */
typedef int (*agg_cell_fn)(void *ctx, const struct agg_cell *c);
int agg_each(const struct agg_table *t, agg_cell_fn fn, void *ctx);
/* The cell of key k, or NULL. */
const struct agg_cell *agg_find(const struct agg_table *t, const struct agg_key *k);

/* The school a record counts for under basis (the rule above): a 14-digit CDS or "". */
const char *agg_school_of(const struct score_record *r, enum score_basis basis);
/* Whether a record is in any cell at all (counted as enrolled or tested). */
bool agg_counts(const struct score_record *r);

/* Fills k (zeroing it first, so keys compare as bytes). */
void agg_key_set(struct agg_key *k, const char *test, const char *school, const char *grade,
                 int group);

/* Adds b's counts and sums into a (keys untouched): merging cells. */
void agg_cell_merge(struct agg_cell *a, const struct agg_cell *b);

#endif
