/* toms.h - the sandbox's synthetic TOMS Student Score Data Files (formats.md §2-3).
 *
 * For every LEA of the sandbox world, every administration year and each family (CAASPP,
 * Summative ELPAC, Initial ELPAC) the writer makes two ZIPs in `dir`, one per report type:
 *   {CDS14}_CAASPP_Student_Score_Data_File_{Enrolled|Tested}StudentScoreData_{YYYY}.zip
 *   {CDS14}_Summative_ELPAC_and_Summative_Alternate_ELPAC_Student_Score_Data_File_...zip
 *   {CDS14}_Initial_ELPAC_and_Initial_Alternate_ELPAC_Student_Score_Data_File_...zip
 * Each holds {base}_DLMTR.CSV (caret-delimited, header row = score_columns_known[] of the
 * year's layout, CR LF, no quoting, EndofRecord "ZZ"), {base}.dat (the same records,
 * fixed width, no header; widths from sbx_toms_dat_width) and README.txt (what the files
 * are; says the data is synthetic; lists every .dat column's start and width).
 *
 * Layouts: administration year >= 2025 uses the 2024-25 header row, earlier years the
 * 2023-24 one (the oldest known column by column).
 *
 * Membership (the same rules the unit test checks):
 *   Tested file of LEA L, year Y: a student's results of tests taken while primarily
 *     enrolled in L on the year's test day (the sandbox's scores, population.c); Initial
 *     ELPAC results of tests taken in L a few days after enrolling.
 *   Enrolled file of LEA L, year Y: every result of a student whose CALPADS enrollment
 *     (sbx_toms_calpads_span: the latest primary span of the year begun by the file
 *     date) is in L, wherever tested, plus "not tested" records (condition code NT, PGE
 *     or NTE, blank scores, IncludeIndicator N) for students in a tested grade (or
 *     English learners, Summative ELPAC) who were not enrolled on the test day.
 *
 * Rows are streamed to temporary files in `dir` (".*.part", removed when the ZIPs are
 * written) so memory stays flat whatever the number of students. Same world and students
 * => byte-identical ZIPs (fixed DOS times, fixed attributes, own PRNG streams).
 *
 * Memory: sbx_toms_open allocates the writer; the caller releases it with sbx_toms_free
 * (also after a failure). File descriptors: two per output file stay open between open
 * and finish. */
#ifndef SB_SANDBOX_TOMS_H
#define SB_SANDBOX_TOMS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/score.h"
#include "sandbox/population.h"
#include "util/err.h"

#define SBX_TOMS_FAMILIES 3
#define SBX_TOMS_MAX_FILES (SBX_TOMS_FAMILIES * 2 * SBX_YEARS * SBX_MAX_LEAS)
#define SBX_TOMS_NAME_MAX 160

struct sbx_toms;

/* One ZIP written (or to be written). */
struct sbx_toms_file {
  enum score_family family;
  enum score_basis basis;
  int year;                     /* administration year */
  int lea;                      /* index into world.leas */
  long rows;                    /* data records (header row not counted) */
  char name[SBX_TOMS_NAME_MAX]; /* ZIP file name, no directory */
  char base[SBX_TOMS_NAME_MAX]; /* name without ".zip": the inner files' stem */
};

/* Creates the writer and its temporary files in dir (which must exist). Returns NULL
 * with a message on failure. w must outlive the writer. */
struct sbx_toms *sbx_toms_open(const struct sbx_world *w, const char *dir, struct sb_err *err);

/* Adds every score record of student s (all three years) to the files. 0 or -1. */
int sbx_toms_add(struct sbx_toms *t, const struct sbx_student *s, struct sb_err *err);

/* Closes the temporary files, writes the ZIPs and removes the temporaries. 0 or -1. */
int sbx_toms_finish(struct sbx_toms *t, struct sb_err *err);

/* The files, in a fixed order (family, year, LEA, basis). */
int sbx_toms_nfiles(const struct sbx_toms *t);
const struct sbx_toms_file *sbx_toms_file_at(const struct sbx_toms *t, int i);

/* Closes whatever is open, removes leftover temporaries, frees t (NULL is fine). */
void sbx_toms_free(struct sbx_toms *t);

/* The family's short name used in sandbox.json: "CAASPP", "Summative ELPAC",
 * "Initial ELPAC". Static. */
const char *sbx_toms_family_name(enum score_family f);

/* The span CALPADS reports for student s in year index k at the file date (June 30 of
 * the year, or world.today in the newest year): the latest primary (status 10, not N470)
 * span of the year that began by then; NULL when there is none or when that span ended
 * by then with T160 (a transfer to a California school outside the sandbox: the student's
 * CALPADS district is then a made-up outside one and no sandbox Enrolled file has him). */
const struct sbx_span *sbx_toms_calpads_span(const struct sbx_world *w, const struct sbx_student *s,
                                             int k);

/* Width of a column in the .dat files (inferred; formats.md §2.5/§2.6 give the 2021-22
 * lengths for many fields, used where known). */
int sbx_toms_dat_width(enum score_family f, const char *column);

#endif
