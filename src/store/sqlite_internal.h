/* sqlite_internal.h - what the SQLite backend's source files share. Only src/store
 * includes this.
 *
 * The backend is split by subject: store_sqlite.c opens the database, migrates the schema
 * and keeps credentials, enrollment and score reports; sqlite_scores.c keeps the score
 * data file uploads and their rows, sqlite_analytics.c the dashboard aggregates,
 * sqlite_feed.c the report change log. They work on the same connection (struct
 * sqlite_store, opaque here); sqlite_trail.c keeps the disclosure trail in a second
 * database file, on a second connection held by the same struct. */
#ifndef SB_STORE_SQLITE_INTERNAL_H
#define SB_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store_impl.h"

struct sqlite_scores; /* sqlite_scores.c's prepared statements, per connection */

/* Helpers every file of the backend uses (store_sqlite.c). */
/* Writes "database: WHAT: <SQLite's message>" into err; returns -1. */
int sqlite_fail(sqlite3 *db, struct sb_err *err, const char *what);
/* Runs SQL without results (BEGIN, COMMIT, schema). Returns 0 or -1 with err. */
int sqlite_exec(sqlite3 *db, const char *sql, struct sb_err *err);
/* The statement cached in *slot, prepared (persistent) on first use. NULL with err when
 * SQLite refuses it. */
sqlite3_stmt *sqlite_prepared(sqlite3 *db, sqlite3_stmt **slot, const char *sql,
                              struct sb_err *err);
/* Opens (creating when missing) the SQLite file at path as every connection of the backend
 * is opened: no SQLite mutex (one thread at a time per connection), a 10 s busy timeout,
 * WAL and synchronous=NORMAL. what names the file in the error ("database", ...). NULL
 * with err. The caller closes it with sqlite3_close. */
sqlite3 *sqlite_connect(const char *path, const char *what, struct sb_err *err);
/* Copies a text column into dst (n bytes, always NUL-terminated, cut to fit; "" for NULL). */
void sqlite_column_copy(char *dst, size_t n, sqlite3_stmt *q, int col);

/* The connection of a backend impl pointer: store_sqlite_db (store_impl.h). */
/* Where the connection keeps sqlite_scores.c's state (NULL until first used). */
struct sqlite_scores **sqlite_store_scores(void *impl);

/* Schema version 4: uploads, their issues and score rows. Runs inside the migration's
 * transaction. */
int sqlite_scores_migrate(sqlite3 *db, struct sb_err *err);
/* Finalizes the statements and frees the state (NULL is fine). */
void sqlite_scores_free(struct sqlite_scores *sc);

int sqlite_upload_create(void *impl, const struct score_upload *u, int64_t *id, struct sb_err *err);
int sqlite_upload_get(void *impl, int64_t id, struct score_upload *out, struct sb_err *err);
int sqlite_upload_list(void *impl, const char *lea, size_t limit, store_upload_fn fn, void *ctx,
                       struct sb_err *err);
int sqlite_upload_next(void *impl, struct score_upload *out, struct sb_err *err);
int sqlite_upload_update(void *impl, const struct score_upload *u, struct sb_err *err);
int sqlite_upload_issues_put(void *impl, int64_t id, const struct upload_issue *issues, size_t n,
                             struct sb_err *err);
int sqlite_upload_issues(void *impl, int64_t id, store_issue_fn fn, void *ctx, struct sb_err *err);
int sqlite_upload_same_loaded(void *impl, const char *sha256, const char *lea, int family,
                              int basis, int year, struct score_upload *out, struct sb_err *err);
int sqlite_scores_begin(void *impl, int64_t upload_id, struct sb_err *err);
int sqlite_scores_put(void *impl, const struct score_record *r, struct sb_err *err);
int sqlite_scores_commit(void *impl, struct score_upload *u, int64_t *replaced, struct sb_err *err);
void sqlite_scores_abort(void *impl);
int sqlite_scores_count(void *impl, const char *lea, int family, int basis, int year, long *rows,
                        struct sb_err *err);
int sqlite_enrolled_on(void *impl, const char *ssid, const char *lea, int32_t day,
                       struct sb_err *err);

/* sqlite_analytics.c: schema version 5 (aggregate cells) and its operations. */
struct sqlite_analytics;
struct sqlite_analytics **sqlite_store_analytics(void *impl);
int sqlite_analytics_migrate(sqlite3 *db, struct sb_err *err);
void sqlite_analytics_free(struct sqlite_analytics *a);
int sqlite_agg_delete_upload(void *impl, int64_t id, struct sb_err *err);
int sqlite_agg_put_all(void *impl, const struct score_upload *u, const struct agg_table *t,
                       struct sb_err *err);
int sqlite_agg_replace(void *impl, const struct score_upload *u, const struct agg_table *t,
                       struct sb_err *err);
int sqlite_agg_query(void *impl, const struct agg_query *q, store_agg_fn fn, void *ctx,
                     struct sb_err *err);
int sqlite_agg_missing(void *impl, int64_t *ids, size_t cap, size_t *n, struct sb_err *err);
int sqlite_agg_loaded(void *impl, const char *lea, store_loaded_fn fn, void *ctx,
                      struct sb_err *err);
int sqlite_names_put(void *impl, const char *code, const char *name, struct sb_err *err);
int sqlite_names_list(void *impl, const char *lea, store_name_fn fn, void *ctx, struct sb_err *err);
int sqlite_scores_read(void *impl, const struct score_upload *u, const char *record_type,
                       const char *grade, const char *school, store_record_fn fn, void *ctx,
                       struct sb_err *err);

/* sqlite_feed.c: schema version 6 (report change log) and its operations. */
struct sqlite_feed;
struct sqlite_feed **sqlite_store_feed(void *impl);
int sqlite_feed_migrate(sqlite3 *db, struct sb_err *err);
void sqlite_feed_free(struct sqlite_feed *f);
/* Inside a report registration's transaction: report_id (of ssid) was inserted or changed;
 * gives it a new change sequence number. */
int sqlite_feed_note_change(void *impl, int64_t report_id, const char *ssid, const char *kind,
                            int64_t at, struct sb_err *err);
int sqlite_changes_read(void *impl, int64_t since, const char *const *leas, size_t nleas,
                        size_t max_rows, store_change_fn fn, void *ctx, size_t *rows,
                        struct sb_err *err);

/* sqlite_trail.c: the disclosure trail, in a database file of its own beside the main one
 * (each connection opens it on first use and closes it with sqlite_trail_close). */
struct sqlite_trail;
/* The connection's trail slot (NULL until first used) and the main database's path. */
struct sqlite_trail **sqlite_store_trail(void *impl);
const char *sqlite_store_path(void *impl);
/* The trail's file for the main database at db_path: "<name>-disclosures.db". */
int sqlite_trail_path(const char *db_path, char *out, size_t n, struct sb_err *err);
/* Opens (creating when missing) the trail of the main database at db_path. NULL with err. */
struct sqlite_trail *sqlite_trail_open(const char *db_path, struct sb_err *err);
void sqlite_trail_close(struct sqlite_trail *t);
/* Schema version 7, inside the main database's migration transaction: when main still
 * holds version 6's disclosure table, its rows are committed to the trail (ids kept) and
 * the table is dropped from main. Repeating it after a crash copies nothing twice. */
int sqlite_trail_adopt(sqlite3 *main_db, const char *db_path, struct sb_err *err);
int sqlite_disclosure_append(void *impl, struct disclosure *d, size_t n, struct sb_err *err);
int sqlite_disclosure_list(void *impl, const char *ssid, const char *lea, int64_t since,
                           store_disclosure_fn fn, void *ctx, struct sb_err *err);

#endif
