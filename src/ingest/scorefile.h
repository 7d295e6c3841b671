/* scorefile.h - the TOMS Student Score Data File reader: layout detection, validation and
 * a stream of struct score_record, for the CAASPP, Summative ELPAC and Initial ELPAC
 * files (formats.md §2-3), Enrolled or Tested, any administration year 2020-21 on.
 *
 * Input: the caret-delimited file with its header row, fed in chunks of any size (an
 * upload as it arrives, a file read in 64 KiB pieces). CR LF or LF, a UTF-8 byte-order
 * mark, header names wrapped in double quotes and non-UTF-8 (Latin-1) text in name
 * fields are all accepted. Columns are found by header name, with each year's renames as
 * aliases, never by position alone.
 *
 * Output: each valid data row is handed to the row callback as a struct score_record.
 * Problems are collected as issues, each naming the file line, the column and the reason
 * in words a district data lead can act on. An ERROR means the file must be rejected
 * whole (the caller loads inside one transaction and rolls back); a WARNING is shown but
 * the file loads. The reader keeps counting past max_issues, but keeps only the first
 * max_issues issues.
 *
 * Rejected (ERROR): a comma-delimited file (re-saved in a spreadsheet); a header matching
 * no known layout (naming the required columns it lacks); a row with the wrong number of
 * fields; a last record without EndofRecord "ZZ" (truncated download); an SSID that is
 * not 10 digits; a code outside its code set (record type, grade, achievement level,
 * condition code, attemptedness, include indicator, Yes/No flags, gender, ethnicity...);
 * a scale score outside its range for the test and grade; a record type of another
 * family; rows of more than one LEA; an empty file (no header, or a header and no rows).
 * Warned (WARNING): a duplicate UIN.
 *
 * Detected (struct scorefile_info, complete after scorefile_finish): family, report
 * type (Enrolled or Tested), LEA, administration year, and the known layout matched, from
 * the header, the rows and, as a hint, the file name TOMS gives
 * ({CDS14}_CAASPP_Student_Score_Data_File_TestedStudentScoreData_{YYYY}_DLMTR.CSV).
 *   - family: the one whose required columns the header holds (RecordType, SSID, UIN,
 *     GradeAssessed, CALPADSDistrictCode, TestedDistrictCode1, ConditionCode,
 *     Attemptedness, IncludeIndicator, EndofRecord, plus ScaleScore/AchievementLevels for
 *     CAASPP, OverallScaleScore/OverallPL for ELPAC, the composite scale scores for
 *     Summative ELPAC); layout_year when the header is one of score_columns_known exactly.
 *   - report type: the rows first. Enrolled when every CALPADSDistrictCode is the first
 *     row's LEA and some student was not tested by that LEA (no tested LEA, or another);
 *     Tested when every row was tested by one LEA (FinalTestedDistrictCode, else
 *     TestedDistrictCode1) and some CALPADS district differs. When the rows fit both, the
 *     caller's opts.basis, else the file name, else 0 (ask the user). opts.basis against
 *     the rows is an ERROR; the file name against the rows is a WARNING (rows win).
 *   - LEA: the first 7 digits of the enrolled (Enrolled) or tested (Tested) district
 *     code; rows of another LEA are an ERROR.
 *   - year: opts.year, else the file name's _YYYY_, else the exact layout's year, else the
 *     most common spring year of the test completion dates (Aug-Dec count for the next
 *     spring). opts.year that no completion date falls in is an ERROR; a name or layout
 *     year that no date falls in is a WARNING. struct score_record.year is the year known
 *     when the header was read, else the row's own date year (0 when none): use
 *     info.year after scorefile_finish when it matters.
 *
 * Memory: the reader owns what it allocates and frees it in scorefile_free; memory stays
 * bounded whatever the file size, apart from the duplicate-UIN set (a few bytes a row).
 * Records passed to the callback are valid only during the call. Not thread-safe. */
#ifndef SB_INGEST_SCOREFILE_H
#define SB_INGEST_SCOREFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/score.h"
#include "util/err.h"

enum score_issue_level {
  SCORE_ERROR = 1,
  SCORE_WARNING = 2,
};

struct score_issue {
  enum score_issue_level level;
  long line;        /* physical line in the file, 1-based; 0 for the file as a whole */
  char column[64];  /* header name of the column at fault, "" when none */
  char reason[256]; /* what is wrong and, where useful, what to do */
};

struct scorefile_info {
  enum score_family family; /* 0 until the header is read */
  enum score_basis basis;   /* 0 when neither rows nor name nor caller could tell */
  int year;                 /* administration year (2025 for 2024-25); 0 when unknown */
  char lea[8];              /* county + district, 7 digits; "" when unknown */
  int layout_year;          /* year of the exact known header matched, 0 when the header
                               was mapped by name only (another year's layout) */
  size_t ncols;             /* columns in the header */
  long rows;                /* data rows read */
  long valid_rows;          /* rows passed to the callback */
  long errors, warnings;    /* counted, including those past max_issues */
};

struct scorefile_opts {
  const char *file_name;  /* the name as uploaded (a hint), or NULL */
  enum score_basis basis; /* the caller's word on the report type; 0 = detect */
  int year;               /* the caller's word on the year; 0 = detect */
  size_t max_issues;      /* issues kept; 0 = 1000 */
};

/* Called for every valid data row, in file order. Return 0 to go on, -1 to stop with a
 * failure (the callback writes err; scorefile_feed then returns -1). */
typedef int (*scorefile_row_fn)(void *ctx, const struct score_record *r, struct sb_err *err);

struct scorefile;

/* Returns a reader, or NULL with err (out of memory). */
struct scorefile *scorefile_new(const struct scorefile_opts *opts, scorefile_row_fn fn, void *ctx,
                                struct sb_err *err);
/* Feeds the next len bytes. Returns 0, or -1 when the callback failed or memory ran out
 * (err says why). Problems in the file are not failures: they become issues. */
int scorefile_feed(struct scorefile *f, const void *data, size_t len, struct sb_err *err);
/* Ends the input: checks the last record, settles what was detected. Returns 0 or -1 as
 * scorefile_feed. */
int scorefile_finish(struct scorefile *f, struct sb_err *err);
/* What was detected and counted so far (complete after scorefile_finish). */
const struct scorefile_info *scorefile_info(const struct scorefile *f);
/* The issues kept, in file order; *n gets their number. */
const struct score_issue *scorefile_issues(const struct scorefile *f, size_t *n);
/* True when the file must be rejected (any ERROR). */
bool scorefile_rejected(const struct scorefile *f);
void scorefile_free(struct scorefile *f);

/* Names for messages and APIs: "CAASPP", "Summative ELPAC", "Initial ELPAC";
 * "Enrolled", "Tested". */
const char *score_family_name(enum score_family f);
const char *score_basis_name(enum score_basis b);

#endif
