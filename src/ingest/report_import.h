/* report_import.h - registering score report files from a manifest: each row's file is
 * copied into the content-addressed blob store (once per distinct content) and the
 * report row upserted, all in one transaction. A manifest with bad rows is rejected
 * whole unless skip_bad_rows; the previous state stays intact (files already copied
 * into the blob store are harmless: nothing points at them). */
#ifndef SB_INGEST_REPORT_IMPORT_H
#define SB_INGEST_REPORT_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "blob/blob.h"
#include "store/store.h"

struct report_import_opts {
  bool skip_bad_rows;
  FILE *errors;
  long max_errors_shown;
};

struct report_import_result {
  long rows;      /* valid rows */
  long changed;   /* rows inserted or changed */
  long unchanged; /* rows already registered exactly so */
  long files;     /* distinct files read */
  long bad_rows;
};

/* Imports the manifest at path. Returns 0 or -1 with err (one sentence). */
int report_import_manifest(struct store *s, struct blob_store *b, const char *path,
                           const struct report_import_opts *o, struct report_import_result *res,
                           struct sb_err *err);

/* The Content-Type a report file is served with, from its format and file name. */
const char *report_content_type(const char *format, const char *path);

#endif
