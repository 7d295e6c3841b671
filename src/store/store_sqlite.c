/* store_sqlite.c - the embedded SQLite backend of store.h.
 *
 * One struct sqlite_store per connection. Settings per c-stack.md §4.2: WAL,
 * synchronous=NORMAL, busy_timeout, foreign keys, BEGIN IMMEDIATE for every write
 * transaction, statements prepared once per connection and reset after each use.
 *
 * Enrollment history model: table enrollment keeps every span ever seen, keyed by
 * (ssid, lea, school, start_date, status). Importing a file upserts its records and
 * stamps them with the import id; at commit, spans of the file's LEAs that are still open
 * but were not in the file are closed at the as-of date (the file is a full snapshot for
 * those LEAs, so the student is no longer enrolled there). Exited spans are never
 * removed except by a D transaction: they are the history that decides the "last
 * enrolled LEA" of past years. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/listing.h"
#include "store/sqlite_internal.h"
#include "store/store_impl.h"
#include "util/buf.h"

#define SCHEMA_VERSION 7

/* Page cache per connection (negative values are KiB for PRAGMA cache_size): small for the
 * server's read connections, large only while an enrollment import runs. */
#define CACHE_KIB_SERVING "-8192"
#define CACHE_KIB_IMPORT "-393216"

static const char *SCHEMA_V1 =
    "CREATE TABLE credential("
    " id TEXT PRIMARY KEY,"
    " username TEXT NOT NULL UNIQUE,"
    " digest BLOB NOT NULL,"
    " name TEXT NOT NULL DEFAULT '',"
    " leas TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL,"
    " revoked_at INTEGER NOT NULL DEFAULT 0,"
    " generation INTEGER NOT NULL DEFAULT 1);"
    "CREATE TABLE enrollment("
    " ssid TEXT NOT NULL,"
    " lea TEXT NOT NULL,"
    " school TEXT NOT NULL,"
    " start_date INTEGER NOT NULL,"
    " status INTEGER NOT NULL,"
    " exit_date INTEGER NOT NULL DEFAULT 0,"
    " exit_reason TEXT NOT NULL DEFAULT '',"
    " grade TEXT NOT NULL,"
    " academic_year INTEGER NOT NULL,"
    " closed_absent INTEGER NOT NULL DEFAULT 0,"
    " last_import INTEGER NOT NULL,"
    " PRIMARY KEY(ssid, lea, school, start_date, status)) WITHOUT ROWID;"
    "CREATE INDEX enrollment_open ON enrollment(lea) WHERE exit_date = 0;"
    "CREATE TABLE enrollment_import("
    " id INTEGER PRIMARY KEY,"
    " sha256 TEXT NOT NULL,"
    " source TEXT NOT NULL DEFAULT '',"
    " as_of INTEGER NOT NULL DEFAULT 0,"
    " rows INTEGER NOT NULL DEFAULT 0,"
    " deleted INTEGER NOT NULL DEFAULT 0,"
    " closed INTEGER NOT NULL DEFAULT 0,"
    " leas TEXT NOT NULL DEFAULT '',"
    " imported_at INTEGER NOT NULL DEFAULT 0,"
    " done INTEGER NOT NULL DEFAULT 0);"
    /* Clustered by student (WITHOUT ROWID): the API reads all of one student's reports
     * at once, and they then sit together in one leaf page. id is the stable handle
     * temporary links carry. */
    "CREATE TABLE report("
    " id INTEGER NOT NULL UNIQUE,"
    " ssid TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " lang TEXT NOT NULL,"
    " year INTEGER NOT NULL,"
    " format TEXT NOT NULL,"
    " content_area TEXT NOT NULL,"
    " grade TEXT NOT NULL,"
    " final INTEGER NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " size INTEGER NOT NULL,"
    " content_type TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " PRIMARY KEY(ssid, type, lang, year, format, content_area)) WITHOUT ROWID;";

/* Version 2: one record per student holding the listing of all of that student's reports
 * (listing.h), kept by the store in step with the report table inside the same
 * transaction. Keyed by the SSID as a number: an integer key is the cheapest lookup
 * SQLite has and keeps the tree's interior pages few enough to stay cached, so listing a
 * student reads one leaf page instead of an index search over text keys and a dozen
 * rows (bench/api). */
static const char *SCHEMA_V2 = "CREATE TABLE student_reports("
                               " ssid INTEGER PRIMARY KEY," /* the 10-digit SSID as a number */
                               " listing BLOB NOT NULL);";

enum stmt_id {
  Q_CRED_INSERT,
  Q_CRED_BY_ID,
  Q_CRED_BY_USERNAME,
  Q_CRED_LIST,
  Q_CRED_REVOKE,
  Q_CRED_ROTATE,
  Q_SPANS,
  Q_REPORTS,
  Q_REPORT_BY_ID,
  Q_ENROLL_LAST,
  Q_ENROLL_IMPORT_NEW,
  Q_ENROLL_UPSERT,
  Q_ENROLL_DELETE,
  Q_ENROLL_CLOSE,
  Q_ENROLL_IMPORT_DONE,
  Q_REPORT_UPSERT,
  Q_REPORT_PREV,
  Q_LISTING_GET,
  Q_LISTING_PUT,
  Q_LISTING_DELETE,
  Q_REPORT_STUDENTS,
  Q_BEGIN,
  Q_COMMIT,
  Q_ROLLBACK,
  Q_PING,
  Q_COUNT
};

#define CRED_COLS "id, username, digest, name, leas, created_at, expires_at, revoked_at, generation"
/* The listing's columns first (REPORT_LIST_COLS below), then what serving a file needs. */
#define REPORT_COLS                                                                                \
  "id, ssid, type, lang, year, format, content_area, grade, final, content_type, sha256, size, "   \
  "updated_at"

/* What listing a student's reports needs: not the file's hash, size or timestamps, which
 * only serving a link reads (store_report_by_id). */
#define REPORT_LIST_COLS                                                                           \
  "id, ssid, type, lang, year, format, content_area, grade, final, content_type"

static const char *SQL[Q_COUNT] = {
    [Q_CRED_INSERT] = "INSERT INTO credential(" CRED_COLS ") VALUES(?,?,?,?,?,?,?,?,?)",
    [Q_CRED_BY_ID] = "SELECT " CRED_COLS " FROM credential WHERE id = ?",
    [Q_CRED_BY_USERNAME] = "SELECT " CRED_COLS " FROM credential WHERE username = ?",
    [Q_CRED_LIST] = "SELECT " CRED_COLS " FROM credential ORDER BY created_at, id",
    [Q_CRED_REVOKE] = "UPDATE credential SET revoked_at = ? WHERE id = ? AND revoked_at = 0",
    [Q_CRED_ROTATE] =
        "UPDATE credential SET digest = ?, expires_at = ?, generation = generation + 1"
        " WHERE id = ? AND revoked_at = 0",
    [Q_SPANS] = "SELECT ssid, lea, school, start_date, exit_date, status, exit_reason, grade,"
                " academic_year FROM enrollment WHERE ssid = ?",
    [Q_REPORTS] = "SELECT " REPORT_LIST_COLS " FROM report WHERE ssid = ?", /* sorted in C */
    [Q_REPORT_BY_ID] = "SELECT " REPORT_COLS " FROM report WHERE id = ?",
    [Q_ENROLL_LAST] =
        "SELECT sha256 FROM enrollment_import WHERE done = 1 ORDER BY id DESC LIMIT 1",
    [Q_ENROLL_IMPORT_NEW] = "INSERT INTO enrollment_import(sha256) VALUES(?)",
    [Q_ENROLL_UPSERT] =
        "INSERT INTO enrollment(ssid, lea, school, start_date, status, exit_date, exit_reason,"
        " grade, academic_year, closed_absent, last_import) VALUES(?,?,?,?,?,?,?,?,?,0,?)"
        " ON CONFLICT(ssid, lea, school, start_date, status) DO UPDATE SET"
        " exit_date = excluded.exit_date, exit_reason = excluded.exit_reason,"
        " grade = excluded.grade, academic_year = excluded.academic_year, closed_absent = 0,"
        " last_import = excluded.last_import",
    [Q_ENROLL_DELETE] = "DELETE FROM enrollment WHERE ssid = ? AND lea = ? AND school = ?"
                        " AND start_date = ? AND status = ?",
    [Q_ENROLL_CLOSE] = "UPDATE enrollment SET exit_date = max(?1, start_date), closed_absent = 1"
                       " WHERE lea = ?2 AND exit_date = 0 AND last_import <> ?3",
    [Q_ENROLL_IMPORT_DONE] = "UPDATE enrollment_import SET source = ?, as_of = ?, rows = ?,"
                             " deleted = ?, closed = ?, leas = ?, imported_at = ?, done = 1"
                             " WHERE id = ?",
    [Q_REPORT_UPSERT] =
        "INSERT INTO report(id, ssid, type, lang, year, format, content_area, grade, final,"
        " sha256, size, content_type, created_at, updated_at)"
        " VALUES((SELECT coalesce(max(id), 0) + 1 FROM report),?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(ssid, type, lang, year, format, content_area) DO UPDATE SET"
        " grade = excluded.grade, final = excluded.final, sha256 = excluded.sha256,"
        " size = excluded.size, content_type = excluded.content_type,"
        " updated_at = excluded.updated_at"
        " WHERE grade IS NOT excluded.grade OR final IS NOT excluded.final"
        " OR sha256 IS NOT excluded.sha256 OR content_type IS NOT excluded.content_type"
        " RETURNING id",
    /* What the report was before a registration changes it: the change's kind (feed). */
    [Q_REPORT_PREV] = "SELECT final FROM report WHERE ssid = ? AND type = ? AND lang = ?"
                      " AND year = ? AND format = ? AND content_area = ?",
    [Q_LISTING_GET] = "SELECT listing FROM student_reports WHERE ssid = ?",
    [Q_LISTING_PUT] = "INSERT OR REPLACE INTO student_reports(ssid, listing) VALUES(?, ?)",
    [Q_LISTING_DELETE] = "DELETE FROM student_reports WHERE ssid = ?",
    [Q_REPORT_STUDENTS] = "SELECT DISTINCT ssid FROM report",
    /* Prepared once: a read snapshot per request is the API's hot path. */
    [Q_BEGIN] = "BEGIN",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PING] = "SELECT count(*) FROM sqlite_master",
};

struct sqlite_store {
  sqlite3 *db;
  sqlite3_stmt *st[Q_COUNT];
  /* enrollment import in progress */
  int64_t import_id;
  long rows, deleted;
  char (*leas)[8]; /* the LEAs the file contains, in order of appearance */
  size_t nleas, capleas;
  uint32_t *lea_set; /* open-addressing set of those LEAs as numbers (0 = empty slot) */
  size_t lea_set_cap;
  uint32_t last_lea; /* the previous record's LEA: most files come grouped by LEA */
  /* report registration in progress: students whose listing must be rebuilt at commit */
  int64_t *touched;
  size_t ntouched, captouched;
  struct sqlite_scores *scores;       /* sqlite_scores.c's statements */
  struct sqlite_analytics *analytics; /* sqlite_analytics.c's statements */
  struct sqlite_feed *feed;           /* sqlite_feed.c's statements */
  struct sqlite_trail *trail;         /* sqlite_trail.c's connection, opened on first use */
  char *path;                         /* the database file's path (the trail's is beside it) */
};

struct sqlite_trail **sqlite_store_trail(void *impl) {
  return &((struct sqlite_store *)impl)->trail;
}

const char *sqlite_store_path(void *impl) {
  return ((struct sqlite_store *)impl)->path;
}

struct sqlite_feed **sqlite_store_feed(void *impl) {
  return &((struct sqlite_store *)impl)->feed;
}

struct sqlite_scores **sqlite_store_scores(void *impl) {
  return &((struct sqlite_store *)impl)->scores;
}

struct sqlite_analytics **sqlite_store_analytics(void *impl) {
  return &((struct sqlite_store *)impl)->analytics;
}

int sqlite_fail(sqlite3 *db, struct sb_err *err, const char *what) {
  return sb_err_set(err, "database: %s: %s", what, sqlite3_errmsg(db));
}

sqlite3_stmt *sqlite_prepared(sqlite3 *db, sqlite3_stmt **slot, const char *sql,
                              struct sb_err *err) {
  if (*slot == NULL &&
      sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
    sqlite_fail(db, err, "prepare");
    return NULL;
  }
  return *slot;
}

int sqlite_exec(sqlite3 *db, const char *sql, struct sb_err *err) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    sb_err_set(err, "database: %s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

void sqlite_column_copy(char *dst, size_t n, sqlite3_stmt *q, int col) {
  const unsigned char *t = sqlite3_column_text(q, col);
  size_t len = t ? (size_t)sqlite3_column_bytes(q, col) : 0;
  if (len >= n) len = n - 1;
  if (len) memcpy(dst, t, len);
  dst[len] = '\0';
}

sqlite3 *sqlite_connect(const char *path, const char *what, struct sb_err *err) {
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
    sb_err_set(err, "cannot open the %s %s: %s", what, path,
               db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 10000);
  if (sqlite_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", err) != 0) {
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

static int db_fail(struct sqlite_store *s, struct sb_err *err, const char *what) {
  return sqlite_fail(s->db, err, what);
}

static sqlite3_stmt *stmt(struct sqlite_store *s, enum stmt_id id, struct sb_err *err) {
  if (s->st[id] == NULL && sqlite3_prepare_v3(s->db, SQL[id], -1, SQLITE_PREPARE_PERSISTENT,
                                              &s->st[id], NULL) != SQLITE_OK) {
    db_fail(s, err, "prepare");
    return NULL;
  }
  return s->st[id];
}

static void done(sqlite3_stmt *q) {
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
}

/* Runs one of the prepared statements that take no parameters and return no rows. */
static int run(struct sqlite_store *s, enum stmt_id id, struct sb_err *err) {
  sqlite3_stmt *q = stmt(s, id, err);
  if (q == NULL) return -1;
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? 0 : db_fail(s, err, SQL[id]);
}

static int exec(struct sqlite_store *s, const char *sql, struct sb_err *err) {
  return sqlite_exec(s->db, sql, err);
}

static void sqlite_close(void *impl) {
  struct sqlite_store *s = impl;
  if (s == NULL) return;
  for (int i = 0; i < Q_COUNT; i++)
    sqlite3_finalize(s->st[i]);
  sqlite_scores_free(s->scores);
  sqlite_analytics_free(s->analytics);
  sqlite_feed_free(s->feed);
  sqlite_trail_close(s->trail);
  if (s->db) sqlite3_close(s->db);
  free(s->path);
  free(s->leas);
  free(s->lea_set);
  free(s->touched);
  free(s);
}

static int rebuild_all_listings(struct sqlite_store *s, struct sb_err *err);

static int migrate(struct sqlite_store *s, struct sb_err *err) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
    return db_fail(s, err, "read schema version");
  int version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
  sqlite3_finalize(q);
  if (version == SCHEMA_VERSION) return 0;
  if (version > SCHEMA_VERSION)
    return sb_err_set(err, "database schema version %d is newer than this program (%d)", version,
                      SCHEMA_VERSION);
  if (exec(s, "BEGIN IMMEDIATE", err)) return -1;
  /* Another process may have migrated while we waited for the lock. */
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK) {
    exec(s, "ROLLBACK", NULL);
    return db_fail(s, err, "read schema version");
  }
  version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
  sqlite3_finalize(q);
  /* Version 1 to 2: the per-student listings, built from the reports already there.
   * Version 3: web users, sessions, audit log (store_sqlite_web.c).
   * Version 4: score data file uploads and score rows (sqlite_scores.c).
   * Version 5: dashboard aggregates (sqlite_analytics.c); the cells of files loaded before
   * are computed by the server's worker (store_agg_missing).
   * Version 6: the report change log (every report there so far, as added) and the
   * disclosure trail (sqlite_feed.c).
   * Version 7: the disclosure trail moves to a file of its own (sqlite_trail.c); a
   * database made at version 7 or later never had it. */
  if ((version == 0 && exec(s, SCHEMA_V1, err)) || (version <= 1 && exec(s, SCHEMA_V2, err)) ||
      (version == 1 && rebuild_all_listings(s, err)) ||
      (version <= 2 && exec(s, STORE_SQLITE_SCHEMA_V3, err)) ||
      (version <= 3 && sqlite_scores_migrate(s->db, err)) ||
      (version <= 4 && sqlite_analytics_migrate(s->db, err)) ||
      (version <= 5 && sqlite_feed_migrate(s->db, err)) ||
      (version <= 6 && sqlite_trail_adopt(s->db, s->path, err))) {
    exec(s, "ROLLBACK", NULL);
    return -1;
  }
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SCHEMA_VERSION);
  if (exec(s, sql, err) || exec(s, "COMMIT", err)) {
    exec(s, "ROLLBACK", NULL);
    return -1;
  }
  return 0;
}

/* Memory statistics make every SQLite allocation take a global mutex; we never read
 * them. Must run before SQLite initialises, so once per process. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static void configure_sqlite(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void *store_sqlite_open(const char *path, struct sb_err *err) {
  pthread_once(&config_once, configure_sqlite);
  struct sqlite_store *s = calloc(1, sizeof *s);
  if (s == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  if ((s->path = strdup(path)) == NULL) {
    sb_err_set(err, "out of memory");
    sqlite_close(s);
    return NULL;
  }
  if ((s->db = sqlite_connect(path, "database", err)) == NULL ||
      exec(s,
           "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
           " PRAGMA cache_size = " CACHE_KIB_SERVING "; PRAGMA journal_size_limit = 67108864;",
           err) ||
      migrate(s, err)) {
    sqlite_close(s);
    return NULL;
  }
  return s;
}

/* Copies a column's text into a fixed field, truncating to fit (the schema's values are
 * all shorter than their fields). A plain copy: this runs for every column of every row
 * the API reads. */

/* Splits "0011111,0022222" into c->leas. */
static void parse_leas(struct credential *c, const char *s) {
  c->nleas = 0;
  while (s && *s && c->nleas < CRED_MAX_LEAS) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    if (len > 0 && len < 8) {
      memcpy(c->leas[c->nleas], s, len);
      c->leas[c->nleas][len] = '\0';
      c->nleas++;
    }
    if (comma == NULL) break;
    s = comma + 1;
  }
}

static void read_credential(sqlite3_stmt *q, struct credential *c) {
  memset(c, 0, sizeof *c);
  sqlite_column_copy(c->id, sizeof c->id, q, 0);
  sqlite_column_copy(c->username, sizeof c->username, q, 1);
  const void *d = sqlite3_column_blob(q, 2);
  if (d && sqlite3_column_bytes(q, 2) == 32) memcpy(c->digest, d, 32);
  sqlite_column_copy(c->name, sizeof c->name, q, 3);
  parse_leas(c, (const char *)sqlite3_column_text(q, 4));
  c->created_at = sqlite3_column_int64(q, 5);
  c->expires_at = sqlite3_column_int64(q, 6);
  c->revoked_at = sqlite3_column_int64(q, 7);
  c->generation = sqlite3_column_int(q, 8);
}

static int sqlite_credential_create(void *impl, const struct credential *c, struct sb_err *err) {
  struct sqlite_store *s = impl;
  char leas[CRED_MAX_LEAS * 8 + 1] = "";
  size_t off = 0;
  for (size_t i = 0; i < c->nleas; i++) {
    int n = snprintf(leas + off, sizeof leas - off, "%s%s", i ? "," : "", c->leas[i]);
    if (n < 0 || (size_t)n >= sizeof leas - off) return sb_err_set(err, "too many LEAs");
    off += (size_t)n;
  }
  sqlite3_stmt *q = stmt(s, Q_CRED_INSERT, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, c->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, c->username, -1, SQLITE_STATIC);
  sqlite3_bind_blob(q, 3, c->digest, 32, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, c->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, leas, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 6, c->created_at);
  sqlite3_bind_int64(q, 7, c->expires_at);
  sqlite3_bind_int64(q, 8, c->revoked_at);
  sqlite3_bind_int(q, 9, c->generation);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "create credential");
  return 0;
}

static int sqlite_credential_get(void *impl, const char *key, bool by_username,
                                 struct credential *out, struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, by_username ? Q_CRED_BY_USERNAME : Q_CRED_BY_ID, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) read_credential(q, out);
  done(q);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return db_fail(s, err, "read credential");
}

static int sqlite_credential_list(void *impl, store_credential_fn fn, void *ctx,
                                  struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, Q_CRED_LIST, err);
  if (q == NULL) return -1;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct credential c;
    read_credential(q, &c);
    if (fn(ctx, &c) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : db_fail(s, err, "list credentials");
}

static int sqlite_credential_revoke(void *impl, const char *id, int64_t now, struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, Q_CRED_REVOKE, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, now);
  sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "revoke credential");
  return sqlite3_changes(s->db) > 0 ? 1 : 0;
}

static int sqlite_credential_rotate(void *impl, const char *id, const unsigned char digest[32],
                                    int64_t expires_at, struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, Q_CRED_ROTATE, err);
  if (q == NULL) return -1;
  sqlite3_bind_blob(q, 1, digest, 32, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, expires_at);
  sqlite3_bind_text(q, 3, id, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "rotate credential");
  return sqlite3_changes(s->db) > 0 ? 1 : 0;
}

static void read_report_listing(sqlite3_stmt *q, struct report *r) {
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(q, 0);
  sqlite_column_copy(r->ssid, sizeof r->ssid, q, 1);
  sqlite_column_copy(r->type, sizeof r->type, q, 2);
  sqlite_column_copy(r->lang, sizeof r->lang, q, 3);
  r->year = sqlite3_column_int(q, 4);
  sqlite_column_copy(r->format, sizeof r->format, q, 5);
  sqlite_column_copy(r->content_area, sizeof r->content_area, q, 6);
  sqlite_column_copy(r->grade, sizeof r->grade, q, 7);
  r->final = sqlite3_column_int(q, 8) != 0;
  sqlite_column_copy(r->content_type, sizeof r->content_type, q, 9);
}

static void read_report(sqlite3_stmt *q, struct report *r) {
  read_report_listing(q, r);
  sqlite_column_copy(r->sha256, sizeof r->sha256, q, 10);
  r->size = sqlite3_column_int64(q, 11);
  r->updated_at = sqlite3_column_int64(q, 12);
}

/* Grows *arr (elements of size sz) to hold at least n+1 elements. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz) {
  if (n < *cap) return 0;
  size_t nc = *cap ? *cap * 2 : 8;
  void *p = realloc(*arr, nc * sz);
  if (p == NULL) return -1;
  *arr = p;
  *cap = nc;
  return 0;
}

/* The SSID as the listing table's key: exactly 10 digits, else -1 (no such student). */
static int64_t ssid_key(const char *ssid) {
  int64_t v = 0;
  size_t i = 0;
  for (; i < 10; i++) {
    if (ssid[i] < '0' || ssid[i] > '9') return -1;
    v = v * 10 + (ssid[i] - '0');
  }
  return ssid[i] == '\0' ? v : -1;
}

/* Rebuilds one student's listing from the report table (inside the caller's write
 * transaction): every report of the student, in listing order; no record when none. */
static int rebuild_listing(struct sqlite_store *s, int64_t key, struct buf *enc,
                           struct report **arr, size_t *cap, struct sb_err *err) {
  char ssid[11];
  snprintf(ssid, sizeof ssid, "%010lld", (long long)key);
  sqlite3_stmt *q = stmt(s, Q_REPORTS, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, ssid, -1, SQLITE_STATIC);
  size_t n = 0;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    if (grow((void **)arr, cap, n, sizeof **arr)) {
      done(q);
      return sb_err_set(err, "out of memory");
    }
    read_report_listing(q, &(*arr)[n++]);
  }
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "read reports");
  if (n == 0) {
    if ((q = stmt(s, Q_LISTING_DELETE, err)) == NULL) return -1;
    sqlite3_bind_int64(q, 1, key);
  } else {
    listing_sort(*arr, n);
    buf_reset(enc);
    if (listing_encode(*arr, n, enc, err) != 0) return -1;
    if ((q = stmt(s, Q_LISTING_PUT, err)) == NULL) return -1;
    sqlite3_bind_int64(q, 1, key);
    sqlite3_bind_blob(q, 2, enc->data, (int)enc->len, SQLITE_STATIC);
  }
  rc = sqlite3_step(q);
  done(q);
  return rc == SQLITE_DONE ? 0 : db_fail(s, err, "store listing");
}

static int cmp_key(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Rebuilds the listings of the students touched by the registration in progress. */
static int rebuild_touched(struct sqlite_store *s, struct sb_err *err) {
  qsort(s->touched, s->ntouched, sizeof *s->touched, cmp_key);
  struct buf enc;
  buf_init(&enc, (size_t)1 << 24);
  struct report *arr = NULL;
  size_t cap = 0;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < s->ntouched; i++) {
    if (i > 0 && s->touched[i] == s->touched[i - 1]) continue;
    rc = rebuild_listing(s, s->touched[i], &enc, &arr, &cap, err);
  }
  free(arr);
  buf_free(&enc);
  s->ntouched = 0;
  return rc;
}

/* Schema migration to version 2: a listing for every student with reports. */
static int rebuild_all_listings(struct sqlite_store *s, struct sb_err *err) {
  sqlite3_stmt *q = stmt(s, Q_REPORT_STUDENTS, err);
  if (q == NULL) return -1;
  int rc;
  s->ntouched = 0;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    int64_t key = ssid_key((const char *)sqlite3_column_text(q, 0));
    if (key < 0) continue; /* not an SSID the API could ask for */
    if (grow((void **)&s->touched, &s->captouched, s->ntouched, sizeof *s->touched)) {
      done(q);
      return sb_err_set(err, "out of memory");
    }
    s->touched[s->ntouched++] = key;
  }
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "list students with reports");
  return rebuild_touched(s, err);
}

static int sqlite_student_load(void *impl, const char *ssid, struct enrollment_span **spans,
                               size_t *nspans, struct report **reports, size_t *nreports,
                               struct sb_err *err) {
  struct sqlite_store *s = impl;
  bool want_reports = reports != NULL; /* else spans only: the listing is not read */
  struct report *no_reports = NULL;
  size_t no_count = 0;
  if (!want_reports) {
    reports = &no_reports;
    nreports = &no_count;
  }
  *spans = NULL;
  *reports = NULL;
  *nspans = *nreports = 0;
  size_t cap = 0;
  /* One read transaction: both reads see the same snapshot (an import committing in
   * between cannot pair old spans with new reports), and the file locks are taken once. */
  bool txn = sqlite3_get_autocommit(s->db) && run(s, Q_BEGIN, err) == 0;
  sqlite3_stmt *q = stmt(s, Q_SPANS, err);
  if (q == NULL) goto fail_quiet;
  sqlite3_bind_text(q, 1, ssid, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    if (grow((void **)spans, &cap, *nspans, sizeof **spans)) {
      rc = SQLITE_NOMEM;
      break;
    }
    struct enrollment_span *e = &(*spans)[(*nspans)++];
    memset(e, 0, sizeof *e);
    sqlite_column_copy(e->ssid, sizeof e->ssid, q, 0);
    sqlite_column_copy(e->lea, sizeof e->lea, q, 1);
    sqlite_column_copy(e->school, sizeof e->school, q, 2);
    e->start = sqlite3_column_int(q, 3);
    e->exit = sqlite3_column_int(q, 4);
    e->status = sqlite3_column_int(q, 5);
    sqlite_column_copy(e->exit_reason, sizeof e->exit_reason, q, 6);
    sqlite_column_copy(e->grade, sizeof e->grade, q, 7);
    e->academic_year = sqlite3_column_int(q, 8);
  }
  done(q);
  if (rc != SQLITE_DONE) goto fail;
  int64_t key = ssid_key(ssid);
  if (want_reports && key >= 0) {
    if ((q = stmt(s, Q_LISTING_GET, err)) == NULL) goto fail_quiet;
    sqlite3_bind_int64(q, 1, key);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
      /* Already in listing order (rebuilt on every change). */
      int dec = listing_decode(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0), ssid,
                               reports, nreports, err);
      done(q);
      if (dec != 0) goto fail_quiet;
    } else {
      done(q);
      if (rc != SQLITE_DONE) goto fail;
    }
  }
  if (txn) run(s, Q_COMMIT, NULL);
  return *nspans > 0 || *nreports > 0 ? 1 : 0;
fail:
  db_fail(s, err, "load student");
fail_quiet:
  if (txn) run(s, Q_ROLLBACK, NULL);
  free(*spans);
  free(*reports);
  *spans = NULL;
  *reports = NULL;
  *nspans = *nreports = 0;
  return -1;
}

static int sqlite_report_by_id(void *impl, int64_t id, struct report *out, struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, Q_REPORT_BY_ID, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) read_report(q, out);
  done(q);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  return db_fail(s, err, "read report");
}

static int sqlite_enroll_seen(void *impl, const char *sha256, struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, Q_ENROLL_LAST, err);
  if (q == NULL) return -1;
  int rc = sqlite3_step(q);
  int seen = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), sha256) == 0;
  done(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail(s, err, "read imports");
  return seen;
}

static void sqlite_enroll_abort(void *impl);

static int sqlite_enroll_begin(void *impl, const char *sha256, struct sb_err *err) {
  struct sqlite_store *s = impl;
  s->rows = s->deleted = 0;
  s->nleas = 0;
  s->last_lea = 0;
  if (s->lea_set) memset(s->lea_set, 0, s->lea_set_cap * sizeof *s->lea_set);
  /* A statewide snapshot rewrites most of the table in one transaction: with the
   * server-sized page cache SQLite would keep spilling dirty pages into the WAL and reading
   * them back. Give the importing connection a large cache for the import only (bounded:
   * bench/senr holds the whole import under 1 GB resident). */
  if (exec(s, "PRAGMA cache_size = " CACHE_KIB_IMPORT, err)) return -1;
  if (exec(s, "BEGIN IMMEDIATE", err)) goto fail;
  sqlite3_stmt *q = stmt(s, Q_ENROLL_IMPORT_NEW, err);
  if (q == NULL) goto fail;
  sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) {
    db_fail(s, err, "start import");
    goto fail;
  }
  s->import_id = sqlite3_last_insert_rowid(s->db);
  return 0;
fail:
  sqlite_enroll_abort(s);
  return -1;
}

/* The LEA code as a number + 1 (so 0 marks an empty slot); LEA codes are 7 digits. */
static uint32_t lea_number(const char *lea) {
  uint32_t v = 0;
  for (int i = 0; i < 7 && lea[i]; i++)
    v = v * 10 + (uint32_t)(lea[i] - '0');
  return v + 1;
}

static bool lea_set_add(struct sqlite_store *s, uint32_t key, bool *added) {
  if ((s->nleas + 1) * 2 > s->lea_set_cap) {
    size_t cap = s->lea_set_cap ? s->lea_set_cap * 2 : 256;
    uint32_t *set = calloc(cap, sizeof *set);
    if (set == NULL) return false;
    for (size_t i = 0; i < s->lea_set_cap; i++) {
      if (s->lea_set[i] == 0) continue;
      size_t j = (s->lea_set[i] * 2654435761u) & (cap - 1);
      while (set[j])
        j = (j + 1) & (cap - 1);
      set[j] = s->lea_set[i];
    }
    free(s->lea_set);
    s->lea_set = set;
    s->lea_set_cap = cap;
  }
  size_t j = (key * 2654435761u) & (s->lea_set_cap - 1);
  while (s->lea_set[j] && s->lea_set[j] != key)
    j = (j + 1) & (s->lea_set_cap - 1);
  *added = s->lea_set[j] == 0;
  s->lea_set[j] = key;
  return true;
}

/* Remembers that the file contains lea (its open spans not in the file close at commit). */
static int note_lea(struct sqlite_store *s, const char *lea) {
  uint32_t key = lea_number(lea);
  if (key == s->last_lea) return 0;
  bool added;
  if (!lea_set_add(s, key, &added)) return -1;
  s->last_lea = key;
  if (!added) return 0;
  if (grow((void **)&s->leas, &s->capleas, s->nleas, sizeof *s->leas)) return -1;
  snprintf(s->leas[s->nleas], 8, "%s", lea);
  s->nleas++;
  return 0;
}

static int sqlite_enroll_put(void *impl, const struct enrollment_span *e, char txn,
                             struct sb_err *err) {
  struct sqlite_store *s = impl;
  if (note_lea(s, e->lea)) return sb_err_set(err, "out of memory");
  sqlite3_stmt *q;
  if (txn == 'D') {
    q = stmt(s, Q_ENROLL_DELETE, err);
    if (q == NULL) return -1;
    sqlite3_bind_text(q, 1, e->ssid, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, e->lea, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, e->school, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, e->start);
    sqlite3_bind_int(q, 5, e->status);
    int rc = sqlite3_step(q);
    done(q);
    if (rc != SQLITE_DONE) return db_fail(s, err, "delete enrollment");
    s->deleted += sqlite3_changes(s->db);
    return 0;
  }
  q = stmt(s, Q_ENROLL_UPSERT, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, e->ssid, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, e->lea, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, e->school, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 4, e->start);
  sqlite3_bind_int(q, 5, e->status);
  sqlite3_bind_int(q, 6, e->exit);
  sqlite3_bind_text(q, 7, e->exit_reason, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 8, e->grade, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 9, e->academic_year);
  sqlite3_bind_int64(q, 10, s->import_id);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "store enrollment");
  s->rows++;
  return 0;
}

static int sqlite_enroll_commit(void *impl, int32_t as_of, const char *source, int64_t now,
                                struct enroll_stats *st, struct sb_err *err) {
  struct sqlite_store *s = impl;
  long closed = 0;
  struct buf leas;
  buf_init(&leas, (s->nleas + 1) * 8);
  sqlite3_stmt *q = stmt(s, Q_ENROLL_CLOSE, err);
  if (q == NULL) goto fail;
  for (size_t i = 0; i < s->nleas; i++) {
    sqlite3_bind_int(q, 1, as_of);
    sqlite3_bind_text(q, 2, s->leas[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, s->import_id);
    int rc = sqlite3_step(q);
    done(q);
    if (rc != SQLITE_DONE) {
      db_fail(s, err, "close absent enrollments");
      goto fail;
    }
    closed += sqlite3_changes(s->db);
    if ((i && buf_putc(&leas, ',')) || buf_puts(&leas, s->leas[i])) {
      sb_err_set(err, "out of memory");
      goto fail;
    }
  }
  q = stmt(s, Q_ENROLL_IMPORT_DONE, err);
  if (q == NULL) goto fail;
  sqlite3_bind_text(q, 1, source ? source : "", -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, as_of);
  sqlite3_bind_int64(q, 3, s->rows);
  sqlite3_bind_int64(q, 4, s->deleted);
  sqlite3_bind_int64(q, 5, closed);
  sqlite3_bind_text(q, 6, buf_cstr(&leas), -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 7, now);
  sqlite3_bind_int64(q, 8, s->import_id);
  int rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE) {
    db_fail(s, err, "record import");
    goto fail;
  }
  if (exec(s, "COMMIT", err)) goto fail;
  exec(s, "PRAGMA cache_size = " CACHE_KIB_SERVING, NULL);
  buf_free(&leas);
  if (st) {
    st->rows = s->rows;
    st->deleted = s->deleted;
    st->closed = closed;
    st->nleas = s->nleas;
    st->unchanged = false;
  }
  return 0;
fail:
  buf_free(&leas);
  exec(s, "ROLLBACK", NULL);
  exec(s, "PRAGMA cache_size = " CACHE_KIB_SERVING, NULL);
  return -1;
}

static int sqlite_read_begin(void *impl, struct sb_err *err) {
  return run(impl, Q_BEGIN, err);
}

/* Ends whatever transaction is open: an aborted import, or a read snapshot (for which
 * ROLLBACK and COMMIT are the same). */
static void sqlite_txn_end(void *impl) {
  struct sqlite_store *s = impl;
  if (!sqlite3_get_autocommit(s->db)) run(s, Q_ROLLBACK, NULL);
}

/* An aborted enrollment import also gives back the import's page cache. */
static void sqlite_enroll_abort(void *impl) {
  sqlite_txn_end(impl);
  exec(impl, "PRAGMA cache_size = " CACHE_KIB_SERVING, NULL);
}

static int sqlite_reports_begin(void *impl, struct sb_err *err) {
  struct sqlite_store *s = impl;
  s->ntouched = 0;
  return exec(s, "BEGIN IMMEDIATE", err);
}

/* Binds a report's key (the report table's primary key) to parameters 1..6. */
static void bind_report_key(sqlite3_stmt *q, const struct report *r) {
  sqlite3_bind_text(q, 1, r->ssid, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, r->type, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, r->lang, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 4, r->year);
  sqlite3_bind_text(q, 5, r->format, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 6, r->content_area, -1, SQLITE_STATIC);
}

static int sqlite_reports_put(void *impl, const struct report *r, int *changed,
                              struct sb_err *err) {
  struct sqlite_store *s = impl;
  /* The kind of change for the feed: new, turned final, or something else changed. */
  sqlite3_stmt *q = stmt(s, Q_REPORT_PREV, err);
  if (q == NULL) return -1;
  bind_report_key(q, r);
  int prc = sqlite3_step(q);
  int was_final = prc == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
  done(q);
  if (prc != SQLITE_ROW && prc != SQLITE_DONE) return db_fail(s, err, "read report");
  const char *kind = was_final < 0 ? "added" : (!was_final && r->final) ? "final" : "changed";
  q = stmt(s, Q_REPORT_UPSERT, err);
  if (q == NULL) return -1;
  bind_report_key(q, r);
  sqlite3_bind_text(q, 7, r->grade, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 8, r->final ? 1 : 0);
  sqlite3_bind_text(q, 9, r->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 10, r->size);
  sqlite3_bind_text(q, 11, r->content_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 12, r->updated_at);
  sqlite3_bind_int64(q, 13, r->updated_at);
  int rc = sqlite3_step(q);
  int64_t id = 0;
  bool did = rc == SQLITE_ROW; /* RETURNING gives a row only when one was written */
  if (did) {
    id = sqlite3_column_int64(q, 0);
    rc = sqlite3_step(q);
  }
  done(q);
  if (rc != SQLITE_DONE) return db_fail(s, err, "store report");
  if (changed) *changed = did;
  if (did && sqlite_feed_note_change(s, id, r->ssid, kind, r->updated_at, err) != 0) return -1;
  if (did) {
    /* The student's listing is rebuilt once, at commit, however many of their reports
     * the manifest changes. */
    int64_t key = ssid_key(r->ssid);
    if (key < 0) return sb_err_set(err, "report for \"%s\": not a 10-digit SSID", r->ssid);
    if (grow((void **)&s->touched, &s->captouched, s->ntouched, sizeof *s->touched))
      return sb_err_set(err, "out of memory");
    s->touched[s->ntouched++] = key;
  }
  return 0;
}

static int sqlite_reports_commit(void *impl, struct sb_err *err) {
  struct sqlite_store *s = impl;
  if (rebuild_touched(s, err) || exec(s, "COMMIT", err)) {
    exec(s, "ROLLBACK", NULL);
    return -1;
  }
  return 0;
}

static void sqlite_reports_abort(void *impl) {
  struct sqlite_store *s = impl;
  s->ntouched = 0;
  sqlite_txn_end(impl);
}

static int sqlite_ping(void *impl, struct sb_err *err) {
  struct sqlite_store *s = impl;
  sqlite3_stmt *q = stmt(s, Q_PING, err);
  if (q == NULL) return -1;
  int rc = sqlite3_step(q);
  done(q);
  return rc == SQLITE_ROW ? 0 : db_fail(s, err, "ping");
}

sqlite3 *store_sqlite_db(void *impl) {
  return ((struct sqlite_store *)impl)->db;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .web = &store_sqlite_web_ops,
    .close = sqlite_close,
    .credential_create = sqlite_credential_create,
    .credential_get = sqlite_credential_get,
    .credential_list = sqlite_credential_list,
    .credential_revoke = sqlite_credential_revoke,
    .credential_rotate = sqlite_credential_rotate,
    .read_begin = sqlite_read_begin,
    .read_end = sqlite_txn_end,
    .student_load = sqlite_student_load,
    .report_by_id = sqlite_report_by_id,
    .enroll_seen = sqlite_enroll_seen,
    .enroll_begin = sqlite_enroll_begin,
    .enroll_put = sqlite_enroll_put,
    .enroll_commit = sqlite_enroll_commit,
    .enroll_abort = sqlite_enroll_abort,
    .reports_begin = sqlite_reports_begin,
    .reports_put = sqlite_reports_put,
    .reports_commit = sqlite_reports_commit,
    .reports_abort = sqlite_reports_abort,
    .upload_create = sqlite_upload_create,
    .upload_get = sqlite_upload_get,
    .upload_list = sqlite_upload_list,
    .upload_next = sqlite_upload_next,
    .upload_update = sqlite_upload_update,
    .upload_issues_put = sqlite_upload_issues_put,
    .upload_issues = sqlite_upload_issues,
    .upload_same_loaded = sqlite_upload_same_loaded,
    .scores_begin = sqlite_scores_begin,
    .scores_put = sqlite_scores_put,
    .scores_commit = sqlite_scores_commit,
    .scores_abort = sqlite_scores_abort,
    .scores_count = sqlite_scores_count,
    .enrolled_on = sqlite_enrolled_on,
    .agg_put_all = sqlite_agg_put_all,
    .agg_replace = sqlite_agg_replace,
    .agg_query = sqlite_agg_query,
    .agg_missing = sqlite_agg_missing,
    .agg_loaded = sqlite_agg_loaded,
    .names_put = sqlite_names_put,
    .names_list = sqlite_names_list,
    .scores_read = sqlite_scores_read,
    .changes_read = sqlite_changes_read,
    .disclosure_append = sqlite_disclosure_append,
    .disclosure_list = sqlite_disclosure_list,
    .ping = sqlite_ping,
};
