/* report_import.c - see report_import.h. */
#include "ingest/report_import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/manifest.h"
#include "util/clock.h"

/* A path -> (sha256, size) cache: at scale many rows share one template file, which is
 * then hashed and copied once. Open addressing, grown at half full. */
struct file_entry {
  char *path;
  char sha256[65];
  int64_t size;
};

struct file_cache {
  struct file_entry *e;
  size_t cap, n;
};

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static struct file_entry *cache_slot(struct file_cache *c, const char *path) {
  size_t i = (size_t)hash(path) & (c->cap - 1);
  while (c->e[i].path && strcmp(c->e[i].path, path) != 0)
    i = (i + 1) & (c->cap - 1);
  return &c->e[i];
}

static int cache_grow(struct file_cache *c) {
  size_t cap = c->cap ? c->cap * 2 : 1024;
  struct file_entry *old = c->e;
  size_t oldcap = c->cap;
  c->e = calloc(cap, sizeof *c->e);
  if (c->e == NULL) {
    c->e = old;
    return -1;
  }
  c->cap = cap;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].path) *cache_slot(c, old[i].path) = old[i];
  free(old);
  return 0;
}

static void cache_free(struct file_cache *c) {
  for (size_t i = 0; i < c->cap; i++)
    free(c->e[i].path);
  free(c->e);
}

const char *report_content_type(const char *format, const char *path) {
  if (strcmp(format, "PDF") == 0) return "application/pdf";
  size_t n = strlen(path);
  if (strcmp(format, "VIDEO") == 0 && n > 4 && strcmp(path + n - 4, ".mp4") == 0)
    return "video/mp4";
  return "text/html; charset=utf-8";
}

/* A file registered as PDF must be one: its first bytes are "%PDF-". */
static int check_pdf(const char *path, struct sb_err *err) {
  char magic[5];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sb_err_set(err, "column path: cannot open %s: %s", path, strerror(errno));
  ssize_t r = read(fd, magic, sizeof magic);
  close(fd);
  if (r != (ssize_t)sizeof magic || memcmp(magic, "%PDF-", 5) != 0)
    return sb_err_set(err, "column path: %s is not a PDF file (format PDF)", path);
  return 0;
}

struct ctx {
  struct store *s;
  struct blob_store *b;
  const struct report_import_opts *o;
  struct report_import_result *res;
  struct file_cache cache;
  char first_error[SB_ERR_MAX];
  int64_t now;
};

static int on_error(void *arg, size_t line, const char *message) {
  (void)line;
  struct ctx *c = arg;
  if (c->res->bad_rows == 0) snprintf(c->first_error, sizeof c->first_error, "%s", message);
  c->res->bad_rows++;
  if (c->o->errors && (c->o->max_errors_shown <= 0 || c->res->bad_rows <= c->o->max_errors_shown))
    fprintf(c->o->errors, "%s\n", message);
  return 0;
}

static int on_row(void *arg, size_t line, const struct manifest_row *row, struct sb_err *err) {
  struct ctx *c = arg;
  if (c->cache.n * 2 >= c->cache.cap && cache_grow(&c->cache) != 0)
    return sb_err_set(err, "out of memory");
  struct file_entry *fe = cache_slot(&c->cache, row->resolved);
  if (fe->path == NULL) {
    struct sb_err ferr = {""};
    if ((strcmp(row->format, "PDF") == 0 && check_pdf(row->resolved, &ferr) != 0) ||
        blob_put_file(c->b, row->resolved, fe->sha256, &fe->size, &ferr) != 0) {
      char msg[SB_ERR_MAX + 32];
      snprintf(msg, sizeof msg, "line %zu: %s", line, ferr.msg);
      return on_error(c, line, msg);
    }
    fe->path = strdup(row->resolved);
    if (fe->path == NULL) return sb_err_set(err, "out of memory");
    c->cache.n++;
    c->res->files++;
  }
  c->res->rows++;
  if (c->res->bad_rows > 0 && !c->o->skip_bad_rows) return 0; /* rejected anyway */
  struct report r;
  memset(&r, 0, sizeof r);
  memcpy(r.ssid, row->ssid, sizeof r.ssid);
  memcpy(r.type, row->type, sizeof r.type);
  memcpy(r.lang, row->lang, sizeof r.lang);
  r.year = row->year;
  memcpy(r.format, row->format, sizeof r.format);
  memcpy(r.content_area, row->content_area, sizeof r.content_area);
  memcpy(r.grade, row->grade, sizeof r.grade);
  r.final = row->final;
  memcpy(r.sha256, fe->sha256, sizeof r.sha256);
  r.size = fe->size;
  snprintf(r.content_type, sizeof r.content_type, "%s",
           report_content_type(row->format, row->resolved));
  r.updated_at = c->now;
  int changed = 0;
  if (store_reports_put(c->s, &r, &changed, err) != 0) return -1;
  if (changed)
    c->res->changed++;
  else
    c->res->unchanged++;
  return 0;
}

int report_import_manifest(struct store *s, struct blob_store *b, const char *path,
                           const struct report_import_opts *o, struct report_import_result *res,
                           struct sb_err *err) {
  memset(res, 0, sizeof *res);
  struct ctx c = {.s = s, .b = b, .o = o, .res = res, .now = clock_now()};
  if (store_reports_begin(s, err) != 0) return -1;
  int rc = manifest_read_file(path, on_row, on_error, &c, err);
  cache_free(&c.cache);
  if (rc != 0) {
    store_reports_abort(s);
    return -1;
  }
  if (res->bad_rows > 0 && !o->skip_bad_rows) {
    store_reports_abort(s);
    return sb_err_set(err, "rejected: %ld bad row%s (first: %s); nothing was changed",
                      res->bad_rows, res->bad_rows == 1 ? "" : "s", c.first_error);
  }
  if (blob_sync(b, err) != 0) {
    store_reports_abort(s);
    return -1;
  }
  return store_reports_commit(s, err);
}
