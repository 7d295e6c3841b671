/* sqlite_feed.c - schema version 6 of the SQLite backend: the report change log behind
 * GET /v3/score-reports/changes (store.h). (Version 6 also created the disclosure trail
 * here; version 7 moved it to a file of its own: sqlite_trail.c.)
 *
 * report_change holds one row per report: its latest change. A registration that inserts
 * or changes a report replaces that row (INSERT OR REPLACE on the UNIQUE report_id), which
 * draws a new seq from AUTOINCREMENT: never reused, always above every seq before. Since
 * SQLite has one writer at a time and seq is drawn inside the writing transaction, seqs
 * become visible in increasing order: a reader that has seen seq N will never later find
 * a new change numbered N or below. Statements are prepared once per connection (struct
 * sqlite_feed, freed with the connection). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

static const char SCHEMA_V6[] =
    "CREATE TABLE report_change("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " report_id INTEGER NOT NULL UNIQUE,"
    " ssid TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " at INTEGER NOT NULL);"
    /* The reports registered before version 6, oldest first, as "added". */
    "INSERT INTO report_change(report_id, ssid, kind, at)"
    " SELECT id, ssid, 'added', updated_at FROM report ORDER BY updated_at, id;";

enum feed_stmt { F_NOTE, F_CHANGES, F_COUNT };

static const char *FEED_SQL[F_COUNT] = {
    [F_NOTE] = "INSERT OR REPLACE INTO report_change(report_id, ssid, kind, at) VALUES(?,?,?,?)",
    [F_CHANGES] =
        "SELECT c.seq, c.kind, r.id, r.ssid, r.type, r.lang, r.year, r.format, r.content_area,"
        " r.grade, r.final, r.content_type"
        " FROM report_change c JOIN report r ON r.id = c.report_id"
        " WHERE c.seq > ?1 AND EXISTS (SELECT 1 FROM enrollment e WHERE e.ssid = c.ssid"
        " AND e.lea IN (SELECT value FROM json_each(?2)))"
        " ORDER BY c.seq LIMIT ?3",
};

struct sqlite_feed {
  sqlite3_stmt *st[F_COUNT];
};

int sqlite_feed_migrate(sqlite3 *db, struct sb_err *err) {
  return sqlite_exec(db, SCHEMA_V6, err);
}

void sqlite_feed_free(struct sqlite_feed *f) {
  if (f == NULL) return;
  for (int i = 0; i < F_COUNT; i++)
    sqlite3_finalize(f->st[i]);
  free(f);
}

static sqlite3_stmt *fstmt(void *impl, enum feed_stmt id, struct sb_err *err) {
  struct sqlite_feed **fp = sqlite_store_feed(impl);
  sqlite3 *db = store_sqlite_db(impl);
  if (*fp == NULL && (*fp = calloc(1, sizeof **fp)) == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  struct sqlite_feed *f = *fp;
  if (f->st[id] == NULL && sqlite3_prepare_v3(db, FEED_SQL[id], -1, SQLITE_PREPARE_PERSISTENT,
                                              &f->st[id], NULL) != SQLITE_OK) {
    sqlite_fail(db, err, "prepare");
    return NULL;
  }
  return f->st[id];
}

static void fdone(sqlite3_stmt *q) {
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
}

int sqlite_feed_note_change(void *impl, int64_t report_id, const char *ssid, const char *kind,
                            int64_t at, struct sb_err *err) {
  sqlite3_stmt *q = fstmt(impl, F_NOTE, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, report_id);
  sqlite3_bind_text(q, 2, ssid, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 4, at);
  int rc = sqlite3_step(q);
  fdone(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "record report change");
}

int sqlite_changes_read(void *impl, int64_t since, const char *const *leas, size_t nleas,
                        size_t max_rows, store_change_fn fn, void *ctx, size_t *rows,
                        struct sb_err *err) {
  *rows = 0;
  /* The LEAs as a JSON array of strings (LEA codes are 7 digits: nothing to escape). */
  char arr[CRED_MAX_LEAS * 11 + 3];
  size_t off = 0;
  arr[off++] = '[';
  for (size_t i = 0; i < nleas && i < CRED_MAX_LEAS; i++) {
    int n = snprintf(arr + off, sizeof arr - off, "%s\"%.7s\"", i ? "," : "", leas[i]);
    if (n < 0 || (size_t)n >= sizeof arr - off) return sb_err_set(err, "too many LEAs");
    off += (size_t)n;
  }
  if (off + 2 > sizeof arr) return sb_err_set(err, "too many LEAs");
  arr[off++] = ']';
  arr[off] = '\0';
  sqlite3_stmt *q = fstmt(impl, F_CHANGES, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, since);
  sqlite3_bind_text(q, 2, arr, (int)off, SQLITE_STATIC);
  sqlite3_bind_int64(q, 3, (sqlite3_int64)max_rows);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct report_change c;
    memset(&c, 0, sizeof c);
    c.seq = sqlite3_column_int64(q, 0);
    sqlite_column_copy(c.kind, sizeof c.kind, q, 1);
    c.rep.id = sqlite3_column_int64(q, 2);
    sqlite_column_copy(c.rep.ssid, sizeof c.rep.ssid, q, 3);
    sqlite_column_copy(c.rep.type, sizeof c.rep.type, q, 4);
    sqlite_column_copy(c.rep.lang, sizeof c.rep.lang, q, 5);
    c.rep.year = sqlite3_column_int(q, 6);
    sqlite_column_copy(c.rep.format, sizeof c.rep.format, q, 7);
    sqlite_column_copy(c.rep.content_area, sizeof c.rep.content_area, q, 8);
    sqlite_column_copy(c.rep.grade, sizeof c.rep.grade, q, 9);
    c.rep.final = sqlite3_column_int(q, 10) != 0;
    sqlite_column_copy(c.rep.content_type, sizeof c.rep.content_type, q, 11);
    (*rows)++;
    if (fn(ctx, &c) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  fdone(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "read report changes");
}
