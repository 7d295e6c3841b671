/* research.h - the public research-file export of one LEA's Smarter Balanced results: the
 * aggregate cells (analytics/aggregate.h) of one LEA, one administration year and one basis
 * (Enrolled or Tested: the caller picks the cells; the file does not name the basis) written
 * as the 69 caret-delimited columns of the CAASPP research files (formats.md §5.3), so a
 * district can share its own results in the state's layout. Pure: no store and no I/O; the
 * text goes to a caller-supplied callback (or a struct buf). The caller owns the cells, which
 * are only read; everything allocated inside is freed before research_write returns.
 *
 * Rows: one per (the LEA as a whole, or one school) x grade (each grade, and "13" for all
 * grades) x CDE student group (analytics/groups.h) x test, for the cells that exist (a group
 * with no students has no cell and gets no row). Cells of other tests than SB ELA ("01") and
 * SB math ("02") are skipped. Order: the LEA row first, then schools by CDS code; within
 * each, Test ID 1 then 2, grade 13 first then grades ascending (KN before 01), groups in
 * groups_table order (unknown IDs last, by ID). A header row with the 69 field names comes
 * first (research_field_name); lines end with "\n".
 *
 * Fields (numbers of formats.md §5.3):
 *   1-2    County Code, District Code: the LEA's 7 digits (2 + 5) on the LEA row; on a
 *          school row the first 7 digits of the school's own 14-digit CDS code (the same as
 *          the LEA's for the LEA's own schools; a Tested file may name a school of another
 *          LEA where a student tested, and its real CDS code is then kept whole).
 *   3, 5   District Name, School Name: the names the score files gave the codes
 *          (research_write_named's name callback; the store's directory of names), blank
 *          on the LEA row's School Name and when no name is known. A caret or control
 *          character in a name becomes a space.
 *   4      School Code: the last 7 digits of the CDS code; "0000000" on the LEA row.
 *   6      Type ID: "06" (District) on the LEA row and "07" (School) on a school row, the
 *          Type IDs of the entities file (§5.2: 04 State, 05 County, 06 District, 07 School,
 *          09 / 10 direct / locally funded charter). Charter status is not stored, so a
 *          charter school is written as 07 too.
 *   7      Filler: blank.
 *   8-10   Test Year (the spring year: 2026 for 2025-26), Test Type "B", Test ID 1 / 2.
 *   11-12  Student Group ID, Grade ("03".."08", "11", "13" = all grades).
 *   13-15  Total Students Enrolled / Tested / Tested with Scores: the cell's enrolled,
 *          tested and valid counts (analytics/counting.h).
 *   16     Mean Scale Score: scale_sum / valid to one decimal place, for one grade only;
 *          blank for grade 13 (the state's "All Grades" mean is N/A: scales differ by
 *          grade) and when no student has a score.
 *   17-26  Percentage and Count of Standard Exceeded (level 4), Met (3), Met and Above
 *          (3 + 4), Nearly Met (2), Not Met (1). Percentages are of the valid count, as
 *          decimals with two places ("45.00", half up), blank when the valid count is 0.
 *   27     Overall Total: the valid count.
 *   28-55  Areas 1-4 (claims; math has three, so its Area 4 is blank): Percentage / Count
 *          Above (claim level 3), Near (2), Below (1) Standard, and Total = the three counts
 *          added up. Percentages are of that Total (the students with an area result),
 *          blank when it is 0.
 *   56-69  Composite Areas 1-2: blank. The aggregates do not keep the composite areas.
 *
 * Suppression, always applied (the file is for sharing; analytics/suppress.h):
 *   minimum n     a count of 1..10 students in fields 13-15 (suppress_cell) is "*"; 0 is
 *                 shown as 0.
 *   results       when the valid count (field 15) is withheld, every result computed from
 *                 it is "*" too: mean, percentages, level counts, Overall Total, the areas.
 *   complementary each of the three counts is checked on its own, within three kinds of
 *                 sets whose members add up (at most) to a parent that is shown:
 *                   groups   the members of one groups_siblings partition and its parent
 *                            group, for the same school, grade and test;
 *                   schools  the schools of the LEA against the LEA row, for the same grade,
 *                            group and test;
 *                   grades   the single grades against grade 13, for the same school,
 *                            group and test.
 *                 When exactly one member is withheld and the parent is shown, the smallest
 *                 other member is withheld too (suppress_counts; ties to the first in row
 *                 order). When the set has no other member to hide (a school with one
 *                 grade; the other groups have no students, so no row), the parent is
 *                 withheld instead, as it would give the member away. A cell withheld this
 *                 way counts as withheld in every other set it is in, and the sets are
 *                 checked again until nothing changes, so a cell hidden to protect a group
 *                 is itself protected across schools and grades. A parent that is itself
 *                 withheld needs nothing more. This is the usual cell-suppression heuristic
 *                 against "total minus the others"; it does not solve every system of
 *                 equations a reader could set up from many rows at once.
 */
#ifndef SB_ANALYTICS_RESEARCH_H
#define SB_ANALYTICS_RESEARCH_H

#include <stddef.h>

#include "analytics/aggregate.h"
#include "util/buf.h"
#include "util/err.h"

#define RESEARCH_FIELDS 69
#define RESEARCH_TEST_ELA "01"  /* record type of SB ELA: Test ID 1 */
#define RESEARCH_TEST_MATH "02" /* record type of SB math: Test ID 2 */
#define RESEARCH_TYPE_LEA "06"
#define RESEARCH_TYPE_SCHOOL "07"
#define RESEARCH_LEA_SCHOOL "0000000"

/* The name of field i (0-based: 0 is "County Code"), or NULL when i >= RESEARCH_FIELDS.
 * Static. */
const char *research_field_name(size_t i);

/* Receives the text, a line or the header at a time. Returns 0 to go on, non-zero to stop
 * (research_write then fails). */
typedef int (*research_out_fn)(void *ctx, const char *data, size_t len);

/* Writes the header and the rows of cells[0..n) for LEA lea (7 digits) and administration
 * year (e.g. 2026) to out. *rows (may be NULL) gets the number of data rows written. Returns
 * 0, or -1 with e set: lea not 7 digits, year out of 2000..9999, a cell with a malformed key
 * (school neither "" nor 14 digits, grade not two characters) or the same key twice,
 * negative counts, out of memory, or out stopped. n == 0 writes the header alone. */
int research_write(const char *lea, int year, const struct agg_cell *cells, size_t n,
                   research_out_fn out, void *ctx, long *rows, struct sb_err *e);

/* The name of a 7-digit LEA or 14-digit school code, or NULL / "" when not known. */
typedef const char *(*research_name_fn)(void *ctx, const char *code);
#define RESEARCH_NAME_MAX 208 /* bytes of a name field, with NUL */

/* research_write with names for fields 3 and 5 (name may be NULL: blank names). */
int research_write_named(const char *lea, int year, const struct agg_cell *cells, size_t n,
                         research_name_fn name, void *name_ctx, research_out_fn out, void *ctx,
                         long *rows, struct sb_err *e);

/* The same, appended to b (which keeps what it held before; on failure b may hold part of
 * the file). */
int research_write_buf(const char *lea, int year, const struct agg_cell *cells, size_t n,
                       struct buf *b, long *rows, struct sb_err *e);

#endif
