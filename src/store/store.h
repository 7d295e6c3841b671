/* store.h - the storage interface: credentials, enrollment history and score reports.
 *
 * Handlers and CLI commands talk to storage only through these functions; no SQL leaves
 * src/store. A backend implements struct store_ops (store_impl.h); SQLite is the
 * embedded default (store_sqlite.c) and PostgreSQL can follow behind the same calls.
 *
 * A struct store is one connection: use it from one thread at a time (the server keeps
 * one per worker thread, see store_pool.h). Lookups return 1 when found, 0 when not,
 * -1 on error; other calls return 0 or -1. On -1, err says why. Arrays returned through
 * OUT parameters are malloc'ed and owned by the caller (free()). */
#ifndef SB_STORE_STORE_H
#define SB_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/aggregate.h"
#include "domain/enrollment.h"
#include "domain/report.h"
#include "domain/score.h"
#include "domain/role.h"
#include "util/err.h"

#define CRED_MAX_LEAS 32

struct credential {
  char id[37]; /* UUID; the JWT "sub" */
  char username[64];
  unsigned char digest[32]; /* SHA-256 of the api_token; the token itself is never stored */
  char name[128];           /* free text for the coordinator ("PowerSchool SIS") */
  int64_t created_at;
  int64_t expires_at;
  int64_t revoked_at; /* 0 while active */
  int generation;     /* bumped by rotate: tokens of older generations stop verifying */
  size_t nleas;
  char leas[CRED_MAX_LEAS][8];
};

struct store;

/* Opens (creating when missing) the database at path and brings its schema up to date.
 * Returns NULL with err on failure. */
struct store *store_open(const char *path, struct sb_err *err);
void store_close(struct store *s);

/* --- credentials --- */
int store_credential_create(struct store *s, const struct credential *c, struct sb_err *err);
int store_credential_by_username(struct store *s, const char *username, struct credential *out,
                                 struct sb_err *err);
int store_credential_by_id(struct store *s, const char *id, struct credential *out,
                           struct sb_err *err);
typedef int (*store_credential_fn)(void *ctx, const struct credential *c);
/* Calls fn for every credential, oldest first; stops when fn returns non-zero. */
int store_credential_list(struct store *s, store_credential_fn fn, void *ctx, struct sb_err *err);
/* Marks a credential revoked at time now. Returns 1 when done, 0 when no such id. */
int store_credential_revoke(struct store *s, const char *id, int64_t now, struct sb_err *err);
/* Replaces the secret digest, sets a new expiry, bumps the generation. Returns 1 when
 * done, 0 when no such (unrevoked) id; *out gets the updated credential. */
int store_credential_rotate(struct store *s, const char *id, const unsigned char digest[32],
                            int64_t expires_at, struct credential *out, struct sb_err *err);

/* --- read snapshots --- */
/* Starts a read snapshot: the reads until store_read_end see one consistent state of
 * the database and pay for its locks once (the API wraps each request in one). */
int store_read_begin(struct store *s, struct sb_err *err);
void store_read_end(struct store *s);

/* --- students --- */
/* Everything the API needs to answer for one student: enrollment spans and reports (the
 * listing fields and content_type; sha256, size and updated_at are left empty: only
 * serving a file needs them, from store_report_by_id). Reports come newest year first, then by
 * type, English before other languages, PDF before HTML before VIDEO, then content area (the order
 * of the seed's sample). Returns 1 when the SSID is known (it has spans or reports), 0 when not.
 * reports and nreports may both be NULL: the spans only (the permission rule's input). */
int store_student_load(struct store *s, const char *ssid, struct enrollment_span **spans,
                       size_t *nspans, struct report **reports, size_t *nreports,
                       struct sb_err *err);
int store_report_by_id(struct store *s, int64_t id, struct report *out, struct sb_err *err);

/* --- enrollment import: one transaction per file --- */
struct enroll_stats {
  long rows;      /* records applied (adds, updates, replaces) */
  long deleted;   /* D transactions that removed a span */
  long closed;    /* open spans of the file's LEAs absent from it, closed at as_of */
  size_t nleas;   /* LEAs the file contained */
  bool unchanged; /* the same file as the last import: nothing was done */
};
/* Starts an import. sha256 identifies the file's content (hex). */
int store_enroll_begin(struct store *s, const char *sha256, struct sb_err *err);
/* Returns 1 when the file with this sha256 was the last one imported (nothing to do). */
int store_enroll_seen(struct store *s, const char *sha256, struct sb_err *err);
/* Applies one record: txn 'D' deletes the span with the same key, anything else upserts. */
int store_enroll_put(struct store *s, const struct enrollment_span *span, char txn,
                     struct sb_err *err);
/* Finishes: closes at as_of (YYYYMMDD) every open span of the file's LEAs that the file
 * did not contain, records the import, commits. */
int store_enroll_commit(struct store *s, int32_t as_of, const char *source, int64_t now,
                        struct enroll_stats *st, struct sb_err *err);
/* Rolls back: the previous state stays intact. */
void store_enroll_abort(struct store *s);

/* --- report registration: one transaction per manifest --- */
int store_reports_begin(struct store *s, struct sb_err *err);
/* Inserts or updates the report with the same (ssid, type, lang, year, format,
 * content area). *changed is set to 1 when a row was inserted or changed. */
int store_reports_put(struct store *s, const struct report *r, int *changed, struct sb_err *err);
int store_reports_commit(struct store *s, struct sb_err *err);
void store_reports_abort(struct store *s);

/* --- score data file uploads (TOMS Student Score Data Files) --- */
enum upload_status {
  UPLOAD_RECEIVED = 1, /* kept in the blob store, waiting for the worker */
  UPLOAD_VALIDATING,   /* being read through once, nothing written */
  UPLOAD_LOADING,      /* valid; its rows are being written in one transaction */
  UPLOAD_READY,        /* loaded (or recognised as a file already loaded) */
  UPLOAD_REJECTED,     /* refused; nothing it holds was loaded */
};

struct score_upload {
  int64_t id;
  char sha256[65];      /* the original upload, in the blob store */
  int64_t size;         /* bytes */
  char file_name[256];  /* as uploaded */
  char uploaded_by[64]; /* web user name, or "cli:<user>" */
  char uploader_lea[8]; /* the LEA the uploader may load */
  unsigned families;    /* bit (1 << enum score_family) for each family the uploader may load */
  int basis_hint;       /* enum score_basis the uploader chose, 0 = detect */
  int year_hint;        /* administration year the uploader chose, 0 = detect */
  /* detected */
  int family; /* enum score_family, 0 until known */
  int basis;  /* enum score_basis */
  int year;
  char lea[8];
  /* progress and outcome */
  int status;         /* enum upload_status */
  int64_t bytes_done; /* bytes of the file read so far in the current pass */
  long rows, loaded, errors, warnings;
  char message[512];    /* one-line summary for people */
  int64_t replaces;     /* the upload whose rows this one replaced, 0 = none */
  int64_t duplicate_of; /* an earlier upload of the same file, already loaded */
  bool current;         /* its rows are the ones kept for (lea, family, basis, year) */
  int64_t created_at, updated_at;
};

/* One problem found in an upload (see ingest/scorefile.h). */
struct upload_issue {
  int level; /* 1 error, 2 warning */
  long line; /* 0 = the file as a whole */
  char column[64];
  char reason[256];
};

/* Records a new upload (id, status, timestamps are set here); *id gets its id. */
int store_upload_create(struct store *s, const struct score_upload *u, int64_t *id,
                        struct sb_err *err);
int store_upload_get(struct store *s, int64_t id, struct score_upload *out, struct sb_err *err);
typedef int (*store_upload_fn)(void *ctx, const struct score_upload *u);
/* Calls fn for the uploads of lea (all LEAs when lea is NULL), newest first, at most
 * limit (0 = all). */
int store_upload_list(struct store *s, const char *lea, size_t limit, store_upload_fn fn, void *ctx,
                      struct sb_err *err);
/* The oldest upload still to process (received, or left validating/loading by a crash).
 * Returns 1 and fills *out, or 0 when none. */
int store_upload_next(struct store *s, struct score_upload *out, struct sb_err *err);
/* Saves status, detected fields, counts and message of u (by u->id), in its own
 * transaction: progress is visible to other connections at once. */
int store_upload_update(struct store *s, const struct score_upload *u, struct sb_err *err);
/* Replaces the upload's issues with issues[0..n). */
int store_upload_issues_put(struct store *s, int64_t id, const struct upload_issue *issues,
                            size_t n, struct sb_err *err);
typedef int (*store_issue_fn)(void *ctx, const struct upload_issue *i);
int store_upload_issues(struct store *s, int64_t id, store_issue_fn fn, void *ctx,
                        struct sb_err *err);
/* The ready, current upload of the same file content for (lea, family, basis, year), if
 * any: 1 and *out filled, or 0. */
int store_upload_same_loaded(struct store *s, const char *sha256, const char *lea, int family,
                             int basis, int year, struct score_upload *out, struct sb_err *err);

/* Loading one upload's rows: one transaction. Until commit, readers see the previous
 * rows; abort (or a crash) leaves them as they were. */
int store_scores_begin(struct store *s, int64_t upload_id, struct sb_err *err);
int store_scores_put(struct store *s, const struct score_record *r, struct sb_err *err);
/* Makes the upload the current one for its (lea, family, basis, year): the rows of the
 * upload it replaces are deleted (that upload stays listed, no longer current; *replaced
 * gets its id or 0) and u is saved as by store_upload_update, then commits. */
int store_scores_commit(struct store *s, struct score_upload *u, int64_t *replaced,
                        struct sb_err *err);
void store_scores_abort(struct store *s);
/* Rows kept for the current upload of (lea, family, basis, year). */
int store_scores_count(struct store *s, const char *lea, int family, int basis, int year,
                       long *rows, struct sb_err *err);
/* Whether the SSID has an enrollment open on day (YYYYMMDD) in lea: 1 yes, 0 no. */
int store_enrolled_on(struct store *s, const char *ssid, const char *lea, int32_t day,
                      struct sb_err *err);
/* --- dashboard aggregates (schema v5; sqlite_analytics.c) ---
 * The cells of analytics/aggregate.h, kept per current upload; the upload fixes lea,
 * year and basis. */

/* During a load (between store_scores_begin and store_scores_commit): saves t as the cells
 * of upload u, removing those of the upload it is about to replace. */
int store_agg_put_all(struct store *s, const struct score_upload *u, const struct agg_table *t,
                      struct sb_err *err);
/* Replaces the cells of upload u with t in one transaction (recomputation). */
int store_agg_replace(struct store *s, const struct score_upload *u, const struct agg_table *t,
                      struct sb_err *err);

/* Which cells to read: lea, test and basis are required; school NULL = any ("" = the
 * LEA-wide cells), grade NULL = any, group 0 = any; years year_min..year_max. */
struct agg_query {
  const char *lea;
  const char *test;
  int basis;
  const char *school;
  const char *grade;
  int group;
  int year_min, year_max;
};
typedef int (*store_agg_fn)(void *ctx, int year, const struct agg_cell *c);
/* Calls fn for every matching cell, ordered by school, grade, group, year; stops when fn
 * returns non-zero. */
int store_agg_query(struct store *s, const struct agg_query *q, store_agg_fn fn, void *ctx,
                    struct sb_err *err);
/* Ready, current uploads with rows but no cells (loaded before aggregates existed): up to
 * cap ids into ids, *n how many. */
int store_agg_missing(struct store *s, int64_t *ids, size_t cap, size_t *n, struct sb_err *err);
typedef int (*store_loaded_fn)(void *ctx, int family, int basis, int year, int64_t upload_id);
/* Calls fn for each current upload of lea: which (family, basis, year) have data. */
int store_agg_loaded(struct store *s, const char *lea, store_loaded_fn fn, void *ctx,
                     struct sb_err *err);

/* The directory of names the score files give codes: an LEA (7 digits) or a school
 * (14-digit CDS). put replaces the name of code; list calls fn for lea and its schools,
 * in code order (fn returns 0 to go on, > 0 to stop, < 0 for out of memory: a failure). */
int store_names_put(struct store *s, const char *code, const char *name, struct sb_err *err);
typedef int (*store_name_fn)(void *ctx, const char *code, const char *name);
int store_names_list(struct store *s, const char *lea, store_name_fn fn, void *ctx,
                     struct sb_err *err);

/* The score rows of upload u read back as records (lea, year and family from u), only
 * record_type and grade when not NULL, and only rows whose CALPADS or tested school is
 * school when that is not NULL (a prefilter: the caller applies its own school rule). fn returns 0
 * to go on, > 0 to stop, < 0 to fail (then this returns -1 and err is the caller's to have set). */
typedef int (*store_record_fn)(void *ctx, const struct score_record *r);
int store_scores_read(struct store *s, const struct score_upload *u, const char *record_type,
                      const char *grade, const char *school, store_record_fn fn, void *ctx,
                      struct sb_err *err);

/* --- web users, sessions and the audit log (schema v3; store_sqlite_web.c) --- */
struct web_user {
  int64_t id; /* set by store_user_create */
  char username[64];
  char password_hash[128]; /* "$argon2id$..." (auth/password.h) */
  struct principal who;    /* role, LEA, schools (domain/role.h) */
  int64_t created_at;
  int64_t disabled_at; /* 0 while enabled */
};

struct web_session {
  unsigned char id[32]; /* SHA-256 of the cookie's token; the token itself is never stored */
  int64_t user_id;
  int64_t created_at;
  int64_t expires_at;
  int64_t last_seen;
  unsigned char csrf[32]; /* the CSRF secret (auth/websession.h) */
};

/* One line of the append-only audit log. */
struct audit_entry {
  int64_t id; /* set by the store */
  int64_t at;
  char actor[80];   /* "user:NAME", "credential:ID", "cli", or "anonymous" */
  char action[48];  /* "login", "logout", "load-file", "user-add", ... */
  char target[160]; /* what it was about ("caaspp 1964733", a username) */
  char outcome[24]; /* "ok", "denied", "failed" */
  char client[48];  /* the client address, or "cli" */
};

/* Creates a user; sets u->id. Returns 1 when created, 0 when the username is taken. */
int store_user_create(struct store *s, struct web_user *u, struct sb_err *err);
int store_user_by_name(struct store *s, const char *username, struct web_user *out,
                       struct sb_err *err);
int store_user_by_id(struct store *s, int64_t id, struct web_user *out, struct sb_err *err);
typedef int (*store_user_fn)(void *ctx, const struct web_user *u);
/* Calls fn for every user in username order; stops when fn returns non-zero. */
int store_user_list(struct store *s, store_user_fn fn, void *ctx, struct sb_err *err);
/* Disables a user at now and ends its sessions. Returns 1 when done, 0 when there is no
 * enabled user of that name. */
int store_user_disable(struct store *s, const char *username, int64_t now, struct sb_err *err);
/* Replaces a user's password hash (re-hash after login). Returns 1 done, 0 no such user. */
int store_user_set_password(struct store *s, int64_t id, const char *hash, struct sb_err *err);

int store_session_create(struct store *s, const struct web_session *ws, struct sb_err *err);
/* Looks a session up by its id with its user. Returns 1 when the session exists, is not
 * expired at now and its user is enabled; 0 otherwise. */
int store_session_get(struct store *s, const unsigned char id[32], int64_t now,
                      struct web_session *out, struct web_user *user, struct sb_err *err);
/* Records activity: sets last_seen and expires_at. */
int store_session_touch(struct store *s, const unsigned char id[32], int64_t last_seen,
                        int64_t expires_at, struct sb_err *err);
/* Ends one session (logout). Returns 1 when it existed, 0 when not. */
int store_session_delete(struct store *s, const unsigned char id[32], struct sb_err *err);
/* Deletes every session expired at now. Returns 0 or -1. */
int store_session_purge(struct store *s, int64_t now, struct sb_err *err);

/* Appends one line (e->id and e->at are taken as given; id is set by the store). */
int store_audit_append(struct store *s, struct audit_entry *e, struct sb_err *err);
typedef int (*store_audit_fn)(void *ctx, const struct audit_entry *e);
/* Calls fn for every line at or after since (and of actor when not NULL), oldest first. */
int store_audit_list(struct store *s, int64_t since, const char *actor, store_audit_fn fn,
                     void *ctx, struct sb_err *err);

/* --- the report change feed (schema v6; sqlite_feed.c) and the disclosure trail
 * (sqlite_trail.c) --- */
/* Every report registration that inserts or changes a report gives it, in the same
 * transaction, a new change sequence number: higher than every number before (SQLite
 * AUTOINCREMENT, one writer at a time, so numbers become visible in commit order). The
 * log keeps the latest change of each report: a report changed again moves to the end. */
struct report_change {
  int64_t seq;
  char kind[12];     /* "added", "final" (turned final) or "changed" */
  struct report rep; /* the report as it is now: listing fields and content_type */
};
typedef int (*store_change_fn)(void *ctx, const struct report_change *c);
/* Calls fn, in seq order, for up to max_rows changes after seq since whose student has an
 * enrollment span (of any date) in one of leas[0..nleas): a prefilter, the caller applies
 * the permission rule and window. fn returns 0 to go on, non-zero to stop. *rows gets how
 * many rows were passed to fn. */
int store_changes_read(struct store *s, int64_t since, const char *const *leas, size_t nleas,
                       size_t max_rows, store_change_fn fn, void *ctx, size_t *rows,
                       struct sb_err *err);

#define DISCLOSURE_IDS_MAX 512
/* One disclosure of score reports: who was shown which reports of one student. */
struct disclosure {
  int64_t id; /* set by the store */
  int64_t at;
  char credential[64];              /* the credential id (JWT sub); "" for a link fetch */
  char leas[CRED_MAX_LEAS * 8 + 1]; /* the caller's LEAs, comma-separated ("" for a link) */
  char ssid[11];
  char endpoint[16];                   /* "student", "changes" or "link" */
  char report_ids[DISCLOSURE_IDS_MAX]; /* comma-separated report ids */
  char client[48];                     /* the client address */
};
/* Appends d[0..n) in one write transaction, committed when this returns 0, and sets each
 * d[i].id. The trail is append-only (triggers refuse UPDATE and DELETE) and kept apart
 * from the data the API reads (SQLite: a file of its own), so its writes neither wait for
 * nor disturb a read snapshot of the connection. Writers of one process take turns on a
 * mutex rather than SQLite's busy handler (this runs on the API's hot path). */
int store_disclosure_append(struct store *s, struct disclosure *d, size_t n, struct sb_err *err);
typedef int (*store_disclosure_fn)(void *ctx, const struct disclosure *d);
/* Calls fn for the disclosures at or after since, of ssid and of lea when not NULL,
 * oldest first; stops when fn returns non-zero. */
int store_disclosure_list(struct store *s, const char *ssid, const char *lea, int64_t since,
                          store_disclosure_fn fn, void *ctx, struct sb_err *err);

/* --- health --- */
/* A cheap query that proves the database answers. */
int store_ping(struct store *s, struct sb_err *err);

#endif
