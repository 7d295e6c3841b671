/* sqlite_trail.c - the disclosure trail of the SQLite backend (store.h:
 * store_disclosure_append, store_disclosure_list), kept in a database file of its own
 * beside the main one: "<name>-disclosures.db" for "<name>.db".
 *
 * Why a file of its own: the trail is written all the time while the API serves (every
 * student list, feed page and link fetch adds a row), and every commit to a WAL database
 * makes every other connection to that database drop its page cache at its next read
 * transaction. In the main database those commits made the API's read connections
 * re-read the pages of every student lookup (bench/api fell from 0.54 to 0.25 of nginx).
 * Here they touch only this file's WAL; the main database stays unchanged while nothing
 * is loaded, and its readers keep their caches.
 *
 * Same settings as the main database (WAL, synchronous=NORMAL: a commit survives a crash
 * of the process; an operating-system crash or power cut can lose the last commits, as
 * for the main database). The table is append-only: triggers refuse UPDATE and DELETE.
 * Rows are kept in the order they were written, indexed by time only: an index by SSID
 * would take a random-place write per row on the API's hot path (see TRAIL_V2), so a
 * lookup by student or LEA reads the rows of the asked period (all of them without
 * --since; bench/api's README paragraph has the figure).
 * Each backend connection opens the file on its first disclosure call and keeps it until
 * it is closed (struct sqlite_trail). Databases of schema version 6 held the trail in the
 * main file; the migration to version 7 moves its rows here (sqlite_trail_adopt). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

#define TRAIL_VERSION 2
#define TRAIL_SUFFIX "-disclosures.db"

static const char TRAIL_SCHEMA[] =
    "CREATE TABLE disclosure("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at INTEGER NOT NULL,"
    " credential TEXT NOT NULL,"
    " leas TEXT NOT NULL,"
    " ssid TEXT NOT NULL,"
    " endpoint TEXT NOT NULL,"
    " report_ids TEXT NOT NULL,"
    " client TEXT NOT NULL);"
    "CREATE INDEX disclosure_at ON disclosure(at);"
    "CREATE TRIGGER disclosure_no_update BEFORE UPDATE ON disclosure"
    " BEGIN SELECT RAISE(ABORT, 'the disclosure trail is append-only'); END;"
    "CREATE TRIGGER disclosure_no_delete BEFORE DELETE ON disclosure"
    " BEGIN SELECT RAISE(ABORT, 'the disclosure trail is append-only'); END;"
    "PRAGMA user_version = 2;";

/* Version 1 had an index by SSID: every row went into it at a random place, so each
 * commit of a few hundred rows wrote as many index pages (bench/api: a third of the
 * server's time in the trail's pread and pwrite). Version 2 indexes only the time, which
 * grows with the rows: an append touches the last pages only. */
static const char TRAIL_V2[] = "DROP INDEX IF EXISTS disclosure_ssid;"
                               "CREATE INDEX disclosure_at ON disclosure(at);"
                               "PRAGMA user_version = 2;";

static const char SQL_INSERT[] =
    "INSERT INTO disclosure(at, credential, leas, ssid, endpoint, report_ids, client)"
    " VALUES(?,?,?,?,?,?,?)";
static const char SQL_LIST[] =
    "SELECT id, at, credential, leas, ssid, endpoint, report_ids, client FROM disclosure"
    " WHERE at >= ?1 AND (?2 IS NULL OR ssid = ?2)"
    " AND (?3 IS NULL OR instr(',' || leas || ',', ',' || ?3 || ',') > 0)"
    " ORDER BY id";

struct sqlite_trail {
  sqlite3 *db;
  sqlite3_stmt *insert, *list;
};

int sqlite_trail_path(const char *db_path, char *out, size_t n, struct sb_err *err) {
  size_t len = strlen(db_path);
  if (len >= 3 && strcmp(db_path + len - 3, ".db") == 0) len -= 3;
  int w = snprintf(out, n, "%.*s%s", (int)len, db_path, TRAIL_SUFFIX);
  if (w < 0 || (size_t)w >= n) return sb_err_set(err, "disclosure trail: path too long");
  return 0;
}

void sqlite_trail_close(struct sqlite_trail *t) {
  if (t == NULL) return;
  sqlite3_finalize(t->insert);
  sqlite3_finalize(t->list);
  sqlite3_close(t->db);
  free(t);
}

static int trail_version(sqlite3 *db, int *version, struct sb_err *err) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
    return sqlite_fail(db, err, "disclosure trail: read its version");
  *version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
  sqlite3_finalize(q);
  return 0;
}

/* Creates the table in a new file; refuses a file written by a newer program. */
static int trail_migrate(sqlite3 *db, struct sb_err *err) {
  int version;
  if (trail_version(db, &version, err)) return -1;
  if (version == TRAIL_VERSION) return 0;
  if (version > TRAIL_VERSION)
    return sb_err_set(err, "disclosure trail version %d is newer than this program (%d)", version,
                      TRAIL_VERSION);
  if (sqlite_exec(db, "BEGIN IMMEDIATE", err)) return -1;
  /* Another connection may have created it while we waited for the lock. */
  if (trail_version(db, &version, err) || (version == 0 && sqlite_exec(db, TRAIL_SCHEMA, err)) ||
      (version == 1 && sqlite_exec(db, TRAIL_V2, err)) || sqlite_exec(db, "COMMIT", err)) {
    sqlite_exec(db, "ROLLBACK", NULL);
    return -1;
  }
  return 0;
}

struct sqlite_trail *sqlite_trail_open(const char *db_path, struct sb_err *err) {
  char path[4096];
  if (sqlite_trail_path(db_path, path, sizeof path, err)) return NULL;
  struct sqlite_trail *t = calloc(1, sizeof *t);
  if (t == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  if ((t->db = sqlite_connect(path, "disclosure trail", err)) == NULL ||
      trail_migrate(t->db, err)) {
    sqlite_trail_close(t);
    return NULL;
  }
  return t;
}

/* The connection's trail, opened on first use. */
static struct sqlite_trail *trail_of(void *impl, struct sb_err *err) {
  struct sqlite_trail **tp = sqlite_store_trail(impl);
  if (*tp == NULL) *tp = sqlite_trail_open(sqlite_store_path(impl), err);
  return *tp;
}

static void reset(sqlite3_stmt *q) {
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
}

/* Binds the seven stored fields of d from parameter first on. */
static void bind_fields(sqlite3_stmt *q, int first, const struct disclosure *d) {
  sqlite3_bind_int64(q, first, d->at);
  sqlite3_bind_text(q, first + 1, d->credential, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, first + 2, d->leas, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, first + 3, d->ssid, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, first + 4, d->endpoint, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, first + 5, d->report_ids, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, first + 6, d->client, -1, SQLITE_STATIC);
}

/* A process's writers take turns here instead of in SQLite's busy handler, which sleeps
 * in steps of milliseconds when the write lock is taken (this runs on the API's hot
 * path). Other processes (the CLI) still meet the busy handler. */
static pthread_mutex_t write_turn = PTHREAD_MUTEX_INITIALIZER;

int sqlite_disclosure_append(void *impl, struct disclosure *d, size_t n, struct sb_err *err) {
  if (n == 0) return 0;
  struct sqlite_trail *t = trail_of(impl, err);
  if (t == NULL) return -1;
  sqlite3_stmt *q = sqlite_prepared(t->db, &t->insert, SQL_INSERT, err);
  if (q == NULL) return -1;
  pthread_mutex_lock(&write_turn);
  int rc = n > 1 ? sqlite_exec(t->db, "BEGIN IMMEDIATE", err) : 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    bind_fields(q, 1, &d[i]);
    int step = sqlite3_step(q);
    reset(q);
    if (step != SQLITE_DONE)
      rc = sqlite_fail(t->db, err, "record disclosure");
    else
      d[i].id = sqlite3_last_insert_rowid(t->db);
  }
  if (n > 1 && rc == 0) rc = sqlite_exec(t->db, "COMMIT", err);
  if (rc != 0 && !sqlite3_get_autocommit(t->db)) sqlite_exec(t->db, "ROLLBACK", NULL);
  pthread_mutex_unlock(&write_turn);
  return rc;
}

int sqlite_disclosure_list(void *impl, const char *ssid, const char *lea, int64_t since,
                           store_disclosure_fn fn, void *ctx, struct sb_err *err) {
  struct sqlite_trail *t = trail_of(impl, err);
  if (t == NULL) return -1;
  sqlite3_stmt *q = sqlite_prepared(t->db, &t->list, SQL_LIST, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, since);
  if (ssid) sqlite3_bind_text(q, 2, ssid, -1, SQLITE_STATIC);
  if (lea) sqlite3_bind_text(q, 3, lea, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct disclosure d;
    memset(&d, 0, sizeof d);
    d.id = sqlite3_column_int64(q, 0);
    d.at = sqlite3_column_int64(q, 1);
    sqlite_column_copy(d.credential, sizeof d.credential, q, 2);
    sqlite_column_copy(d.leas, sizeof d.leas, q, 3);
    sqlite_column_copy(d.ssid, sizeof d.ssid, q, 4);
    sqlite_column_copy(d.endpoint, sizeof d.endpoint, q, 5);
    sqlite_column_copy(d.report_ids, sizeof d.report_ids, q, 6);
    sqlite_column_copy(d.client, sizeof d.client, q, 7);
    if (fn(ctx, &d) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  reset(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(t->db, err, "read disclosures");
}

/* --- version 7 of the main database: the trail moves out --- */

static int table_exists(sqlite3 *db, const char *name, int *exists, struct sb_err *err) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                         -1, &q, NULL) != SQLITE_OK)
    return sqlite_fail(db, err, "read the schema");
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  *exists = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
  sqlite3_finalize(q);
  return 0;
}

/* Copies main's rows into the trail, keeping their ids (INSERT OR IGNORE: a copy that
 * was committed before a crash, whose main-side drop was not, is not copied twice). */
static int copy_rows(sqlite3 *main_db, struct sqlite_trail *t, struct sb_err *err) {
  sqlite3_stmt *r = NULL, *w = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(main_db,
                         "SELECT id, at, credential, leas, ssid, endpoint, report_ids, client"
                         " FROM disclosure ORDER BY id",
                         -1, &r, NULL) != SQLITE_OK)
    rc = sqlite_fail(main_db, err, "read the disclosures to move");
  else if (sqlite3_prepare_v2(t->db,
                              "INSERT OR IGNORE INTO disclosure(id, at, credential, leas, ssid,"
                              " endpoint, report_ids, client) VALUES(?,?,?,?,?,?,?,?)",
                              -1, &w, NULL) != SQLITE_OK)
    rc = sqlite_fail(t->db, err, "prepare the move of the disclosures");
  int step = SQLITE_DONE;
  while (rc == 0 && (step = sqlite3_step(r)) == SQLITE_ROW) {
    for (int c = 0; c < 8; c++)
      sqlite3_bind_value(w, c + 1, sqlite3_column_value(r, c));
    if (sqlite3_step(w) != SQLITE_DONE) rc = sqlite_fail(t->db, err, "move a disclosure");
    reset(w);
  }
  if (rc == 0 && step != SQLITE_DONE) rc = sqlite_fail(main_db, err, "read the disclosures");
  sqlite3_finalize(r);
  sqlite3_finalize(w);
  return rc;
}

int sqlite_trail_adopt(sqlite3 *main_db, const char *db_path, struct sb_err *err) {
  int exists = 0;
  if (table_exists(main_db, "disclosure", &exists, err)) return -1;
  if (!exists) return 0;
  struct sqlite_trail *t = sqlite_trail_open(db_path, err);
  if (t == NULL) return -1;
  int rc = sqlite_exec(t->db, "BEGIN IMMEDIATE", err);
  if (rc == 0) rc = copy_rows(main_db, t, err);
  if (rc == 0) rc = sqlite_exec(t->db, "COMMIT", err);
  if (rc != 0 && !sqlite3_get_autocommit(t->db)) sqlite_exec(t->db, "ROLLBACK", NULL);
  sqlite_trail_close(t);
  if (rc != 0) return -1;
  /* Committed in the trail: now gone from main, in the migration's transaction. */
  return sqlite_exec(main_db,
                     "DROP TRIGGER disclosure_no_update; DROP TRIGGER disclosure_no_delete;"
                     " DROP TABLE disclosure;",
                     err);
}
