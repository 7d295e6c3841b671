/* enroll_import.h - importing a CALPADS SENR file into the store: the path the daily
 * enrollment feed takes (senr.h reads and validates, store.h keeps the history).
 *
 * The file is a full snapshot for the LEAs it contains. The import is one transaction:
 * readers see the old picture or the new one, never half. The same file twice changes
 * nothing (recognised by its SHA-256). A file with bad rows is rejected whole unless
 * skip_bad_rows is set, and the previous state stays intact. */
#ifndef SB_INGEST_ENROLL_IMPORT_H
#define SB_INGEST_ENROLL_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "store/store.h"

struct enroll_import_opts {
  bool skip_bad_rows;
  int32_t as_of;         /* YYYYMMDD the snapshot describes (absent open spans close then) */
  FILE *errors;          /* where bad-row messages go (NULL: nowhere) */
  long max_errors_shown; /* how many to print before only counting */
};

struct enroll_import_result {
  char sha256[65];
  struct enroll_stats stats;
  long bad_rows;
  bool unchanged; /* the same file as the last import: nothing done */
};

/* Imports path. Returns 0 when the file was applied (or was unchanged), -1 when it was
 * rejected or failed; err then says why in one sentence (for a rejection: how many bad
 * rows and the first one). */
int enroll_import_file(struct store *s, const char *path, const struct enroll_import_opts *o,
                       struct enroll_import_result *res, struct sb_err *err);

#endif
