/* manifest.h - the score-report manifest read by `scorebridge reports import MANIFEST.csv`:
 * one row per report file to register.
 *
 * File: comma-separated CSV (csvread.h: RFC 4180 quoting, CR LF or LF, optional BOM, no
 * trimming, UTF-8 required) with a header row naming the nine columns
 *   ssid,type,lang,year,format,content_area,grade,final,path
 * in any order, case-insensitive; each exactly once, no others. Blank lines are skipped.
 *
 * Each row (messages read "line 5: column lang: 'XX' is not a report language code"):
 *   ssid          10 digits
 *   year          4 digits, 1990..2100
 *   type          a table-1 code (codes.h; CST is stored as CAST) that applies to year
 *   lang          a table-2 code that applies to year
 *   format        PDF, HTML or VIDEO (any case; ALL is not a file format), applies to year
 *   content_area  codes_valid_content_area_list, e.g. "ELA,MATH" (quoted: it has a comma)
 *   grade         codes_valid_grade: KN, 01..12
 *   final         true or false (any case)
 *   path          1..1023 bytes, no control characters; a relative path is taken
 *                 relative to the manifest's directory (resolved below)
 * Codes are stored in their canonical spelling. Checks run in the order above and the
 * first failure is reported.
 *
 * A row with the wrong number of columns is a row error (reported, reading goes on): it
 * is usually an unquoted content_area such as ELA,MATH. File-level errors (the reader
 * returns -1): cannot open, no header row, a bad header, broken quoting, a NUL byte,
 * invalid UTF-8, a row over MANIFEST_MAX_RECORD bytes.
 *
 * Memory: plain data; the readers free what they allocate. */
#ifndef SB_INGEST_MANIFEST_H
#define SB_INGEST_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define MANIFEST_NCOLS 9
#define MANIFEST_PATH_MAX 1023     /* bytes of the path column */
#define MANIFEST_RESOLVED_MAX 4095 /* bytes of the resolved path */
#define MANIFEST_MAX_RECORD 8192   /* raw bytes of one row */

/* Column identifiers, in the canonical order of the header above. */
enum manifest_col {
  MCOL_SSID,
  MCOL_TYPE,
  MCOL_LANG,
  MCOL_YEAR,
  MCOL_FORMAT,
  MCOL_CONTENT_AREA,
  MCOL_GRADE,
  MCOL_FINAL,
  MCOL_PATH,
};

/* Sizes match struct report (domain/report.h). */
struct manifest_row {
  char ssid[11];
  char type[8]; /* canonical table-1 code */
  char lang[3]; /* canonical table-2 code */
  int year;
  char format[6];        /* PDF, HTML or VIDEO */
  char content_area[32]; /* as written, e.g. "ELA,MATH" */
  char grade[3];
  bool final;
  char path[MANIFEST_PATH_MAX + 1];         /* as written in the manifest */
  char resolved[MANIFEST_RESOLVED_MAX + 1]; /* path, or base_dir/path when relative */
};

/* Where each column sits in a row: index[MCOL_x] is its 0-based field position. */
struct manifest_header {
  size_t index[MANIFEST_NCOLS];
  size_t ncols;
};

/* Name of a column ("content_area") for messages. */
const char *manifest_col_name(enum manifest_col c);

/* Reads the header row's fields into *h. Pure. Returns 0, or -1 naming every missing
 * column, or the first unknown or repeated one (without a line number). */
int manifest_parse_header(const char *const *fields, const size_t *lens, size_t nfields,
                          struct manifest_header *h, struct sb_err *err);

/* Validates one data row laid out as h says and fills *out. base_dir (NULL or "" = the
 * current directory) is what a relative path is resolved against. Pure. Returns 0, or
 * -1 with "column lang: 'XX' is not a report language code" (no line number; values cut
 * at 40 characters, control bytes shown as '?'). */
int manifest_parse_row(const struct manifest_header *h, const char *const *fields,
                       const size_t *lens, size_t nfields, const char *base_dir,
                       struct manifest_row *out, struct sb_err *err);

/* Callbacks: the same contract as senr.h. on_row returns 0 to go on, positive to stop
 * (reader returns 0), -1 to fail (reader returns -1 with the callback's err). on_error
 * gets "line N: ..." and returns 0 to go on, non-zero to stop (reader returns -1 with
 * that message); when on_error is NULL the first bad row fails the read. */
typedef int (*manifest_row_fn)(void *ctx, size_t line, const struct manifest_row *row,
                               struct sb_err *err);
typedef int (*manifest_error_fn)(void *ctx, size_t line, const char *message);

/* Reads the manifest at path; relative paths in it resolve against the directory part
 * of path. Returns 0 when the whole file was read however many rows were bad, -1 on a
 * file-level error. */
int manifest_read_file(const char *path, manifest_row_fn on_row, manifest_error_fn on_error,
                       void *ctx, struct sb_err *err);
/* Same over len bytes at data, with relative paths resolved against base_dir (NULL or
 * "" = left relative to the current directory). */
int manifest_read_buffer(const void *data, size_t len, const char *base_dir, manifest_row_fn on_row,
                         manifest_error_fn on_error, void *ctx, struct sb_err *err);

#endif
