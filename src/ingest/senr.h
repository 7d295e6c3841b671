/* senr.h - the CALPADS Student Enrollment (SENR) file: validation of its records and a
 * streaming reader. The enrollment spans it yields decide which LEA may see which
 * student's score reports.
 *
 * File (formats.md §4.1): no header row; caret- or comma-delimited, detected from the
 * first record; CR LF line ends (LF and a missing last line end are accepted); exactly
 * 35 fields per record; dates CCYYMMDD. Quoting follows csvread.h.
 *
 * Privacy: names, alias names, birth date, gender and birth place (fields 1.10-1.21) are
 * checked for shape and length and then dropped: struct senr_record has no place for
 * them, and error messages about them do not repeat the value ("value withheld"). The
 * API needs only the enrollment. Local Record ID and Local Student ID are not kept
 * either.
 *
 * Length caps (the CALPADS File Specification's own maxima were not available, see
 * formats.md §4.2; these bound the input without rejecting any plausible record):
 *   1.03 Local Record ID, 1.09 Local Student ID ........ 255 bytes
 *   1.10-1.12, 1.14-1.16 names, 1.19 Birth City ........ 50 characters (UTF-8)
 *   1.13 Name Suffix, 1.20/1.21 birth state/country .... 10 characters
 * Every field must be valid UTF-8; a whole record may not exceed SENR_MAX_RECORD bytes.
 *
 * Validation rules beyond the shapes listed in senr.c: exit date >= start date, except
 * that exit reason N470 (no-show) allows start date - 1 day; an exit reason is required
 * exactly when an exit date is given; completion status only with exit reason E230;
 * secondary (status 20) enrollments exit only with E170; 1.06 (NPS school) is required
 * when 1.05 is 0000001. Delete (D) and replace (R) records are validated like adds.
 *
 * Memory: everything here is plain data or caller-owned; the reader frees what it
 * allocates. */
#ifndef SB_INGEST_SENR_H
#define SB_INGEST_SENR_H

#include <stddef.h>
#include <stdint.h>

#include "domain/enrollment.h"
#include "util/err.h"

#define SENR_NFIELDS 35
#define SENR_MAX_RECORD 8192 /* raw bytes of one record, line end included */

/* Transaction Type Code (1.02). Blank, a space and 'A' all mean add/update. */
enum senr_txn {
  SENR_ADD = 'A',
  SENR_DELETE = 'D',
  SENR_REPLACE = 'R',
};

struct senr_record {
  enum senr_txn txn;
  struct enrollment_span span; /* ssid, lea, school, start, exit (0 = open), status,
                                  exit_reason ("" = open), grade, academic_year (the
                                  second year of 1.07: 2025 for 2024-2025) */
  char school_nps[8];          /* 1.06, "" unless given */
  char completion_status[4];   /* 1.27, "" unless given */
  char expected_receiver[8];   /* 1.28, "" unless given */
  char residence_district[8];  /* 1.31 District of Geographic Residence, "" unless given */
};

/* Validates one record given as its SENR_NFIELDS fields (fields[0] is 1.01) and fills
 * *out. lens[i] is strlen(fields[i]). Pure. Returns 0, or -1 with one sentence naming
 * the field number and name, the bad value (at most 40 characters, non-printable bytes
 * shown as '?', withheld for personal data) and the reason, e.g.
 * "field 1.23 Enrollment Status Code: '40' is not one of 10, 20, 30, 50". The message
 * carries no line number. */
int senr_parse_record(const char *const *fields, const size_t *lens, size_t nfields,
                      struct senr_record *out, struct sb_err *err);

/* Copies the enrollment span of a record (the same as rec->span). */
void senr_to_enrollment(const struct senr_record *rec, struct enrollment_span *out);

/* Called for each valid record. Return 0 to go on, a positive value to stop reading
 * (the reader returns 0), -1 to fail (the reader returns -1 with the message the
 * callback wrote into err). */
typedef int (*senr_record_fn)(void *ctx, size_t line, const struct senr_record *rec,
                              struct sb_err *err);
/* Called for each invalid record with its physical line and a message that starts
 * "line N: ". Return 0 to go on; non-zero stops the reader, which then returns -1 with
 * that message. */
typedef int (*senr_error_fn)(void *ctx, size_t line, const char *message);

/* Reads a SENR file in constant memory, calling on_record for each valid record and
 * on_error for each invalid one (when on_error is NULL the first invalid record fails
 * the read). Returns 0 when the whole file was read, whatever the number of invalid
 * records: the caller decides whether they reject the file. Returns -1 with a message
 * naming the line for a file-level problem: cannot open or read, delimiter neither caret
 * nor comma, a record without exactly 35 fields, a record over SENR_MAX_RECORD bytes,
 * broken quoting, a NUL byte. */
int senr_read_file(const char *path, senr_record_fn on_record, senr_error_fn on_error, void *ctx,
                   struct sb_err *err);
/* Same over len bytes at data. */
int senr_read_buffer(const void *data, size_t len, senr_record_fn on_record, senr_error_fn on_error,
                     void *ctx, struct sb_err *err);

#endif
