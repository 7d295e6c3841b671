/* test_store_feed.c - the report change log and the disclosure trail of the store
 * (schema v6, src/store/sqlite_feed.c): sequence order, the cursor's since, the LEA
 * prefilter, kinds, a report changed again moving to the end, nothing for an unchanged
 * re-registration, an aborted registration leaving no change, a second connection seeing
 * changes in commit order, and the append-only, filterable disclosure trail in its own
 * file (src/store/sqlite_trail.c), which leaves the main database unchanged, and its move
 * out of a version-6 database. */
#include "store_fixture.h"

#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"

#define LEA_A "0100001"
#define LEA_B "0200002"
#define S1 "1000000001"
#define S2 "1000000002"
#define S3 "1000000003"

static struct report mkrep(const char *ssid, int year, const char *format, bool final) {
  struct report r;
  memset(&r, 0, sizeof r);
  snprintf(r.ssid, sizeof r.ssid, "%s", ssid);
  snprintf(r.type, sizeof r.type, "CAASPP");
  snprintf(r.lang, sizeof r.lang, "EN");
  r.year = year;
  snprintf(r.format, sizeof r.format, "%s", format);
  snprintf(r.content_area, sizeof r.content_area, "ELA,MATH");
  snprintf(r.grade, sizeof r.grade, "04");
  r.final = final;
  memset(r.sha256, 'a', 64);
  r.size = 10;
  snprintf(r.content_type, sizeof r.content_type, "application/pdf");
  r.updated_at = 1700000000;
  return r;
}

static void put(struct store *s, const struct report *r, size_t n) {
  struct sb_err err = {{0}};
  assert_int_equal(store_reports_begin(s, &err), 0);
  for (size_t i = 0; i < n; i++) {
    int changed;
    if (store_reports_put(s, &r[i], &changed, &err) != 0) fail_msg("put: %s", err.msg);
  }
  assert_int_equal(store_reports_commit(s, &err), 0);
}

static void enroll(struct store *s) {
  const char *ssids[] = {S1, S2, S3};
  const char *leas[] = {LEA_A, LEA_A, LEA_B};
  struct sb_err err = {{0}};
  assert_int_equal(store_enroll_begin(s, "e1", &err), 0);
  for (int i = 0; i < 3; i++) {
    struct enrollment_span e;
    memset(&e, 0, sizeof e);
    snprintf(e.ssid, sizeof e.ssid, "%s", ssids[i]);
    snprintf(e.lea, sizeof e.lea, "%s", leas[i]);
    snprintf(e.school, sizeof e.school, "%.3s4444", leas[i]);
    e.start = 20250814;
    e.status = 10;
    snprintf(e.grade, sizeof e.grade, "05");
    e.academic_year = 2026;
    assert_int_equal(store_enroll_put(s, &e, 'A', &err), 0);
  }
  assert_int_equal(store_enroll_commit(s, 20250901, "t", 1700000000, NULL, &err), 0);
}

#define MAXC 32
struct got {
  size_t n, stop_after;
  struct report_change c[MAXC];
};

static int collect(void *ctx, const struct report_change *c) {
  struct got *g = ctx;
  if (g->n < MAXC) g->c[g->n++] = *c;
  return g->stop_after && g->n >= g->stop_after;
}

static void read_changes(struct store *s, int64_t since, const char *lea1, const char *lea2,
                         size_t max_rows, struct got *g) {
  const char *leas[2] = {lea1, lea2};
  memset(g, 0, sizeof *g);
  size_t rows = 99;
  struct sb_err err = {{0}};
  if (store_changes_read(s, since, leas, lea2 ? 2 : 1, max_rows, collect, g, &rows, &err) != 0)
    fail_msg("changes: %s", err.msg);
  assert_int_equal(rows, g->n);
}

static void test_feed_order_and_prefilter(void **state) {
  struct fixture *f = *state;
  enroll(f->s);
  struct report r[] = {mkrep(S1, 2025, "PDF", true), mkrep(S3, 2025, "PDF", true),
                       mkrep(S2, 2025, "PDF", false), mkrep(S1, 2024, "PDF", true)};
  put(f->s, r, 4);
  struct got g;
  read_changes(f->s, 0, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 3); /* S3 is only in LEA B */
  assert_string_equal(g.c[0].rep.ssid, S1);
  assert_int_equal(g.c[0].rep.year, 2025);
  assert_string_equal(g.c[1].rep.ssid, S2);
  assert_string_equal(g.c[2].rep.ssid, S1);
  assert_int_equal(g.c[2].rep.year, 2024);
  for (size_t i = 0; i < g.n; i++) {
    assert_string_equal(g.c[i].kind, "added");
    assert_true(g.c[i].rep.id > 0);
    assert_string_equal(g.c[i].rep.content_type, "application/pdf");
    if (i) assert_true(g.c[i].seq > g.c[i - 1].seq);
  }
  /* since: strictly after */
  struct got g2;
  read_changes(f->s, g.c[0].seq, LEA_A, NULL, 100, &g2);
  assert_int_equal(g2.n, 2);
  assert_int_equal(g2.c[0].seq, g.c[1].seq);
  /* max_rows bounds the scan */
  read_changes(f->s, 0, LEA_A, NULL, 1, &g2);
  assert_int_equal(g2.n, 1);
  /* two LEAs: everything */
  read_changes(f->s, 0, LEA_A, LEA_B, 100, &g2);
  assert_int_equal(g2.n, 4);
  /* an LEA with no students: nothing */
  read_changes(f->s, 0, "0999999", NULL, 100, &g2);
  assert_int_equal(g2.n, 0);
  /* the callback stops the read */
  memset(&g2, 0, sizeof g2);
  g2.stop_after = 2;
  const char *leas[1] = {LEA_A};
  size_t rows = 0;
  struct sb_err err = {{0}};
  assert_int_equal(store_changes_read(f->s, 0, leas, 1, 100, collect, &g2, &rows, &err), 0);
  assert_int_equal(rows, 2);
}

static void test_feed_change_moves_to_end(void **state) {
  struct fixture *f = *state;
  enroll(f->s);
  struct report r[] = {mkrep(S1, 2026, "PDF", false), mkrep(S2, 2025, "PDF", true)};
  put(f->s, r, 2);
  struct got g;
  read_changes(f->s, 0, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 2);
  int64_t top = g.c[1].seq;
  /* the same again: nothing changes, no new change */
  put(f->s, r, 2);
  read_changes(f->s, top, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 0);
  /* S1's report turns final: one change, after everything before */
  r[0].final = true;
  put(f->s, r, 1);
  read_changes(f->s, top, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.c[0].kind, "final");
  assert_true(g.c[0].rep.final);
  assert_true(g.c[0].seq > top);
  /* the log keeps the latest change per report: from the start S2 then S1 */
  read_changes(f->s, 0, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 2);
  assert_string_equal(g.c[0].rep.ssid, S2);
  assert_string_equal(g.c[1].rep.ssid, S1);
  /* another change (new file): "changed" */
  top = g.c[1].seq;
  memset(r[0].sha256, 'b', 64);
  put(f->s, r, 1);
  read_changes(f->s, top, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 1);
  assert_string_equal(g.c[0].kind, "changed");
  /* an aborted registration leaves no change */
  struct report x = mkrep(S2, 2024, "PDF", true);
  struct sb_err err = {{0}};
  int changed;
  assert_int_equal(store_reports_begin(f->s, &err), 0);
  assert_int_equal(store_reports_put(f->s, &x, &changed, &err), 0);
  store_reports_abort(f->s);
  int64_t last = g.c[0].seq;
  read_changes(f->s, last, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 0);
  /* a new change after the abort still gets a higher number than every one before */
  put(f->s, &x, 1);
  read_changes(f->s, last, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 1);
  assert_true(g.c[0].seq > last);
}

static void test_feed_seen_by_other_connection(void **state) {
  struct fixture *f = *state;
  enroll(f->s);
  struct sb_err err = {{0}};
  struct store *reader = store_open(f->path, &err);
  assert_non_null(reader);
  struct report r = mkrep(S1, 2025, "PDF", true);
  put(f->s, &r, 1);
  struct got g;
  read_changes(reader, 0, LEA_A, NULL, 100, &g);
  assert_int_equal(g.n, 1);
  store_close(reader);
}

static struct disclosure mkdisc(const char *ssid, const char *leas, const char *endpoint,
                                int64_t at) {
  struct disclosure d;
  memset(&d, 0, sizeof d);
  d.at = at;
  snprintf(d.credential, sizeof d.credential, "cred-1");
  snprintf(d.leas, sizeof d.leas, "%s", leas);
  snprintf(d.ssid, sizeof d.ssid, "%s", ssid);
  snprintf(d.endpoint, sizeof d.endpoint, "%s", endpoint);
  snprintf(d.report_ids, sizeof d.report_ids, "1,2");
  snprintf(d.client, sizeof d.client, "127.0.0.1");
  return d;
}

struct dgot {
  size_t n;
  struct disclosure d[8];
};

static int dcollect(void *ctx, const struct disclosure *d) {
  struct dgot *g = ctx;
  if (g->n < 8) g->d[g->n++] = *d;
  return 0;
}

static size_t dlist(struct store *s, const char *ssid, const char *lea, int64_t since,
                    struct dgot *g) {
  memset(g, 0, sizeof *g);
  struct sb_err err = {{0}};
  if (store_disclosure_list(s, ssid, lea, since, dcollect, g, &err) != 0)
    fail_msg("list: %s", err.msg);
  return g->n;
}

static int64_t count_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) fail_msg("%s", sqlite3_errmsg(db));
  int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
  sqlite3_finalize(q);
  return n;
}

static int64_t data_version(sqlite3 *db) {
  return count_rows(db, "PRAGMA data_version");
}

static void test_disclosures(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct disclosure one = mkdisc(S1, LEA_A, "student", 100);
  assert_int_equal(store_disclosure_append(f->s, &one, 1, &err), 0);
  assert_true(one.id > 0);
  struct disclosure many[3] = {mkdisc(S1, LEA_A "," LEA_B, "changes", 200),
                               mkdisc(S2, "00100011", "changes", 200), mkdisc(S3, "", "link", 300)};
  assert_int_equal(store_disclosure_append(f->s, many, 3, &err), 0);
  assert_int_equal(store_disclosure_append(f->s, NULL, 0, &err), 0);
  struct dgot g;
  assert_int_equal(dlist(f->s, S1, NULL, 0, &g), 2);
  assert_string_equal(g.d[0].endpoint, "student");
  assert_string_equal(g.d[1].leas, LEA_A "," LEA_B);
  assert_string_equal(g.d[1].report_ids, "1,2");
  assert_string_equal(g.d[1].client, "127.0.0.1");
  assert_string_equal(g.d[1].credential, "cred-1");
  assert_int_equal(dlist(f->s, NULL, LEA_B, 0, &g), 1); /* a whole code in the list only */
  assert_int_equal(dlist(f->s, NULL, LEA_A, 150, &g), 1);
  assert_int_equal(g.d[0].at, 200);
  assert_int_equal(dlist(f->s, NULL, "0010001", 0, &g), 0); /* not a prefix match */
  assert_int_equal(dlist(f->s, NULL, NULL, 0, &g), 4);
  assert_int_equal(dlist(f->s, S1, LEA_B, 0, &g), 1);
  /* The trail is not in the main database: appending does not change it (its readers'
   * page caches stay valid; PRAGMA data_version moves when another connection commits),
   * and works inside the connection's read snapshot. */
  sqlite3 *main_db;
  assert_int_equal(sqlite3_open(f->path, &main_db), SQLITE_OK);
  int64_t v0 = data_version(main_db);
  assert_int_equal(store_read_begin(f->s, &err), 0);
  assert_int_equal(store_disclosure_append(f->s, &one, 1, &err), 0);
  store_read_end(f->s);
  assert_int_equal(store_disclosure_append(f->s, many, 3, &err), 0);
  assert_int_equal(data_version(main_db), v0);
  assert_int_equal(
      count_rows(main_db, "SELECT count(*) FROM sqlite_master WHERE name = 'disclosure'"), 0);
  sqlite3_close(main_db);
  assert_int_equal(dlist(f->s, NULL, NULL, 0, &g), 8);
  /* append-only, in its own file beside the main one */
  char tpath[128];
  snprintf(tpath, sizeof tpath, "%s/sb-disclosures.db", f->dir);
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(tpath, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  assert_int_equal(count_rows(db, "SELECT count(*) FROM disclosure"), 8);
  assert_int_not_equal(sqlite3_exec(db, "UPDATE disclosure SET ssid = 'x'", NULL, NULL, NULL),
                       SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(db, "DELETE FROM disclosure", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(dlist(f->s, NULL, NULL, 0, &g), 8);
  /* survives closing and opening again */
  store_close(f->s);
  f->s = store_open(f->path, &err);
  assert_non_null(f->s);
  assert_int_equal(dlist(f->s, S1, NULL, 0, &g), 4);
}

/* A database of schema version 6 kept the trail in the main file: opening it moves the
 * rows (ids kept) to the trail's file and drops the table from main; a row already
 * copied by an earlier attempt that crashed before main's commit is not copied twice. */
/* Version 6's disclosure table in the main database, as it was made. */
#define V6_DISCLOSURE                                                                              \
  "CREATE TABLE disclosure(id INTEGER PRIMARY KEY AUTOINCREMENT,"                                  \
  " at INTEGER NOT NULL, credential TEXT NOT NULL, leas TEXT NOT NULL,"                            \
  " ssid TEXT NOT NULL, endpoint TEXT NOT NULL, report_ids TEXT NOT NULL,"                         \
  " client TEXT NOT NULL);"                                                                        \
  "CREATE INDEX disclosure_ssid ON disclosure(ssid, id);"                                          \
  "CREATE TRIGGER disclosure_no_update BEFORE UPDATE ON disclosure"                                \
  " BEGIN SELECT RAISE(ABORT, 'append-only'); END;"                                                \
  "CREATE TRIGGER disclosure_no_delete BEFORE DELETE ON disclosure"                                \
  " BEGIN SELECT RAISE(ABORT, 'append-only'); END;"

static void test_trail_moves_out_of_v6(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  store_close(f->s);
  f->s = NULL;
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                V6_DISCLOSURE "INSERT INTO disclosure VALUES(1, 100, 'c1', '" LEA_A
                                              "', '" S1 "', 'student', '7', '10.0.0.1');"
                                              "INSERT INTO disclosure VALUES(2, 200, 'c1', '" LEA_A
                                              "', '" S2 "', 'changes', '8,9', '10.0.0.1');"
                                              "INSERT INTO disclosure VALUES(5, 300, '', '', '" S1
                                              "', 'link', '7', '10.0.0.2');"
                                              "PRAGMA user_version = 6;",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  f->s = store_open(f->path, &err); /* creates the trail, moves the rows */
  if (f->s == NULL) fail_msg("store_open: %s", err.msg);
  struct dgot g;
  assert_int_equal(dlist(f->s, NULL, NULL, 0, &g), 3);
  assert_int_equal(g.d[0].id, 1);
  assert_string_equal(g.d[0].report_ids, "7");
  assert_int_equal(g.d[1].id, 2);
  assert_string_equal(g.d[1].report_ids, "8,9");
  assert_int_equal(g.d[2].id, 5);
  assert_string_equal(g.d[2].client, "10.0.0.2");
  assert_int_equal(dlist(f->s, S1, NULL, 0, &g), 2);
  /* new rows continue after the moved ones */
  struct disclosure d = mkdisc(S3, LEA_B, "student", 400);
  assert_int_equal(store_disclosure_append(f->s, &d, 1, &err), 0);
  assert_true(d.id > 5);
  store_close(f->s);
  f->s = NULL;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(
      count_rows(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'disclosure%'"), 0);
  assert_int_equal(count_rows(db, "PRAGMA user_version"), 7);
  /* the crash case: main at version 6 again with row 1, the trail already has it */
  assert_int_equal(sqlite3_exec(db,
                                V6_DISCLOSURE "INSERT INTO disclosure VALUES(1, 100, 'c1', '" LEA_A
                                              "', '" S1 "', 'student', '7', '10.0.0.1');"
                                              "PRAGMA user_version = 6;",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  f->s = store_open(f->path, &err);
  if (f->s == NULL) fail_msg("store_open: %s", err.msg);
  assert_int_equal(dlist(f->s, NULL, NULL, 0, &g), 4);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, store_fixture_setup, store_fixture_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_feed_order_and_prefilter),      T(test_feed_change_moves_to_end),
      T(test_feed_seen_by_other_connection), T(test_disclosures),
      T(test_trail_moves_out_of_v6),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
