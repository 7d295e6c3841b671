/* store_impl.h - what a storage backend implements. Only src/store includes this. */
#ifndef SB_STORE_STORE_IMPL_H
#define SB_STORE_STORE_IMPL_H

#include "store/store.h"

/* Web users, sessions and audit log (store.h); each backend keeps these apart from the
 * score tables. */
struct store_web_ops {
  int (*user_create)(void *impl, struct web_user *u, struct sb_err *err);
  int (*user_get)(void *impl, const char *username, int64_t id, struct web_user *out,
                  struct sb_err *err);
  int (*user_list)(void *impl, store_user_fn fn, void *ctx, struct sb_err *err);
  int (*user_disable)(void *impl, const char *username, int64_t now, struct sb_err *err);
  int (*user_set_password)(void *impl, int64_t id, const char *hash, struct sb_err *err);
  int (*session_create)(void *impl, const struct web_session *ws, struct sb_err *err);
  int (*session_get)(void *impl, const unsigned char id[32], int64_t now, struct web_session *out,
                     struct web_user *user, struct sb_err *err);
  int (*session_touch)(void *impl, const unsigned char id[32], int64_t last_seen,
                       int64_t expires_at, struct sb_err *err);
  int (*session_delete)(void *impl, const unsigned char id[32], struct sb_err *err);
  int (*session_purge)(void *impl, int64_t now, struct sb_err *err);
  int (*audit_append)(void *impl, struct audit_entry *e, struct sb_err *err);
  int (*audit_list)(void *impl, int64_t since, const char *actor, store_audit_fn fn, void *ctx,
                    struct sb_err *err);
};

struct store_ops {
  const char *name;
  const struct store_web_ops *web;
  void (*close)(void *impl);
  int (*credential_create)(void *impl, const struct credential *c, struct sb_err *err);
  int (*credential_get)(void *impl, const char *key, bool by_username, struct credential *out,
                        struct sb_err *err);
  int (*credential_list)(void *impl, store_credential_fn fn, void *ctx, struct sb_err *err);
  int (*credential_revoke)(void *impl, const char *id, int64_t now, struct sb_err *err);
  int (*credential_rotate)(void *impl, const char *id, const unsigned char digest[32],
                           int64_t expires_at, struct sb_err *err);
  int (*read_begin)(void *impl, struct sb_err *err);
  void (*read_end)(void *impl);
  int (*student_load)(void *impl, const char *ssid, struct enrollment_span **spans, size_t *nspans,
                      struct report **reports, size_t *nreports, struct sb_err *err);
  int (*report_by_id)(void *impl, int64_t id, struct report *out, struct sb_err *err);
  int (*enroll_seen)(void *impl, const char *sha256, struct sb_err *err);
  int (*enroll_begin)(void *impl, const char *sha256, struct sb_err *err);
  int (*enroll_put)(void *impl, const struct enrollment_span *span, char txn, struct sb_err *err);
  int (*enroll_commit)(void *impl, int32_t as_of, const char *source, int64_t now,
                       struct enroll_stats *st, struct sb_err *err);
  void (*enroll_abort)(void *impl);
  int (*reports_begin)(void *impl, struct sb_err *err);
  int (*reports_put)(void *impl, const struct report *r, int *changed, struct sb_err *err);
  int (*reports_commit)(void *impl, struct sb_err *err);
  void (*reports_abort)(void *impl);
  int (*upload_create)(void *impl, const struct score_upload *u, int64_t *id, struct sb_err *err);
  int (*upload_get)(void *impl, int64_t id, struct score_upload *out, struct sb_err *err);
  int (*upload_list)(void *impl, const char *lea, size_t limit, store_upload_fn fn, void *ctx,
                     struct sb_err *err);
  int (*upload_next)(void *impl, struct score_upload *out, struct sb_err *err);
  int (*upload_update)(void *impl, const struct score_upload *u, struct sb_err *err);
  int (*upload_issues_put)(void *impl, int64_t id, const struct upload_issue *issues, size_t n,
                           struct sb_err *err);
  int (*upload_issues)(void *impl, int64_t id, store_issue_fn fn, void *ctx, struct sb_err *err);
  int (*upload_same_loaded)(void *impl, const char *sha256, const char *lea, int family, int basis,
                            int year, struct score_upload *out, struct sb_err *err);
  int (*scores_begin)(void *impl, int64_t upload_id, struct sb_err *err);
  int (*scores_put)(void *impl, const struct score_record *r, struct sb_err *err);
  int (*scores_commit)(void *impl, struct score_upload *u, int64_t *replaced, struct sb_err *err);
  void (*scores_abort)(void *impl);
  int (*scores_count)(void *impl, const char *lea, int family, int basis, int year, long *rows,
                      struct sb_err *err);
  int (*enrolled_on)(void *impl, const char *ssid, const char *lea, int32_t day,
                     struct sb_err *err);
  int (*agg_put_all)(void *impl, const struct score_upload *u, const struct agg_table *t,
                     struct sb_err *err);
  int (*agg_replace)(void *impl, const struct score_upload *u, const struct agg_table *t,
                     struct sb_err *err);
  int (*agg_query)(void *impl, const struct agg_query *q, store_agg_fn fn, void *ctx,
                   struct sb_err *err);
  int (*agg_missing)(void *impl, int64_t *ids, size_t cap, size_t *n, struct sb_err *err);
  int (*agg_loaded)(void *impl, const char *lea, store_loaded_fn fn, void *ctx, struct sb_err *err);
  int (*names_put)(void *impl, const char *code, const char *name, struct sb_err *err);
  int (*names_list)(void *impl, const char *lea, store_name_fn fn, void *ctx, struct sb_err *err);
  int (*scores_read)(void *impl, const struct score_upload *u, const char *record_type,
                     const char *grade, const char *school, store_record_fn fn, void *ctx,
                     struct sb_err *err);
  int (*changes_read)(void *impl, int64_t since, const char *const *leas, size_t nleas,
                      size_t max_rows, store_change_fn fn, void *ctx, size_t *rows,
                      struct sb_err *err);
  int (*disclosure_append)(void *impl, struct disclosure *d, size_t n, struct sb_err *err);
  int (*disclosure_list)(void *impl, const char *ssid, const char *lea, int64_t since,
                         store_disclosure_fn fn, void *ctx, struct sb_err *err);
  int (*ping)(void *impl, struct sb_err *err);
};

/* The SQLite backend: opens path, returns its impl pointer or NULL. */
void *store_sqlite_open(const char *path, struct sb_err *err);
extern const struct store_ops store_sqlite_ops;

/* store_sqlite_web.c: the v3 schema step (users, sessions, audit log), its operations, and
 * the connection handle they run on. */
struct sqlite3;
extern const char STORE_SQLITE_SCHEMA_V3[];
extern const struct store_web_ops store_sqlite_web_ops;
struct sqlite3 *store_sqlite_db(void *impl);

#endif
