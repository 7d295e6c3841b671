/* upload_worker.c - see upload_worker.h. */
#include "api/upload_worker.h"

#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"

#define IDLE_SECONDS 5
#define MAX_ATTEMPTS 3 /* system failures on one upload before it is given up */

struct upload_worker {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  bool stop, kicked;
  struct store *store;
  struct blob_store *blobs;
  /* progress of the upload in hand (guarded by mu) */
  int64_t current;
  struct score_progress progress;
  /* the upload that failed last and how many times in a row (worker thread only) */
  int64_t failed_id;
  int failures;
};

/* An upload that keeps failing for reasons that are not the file's (its stored bytes
 * unreadable, say) must not block the queue behind it: after MAX_ATTEMPTS it is marked
 * rejected with the reason, and can be uploaded again. */
static void give_up(struct upload_worker *w, struct score_upload *u, const char *why) {
  struct sb_err err = {""};
  u->status = UPLOAD_REJECTED;
  u->current = false;
  u->updated_at = clock_now();
  snprintf(u->message, sizeof u->message,
           "Could not be processed (%.300s): nothing was loaded; upload the file again", why);
  struct upload_issue i = {1, 0, "", ""};
  snprintf(i.reason, sizeof i.reason, "processing failed %d times: %.200s", MAX_ATTEMPTS, why);
  if (store_upload_issues_put(w->store, u->id, &i, 1, &err) != 0 ||
      store_upload_update(w->store, u, &err) != 0)
    log_error("upload %lld: cannot mark it rejected: %s", (long long)u->id, err.msg);
}

static void on_progress(void *ctx, int64_t id, const struct score_progress *p) {
  struct upload_worker *w = ctx;
  pthread_mutex_lock(&w->mu);
  w->current = id;
  w->progress = *p;
  pthread_mutex_unlock(&w->mu);
}

/* Computes the dashboard cells of files loaded before the cells existed (an older
 * database): once, when the worker starts. A failure is logged and the files stay
 * without cells until the next start. */
static void catch_up_aggregates(struct upload_worker *w) {
  int64_t ids[256];
  size_t n = 0;
  struct sb_err err = {""};
  if (store_agg_missing(w->store, ids, sizeof ids / sizeof ids[0], &n, &err) != 0) {
    log_error("dashboard aggregates: %s", err.msg);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    struct score_upload u;
    size_t cells = 0;
    if (store_upload_get(w->store, ids[i], &u, &err) != 1 ||
        score_import_aggregate(w->store, &u, &cells, &err) != 0) {
      log_error("upload %lld: dashboard aggregates: %s", (long long)ids[i], err.msg);
      continue;
    }
    log_info("upload %lld: computed %zu dashboard cells", (long long)u.id, cells);
  }
}

/* Processes every pending upload. Returns when there is none, or on stop. */
static void drain(struct upload_worker *w) {
  for (;;) {
    pthread_mutex_lock(&w->mu);
    bool stop = w->stop;
    pthread_mutex_unlock(&w->mu);
    if (stop) return;
    struct sb_err err = {""};
    struct score_upload u;
    int found = store_upload_next(w->store, &u, &err);
    if (found <= 0) {
      if (found < 0) log_error("upload worker: %s", err.msg);
      return;
    }
    int64_t now = clock_now();
    struct score_import_opts o = {
        .today = clock_yyyymmdd(now), .now = now, .progress = on_progress, .progress_ctx = w};
    log_info("upload %lld: processing %s", (long long)u.id, u.file_name);
    int rc = score_import_run(w->store, w->blobs, &u, &o, &err);
    pthread_mutex_lock(&w->mu);
    w->current = 0;
    pthread_mutex_unlock(&w->mu);
    if (rc != 0) {
      /* Not the file's fault (database, disk): leave it pending and retry later rather
       * than spin on it - up to MAX_ATTEMPTS times in a row. */
      w->failures = w->failed_id == u.id ? w->failures + 1 : 1;
      w->failed_id = u.id;
      if (w->failures >= MAX_ATTEMPTS) {
        log_error("upload %lld: processing failed %d times, giving up: %s", (long long)u.id,
                  w->failures, err.msg);
        give_up(w, &u, err.msg);
        continue;
      }
      log_error("upload %lld: processing failed, will retry: %s", (long long)u.id, err.msg);
      return;
    }
    w->failed_id = 0;
    log_info("upload %lld: %s: %s", (long long)u.id, upload_status_name(u.status), u.message);
  }
}

static void *run(void *arg) {
  struct upload_worker *w = arg;
  catch_up_aggregates(w);
  for (;;) {
    drain(w);
    pthread_mutex_lock(&w->mu);
    if (!w->stop && !w->kicked) {
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_sec += IDLE_SECONDS;
      int rc = 0;
      while (!w->stop && !w->kicked && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&w->cv, &w->mu, &until);
    }
    w->kicked = false;
    bool stop = w->stop;
    pthread_mutex_unlock(&w->mu);
    if (stop) return NULL;
  }
}

struct upload_worker *upload_worker_start(const char *db_path, struct blob_store *blobs,
                                          struct sb_err *err) {
  struct upload_worker *w = calloc(1, sizeof *w);
  if (w == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  w->blobs = blobs;
  w->store = store_open(db_path, err);
  if (w->store == NULL) {
    free(w);
    return NULL;
  }
  pthread_mutex_init(&w->mu, NULL);
  pthread_cond_init(&w->cv, NULL);
  int rc = pthread_create(&w->thread, NULL, run, w);
  if (rc != 0) {
    sb_err_set(err, "cannot start the upload worker: %s", strerror(rc));
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    store_close(w->store);
    free(w);
    return NULL;
  }
  return w;
}

void upload_worker_kick(struct upload_worker *w) {
  if (w == NULL) return;
  pthread_mutex_lock(&w->mu);
  w->kicked = true;
  pthread_cond_signal(&w->cv);
  pthread_mutex_unlock(&w->mu);
}

bool upload_worker_progress(struct upload_worker *w, int64_t id, struct score_progress *p) {
  if (w == NULL) return false;
  pthread_mutex_lock(&w->mu);
  bool mine = w->current == id;
  if (mine) *p = w->progress;
  pthread_mutex_unlock(&w->mu);
  return mine;
}

void upload_worker_stop(struct upload_worker *w) {
  if (w == NULL) return;
  pthread_mutex_lock(&w->mu);
  w->stop = true;
  pthread_cond_signal(&w->cv);
  pthread_mutex_unlock(&w->mu);
  pthread_join(w->thread, NULL);
  pthread_cond_destroy(&w->cv);
  pthread_mutex_destroy(&w->mu);
  store_close(w->store);
  free(w);
}
