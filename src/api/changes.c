/* changes.c - GET /v3/score-reports/changes?since=CURSOR&limit=N, the change feed (issue
 * 5), and the disclosure records every score-report handler writes (handlers.h).
 *
 * Flow: token (401) -> since/limit (400 Malformed parameter) -> the change log after the
 * cursor in sequence order, prefiltered to students with an enrollment in one of the
 * token's LEAs (store_changes_read) -> for each, the student endpoint's permission rule
 * and year window at read time -> up to limit items -> the disclosures are committed ->
 * the response is sent. The answer is {"items":[...],"next":CURSOR,"more":BOOL}: each
 * item is the student endpoint's item (with a fresh 30-minute link) plus "ssid" and
 * "change" ("added", "final", "changed"). next is the position after the last change
 * looked at, so a page may hold fewer than limit items (changes of students the caller
 * may not see are passed over, at most SCAN_MAX per request); more says whether to ask
 * again at once. A report changed again later shows up again, at its new position. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/handlers.h"
#include "api/links.h"
#include "api/messages.h"
#include "domain/cursor.h"
#include "domain/permission.h"
#include "domain/window.h"
#include "store/store_pool.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/fmt.h"
#include "util/jsonw.h"
#include "util/log.h"

#define MAX_ARGS 32
#define SCAN_MAX 5000 /* change rows looked at per request, shown or not */

/* --- disclosure records --- */

/* These run for every score-report answer (bench/api): fixed fields filled by plain
 * copies, no printf. */
void disclosure_set_init(struct disclosure_set *ds, const struct identity *id, struct http_req *r,
                         const char *endpoint, int64_t now) {
  ds->d = NULL;
  ds->n = ds->cap = 0;
  struct disclosure *p = &ds->proto;
  p->id = 0;
  p->at = now;
  p->credential[0] = p->leas[0] = p->ssid[0] = p->report_ids[0] = '\0';
  if (id) {
    fmt_field(p->credential, sizeof p->credential, id->credential_id);
    size_t off = 0;
    for (size_t i = 0; i < id->nleas && off + 9 <= sizeof p->leas; i++) {
      if (i) p->leas[off++] = ',';
      off += fmt_field(p->leas + off, 8, id->leas[i]); /* LEA codes are 7 digits */
    }
  }
  fmt_field(p->endpoint, sizeof p->endpoint, endpoint);
  const char *client = http_req_client(r);
  fmt_field(p->client, sizeof p->client, client ? client : "");
}

int disclosure_set_add(struct disclosure_set *ds, const char *ssid, int64_t report_id) {
  char idtxt[FMT_INT64_MAX];
  size_t len = fmt_int64(report_id, idtxt);
  /* The latest record of this student with room for one more id, else a new one. */
  struct disclosure *d = NULL;
  size_t off = 0;
  for (size_t i = ds->n; i-- > 0;) {
    if (strcmp(ds->d[i].ssid, ssid) != 0) continue;
    off = strlen(ds->d[i].report_ids);
    if (off + len + 2 <= sizeof ds->d[i].report_ids) d = &ds->d[i];
    break;
  }
  if (d == NULL) {
    if (ds->n == ds->cap) {
      size_t cap = ds->cap ? ds->cap * 2 : 1;
      struct disclosure *nd = realloc(ds->d, cap * sizeof *nd);
      if (nd == NULL) return -1;
      ds->d = nd;
      ds->cap = cap;
    }
    d = &ds->d[ds->n++];
    *d = ds->proto;
    fmt_field(d->ssid, sizeof d->ssid, ssid);
    off = 0;
  }
  if (off) d->report_ids[off++] = ',';
  memcpy(d->report_ids + off, idtxt, len + 1);
  return 0;
}

int disclosure_set_commit(struct disclosure_set *ds, struct store *s, struct sb_err *err) {
  return store_disclosure_append(s, ds->d, ds->n, err);
}

/* The student endpoint's queue: one per process, drained by one flusher thread on its own
 * connection, in one transaction per batch. */
#define QUEUE_MAX 16384 /* rows waiting at most; past it a student list is refused (500) */
#define FLUSH_MS 5      /* a row waits at most this long (plus one commit) */
#define FLUSH_ROWS 256  /* ... or until this many are waiting */

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static struct disclosure *q_rows, *q_batch; /* QUEUE_MAX each */
static size_t q_n;
static bool q_started, q_stop;
static pthread_t q_thread;
static char q_path[1100];

static void deadline_in(struct timespec *t, long ms) {
  clock_gettime(CLOCK_REALTIME, t);
  t->tv_nsec += ms * 1000000L;
  t->tv_sec += t->tv_nsec / 1000000000L;
  t->tv_nsec %= 1000000000L;
}

static void *flusher(void *arg) {
  (void)arg;
  struct sb_err err = {""};
  struct store *s = NULL;
  size_t pending = 0;
  int failures = 0;
  pthread_mutex_lock(&q_lock);
  for (;;) {
    if (pending == 0) {
      while (q_n == 0 && !q_stop)
        pthread_cond_wait(&q_cond, &q_lock);
      if (q_n == 0 && q_stop) break;
      if (!q_stop && q_n < FLUSH_ROWS) {
        struct timespec t;
        deadline_in(&t, FLUSH_MS);
        while (!q_stop && q_n < FLUSH_ROWS &&
               pthread_cond_timedwait(&q_cond, &q_lock, &t) != ETIMEDOUT) {
        }
      }
      memcpy(q_batch, q_rows, q_n * sizeof *q_rows);
      pending = q_n;
      q_n = 0;
    }
    pthread_mutex_unlock(&q_lock);
    int rc = -1;
    if (s == NULL) s = store_open(q_path, &err);
    if (s != NULL) rc = store_disclosure_append(s, q_batch, pending, &err);
    pthread_mutex_lock(&q_lock);
    if (rc == 0) {
      pending = 0;
      failures = 0;
      continue;
    }
    log_error("disclosure trail: %zu records not written yet: %s", pending, err.msg);
    if (q_stop && ++failures >= 3) {
      log_error("disclosure trail: giving up on %zu records at shutdown", pending);
      break;
    }
    struct timespec t;
    deadline_in(&t, 100);
    pthread_cond_timedwait(&q_cond, &q_lock, &t);
  }
  pthread_mutex_unlock(&q_lock);
  store_close(s);
  return NULL;
}

/* At exit (serve returns after SIGTERM/SIGINT): everything queued is written. */
static void drain(void) {
  pthread_mutex_lock(&q_lock);
  q_stop = true;
  pthread_cond_signal(&q_cond);
  pthread_mutex_unlock(&q_lock);
  pthread_join(q_thread, NULL);
}

int disclosure_set_queue(struct disclosure_set *ds, const struct app *a, struct sb_err *err) {
  if (ds->n == 0) return 0;
  pthread_mutex_lock(&q_lock);
  if (!q_started) {
    q_rows = malloc(QUEUE_MAX * sizeof *q_rows);
    q_batch = malloc(QUEUE_MAX * sizeof *q_batch);
    snprintf(q_path, sizeof q_path, "%s", a->db_path);
    if (q_rows == NULL || q_batch == NULL || pthread_create(&q_thread, NULL, flusher, NULL) != 0) {
      free(q_rows);
      free(q_batch);
      q_rows = q_batch = NULL;
      pthread_mutex_unlock(&q_lock);
      return sb_err_set(err, "disclosure trail: cannot start its writer");
    }
    q_started = true;
    atexit(drain);
  }
  if (q_stop || q_n + ds->n > QUEUE_MAX) {
    pthread_mutex_unlock(&q_lock);
    return sb_err_set(err, "disclosure trail: %d records waiting, none written", QUEUE_MAX);
  }
  memcpy(q_rows + q_n, ds->d, ds->n * sizeof *ds->d);
  q_n += ds->n;
  if (q_n == ds->n || q_n >= FLUSH_ROWS) pthread_cond_signal(&q_cond);
  pthread_mutex_unlock(&q_lock);
  return 0;
}

void disclosure_set_free(struct disclosure_set *ds) {
  free(ds->d);
  ds->d = NULL;
  ds->n = ds->cap = 0;
}

/* --- the feed --- */

struct feed {
  struct app *a;
  struct store *s;
  struct buf *out;
  struct disclosure_set *ds;
  const char *leas[CRED_MAX_LEAS];
  size_t nleas;
  int32_t today;
  struct year_window w;
  int64_t expires;
  int limit, count;
  int64_t last;  /* the seq of the last change looked at */
  char ssid[11]; /* the student whose permission is in perm */
  struct permission perm;
  int failed; /* 1: cannot build the answer; 2: the database failed (err) */
  struct sb_err err;
};

static int on_change(void *arg, const struct report_change *c) {
  struct feed *f = arg;
  if (strcmp(f->ssid, c->rep.ssid) != 0) {
    struct enrollment_span *spans = NULL;
    size_t nspans = 0;
    if (store_student_load(f->s, c->rep.ssid, &spans, &nspans, NULL, NULL, &f->err) < 0) {
      f->failed = 2;
      return 1;
    }
    permission_decide(spans, nspans, f->leas, f->nleas, f->today, &f->w, &f->perm);
    free(spans);
    snprintf(f->ssid, sizeof f->ssid, "%s", c->rep.ssid);
  }
  f->last = c->seq;
  if (!permission_allows(&f->perm, c->rep.year)) return 0;
  const struct report *rep = &c->rep;
  if (buf_puts(f->out, f->count ? ",{" : "{") || jsonw_kv_string(f->out, 1, "ssid", rep->ssid) ||
      jsonw_kv_string(f->out, 0, "change", c->kind) ||
      link_report_fields(f->out, 0, f->a, rep, f->expires) || buf_putc(f->out, '}') ||
      disclosure_set_add(f->ds, rep->ssid, rep->id)) {
    f->failed = 1;
    return 1;
  }
  return ++f->count >= f->limit;
}

static void internal(struct http_req *r, const char *msg) {
  log_error("request %s: changes: %s", http_req_id(r), msg);
  http_respond_error(r, 500, MSG_INTERNAL);
}

static void respond(struct app *a, struct http_req *r, struct store *s) {
  struct identity id;
  if (!authn_bearer_or_answer(a, r, s, &id, 401, MSG_UNAUTHORIZED)) return;
  struct query_arg args[MAX_ARGS];
  size_t nargs = http_req_query(r, args, MAX_ARGS);
  struct feed_params fp;
  struct sb_err err = {""};
  if (nargs > MAX_ARGS || feed_params_parse(args, nargs, &fp, &err) != 0) {
    log_info("request %s: malformed parameter: %s", http_req_id(r),
             nargs > MAX_ARGS ? "too many parameters" : err.msg);
    http_respond_error(r, 400, MSG_MALFORMED);
    return;
  }
  int64_t now = clock_now();
  struct buf out;
  buf_init(&out, (size_t)1 << 24);
  struct disclosure_set ds;
  disclosure_set_init(&ds, &id, r, "changes", now);
  struct feed f = {.a = a,
                   .s = s,
                   .out = &out,
                   .ds = &ds,
                   .nleas = id.nleas,
                   .limit = fp.limit,
                   .last = fp.since,
                   .expires = now + a->cfg.link_ttl};
  for (size_t i = 0; i < id.nleas; i++)
    f.leas[i] = id.leas[i];
  f.today = clock_yyyymmdd(now);
  f.w = window_for(f.today);
  size_t rows = 0;
  int bad = buf_puts(&out, "{\"items\":[");
  if (!bad &&
      store_changes_read(s, fp.since, f.leas, f.nleas, SCAN_MAX, on_change, &f, &rows, &f.err) != 0)
    f.failed = 2;
  char next[CURSOR_MAX];
  bool more = f.count >= f.limit || rows >= SCAN_MAX;
  if (f.failed == 2 || bad || f.failed || cursor_encode(f.last, next, sizeof next) ||
      buf_puts(&out, "]") || jsonw_kv_string(&out, 0, "next", next) ||
      jsonw_kv_bool(&out, 0, "more", more) || buf_putc(&out, '}')) {
    internal(r, f.failed == 2 ? f.err.msg : "cannot build the response");
    buf_free(&out);
    disclosure_set_free(&ds);
    return;
  }
  /* Nothing leaves before its disclosure records are committed. */
  if (disclosure_set_commit(&ds, s, &err) != 0) {
    internal(r, err.msg);
    buf_free(&out);
    disclosure_set_free(&ds);
    return;
  }
  disclosure_set_free(&ds);
  http_respond_buf(r, 200, &out, "application/json; charset=utf-8");
}

void api_changes(struct http_req *r, void *arg) {
  struct app *a = arg;
  http_add_header(r, "Cache-Control", "no-store");
  struct sb_err err = {""};
  struct store *s = store_pool_get(a->pool, &err);
  if (s == NULL) {
    internal(r, err.msg);
    return;
  }
  /* One read snapshot: every page is a consistent cut of the change log. */
  if (store_read_begin(s, &err) != 0) {
    internal(r, err.msg);
    return;
  }
  respond(a, r, s);
  store_read_end(s);
}
