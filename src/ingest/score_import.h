/* score_import.h - processing one uploaded Student Score Data File: the pipeline behind
 * `scorebridge scores import` and the upload worker of `serve`.
 *
 * The upload's bytes are already in the blob store (content-addressed, checksum recorded
 * in struct score_upload). Processing reads them twice, streaming:
 *   1. validating - the whole file through the reader (ingest/scorefile.h), nothing
 *      written. Then the checks that need the uploader: the file's LEA must be the
 *      uploader's, its family one the uploader's role may load, report type and year
 *      known. Any error rejects the file: its issues are saved and nothing else changes.
 *      The same file already loaded for the same LEA, family, report type and year is
 *      recognised by checksum: ready, nothing changed.
 *   2. loading - the rows written in one transaction that also removes the rows of the
 *      upload it replaces (same LEA, family, report type, year). A crash before commit
 *      leaves the previous rows as they were; the upload stays "loading" and is simply
 *      processed again (store_upload_next finds it).
 * A ZIP as downloaded from TOMS is read in place: the caret-delimited .csv inside it is
 * the file; the .dat twin and anything else are ignored.
 * Warnings (kept with the upload, the file still loads): the reader's (duplicate UIN),
 * students not in the current enrollment feed for the LEA, a year with an Enrolled file
 * and no Tested file or the reverse. */
#ifndef SB_INGEST_SCORE_IMPORT_H
#define SB_INGEST_SCORE_IMPORT_H

#include <stdint.h>

#include "blob/blob.h"
#include "store/store.h"

/* Where processing is, for progress bars: called at each phase change and about every
 * megabyte read. total is the size of the data being read (the .csv inside a ZIP). */
struct score_progress {
  int status; /* enum upload_status */
  int64_t done, total;
  long rows;
};
typedef void (*score_progress_fn)(void *ctx, int64_t upload_id, const struct score_progress *p);

struct score_import_opts {
  int32_t today;              /* YYYYMMDD: the enrollment check's day */
  int64_t now;                /* Unix seconds for updated_at */
  size_t max_issues;          /* kept per upload; 0 = 1000 */
  score_progress_fn progress; /* may be NULL */
  void *progress_ctx;
};

/* Processes upload u, which must be received, validating or loading (a rerun). On return
 * u holds the outcome as saved (ready or rejected, counts, message). Returns 0 when the
 * file was processed to an outcome, -1 with err when processing itself failed (database
 * or I/O): then the upload keeps its status and can be run again. */
int score_import_run(struct store *s, struct blob_store *b, struct score_upload *u,
                     const struct score_import_opts *o, struct sb_err *err);

/* Computes the dashboards' aggregate cells of upload u (current, ready) again from its
 * stored rows and replaces the ones kept (files loaded before the cells existed, or after
 * a change of the rules). *cells (may be NULL) gets how many there are. */
int score_import_aggregate(struct store *s, const struct score_upload *u, size_t *cells,
                           struct sb_err *err);

/* Records a file as a new upload: copies it into the blob store and creates the upload
 * (status received). u supplies file_name, uploaded_by, uploader_lea, families and the
 * hints; sha256, size, id and created_at are filled in. */
int score_import_receive_file(struct store *s, struct blob_store *b, const char *path,
                              struct score_upload *u, int64_t now, struct sb_err *err);

/* Words for an upload status: "received", "validating", "loading", "ready", "rejected". */
const char *upload_status_name(int status);

#endif
