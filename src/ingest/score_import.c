/* score_import.c - one upload from received to ready or rejected (see score_import.h). */
#include "ingest/score_import.h"

#include "analytics/aggregate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/aggregate.h"
#include "ingest/scorefile.h"
#include "ingest/upload_source.h"

#define READ_CHUNK (256 * 1024)
#define PROGRESS_EVERY (1024 * 1024)
#define MAX_ABSENT_EXAMPLES 20

const char *upload_status_name(int status) {
  switch (status) {
  case UPLOAD_RECEIVED:
    return "received";
  case UPLOAD_VALIDATING:
    return "validating";
  case UPLOAD_LOADING:
    return "loading";
  case UPLOAD_READY:
    return "ready";
  case UPLOAD_REJECTED:
    return "rejected";
  }
  return "unknown";
}

/* The issues of one run: the reader's, then the pipeline's own. */
struct issues {
  struct upload_issue *v;
  size_t n, cap, max;
  long errors, warnings; /* counted past max too */
};

static void issue_add(struct issues *is, int level, long line, const char *column, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

static void issue_add(struct issues *is, int level, long line, const char *column, const char *fmt,
                      ...) {
  if (level == SCORE_ERROR)
    is->errors++;
  else
    is->warnings++;
  if (is->n >= is->max) return;
  if (is->n == is->cap) {
    size_t nc = is->cap ? is->cap * 2 : 16;
    void *p = realloc(is->v, nc * sizeof *is->v);
    if (p == NULL) return; /* the count above still tells */
    is->v = p;
    is->cap = nc;
  }
  struct upload_issue *i = &is->v[is->n++];
  memset(i, 0, sizeof *i);
  i->level = level;
  i->line = line;
  snprintf(i->column, sizeof i->column, "%s", column ? column : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(i->reason, sizeof i->reason, fmt, ap);
  va_end(ap);
}

/* The distinct (code, name) pairs of an upload's LEA and schools, saved with its rows. */
#define MAX_NAMES 512
struct names {
  struct {
    char code[15];
    char name[SCORE_NAME_MAX];
  } v[MAX_NAMES];
  size_t n;
};

static void names_note(struct names *ns, const char *lea, const char *code, const char *name) {
  if (code[0] == '\0' || name[0] == '\0' || strncmp(code, lea, 7) != 0) return;
  for (size_t i = 0; i < ns->n; i++)
    if (strcmp(ns->v[i].code, code) == 0) return; /* the first name seen wins */
  if (ns->n == MAX_NAMES) return;
  snprintf(ns->v[ns->n].code, sizeof ns->v[ns->n].code, "%s", code);
  snprintf(ns->v[ns->n].name, sizeof ns->v[ns->n].name, "%s", name);
  ns->n++;
}

static int names_save(struct store *s, const struct names *ns, struct sb_err *err) {
  for (size_t i = 0; i < ns->n; i++)
    if (store_names_put(s, ns->v[i].code, ns->v[i].name, err) != 0) return -1;
  return 0;
}

struct run {
  struct store *s;
  struct score_upload *u;
  const struct score_import_opts *o;
  struct issues issues;
  /* loading pass */
  bool loading;
  struct agg_table *agg; /* the dashboards' cells, built as rows load */
  struct names names;    /* the names the file gives the LEA and its schools */
  long loaded;
  long absent_rows, absent_students;
  char last_absent[11];
  /* progress */
  int64_t done, total, next_report;
};

static void report(struct run *r, long rows) {
  if (r->o->progress == NULL) return;
  struct score_progress p = {r->u->status, r->done, r->total, rows};
  r->o->progress(r->o->progress_ctx, r->u->id, &p);
}

static int on_row(void *ctx, const struct score_record *rec, struct sb_err *err) {
  struct run *r = ctx;
  if (!r->loading) return 0;
  if (store_scores_put(r->s, rec, err) != 0 || agg_add(r->agg, rec, err) != 0) return -1;
  r->loaded++;
  names_note(&r->names, r->u->lea, rec->lea, rec->lea_name);
  names_note(&r->names, r->u->lea, rec->school, rec->school_name);
  names_note(&r->names, r->u->lea, rec->tested_school, rec->tested_school_name);
  /* Students not enrolled in the LEA today, per the CALPADS feed: a warning each for the
   * first few, then a count. Rows of one student usually come together; a student whose
   * rows are apart is counted once per run of rows. */
  if (strcmp(rec->ssid, r->last_absent) == 0) {
    r->absent_rows++;
    return 0;
  }
  int on = store_enrolled_on(r->s, rec->ssid, r->u->lea, r->o->today, err);
  if (on < 0) return -1;
  if (on == 0) {
    r->absent_rows++;
    r->absent_students++;
    memcpy(r->last_absent, rec->ssid, sizeof r->last_absent);
  }
  return 0;
}

/* One pass over the upload's bytes through a fresh reader. Returns the reader (caller
 * frees) or NULL with err; *bad is set when the file itself is at fault (ZIP problems). */
static struct scorefile *pass(struct run *r, struct blob_store *b, bool *bad, struct sb_err *err) {
  *bad = false;
  int64_t size;
  int fd = blob_open_read(b, r->u->sha256, &size, err);
  if (fd < 0) return NULL;
  struct upload_source *src = upload_source_open(fd, err, bad);
  if (src == NULL) return NULL;
  struct scorefile_opts so = {r->u->file_name, (enum score_basis)r->u->basis_hint, r->u->year_hint,
                              r->o->max_issues};
  const char *entry = upload_source_entry(src);
  if (entry) so.file_name = entry; /* the name TOMS gave the .csv inside the ZIP */
  struct scorefile *f = scorefile_new(&so, on_row, r, err);
  char *buf = malloc(READ_CHUNK);
  if (f == NULL || buf == NULL) {
    if (buf == NULL) sb_err_set(err, "out of memory");
    goto fail;
  }
  r->done = 0;
  r->total = upload_source_size(src);
  r->next_report = PROGRESS_EVERY;
  report(r, 0);
  for (;;) {
    ssize_t n = upload_source_read(src, buf, READ_CHUNK, err);
    if (n < 0) {
      *bad = upload_source_entry(src) != NULL; /* a damaged ZIP entry is the file's fault */
      goto fail;
    }
    if (n == 0) break;
    if (scorefile_feed(f, buf, (size_t)n, err) != 0) goto fail;
    r->done += n;
    if (r->done >= r->next_report) {
      r->next_report = r->done + PROGRESS_EVERY;
      report(r, scorefile_info(f)->rows);
    }
  }
  if (scorefile_finish(f, err) != 0) goto fail;
  report(r, scorefile_info(f)->rows);
  free(buf);
  upload_source_close(src);
  return f;
fail:
  free(buf);
  if (f) scorefile_free(f);
  upload_source_close(src);
  return NULL;
}

static int save(struct run *r, int status, struct sb_err *err) {
  r->u->status = status;
  r->u->updated_at = r->o->now;
  r->u->errors = r->issues.errors;
  r->u->warnings = r->issues.warnings;
  if (store_upload_issues_put(r->s, r->u->id, r->issues.v, r->issues.n, err) != 0) return -1;
  return store_upload_update(r->s, r->u, err);
}

/* Ends the run with the file rejected: the issues say why; message summarises. */
static int reject(struct run *r, struct sb_err *err) {
  const struct upload_issue *first = NULL;
  for (size_t i = 0; i < r->issues.n && first == NULL; i++)
    if (r->issues.v[i].level == SCORE_ERROR) first = &r->issues.v[i];
  if (first && first->line > 0)
    snprintf(r->u->message, sizeof r->u->message,
             "Rejected, nothing loaded: %ld problem%s; the first: line %ld%s%s: %s",
             r->issues.errors, r->issues.errors == 1 ? "" : "s", first->line,
             first->column[0] ? ", column " : "", first->column, first->reason);
  else
    snprintf(r->u->message, sizeof r->u->message, "Rejected, nothing loaded: %s",
             first ? first->reason : "the file could not be read");
  r->u->loaded = 0;
  return save(r, UPLOAD_REJECTED, err);
}

static void copy_reader_issues(struct run *r, const struct scorefile *f) {
  size_t n;
  const struct score_issue *v = scorefile_issues(f, &n);
  long errors = r->issues.errors, warnings = r->issues.warnings;
  for (size_t i = 0; i < n; i++)
    issue_add(&r->issues, v[i].level, v[i].line, v[i].column, "%s", v[i].reason);
  /* the reader's counts include the issues it counted but did not keep */
  r->issues.errors = errors + scorefile_info(f)->errors;
  r->issues.warnings = warnings + scorefile_info(f)->warnings;
}

static bool may_load(const struct score_upload *u, int family) {
  return (u->families & (1u << family)) != 0;
}

/* A refusal of who may load what goes to the audit log too (who, what, when): the web
 * user or the operator at the command line, with the file's family and LEA. */
static void audit_denied(struct run *r, const struct scorefile_info *in) {
  struct audit_entry e;
  memset(&e, 0, sizeof e);
  e.at = r->o->now;
  const char *by = r->u->uploaded_by;
  if (strncmp(by, "cli:", 4) == 0)
    snprintf(e.actor, sizeof e.actor, "cli");
  else
    snprintf(e.actor, sizeof e.actor, "user:%.70s", by);
  snprintf(e.action, sizeof e.action, "load-file");
  snprintf(e.target, sizeof e.target, "upload %lld: %s %s", (long long)r->u->id,
           in->family ? score_family_name(in->family) : "?", in->lea);
  snprintf(e.outcome, sizeof e.outcome, "denied");
  snprintf(e.client, sizeof e.client, "upload worker");
  struct sb_err err = {""};
  if (store_audit_append(r->s, &e, &err) != 0)
    fprintf(stderr, "scorebridge: upload %lld: cannot write the audit log: %s\n",
            (long long)r->u->id, err.msg);
}

/* The checks that need the uploader, after a clean validating pass. */
static void check_uploader(struct run *r, const struct scorefile_info *in) {
  struct score_upload *u = r->u;
  long before = r->issues.errors;
  if (u->uploader_lea[0] && strcmp(in->lea, u->uploader_lea) != 0)
    issue_add(&r->issues, SCORE_ERROR, 0, "",
              "this file holds LEA %s's results; you may load files for LEA %s only", in->lea,
              u->uploader_lea);
  if (!may_load(u, in->family))
    issue_add(&r->issues, SCORE_ERROR, 0, "",
              "your role may not load %s files (ask a district lead or the LEA's %s "
              "coordinator)",
              score_family_name(in->family), in->family == SCORE_CAASPP ? "CAASPP" : "ELPAC");
  if (r->issues.errors > before) audit_denied(r, in);
  if (in->basis == 0)
    issue_add(&r->issues, SCORE_ERROR, 0, "",
              "cannot tell whether this is the Enrolled or the Tested file: choose the report "
              "type when uploading (TOMS names the files ...EnrolledStudentScoreData... and "
              "...TestedStudentScoreData...)");
  if (in->year == 0)
    issue_add(&r->issues, SCORE_ERROR, 0, "",
              "cannot tell the administration year: choose it when uploading");
}

/* After loading: is the other report type of the same year there too? */
static int check_twin(struct run *r, struct sb_err *err) {
  struct score_upload *u = r->u;
  int other = u->basis == SCORE_ENROLLED ? SCORE_TESTED : SCORE_ENROLLED;
  long rows;
  if (store_scores_count(r->s, u->lea, u->family, other, u->year, &rows, err) != 0) return -1;
  if (rows == 0)
    issue_add(&r->issues, SCORE_WARNING, 0, "",
              "there is no %s file for %s %d-%02d yet: download both the Enrolled and the "
              "Tested file from TOMS and upload both",
              score_basis_name(other), score_family_name(u->family), u->year - 1, u->year % 100);
  return 0;
}

/* The current upload of (lea, family, basis) for year, into *out: 1 found, 0 none, -1. */
struct find_year {
  int family, basis, year;
  int64_t id;
};

static int on_loaded(void *ctx, int family, int basis, int year, int64_t upload_id) {
  struct find_year *f = ctx;
  if (family == f->family && basis == f->basis && year == f->year) f->id = upload_id;
  return 0;
}

static int current_upload(struct store *s, const char *lea, int family, int basis, int year,
                          struct score_upload *out, struct sb_err *err) {
  struct find_year f = {family, basis, year, 0};
  if (store_agg_loaded(s, lea, on_loaded, &f, err) != 0) return -1;
  if (f.id == 0) return 0;
  return store_upload_get(s, f.id, out, err);
}

struct reaggregate {
  struct agg_table *t;
  struct sb_err *err;
};

static int prior_row(void *ctx, const struct score_record *rec) {
  struct reaggregate *ra = ctx;
  return agg_prior_add(ra->t, rec, ra->err) == 0 ? 0 : -1;
}

/* Fills t's cohort lookup with the results of the year before u (same LEA, family,
 * basis), when loaded. */
static int load_prior(struct store *s, const struct score_upload *u, struct agg_table *t,
                      struct sb_err *err) {
  struct score_upload prior;
  int found = current_upload(s, u->lea, u->family, u->basis, u->year - 1, &prior, err);
  if (found <= 0) return found;
  struct reaggregate ra = {t, err};
  return store_scores_read(s, &prior, NULL, NULL, NULL, prior_row, &ra, err);
}

int score_import_run(struct store *s, struct blob_store *b, struct score_upload *u,
                     const struct score_import_opts *o, struct sb_err *err) {
  struct run r = {.s = s, .u = u, .o = o};
  r.issues.max = o->max_issues ? o->max_issues : 1000;
  int rc = -1;
  bool bad;
  struct scorefile *f = NULL;

  /* 1. validating: nothing written */
  u->status = UPLOAD_VALIDATING;
  u->updated_at = o->now;
  u->message[0] = '\0';
  if (store_upload_update(s, u, err) != 0) goto out;
  f = pass(&r, b, &bad, err);
  if (f == NULL) {
    if (!bad) goto out;
    issue_add(&r.issues, SCORE_ERROR, 0, "", "%s", err->msg);
    rc = reject(&r, err);
    goto out;
  }
  const struct scorefile_info *in = scorefile_info(f);
  u->family = in->family;
  u->basis = in->basis;
  u->year = in->year;
  snprintf(u->lea, sizeof u->lea, "%s", in->lea);
  u->rows = in->rows;
  copy_reader_issues(&r, f);
  if (!scorefile_rejected(f)) check_uploader(&r, in);
  scorefile_free(f);
  f = NULL;
  if (r.issues.errors > 0) {
    rc = reject(&r, err);
    goto out;
  }

  /* the same file, already loaded for the same key: nothing to do */
  struct score_upload same;
  int found =
      store_upload_same_loaded(s, u->sha256, u->lea, u->family, u->basis, u->year, &same, err);
  if (found < 0) goto out;
  if (found == 1 && same.id != u->id) {
    u->duplicate_of = same.id;
    u->loaded = 0;
    snprintf(u->message, sizeof u->message,
             "Already loaded as upload %lld (same file): nothing changed", (long long)same.id);
    rc = save(&r, UPLOAD_READY, err);
    goto out;
  }

  /* 2. loading: one transaction, replacing the previous upload of the same key */
  u->status = UPLOAD_LOADING;
  if (store_upload_update(s, u, err) != 0) goto out;
  struct issues reader_issues = r.issues; /* the second pass finds the same again */
  memset(&r.issues, 0, sizeof r.issues);
  r.issues.max = reader_issues.max;
  if ((r.agg = agg_table_new((enum score_basis)u->basis, err)) == NULL ||
      load_prior(s, u, r.agg, err) != 0 || store_scores_begin(s, u->id, err) != 0) {
    r.issues = reader_issues;
    goto out;
  }
  r.loading = true;
  f = pass(&r, b, &bad, err);
  free(r.issues.v);
  r.issues = reader_issues;
  if (f == NULL || scorefile_rejected(f)) {
    /* The bytes are content-addressed: a second read differing from the first is the
     * disk's fault, not the file's. Nothing is committed. */
    if (f != NULL) sb_err_set(err, "the stored upload read differently the second time");
    store_scores_abort(s);
    goto out;
  }
  scorefile_free(f);
  f = NULL;
  /* The dashboards' cells go in the same transaction as the rows they summarise. */
  if (agg_finish(r.agg, err) != 0 || store_agg_put_all(s, u, r.agg, err) != 0 ||
      names_save(s, &r.names, err) != 0) {
    store_scores_abort(s);
    goto out;
  }
  u->loaded = r.loaded;
  if (r.absent_students > 0)
    issue_add(&r.issues, SCORE_WARNING, 0, "SSID",
              "%ld student%s (%ld row%s) %s not enrolled in LEA %s today according to the "
              "CALPADS enrollment feed loaded here",
              r.absent_students, r.absent_students == 1 ? "" : "s", r.absent_rows,
              r.absent_rows == 1 ? "" : "s", r.absent_students == 1 ? "is" : "are", u->lea);
  u->status = UPLOAD_READY;
  u->updated_at = o->now;
  u->errors = 0;
  int64_t replaced = 0;
  int n = snprintf(u->message, sizeof u->message, "Loaded %ld rows of %s %s %d-%02d for LEA %s",
                   r.loaded, score_family_name(u->family), score_basis_name(u->basis), u->year - 1,
                   u->year % 100, u->lea);
  if (store_scores_commit(s, u, &replaced, err) != 0) goto out;
  /* The next year's matched cohort was counted against the rows just replaced. */
  struct score_upload next;
  int has_next = current_upload(s, u->lea, u->family, u->basis, u->year + 1, &next, err);
  if (has_next < 0 || (has_next == 1 && score_import_aggregate(s, &next, NULL, err) != 0)) {
    /* The file itself is loaded; only the next year's cohort figures are stale. */
    issue_add(&r.issues, SCORE_WARNING, 0, "",
              "the matched-cohort figures of %d-%02d were not updated: %s", u->year,
              (u->year + 1) % 100, err->msg);
    err->msg[0] = '\0';
  }
  if (check_twin(&r, err) != 0) goto out;
  if (replaced && n > 0 && (size_t)n < sizeof u->message)
    snprintf(u->message + n, sizeof u->message - (size_t)n, ", replacing the earlier upload %lld",
             (long long)replaced);
  rc = save(&r, UPLOAD_READY, err);
out:
  if (f) scorefile_free(f);
  agg_table_free(r.agg);
  free(r.issues.v);
  return rc;
}

static int aggregate_row(void *ctx, const struct score_record *rec) {
  struct reaggregate *ra = ctx;
  return agg_add(ra->t, rec, ra->err) == 0 ? 0 : -1;
}

int score_import_aggregate(struct store *s, const struct score_upload *u, size_t *cells,
                           struct sb_err *err) {
  struct agg_table *t = agg_table_new((enum score_basis)u->basis, err);
  if (t == NULL) return -1;
  struct reaggregate ra = {t, err};
  int rc = load_prior(s, u, t, err);
  if (rc == 0) rc = store_scores_read(s, u, NULL, NULL, NULL, aggregate_row, &ra, err);
  if (rc == 0) rc = agg_finish(t, err);
  if (rc == 0) rc = store_agg_replace(s, u, t, err);
  if (rc == 0 && cells) *cells = agg_count(t);
  agg_table_free(t);
  return rc;
}

int score_import_receive_file(struct store *s, struct blob_store *b, const char *path,
                              struct score_upload *u, int64_t now, struct sb_err *err) {
  if (blob_put_file(b, path, u->sha256, &u->size, err) != 0 || blob_sync(b, err) != 0) return -1;
  u->created_at = u->updated_at = now;
  u->status = UPLOAD_RECEIVED;
  return store_upload_create(s, u, &u->id, err);
}
