/* enroll_import.c - see enroll_import.h. */
#include "ingest/enroll_import.h"

#include <stdio.h>
#include <string.h>

#include "blob/blob.h"
#include "ingest/senr.h"
#include "util/clock.h"

struct ctx {
  struct store *s;
  const struct enroll_import_opts *o;
  long bad;
  char first_error[SB_ERR_MAX];
  bool store_failed;
};

static int on_record(void *arg, size_t line, const struct senr_record *rec, struct sb_err *err) {
  (void)line;
  struct ctx *c = arg;
  /* Once a row is bad and bad rows reject the file, stop writing: only keep reading to
   * report every bad row at once. */
  if (c->bad > 0 && !c->o->skip_bad_rows) return 0;
  if (store_enroll_put(c->s, &rec->span, rec->txn == SENR_DELETE ? 'D' : 'A', err) != 0) {
    c->store_failed = true;
    return -1;
  }
  return 0;
}

static int on_error(void *arg, size_t line, const char *message) {
  (void)line;
  struct ctx *c = arg;
  if (c->bad == 0) snprintf(c->first_error, sizeof c->first_error, "%s", message);
  c->bad++;
  if (c->o->errors && (c->o->max_errors_shown <= 0 || c->bad <= c->o->max_errors_shown))
    fprintf(c->o->errors, "%s\n", message);
  return 0;
}

int enroll_import_file(struct store *s, const char *path, const struct enroll_import_opts *o,
                       struct enroll_import_result *res, struct sb_err *err) {
  memset(res, 0, sizeof *res);
  int64_t size;
  if (blob_sha256_file(path, res->sha256, &size, err) != 0) return -1;
  int seen = store_enroll_seen(s, res->sha256, err);
  if (seen < 0) return -1;
  if (seen == 1) {
    res->unchanged = true;
    res->stats.unchanged = true;
    return 0;
  }
  if (store_enroll_begin(s, res->sha256, err) != 0) return -1;
  struct ctx c = {.s = s, .o = o};
  if (senr_read_file(path, on_record, on_error, &c, err) != 0) {
    store_enroll_abort(s);
    return -1;
  }
  res->bad_rows = c.bad;
  if (c.bad > 0 && !o->skip_bad_rows) {
    store_enroll_abort(s);
    return sb_err_set(err, "rejected: %ld bad row%s (first: %s); nothing was changed", c.bad,
                      c.bad == 1 ? "" : "s", c.first_error);
  }
  const char *base = strrchr(path, '/');
  if (store_enroll_commit(s, o->as_of ? o->as_of : clock_yyyymmdd(clock_now()),
                          base ? base + 1 : path, clock_now(), &res->stats, err) != 0)
    return -1;
  return 0;
}
