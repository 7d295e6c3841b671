/* files.c - the Files API behind the Files page: uploads of TOMS Student Score Data Files.
 *
 *   POST /api/files?name=FILE[&basis=enrolled|tested][&year=YYYY][&family=F][&lea=CODE]
 *        The body is the file's bytes (the ZIP as downloaded, or the .csv), streamed into
 *        the content-addressed blob store while it arrives: an upload of any size costs
 *        constant memory. Who may upload is checked before the first byte is read
 *        (session, CSRF header, a role that loads files; with family=F, that family).
 *        Answers 202 with the upload and its Location; the worker (upload_worker.h)
 *        validates and loads it in the background.
 *   GET  /api/files                 the uploads of the user's LEA, newest first
 *   GET  /api/files/{id}            one upload, with live progress while it runs
 *   GET  /api/files/{id}/errors.csv its problems: level, line, column, reason
 * A user sees only the uploads of its own LEA; others get 404, as if they did not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/upload_json.h"
#include "api/upload_worker.h"
#include "api/web.h"
#include "blob/blob.h"
#include "domain/ids.h"
#include "domain/report_query.h"
#include "ingest/score_import.h"
#include "ingest/scorefile.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"

#define MAX_LIST 500

struct files_upload {
  struct web_ctx w;
  struct blob_writer *blob;
  struct score_upload u;
};

static void internal(struct http_req *r, const char *what, const char *msg) {
  log_error("request %s: %s: %s", http_req_id(r), what, msg);
  http_respond_error(r, 500, "Internal error occurred");
}

/* Reads the query. Returns 0, or answers 400 and returns -1. */
static int upload_args(struct app *a, struct http_req *r, struct files_upload *f) {
  struct query_arg args[8];
  size_t n = http_req_query(r, args, 8);
  if (n > 8) {
    http_respond_error(r, 400, "too many query parameters");
    return -1;
  }
  const char *name = "upload", *basis = NULL, *year = NULL, *family = NULL, *lea = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *v = args[i].value ? args[i].value : "";
    if (strcmp(args[i].key, "name") == 0)
      name = v;
    else if (strcmp(args[i].key, "basis") == 0)
      basis = v;
    else if (strcmp(args[i].key, "year") == 0)
      year = v;
    else if (strcmp(args[i].key, "family") == 0)
      family = v;
    else if (strcmp(args[i].key, "lea") == 0)
      lea = v;
  }
  /* A user loads for its own LEA only; saying another is refused before any byte is read. */
  if (lea && *lea && strcmp(lea, f->w.user.who.lea) != 0) {
    char target[96];
    snprintf(target, sizeof target, "%.32s %.16s", family && *family ? family : "any", lea);
    web_audit(r, f->w.store, f->w.actor, "load-file", target, "denied");
    http_respond_error(r, 403, "you may load files for your own LEA only");
    return -1;
  }
  /* only the last path segment of the name, and no control characters */
  const char *slash = strrchr(name, '/'), *bslash = strrchr(name, '\\');
  if (slash) name = slash + 1;
  if (bslash && bslash + 1 > name) name = bslash + 1;
  size_t len = strlen(name);
  if (len == 0 || len >= sizeof f->u.file_name) {
    http_respond_error(r, 400, "name must be the file's name, at most 255 bytes");
    return -1;
  }
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) {
      http_respond_error(r, 400, "name must not hold control characters");
      return -1;
    }
  memcpy(f->u.file_name, name, len + 1);
  if (basis && *basis) {
    if (strcmp(basis, "enrolled") == 0)
      f->u.basis_hint = SCORE_ENROLLED;
    else if (strcmp(basis, "tested") == 0)
      f->u.basis_hint = SCORE_TESTED;
    else {
      http_respond_error(r, 400, "basis must be enrolled or tested");
      return -1;
    }
  }
  if (year && *year) {
    char *end;
    long y = strtol(year, &end, 10);
    if (*end != '\0' || y < 2015 || y > 2100) {
      http_respond_error(r, 400, "year must be an administration year such as 2025 (for 2024-25)");
      return -1;
    }
    f->u.year_hint = (int)y;
  }
  if (family && *family) {
    enum score_family fam;
    if (role_family_parse(family, &fam) != 0) {
      http_respond_error(r, 400, "family must be caaspp, summative-elpac or initial-elpac");
      return -1;
    }
    if (!web_require_load(a, r, &f->w, fam, f->w.user.who.lea, "load-file")) return -1;
    f->u.families = 1u << fam;
  } else {
    f->u.families = role_families(&f->w.user.who);
  }
  return 0;
}

static int files_begin(struct http_req *r, void *app, void **ctx) {
  struct app *a = app;
  struct files_upload *f = calloc(1, sizeof *f);
  if (f == NULL) {
    http_respond_error(r, 500, "Internal error occurred");
    return -1;
  }
  *ctx = f;
  if (!web_require(a, r, &f->w)) return -1;
  if (!role_may_load_any(&f->w.user.who)) {
    web_audit(r, f->w.store, f->w.actor, "load-file", f->w.user.who.lea, "denied");
    http_respond_error(r, 403, "your role may not load score data files");
    return -1;
  }
  if (upload_args(a, r, f) != 0) return -1;
  struct sb_err err = {""};
  if ((f->blob = blob_writer_new(a->blobs, &err)) == NULL) {
    internal(r, "upload", err.msg);
    return -1;
  }
  return 0;
}

static int files_chunk(struct http_req *r, void *ctx, const void *data, size_t len) {
  struct files_upload *f = ctx;
  struct sb_err err = {""};
  if (blob_writer_write(f->blob, data, len, &err) != 0) {
    log_error("request %s: upload: %s", http_req_id(r), err.msg);
    http_body_fail(r, 500, "Internal error occurred");
    return -1;
  }
  return 0;
}

static int files_end(struct http_req *r, void *ctx) {
  struct files_upload *f = ctx;
  (void)r;
  struct sb_err err = {""};
  struct blob_writer *w = f->blob;
  f->blob = NULL;
  if (blob_writer_commit(w, f->u.sha256, &f->u.size, &err) != 0) {
    log_error("request %s: upload: %s", http_req_id(r), err.msg);
    http_body_fail(r, 500, "Internal error occurred");
    return -1;
  }
  return 0;
}

static void files_cleanup(void *ctx) {
  struct files_upload *f = ctx;
  if (f == NULL) return;
  blob_writer_abort(f->blob);
  free(f);
}

const struct http_body_sink api_files_sink = {files_begin, files_chunk, files_end, files_cleanup};

/* The upload as upload_json.h shows it, with live progress while the worker has it. */
static json_t *live_json(struct app *a, const struct score_upload *u) {
  json_t *j = upload_json(u);
  struct score_progress p;
  bool settled = u->status == UPLOAD_READY || u->status == UPLOAD_REJECTED;
  if (!settled && upload_worker_progress(a->worker, u->id, &p)) {
    /* live: while a file loads, its saved state lags (the loading transaction hides
     * writes); the worker knows better. Once the outcome is saved, that is the answer. */
    json_object_set_new(j, "status", json_string(upload_status_name(p.status)));
    json_object_set_new(j, "progress",
                        json_pack("{s:I, s:I, s:I}", "done", (json_int_t)p.done, "total",
                                  (json_int_t)p.total, "rows", (json_int_t)p.rows));
  }
  return j;
}

void api_files_upload(struct http_req *r, void *app) {
  struct app *a = app;
  struct files_upload *f = http_req_sink_ctx(r);
  web_security_headers(r);
  if (f == NULL) {
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  struct sb_err err = {""};
  struct score_upload *u = &f->u;
  snprintf(u->uploaded_by, sizeof u->uploaded_by, "%s", f->w.user.username);
  memcpy(u->uploader_lea, f->w.user.who.lea, sizeof u->uploader_lea);
  u->created_at = u->updated_at = clock_now();
  u->status = UPLOAD_RECEIVED;
  if (u->size == 0) {
    http_respond_error(r, 400, "the file is empty");
    return;
  }
  if (blob_sync(a->blobs, &err) != 0 || store_upload_create(f->w.store, u, &u->id, &err) != 0) {
    internal(r, "upload", err.msg);
    return;
  }
  char target[360];
  snprintf(target, sizeof target, "upload %lld %s (%lld bytes)", (long long)u->id, u->file_name,
           (long long)u->size);
  web_audit(r, f->w.store, f->w.actor, "upload-file", target, "ok");
  upload_worker_kick(a->worker);
  char loc[64];
  snprintf(loc, sizeof loc, "/api/files/%lld", (long long)u->id);
  http_add_header(r, "Location", loc);
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_json(r, 202, live_json(a, u));
}

/* The upload named by the path, if the user's LEA may see it: 1, or 0 after answering. */
static int find_upload(struct http_req *r, struct web_ctx *w, struct score_upload *u) {
  const char *p = http_req_param(r, 0);
  char *end;
  long long id = p ? strtoll(p, &end, 10) : 0;
  if (p == NULL || *end != '\0' || id <= 0) {
    http_respond_error(r, 404, "no such upload");
    return 0;
  }
  struct sb_err err = {""};
  int found = store_upload_get(w->store, id, u, &err);
  if (found < 0) {
    internal(r, "files", err.msg);
    return 0;
  }
  const char *lea = w->user.who.lea;
  if (found == 0 || (strcmp(u->uploader_lea, lea) != 0 && strcmp(u->lea, lea) != 0)) {
    http_respond_error(r, 404, "no such upload");
    return 0;
  }
  return 1;
}

struct list_ctx {
  struct app *a;
  json_t *arr;
};

static int list_one(void *ctx, const struct score_upload *u) {
  struct list_ctx *l = ctx;
  return json_array_append_new(l->arr, live_json(l->a, u));
}

void api_files_list(struct http_req *r, void *app) {
  struct app *a = app;
  struct web_ctx w;
  if (!web_require(a, r, &w)) return;
  web_security_headers(r);
  http_add_header(r, "Cache-Control", "no-store");
  struct list_ctx l = {a, json_array()};
  struct sb_err err = {""};
  if (store_upload_list(w.store, w.user.who.lea, MAX_LIST, list_one, &l, &err) != 0) {
    json_decref(l.arr);
    internal(r, "files", err.msg);
    return;
  }
  http_respond_json(r, 200, json_pack("{s:s, s:o}", "lea", w.user.who.lea, "uploads", l.arr));
}

void api_files_get(struct http_req *r, void *app) {
  struct app *a = app;
  struct web_ctx w;
  if (!web_require(a, r, &w)) return;
  web_security_headers(r);
  http_add_header(r, "Cache-Control", "no-store");
  struct score_upload u;
  if (!find_upload(r, &w, &u)) return;
  http_respond_json(r, 200, live_json(a, &u));
}

/* One CSV field, quoted when it needs to be (RFC 4180). */
static int csv_field(struct buf *b, const char *s, bool last) {
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote && buf_putc(b, '"')) return -1;
  for (const char *p = s; *p; p++) {
    if (*p == '"' && buf_putc(b, '"')) return -1;
    if (buf_putc(b, *p)) return -1;
  }
  if (quote && buf_putc(b, '"')) return -1;
  return buf_puts(b, last ? "\r\n" : ",");
}

static int csv_issue(void *ctx, const struct upload_issue *i) {
  struct buf *b = ctx;
  char line[24];
  snprintf(line, sizeof line, "%ld", i->line);
  return csv_field(b, i->level == SCORE_ERROR ? "error" : "warning", false) ||
                 csv_field(b, i->line > 0 ? line : "", false) || csv_field(b, i->column, false) ||
                 csv_field(b, i->reason, true)
             ? -1
             : 0;
}

void api_files_errors(struct http_req *r, void *app) {
  struct app *a = app;
  struct web_ctx w;
  if (!web_require(a, r, &w)) return;
  web_security_headers(r);
  struct score_upload u;
  if (!find_upload(r, &w, &u)) return;
  struct buf b;
  buf_init(&b, (size_t)16 << 20);
  struct sb_err err = {""};
  if (buf_puts(&b, "level,line,column,reason\r\n") ||
      store_upload_issues(w.store, u.id, csv_issue, &b, &err) != 0) {
    buf_free(&b);
    internal(r, "files", err.msg[0] ? err.msg : "errors.csv too large");
    return;
  }
  char disp[96];
  snprintf(disp, sizeof disp, "attachment; filename=\"upload-%lld-problems.csv\"", (long long)u.id);
  http_add_header(r, "Content-Disposition", disp);
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_buf(r, 200, &b, "text/csv; charset=utf-8");
}
