/* upload_worker.h - the background worker of `serve` that processes uploaded score data
 * files, one at a time, oldest first, and the live progress the Files API shows.
 *
 * The worker owns one database connection of its own. It wakes when an upload is
 * received (upload_worker_kick) and every few seconds, and processes whatever
 * store_upload_next finds - including uploads a crash left validating or loading, which
 * it simply runs again. While a file loads, its rows are invisible to other connections
 * until commit, and so would be any progress written to the database; progress is kept
 * here, in memory, for the handlers to read. */
#ifndef SB_API_UPLOAD_WORKER_H
#define SB_API_UPLOAD_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "ingest/score_import.h"
#include "util/err.h"

struct blob_store;
struct upload_worker;

/* Starts the worker thread on the database at db_path. Returns NULL with err. */
struct upload_worker *upload_worker_start(const char *db_path, struct blob_store *blobs,
                                          struct sb_err *err);
/* Asks the worker to look for work now. Thread-safe; NULL is fine. */
void upload_worker_kick(struct upload_worker *w);
/* The progress of the upload being processed, if it is id: true and *p filled. */
bool upload_worker_progress(struct upload_worker *w, int64_t id, struct score_progress *p);
/* Stops after the current file (its transaction finishes or rolls back) and joins. */
void upload_worker_stop(struct upload_worker *w);

#endif
