/* sqlite_scores.c - the SQLite backend's score data file uploads and score rows (the
 * store.h calls under "score data file uploads").
 *
 * Tables (schema version 4):
 *   score_upload   one row per uploaded file: what the uploader said, what was detected,
 *                  status and counts; "current" marks the upload whose rows are kept for
 *                  its (lea, family, basis, year) - at most one, by a partial unique index.
 *   upload_issue   the problems found in an upload, in file order.
 *   score          one row per student result, tagged with its upload; year, family,
 *                  basis and LEA live on the upload.
 * A newer file for the same key replaces the older one's rows in the transaction that
 * loads it, so readers see either the old rows or the new, never both or neither. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

static const char *SCHEMA_V4 =
    "CREATE TABLE score_upload("
    " id INTEGER PRIMARY KEY,"
    " sha256 TEXT NOT NULL,"
    " size INTEGER NOT NULL,"
    " file_name TEXT NOT NULL DEFAULT '',"
    " uploaded_by TEXT NOT NULL DEFAULT '',"
    " uploader_lea TEXT NOT NULL DEFAULT '',"
    " families INTEGER NOT NULL DEFAULT 0,"
    " basis_hint INTEGER NOT NULL DEFAULT 0,"
    " year_hint INTEGER NOT NULL DEFAULT 0,"
    " family INTEGER NOT NULL DEFAULT 0,"
    " basis INTEGER NOT NULL DEFAULT 0,"
    " year INTEGER NOT NULL DEFAULT 0,"
    " lea TEXT NOT NULL DEFAULT '',"
    " status INTEGER NOT NULL,"
    " bytes_done INTEGER NOT NULL DEFAULT 0,"
    " rows INTEGER NOT NULL DEFAULT 0,"
    " loaded INTEGER NOT NULL DEFAULT 0,"
    " errors INTEGER NOT NULL DEFAULT 0,"
    " warnings INTEGER NOT NULL DEFAULT 0,"
    " message TEXT NOT NULL DEFAULT '',"
    " replaces INTEGER NOT NULL DEFAULT 0,"
    " duplicate_of INTEGER NOT NULL DEFAULT 0,"
    " current INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE INDEX score_upload_by_lea ON score_upload(lea, id);"
    "CREATE INDEX score_upload_by_uploader ON score_upload(uploader_lea, id);"
    "CREATE UNIQUE INDEX score_upload_current ON score_upload(lea, family, basis, year)"
    " WHERE current = 1;"
    "CREATE INDEX score_upload_pending ON score_upload(status) WHERE status IN (1, 2, 3);"
    "CREATE TABLE upload_issue("
    " upload_id INTEGER NOT NULL,"
    " seq INTEGER NOT NULL,"
    " level INTEGER NOT NULL,"
    " line INTEGER NOT NULL,"
    " column_name TEXT NOT NULL,"
    " reason TEXT NOT NULL,"
    " PRIMARY KEY(upload_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE score("
    " upload_id INTEGER NOT NULL,"
    " record_type TEXT NOT NULL,"
    " ssid TEXT NOT NULL,"
    " uin TEXT NOT NULL,"
    " school TEXT NOT NULL,"
    " tested_lea TEXT NOT NULL,"
    " tested_school TEXT NOT NULL,"
    " grade TEXT NOT NULL,"
    " calpads_grade TEXT NOT NULL,"
    " gender TEXT NOT NULL,"
    /* Yes/No flags, one character each (Y, N or '-' when blank), in this order:
     * Hispanic, American Indian, Asian, Pacific Islander, Filipino, Black, White, two or
     * more races, EL, economic disadvantage, disability, 504, migrant, military, foster,
     * homeless */
    " flags TEXT NOT NULL,"
    " ethnicity TEXT NOT NULL,"
    " elas TEXT NOT NULL,"
    " parent_education TEXT NOT NULL,"
    " condition_code TEXT NOT NULL,"
    " attemptedness TEXT NOT NULL,"
    " include_indicator TEXT NOT NULL,"
    " scale_score INTEGER NOT NULL,"
    " sem INTEGER NOT NULL,"
    " level INTEGER NOT NULL,"
    " claims TEXT NOT NULL,"  /* claim levels 1-4, '-' when blank */
    " domains TEXT NOT NULL," /* domain levels 1-4, '-' when blank */
    " lexile TEXT NOT NULL,"
    " oral_score INTEGER NOT NULL,"
    " written_score INTEGER NOT NULL,"
    " oral_level INTEGER NOT NULL,"
    " written_level INTEGER NOT NULL);"
    "CREATE INDEX score_by_upload ON score(upload_id);"
    "CREATE INDEX score_by_ssid ON score(ssid);";

enum q {
  Q_CREATE,
  Q_GET,
  Q_LIST_ALL,
  Q_LIST_LEA,
  Q_NEXT,
  Q_UPDATE,
  Q_ISSUES_DELETE,
  Q_ISSUE_INSERT,
  Q_ISSUES,
  Q_SAME,
  Q_CURRENT,
  Q_UNSET_CURRENT,
  Q_DELETE_ROWS,
  Q_SET_CURRENT,
  Q_SCORE_INSERT,
  Q_COUNT_ROWS,
  Q_ENROLLED,
  Q_N
};

#define UPLOAD_COLS                                                                                \
  "id, sha256, size, file_name, uploaded_by, uploader_lea, families, basis_hint, year_hint,"       \
  " family, basis, year, lea, status, bytes_done, rows, loaded, errors, warnings, message,"        \
  " replaces, duplicate_of, current, created_at, updated_at"

static const char *SQL[Q_N] = {
    [Q_CREATE] = "INSERT INTO score_upload(sha256, size, file_name, uploaded_by, uploader_lea,"
                 " families, basis_hint, year_hint, status, created_at, updated_at)"
                 " VALUES(?,?,?,?,?,?,?,?,1,?,?)",
    [Q_GET] = "SELECT " UPLOAD_COLS " FROM score_upload WHERE id = ?",
    [Q_LIST_ALL] = "SELECT " UPLOAD_COLS " FROM score_upload ORDER BY id DESC LIMIT ?",
    [Q_LIST_LEA] = "SELECT " UPLOAD_COLS " FROM score_upload WHERE lea = ?1 OR uploader_lea = ?1"
                   " ORDER BY id DESC LIMIT ?2",
    [Q_NEXT] = "SELECT " UPLOAD_COLS " FROM score_upload WHERE status IN (1, 2, 3)"
               " ORDER BY id LIMIT 1",
    [Q_UPDATE] = "UPDATE score_upload SET family = ?, basis = ?, year = ?, lea = ?, status = ?,"
                 " bytes_done = ?, rows = ?, loaded = ?, errors = ?, warnings = ?, message = ?,"
                 " replaces = ?, duplicate_of = ?, current = ?, updated_at = ? WHERE id = ?",
    [Q_ISSUES_DELETE] = "DELETE FROM upload_issue WHERE upload_id = ?",
    [Q_ISSUE_INSERT] = "INSERT INTO upload_issue VALUES(?,?,?,?,?,?)",
    [Q_ISSUES] = "SELECT level, line, column_name, reason FROM upload_issue WHERE upload_id = ?"
                 " ORDER BY seq",
    [Q_SAME] = "SELECT " UPLOAD_COLS " FROM score_upload WHERE lea = ? AND family = ?"
               " AND basis = ? AND year = ? AND current = 1 AND sha256 = ?",
    [Q_CURRENT] = "SELECT id FROM score_upload WHERE lea = ? AND family = ? AND basis = ?"
                  " AND year = ? AND current = 1",
    [Q_UNSET_CURRENT] = "UPDATE score_upload SET current = 0, updated_at = ? WHERE id = ?",
    [Q_DELETE_ROWS] = "DELETE FROM score WHERE upload_id = ?",
    [Q_SET_CURRENT] = "UPDATE score_upload SET current = 1 WHERE id = ?",
    [Q_SCORE_INSERT] = "INSERT INTO score VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                       "?,?,?)", /* 27 columns */
    [Q_COUNT_ROWS] = "SELECT count(*) FROM score WHERE upload_id = (SELECT id FROM score_upload"
                     " WHERE lea = ? AND family = ? AND basis = ? AND year = ? AND current = 1)",
    [Q_ENROLLED] = "SELECT 1 FROM enrollment WHERE ssid = ? AND lea = ? AND status IN (10, 20)"
                   " AND start_date <= ?3 AND (exit_date = 0 OR exit_date > ?3) LIMIT 1",
};

struct sqlite_scores {
  sqlite3_stmt *st[Q_N];
  int64_t loading; /* the upload whose rows are being written, 0 = none */
};

int sqlite_scores_migrate(sqlite3 *db, struct sb_err *err) {
  return sqlite_exec(db, SCHEMA_V4, err);
}

void sqlite_scores_free(struct sqlite_scores *sc) {
  if (sc == NULL) return;
  for (int i = 0; i < Q_N; i++)
    sqlite3_finalize(sc->st[i]);
  free(sc);
}

static struct sqlite_scores *state(void *impl, struct sb_err *err) {
  struct sqlite_scores **p = sqlite_store_scores(impl);
  if (*p == NULL && (*p = calloc(1, sizeof **p)) == NULL) sb_err_set(err, "out of memory");
  return *p;
}

static sqlite3_stmt *stmt(void *impl, enum q id, struct sb_err *err) {
  struct sqlite_scores *sc = state(impl, err);
  return sc ? sqlite_prepared(store_sqlite_db(impl), &sc->st[id], SQL[id], err) : NULL;
}

static void done(sqlite3_stmt *q) {
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
}

static int exec(void *impl, const char *sql, struct sb_err *err) {
  return sqlite_exec(store_sqlite_db(impl), sql, err);
}

static void read_upload(sqlite3_stmt *q, struct score_upload *u) {
  memset(u, 0, sizeof *u);
  u->id = sqlite3_column_int64(q, 0);
  sqlite_column_copy(u->sha256, sizeof u->sha256, q, 1);
  u->size = sqlite3_column_int64(q, 2);
  sqlite_column_copy(u->file_name, sizeof u->file_name, q, 3);
  sqlite_column_copy(u->uploaded_by, sizeof u->uploaded_by, q, 4);
  sqlite_column_copy(u->uploader_lea, sizeof u->uploader_lea, q, 5);
  u->families = (unsigned)sqlite3_column_int(q, 6);
  u->basis_hint = sqlite3_column_int(q, 7);
  u->year_hint = sqlite3_column_int(q, 8);
  u->family = sqlite3_column_int(q, 9);
  u->basis = sqlite3_column_int(q, 10);
  u->year = sqlite3_column_int(q, 11);
  sqlite_column_copy(u->lea, sizeof u->lea, q, 12);
  u->status = sqlite3_column_int(q, 13);
  u->bytes_done = sqlite3_column_int64(q, 14);
  u->rows = (long)sqlite3_column_int64(q, 15);
  u->loaded = (long)sqlite3_column_int64(q, 16);
  u->errors = (long)sqlite3_column_int64(q, 17);
  u->warnings = (long)sqlite3_column_int64(q, 18);
  sqlite_column_copy(u->message, sizeof u->message, q, 19);
  u->replaces = sqlite3_column_int64(q, 20);
  u->duplicate_of = sqlite3_column_int64(q, 21);
  u->current = sqlite3_column_int(q, 22) != 0;
  u->created_at = sqlite3_column_int64(q, 23);
  u->updated_at = sqlite3_column_int64(q, 24);
}

int sqlite_upload_create(void *impl, const struct score_upload *u, int64_t *id,
                         struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_CREATE, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, u->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, u->size);
  sqlite3_bind_text(q, 3, u->file_name, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, u->uploaded_by, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, u->uploader_lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 6, (int)u->families);
  sqlite3_bind_int(q, 7, u->basis_hint);
  sqlite3_bind_int(q, 8, u->year_hint);
  sqlite3_bind_int64(q, 9, u->created_at);
  sqlite3_bind_int64(q, 10, u->created_at);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) return sqlite_fail(store_sqlite_db(impl), err, "record upload");
  *id = sqlite3_last_insert_rowid(store_sqlite_db(impl));
  return 0;
}

/* Steps a statement that returns uploads: 1 and *out for the first, 0 when none. */
static int one_upload(void *impl, sqlite3_stmt *q, struct score_upload *out, struct sb_err *err) {
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) read_upload(q, out);
  done(q);
  if (rc == SQLITE_ROW) return 1;
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "read upload");
}

int sqlite_upload_get(void *impl, int64_t id, struct score_upload *out, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_GET, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, id);
  return one_upload(impl, q, out, err);
}

int sqlite_upload_next(void *impl, struct score_upload *out, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_NEXT, err);
  if (q == NULL) return -1;
  return one_upload(impl, q, out, err);
}

int sqlite_upload_same_loaded(void *impl, const char *sha256, const char *lea, int family,
                              int basis, int year, struct score_upload *out, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_SAME, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, family);
  sqlite3_bind_int(q, 3, basis);
  sqlite3_bind_int(q, 4, year);
  sqlite3_bind_text(q, 5, sha256, -1, SQLITE_STATIC);
  return one_upload(impl, q, out, err);
}

int sqlite_upload_list(void *impl, const char *lea, size_t limit, store_upload_fn fn, void *ctx,
                       struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, lea ? Q_LIST_LEA : Q_LIST_ALL, err);
  if (q == NULL) return -1;
  int64_t lim = limit ? (int64_t)limit : -1;
  if (lea) {
    sqlite3_bind_text(q, 1, lea, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, lim);
  } else {
    sqlite3_bind_int64(q, 1, lim);
  }
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct score_upload u;
    read_upload(q, &u);
    if (fn(ctx, &u) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "list uploads");
}

static int update(void *impl, const struct score_upload *u, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_UPDATE, err);
  if (q == NULL) return -1;
  sqlite3_bind_int(q, 1, u->family);
  sqlite3_bind_int(q, 2, u->basis);
  sqlite3_bind_int(q, 3, u->year);
  sqlite3_bind_text(q, 4, u->lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 5, u->status);
  sqlite3_bind_int64(q, 6, u->bytes_done);
  sqlite3_bind_int64(q, 7, u->rows);
  sqlite3_bind_int64(q, 8, u->loaded);
  sqlite3_bind_int64(q, 9, u->errors);
  sqlite3_bind_int64(q, 10, u->warnings);
  sqlite3_bind_text(q, 11, u->message, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 12, u->replaces);
  sqlite3_bind_int64(q, 13, u->duplicate_of);
  sqlite3_bind_int(q, 14, u->current ? 1 : 0);
  sqlite3_bind_int64(q, 15, u->updated_at);
  sqlite3_bind_int64(q, 16, u->id);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) return sqlite_fail(store_sqlite_db(impl), err, "update upload");
  if (sqlite3_changes(store_sqlite_db(impl)) == 0)
    return sb_err_set(err, "database: upload %lld not found", (long long)u->id);
  return 0;
}

int sqlite_upload_update(void *impl, const struct score_upload *u, struct sb_err *err) {
  /* Its own transaction (autocommit): progress shows at once to other connections. It
   * must not run inside the loading transaction, which would hide it until commit. */
  struct sqlite_scores *sc = state(impl, err);
  if (sc == NULL) return -1;
  if (sc->loading != 0)
    return sb_err_set(err, "database: upload status changed while its rows are loading");
  return update(impl, u, err);
}

int sqlite_upload_issues_put(void *impl, int64_t id, const struct upload_issue *issues, size_t n,
                             struct sb_err *err) {
  if (exec(impl, "BEGIN IMMEDIATE", err)) return -1;
  sqlite3_stmt *q = stmt(impl, Q_ISSUES_DELETE, err);
  if (q == NULL) goto fail;
  sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) goto db_fail;
  if ((q = stmt(impl, Q_ISSUE_INSERT, err)) == NULL) goto fail;
  for (size_t i = 0; i < n; i++) {
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, (int64_t)i);
    sqlite3_bind_int(q, 3, issues[i].level);
    sqlite3_bind_int64(q, 4, issues[i].line);
    sqlite3_bind_text(q, 5, issues[i].column, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, issues[i].reason, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    done(q);
    if (rc != SQLITE_DONE) goto db_fail;
  }
  if (exec(impl, "COMMIT", err)) goto fail;
  return 0;
db_fail:
  sqlite_fail(store_sqlite_db(impl), err, "save upload issues");
fail:
  exec(impl, "ROLLBACK", NULL);
  return -1;
}

int sqlite_upload_issues(void *impl, int64_t id, store_issue_fn fn, void *ctx, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_ISSUES, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, id);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct upload_issue i;
    memset(&i, 0, sizeof i);
    i.level = sqlite3_column_int(q, 0);
    i.line = (long)sqlite3_column_int64(q, 1);
    sqlite_column_copy(i.column, sizeof i.column, q, 2);
    sqlite_column_copy(i.reason, sizeof i.reason, q, 3);
    if (fn(ctx, &i) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "read upload issues");
}

/* --- loading --- */

int sqlite_scores_begin(void *impl, int64_t upload_id, struct sb_err *err) {
  struct sqlite_scores *sc = state(impl, err);
  if (sc == NULL) return -1;
  if (sc->loading != 0) return sb_err_set(err, "database: a load is already in progress");
  if (exec(impl, "BEGIN IMMEDIATE", err)) return -1;
  sc->loading = upload_id;
  return 0;
}

static void bind_text(sqlite3_stmt *q, int i, const char *s) {
  sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

static char flag(char c) {
  return c ? c : '-';
}

int sqlite_scores_put(void *impl, const struct score_record *r, struct sb_err *err) {
  struct sqlite_scores *sc = state(impl, err);
  if (sc == NULL) return -1;
  if (sc->loading == 0) return sb_err_set(err, "database: no load in progress");
  sqlite3_stmt *q = stmt(impl, Q_SCORE_INSERT, err);
  if (q == NULL) return -1;
  char flags[17] = {flag(r->hispanic),
                    flag(r->american_indian),
                    flag(r->asian),
                    flag(r->pacific_islander),
                    flag(r->filipino),
                    flag(r->black),
                    flag(r->white),
                    flag(r->two_or_more),
                    flag(r->el_status),
                    flag(r->economic_disadvantage),
                    flag(r->disability),
                    flag(r->section504),
                    flag(r->migrant),
                    flag(r->military),
                    flag(r->foster),
                    flag(r->homeless),
                    '\0'};
  char gender[2] = {r->gender, '\0'}, att[2] = {r->attemptedness, '\0'},
       inc[2] = {r->include_indicator, '\0'};
  char claims[5], domains[5];
  for (int i = 0; i < 4; i++) {
    claims[i] = flag(r->claim[i]);
    domains[i] = flag(r->domain[i]);
  }
  claims[4] = domains[4] = '\0';
  sqlite3_bind_int64(q, 1, sc->loading);
  bind_text(q, 2, r->record_type);
  bind_text(q, 3, r->ssid);
  bind_text(q, 4, r->uin);
  bind_text(q, 5, r->school);
  bind_text(q, 6, r->tested_lea);
  bind_text(q, 7, r->tested_school);
  bind_text(q, 8, r->grade_assessed);
  bind_text(q, 9, r->calpads_grade);
  bind_text(q, 10, gender);
  bind_text(q, 11, flags);
  bind_text(q, 12, r->ethnicity);
  bind_text(q, 13, r->elas);
  bind_text(q, 14, r->parent_education);
  bind_text(q, 15, r->condition_code);
  bind_text(q, 16, att);
  bind_text(q, 17, inc);
  sqlite3_bind_int(q, 18, r->scale_score);
  sqlite3_bind_int(q, 19, r->sem);
  sqlite3_bind_int(q, 20, r->level);
  bind_text(q, 21, claims);
  bind_text(q, 22, domains);
  bind_text(q, 23, r->lexile);
  sqlite3_bind_int(q, 24, r->oral_score);
  sqlite3_bind_int(q, 25, r->written_score);
  sqlite3_bind_int(q, 26, r->oral_level);
  sqlite3_bind_int(q, 27, r->written_level);
  int rc = sqlite3_step(q);
  sqlite3_reset(q); /* every parameter is bound again next time */
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "store score row");
}

static int step_id(void *impl, enum q id, int64_t a, int64_t b, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, id, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, a);
  if (b >= 0) sqlite3_bind_int64(q, 2, b);
  int rc = sqlite3_step(q);
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, SQL[id]);
}

int sqlite_scores_commit(void *impl, struct score_upload *u, int64_t *replaced,
                         struct sb_err *err) {
  struct sqlite_scores *sc = state(impl, err);
  if (sc == NULL) return -1;
  if (sc->loading != u->id)
    return sb_err_set(err, "database: not loading upload %lld", (long long)u->id);
  *replaced = 0;
  sqlite3_stmt *q = stmt(impl, Q_CURRENT, err);
  if (q == NULL) goto fail;
  sqlite3_bind_text(q, 1, u->lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, u->family);
  sqlite3_bind_int(q, 3, u->basis);
  sqlite3_bind_int(q, 4, u->year);
  int rc = sqlite3_step(q);
  int64_t old = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
  done(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    sqlite_fail(store_sqlite_db(impl), err, "find the current upload");
    goto fail;
  }
  if (old != 0 && old != u->id) {
    if (step_id(impl, Q_DELETE_ROWS, old, -1, err) || sqlite_agg_delete_upload(impl, old, err) ||
        step_id(impl, Q_UNSET_CURRENT, u->updated_at, old, err))
      goto fail;
    *replaced = old;
  }
  u->current = true;
  u->replaces = *replaced;
  if (update(impl, u, err) || exec(impl, "COMMIT", err)) goto fail;
  sc->loading = 0;
  return 0;
fail:
  exec(impl, "ROLLBACK", NULL);
  sc->loading = 0;
  u->current = false;
  return -1;
}

void sqlite_scores_abort(void *impl) {
  struct sqlite_scores **p = sqlite_store_scores(impl);
  if (*p == NULL || (*p)->loading == 0) return;
  exec(impl, "ROLLBACK", NULL);
  (*p)->loading = 0;
}

int sqlite_scores_count(void *impl, const char *lea, int family, int basis, int year, long *rows,
                        struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_COUNT_ROWS, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, family);
  sqlite3_bind_int(q, 3, basis);
  sqlite3_bind_int(q, 4, year);
  int rc = sqlite3_step(q);
  *rows = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
  done(q);
  return rc == SQLITE_ROW ? 0 : sqlite_fail(store_sqlite_db(impl), err, "count score rows");
}

int sqlite_enrolled_on(void *impl, const char *ssid, const char *lea, int32_t day,
                       struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_ENROLLED, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, ssid, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 3, day);
  int rc = sqlite3_step(q);
  done(q);
  if (rc == SQLITE_ROW) return 1;
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "check enrollment");
}
