/* store_sqlite_web.c - the SQLite side of web users, sessions and the audit log
 * (store.h), kept apart from the score tables of store_sqlite.c.
 *
 * Statements are prepared per call: these run a few times per web request, not per row.
 * Sessions are keyed by the SHA-256 of their token. The audit log is append-only:
 * triggers refuse UPDATE and DELETE on it. Writes are single statements (autocommit),
 * except disabling a user, which also ends its sessions in one transaction. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"
#include "store/store_impl.h"

const char STORE_SQLITE_SCHEMA_V3[] =
    "CREATE TABLE web_user("
    " id INTEGER PRIMARY KEY,"
    " username TEXT NOT NULL UNIQUE,"
    " password_hash TEXT NOT NULL,"
    " role TEXT NOT NULL,"
    " lea TEXT NOT NULL,"
    " schools TEXT NOT NULL DEFAULT ''," /* comma-separated CDS codes (site-admin) */
    " created_at INTEGER NOT NULL,"
    " disabled_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE web_session("
    " id BLOB PRIMARY KEY," /* SHA-256 of the cookie's token */
    " user_id INTEGER NOT NULL REFERENCES web_user(id) ON DELETE CASCADE,"
    " created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL,"
    " last_seen INTEGER NOT NULL,"
    " csrf BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX web_session_user ON web_session(user_id);"
    "CREATE INDEX web_session_expiry ON web_session(expires_at);"
    "CREATE TABLE audit_log("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at INTEGER NOT NULL,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " target TEXT NOT NULL,"
    " outcome TEXT NOT NULL,"
    " client TEXT NOT NULL);"
    "CREATE INDEX audit_log_at ON audit_log(at);"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

#define USER_COLS "id, username, password_hash, role, lea, schools, created_at, disabled_at"

static sqlite3_stmt *prep(sqlite3 *db, const char *sql, struct sb_err *err) {
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
    sqlite_fail(db, err, "prepare");
    return NULL;
  }
  return q;
}

static void blob32(unsigned char *dst, sqlite3_stmt *q, int col) {
  memset(dst, 0, 32);
  if (sqlite3_column_bytes(q, col) == 32) memcpy(dst, sqlite3_column_blob(q, col), 32);
}

/* Reads USER_COLS starting at column c0. */
static void read_user(sqlite3_stmt *q, int c0, struct web_user *u) {
  memset(u, 0, sizeof *u);
  u->id = sqlite3_column_int64(q, c0);
  sqlite_column_copy(u->username, sizeof u->username, q, c0 + 1);
  sqlite_column_copy(u->password_hash, sizeof u->password_hash, q, c0 + 2);
  const unsigned char *role = sqlite3_column_text(q, c0 + 3);
  if (role_parse((const char *)role, &u->who.role) != 0) u->who.role = ROLE_NONE;
  sqlite_column_copy(u->who.lea, sizeof u->who.lea, q, c0 + 4);
  /* A stored list that does not parse gives no schools: the rules then allow less. */
  if (role_schools_parse(&u->who, (const char *)sqlite3_column_text(q, c0 + 5)) != 0)
    u->who.nschools = 0;
  u->created_at = sqlite3_column_int64(q, c0 + 6);
  u->disabled_at = sqlite3_column_int64(q, c0 + 7);
}

static int web_user_create(void *impl, struct web_user *u, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  char schools[ROLE_SCHOOLS_TEXT];
  if (role_schools_format(&u->who, schools, sizeof schools) != 0)
    return sb_err_set(err, "too many schools");
  sqlite3_stmt *q = prep(db,
                         "INSERT INTO web_user(username, password_hash, role, lea, schools,"
                         " created_at, disabled_at) VALUES(?,?,?,?,?,?,?)"
                         " ON CONFLICT(username) DO NOTHING",
                         err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, u->username, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, u->password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, role_name(u->who.role), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, u->who.lea, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, schools, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 6, u->created_at);
  sqlite3_bind_int64(q, 7, u->disabled_at);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) return sqlite_fail(db, err, "create user");
  if (sqlite3_changes(db) == 0) return 0;
  u->id = sqlite3_last_insert_rowid(db);
  return 1;
}

static int web_user_get(void *impl, const char *username, int64_t id, struct web_user *out,
                        struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db,
                         username ? "SELECT " USER_COLS " FROM web_user WHERE username = ?"
                                  : "SELECT " USER_COLS " FROM web_user WHERE id = ?",
                         err);
  if (q == NULL) return -1;
  if (username)
    sqlite3_bind_text(q, 1, username, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) read_user(q, 0, out);
  sqlite3_finalize(q);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return sqlite_fail(db, err, "read user");
}

static int web_user_list(void *impl, store_user_fn fn, void *ctx, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db, "SELECT " USER_COLS " FROM web_user ORDER BY username", err);
  if (q == NULL) return -1;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct web_user u;
    read_user(q, 0, &u);
    if (fn(ctx, &u) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  sqlite3_finalize(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "list users");
}

static int web_user_disable(void *impl, const char *username, int64_t now, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  if (sqlite_exec(db, "BEGIN IMMEDIATE", err)) return -1;
  sqlite3_stmt *q =
      prep(db, "UPDATE web_user SET disabled_at = ? WHERE username = ? AND disabled_at = 0", err);
  if (q == NULL) goto rollback;
  sqlite3_bind_int64(q, 1, now);
  sqlite3_bind_text(q, 2, username, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) {
    sqlite_fail(db, err, "disable user");
    goto rollback;
  }
  int changed = sqlite3_changes(db) > 0;
  q = prep(db,
           "DELETE FROM web_session WHERE user_id = (SELECT id FROM web_user WHERE username = ?)",
           err);
  if (q == NULL) goto rollback;
  sqlite3_bind_text(q, 1, username, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) {
    sqlite_fail(db, err, "end sessions");
    goto rollback;
  }
  if (sqlite_exec(db, "COMMIT", err)) goto rollback;
  return changed;
rollback:
  sqlite_exec(db, "ROLLBACK", NULL);
  return -1;
}

static int web_user_set_password(void *impl, int64_t id, const char *hash, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db, "UPDATE web_user SET password_hash = ? WHERE id = ?", err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, id);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) return sqlite_fail(db, err, "set password");
  return sqlite3_changes(db) > 0 ? 1 : 0;
}

static int web_session_create(void *impl, const struct web_session *ws, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db,
                         "INSERT INTO web_session(id, user_id, created_at, expires_at, last_seen,"
                         " csrf) VALUES(?,?,?,?,?,?)",
                         err);
  if (q == NULL) return -1;
  sqlite3_bind_blob(q, 1, ws->id, 32, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, ws->user_id);
  sqlite3_bind_int64(q, 3, ws->created_at);
  sqlite3_bind_int64(q, 4, ws->expires_at);
  sqlite3_bind_int64(q, 5, ws->last_seen);
  sqlite3_bind_blob(q, 6, ws->csrf, 32, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "create session");
}

static int web_session_get(void *impl, const unsigned char id[32], int64_t now,
                           struct web_session *out, struct web_user *user, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db,
                         "SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_seen, s.csrf,"
                         " u.id, u.username, u.password_hash, u.role, u.lea, u.schools,"
                         " u.created_at, u.disabled_at"
                         " FROM web_session s JOIN web_user u ON u.id = s.user_id"
                         " WHERE s.id = ? AND s.expires_at > ? AND u.disabled_at = 0",
                         err);
  if (q == NULL) return -1;
  sqlite3_bind_blob(q, 1, id, 32, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, now);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    memset(out, 0, sizeof *out);
    blob32(out->id, q, 0);
    out->user_id = sqlite3_column_int64(q, 1);
    out->created_at = sqlite3_column_int64(q, 2);
    out->expires_at = sqlite3_column_int64(q, 3);
    out->last_seen = sqlite3_column_int64(q, 4);
    blob32(out->csrf, q, 5);
    read_user(q, 6, user);
  }
  sqlite3_finalize(q);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return sqlite_fail(db, err, "read session");
}

static int web_session_touch(void *impl, const unsigned char id[32], int64_t last_seen,
                             int64_t expires_at, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q =
      prep(db, "UPDATE web_session SET last_seen = ?, expires_at = ? WHERE id = ?", err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, last_seen);
  sqlite3_bind_int64(q, 2, expires_at);
  sqlite3_bind_blob(q, 3, id, 32, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "touch session");
}

static int web_session_delete(void *impl, const unsigned char id[32], struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db, "DELETE FROM web_session WHERE id = ?", err);
  if (q == NULL) return -1;
  sqlite3_bind_blob(q, 1, id, 32, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) return sqlite_fail(db, err, "delete session");
  return sqlite3_changes(db) > 0 ? 1 : 0;
}

static int web_session_purge(void *impl, int64_t now, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db, "DELETE FROM web_session WHERE expires_at <= ?", err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, now);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "purge sessions");
}

static int web_audit_append(void *impl, struct audit_entry *e, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db,
                         "INSERT INTO audit_log(at, actor, action, target, outcome, client)"
                         " VALUES(?,?,?,?,?,?)",
                         err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, e->at);
  sqlite3_bind_text(q, 2, e->actor, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, e->action, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, e->target, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, e->outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 6, e->client, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE) return sqlite_fail(db, err, "append to the audit log");
  e->id = sqlite3_last_insert_rowid(db);
  return 0;
}

static int web_audit_list(void *impl, int64_t since, const char *actor, store_audit_fn fn,
                          void *ctx, struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  sqlite3_stmt *q = prep(db,
                         "SELECT id, at, actor, action, target, outcome, client FROM audit_log"
                         " WHERE at >= ?1 AND (?2 IS NULL OR actor = ?2) ORDER BY id",
                         err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, since);
  if (actor) sqlite3_bind_text(q, 2, actor, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct audit_entry e;
    memset(&e, 0, sizeof e);
    e.id = sqlite3_column_int64(q, 0);
    e.at = sqlite3_column_int64(q, 1);
    sqlite_column_copy(e.actor, sizeof e.actor, q, 2);
    sqlite_column_copy(e.action, sizeof e.action, q, 3);
    sqlite_column_copy(e.target, sizeof e.target, q, 4);
    sqlite_column_copy(e.outcome, sizeof e.outcome, q, 5);
    sqlite_column_copy(e.client, sizeof e.client, q, 6);
    if (fn(ctx, &e) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  sqlite3_finalize(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "read the audit log");
}

const struct store_web_ops store_sqlite_web_ops = {
    .user_create = web_user_create,
    .user_get = web_user_get,
    .user_list = web_user_list,
    .user_disable = web_user_disable,
    .user_set_password = web_user_set_password,
    .session_create = web_session_create,
    .session_get = web_session_get,
    .session_touch = web_session_touch,
    .session_delete = web_session_delete,
    .session_purge = web_session_purge,
    .audit_append = web_audit_append,
    .audit_list = web_audit_list,
};
