/* store.c - forwards the store.h calls to the backend chosen at open time. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"

struct store {
  const struct store_ops *ops;
  void *impl;
};

struct store *store_open(const char *path, struct sb_err *err) {
  struct store *s = calloc(1, sizeof *s);
  if (s == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  s->ops = &store_sqlite_ops;
  s->impl = store_sqlite_open(path, err);
  if (s->impl == NULL) {
    free(s);
    return NULL;
  }
  return s;
}

void store_close(struct store *s) {
  if (s == NULL) return;
  s->ops->close(s->impl);
  free(s);
}

int store_credential_create(struct store *s, const struct credential *c, struct sb_err *err) {
  return s->ops->credential_create(s->impl, c, err);
}

int store_credential_by_username(struct store *s, const char *username, struct credential *out,
                                 struct sb_err *err) {
  return s->ops->credential_get(s->impl, username, true, out, err);
}

int store_credential_by_id(struct store *s, const char *id, struct credential *out,
                           struct sb_err *err) {
  return s->ops->credential_get(s->impl, id, false, out, err);
}

int store_credential_list(struct store *s, store_credential_fn fn, void *ctx, struct sb_err *err) {
  return s->ops->credential_list(s->impl, fn, ctx, err);
}

int store_credential_revoke(struct store *s, const char *id, int64_t now, struct sb_err *err) {
  return s->ops->credential_revoke(s->impl, id, now, err);
}

int store_credential_rotate(struct store *s, const char *id, const unsigned char digest[32],
                            int64_t expires_at, struct credential *out, struct sb_err *err) {
  int rc = s->ops->credential_rotate(s->impl, id, digest, expires_at, err);
  if (rc != 1) return rc;
  return s->ops->credential_get(s->impl, id, false, out, err);
}

int store_read_begin(struct store *s, struct sb_err *err) {
  return s->ops->read_begin(s->impl, err);
}

void store_read_end(struct store *s) {
  s->ops->read_end(s->impl);
}

int store_student_load(struct store *s, const char *ssid, struct enrollment_span **spans,
                       size_t *nspans, struct report **reports, size_t *nreports,
                       struct sb_err *err) {
  return s->ops->student_load(s->impl, ssid, spans, nspans, reports, nreports, err);
}

int store_report_by_id(struct store *s, int64_t id, struct report *out, struct sb_err *err) {
  return s->ops->report_by_id(s->impl, id, out, err);
}

int store_enroll_seen(struct store *s, const char *sha256, struct sb_err *err) {
  return s->ops->enroll_seen(s->impl, sha256, err);
}

int store_enroll_begin(struct store *s, const char *sha256, struct sb_err *err) {
  return s->ops->enroll_begin(s->impl, sha256, err);
}

int store_enroll_put(struct store *s, const struct enrollment_span *span, char txn,
                     struct sb_err *err) {
  return s->ops->enroll_put(s->impl, span, txn, err);
}

int store_enroll_commit(struct store *s, int32_t as_of, const char *source, int64_t now,
                        struct enroll_stats *st, struct sb_err *err) {
  return s->ops->enroll_commit(s->impl, as_of, source, now, st, err);
}

void store_enroll_abort(struct store *s) {
  s->ops->enroll_abort(s->impl);
}

int store_reports_begin(struct store *s, struct sb_err *err) {
  return s->ops->reports_begin(s->impl, err);
}

int store_reports_put(struct store *s, const struct report *r, int *changed, struct sb_err *err) {
  return s->ops->reports_put(s->impl, r, changed, err);
}

int store_reports_commit(struct store *s, struct sb_err *err) {
  return s->ops->reports_commit(s->impl, err);
}

void store_reports_abort(struct store *s) {
  s->ops->reports_abort(s->impl);
}

int store_changes_read(struct store *s, int64_t since, const char *const *leas, size_t nleas,
                       size_t max_rows, store_change_fn fn, void *ctx, size_t *rows,
                       struct sb_err *err) {
  return s->ops->changes_read(s->impl, since, leas, nleas, max_rows, fn, ctx, rows, err);
}

int store_disclosure_append(struct store *s, struct disclosure *d, size_t n, struct sb_err *err) {
  return s->ops->disclosure_append(s->impl, d, n, err);
}

int store_disclosure_list(struct store *s, const char *ssid, const char *lea, int64_t since,
                          store_disclosure_fn fn, void *ctx, struct sb_err *err) {
  return s->ops->disclosure_list(s->impl, ssid, lea, since, fn, ctx, err);
}

/* --- web users, sessions, audit --- */

int store_user_create(struct store *s, struct web_user *u, struct sb_err *err) {
  return s->ops->web->user_create(s->impl, u, err);
}

int store_user_by_name(struct store *s, const char *username, struct web_user *out,
                       struct sb_err *err) {
  return s->ops->web->user_get(s->impl, username, 0, out, err);
}

int store_user_by_id(struct store *s, int64_t id, struct web_user *out, struct sb_err *err) {
  return s->ops->web->user_get(s->impl, NULL, id, out, err);
}

int store_user_list(struct store *s, store_user_fn fn, void *ctx, struct sb_err *err) {
  return s->ops->web->user_list(s->impl, fn, ctx, err);
}

int store_user_disable(struct store *s, const char *username, int64_t now, struct sb_err *err) {
  return s->ops->web->user_disable(s->impl, username, now, err);
}

int store_user_set_password(struct store *s, int64_t id, const char *hash, struct sb_err *err) {
  return s->ops->web->user_set_password(s->impl, id, hash, err);
}

int store_session_create(struct store *s, const struct web_session *ws, struct sb_err *err) {
  return s->ops->web->session_create(s->impl, ws, err);
}

int store_session_get(struct store *s, const unsigned char id[32], int64_t now,
                      struct web_session *out, struct web_user *user, struct sb_err *err) {
  return s->ops->web->session_get(s->impl, id, now, out, user, err);
}

int store_session_touch(struct store *s, const unsigned char id[32], int64_t last_seen,
                        int64_t expires_at, struct sb_err *err) {
  return s->ops->web->session_touch(s->impl, id, last_seen, expires_at, err);
}

int store_session_delete(struct store *s, const unsigned char id[32], struct sb_err *err) {
  return s->ops->web->session_delete(s->impl, id, err);
}

int store_session_purge(struct store *s, int64_t now, struct sb_err *err) {
  return s->ops->web->session_purge(s->impl, now, err);
}

int store_audit_append(struct store *s, struct audit_entry *e, struct sb_err *err) {
  return s->ops->web->audit_append(s->impl, e, err);
}

int store_audit_list(struct store *s, int64_t since, const char *actor, store_audit_fn fn,
                     void *ctx, struct sb_err *err) {
  return s->ops->web->audit_list(s->impl, since, actor, fn, ctx, err);
}

int store_ping(struct store *s, struct sb_err *err) {
  return s->ops->ping(s->impl, err);
}

int store_upload_create(struct store *s, const struct score_upload *u, int64_t *id,
                        struct sb_err *err) {
  return s->ops->upload_create(s->impl, u, id, err);
}

int store_upload_get(struct store *s, int64_t id, struct score_upload *out, struct sb_err *err) {
  return s->ops->upload_get(s->impl, id, out, err);
}

int store_upload_list(struct store *s, const char *lea, size_t limit, store_upload_fn fn, void *ctx,
                      struct sb_err *err) {
  return s->ops->upload_list(s->impl, lea, limit, fn, ctx, err);
}

int store_upload_next(struct store *s, struct score_upload *out, struct sb_err *err) {
  return s->ops->upload_next(s->impl, out, err);
}

int store_upload_update(struct store *s, const struct score_upload *u, struct sb_err *err) {
  return s->ops->upload_update(s->impl, u, err);
}

int store_upload_issues_put(struct store *s, int64_t id, const struct upload_issue *issues,
                            size_t n, struct sb_err *err) {
  return s->ops->upload_issues_put(s->impl, id, issues, n, err);
}

int store_upload_issues(struct store *s, int64_t id, store_issue_fn fn, void *ctx,
                        struct sb_err *err) {
  return s->ops->upload_issues(s->impl, id, fn, ctx, err);
}

int store_upload_same_loaded(struct store *s, const char *sha256, const char *lea, int family,
                             int basis, int year, struct score_upload *out, struct sb_err *err) {
  return s->ops->upload_same_loaded(s->impl, sha256, lea, family, basis, year, out, err);
}

int store_scores_begin(struct store *s, int64_t upload_id, struct sb_err *err) {
  return s->ops->scores_begin(s->impl, upload_id, err);
}

int store_scores_put(struct store *s, const struct score_record *r, struct sb_err *err) {
  return s->ops->scores_put(s->impl, r, err);
}

int store_scores_commit(struct store *s, struct score_upload *u, int64_t *replaced,
                        struct sb_err *err) {
  return s->ops->scores_commit(s->impl, u, replaced, err);
}

void store_scores_abort(struct store *s) {
  s->ops->scores_abort(s->impl);
}

int store_scores_count(struct store *s, const char *lea, int family, int basis, int year,
                       long *rows, struct sb_err *err) {
  return s->ops->scores_count(s->impl, lea, family, basis, year, rows, err);
}

int store_enrolled_on(struct store *s, const char *ssid, const char *lea, int32_t day,
                      struct sb_err *err) {
  return s->ops->enrolled_on(s->impl, ssid, lea, day, err);
}

int store_agg_put_all(struct store *s, const struct score_upload *u, const struct agg_table *t,
                      struct sb_err *err) {
  return s->ops->agg_put_all(s->impl, u, t, err);
}

int store_agg_replace(struct store *s, const struct score_upload *u, const struct agg_table *t,
                      struct sb_err *err) {
  return s->ops->agg_replace(s->impl, u, t, err);
}

int store_agg_query(struct store *s, const struct agg_query *q, store_agg_fn fn, void *ctx,
                    struct sb_err *err) {
  return s->ops->agg_query(s->impl, q, fn, ctx, err);
}

int store_agg_missing(struct store *s, int64_t *ids, size_t cap, size_t *n, struct sb_err *err) {
  return s->ops->agg_missing(s->impl, ids, cap, n, err);
}

int store_agg_loaded(struct store *s, const char *lea, store_loaded_fn fn, void *ctx,
                     struct sb_err *err) {
  return s->ops->agg_loaded(s->impl, lea, fn, ctx, err);
}

int store_scores_read(struct store *s, const struct score_upload *u, const char *record_type,
                      const char *grade, const char *school, store_record_fn fn, void *ctx,
                      struct sb_err *err) {
  return s->ops->scores_read(s->impl, u, record_type, grade, school, fn, ctx, err);
}

int store_names_put(struct store *s, const char *code, const char *name, struct sb_err *err) {
  return s->ops->names_put(s->impl, code, name, err);
}

int store_names_list(struct store *s, const char *lea, store_name_fn fn, void *ctx,
                     struct sb_err *err) {
  return s->ops->names_list(s->impl, lea, fn, ctx, err);
}
