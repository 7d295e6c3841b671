/* test_store_web.c - web users, sessions and the audit log in the store (store.h, the
 * schema v3 step of the SQLite backend), on a fresh database per test. */
#include "store_fixture.h"

#include <sqlite3.h>
#include <unistd.h>

#include "store/store.h"

#define LEA "1964733"

static struct web_user mkuser(const char *name, enum role r) {
  struct web_user u;
  memset(&u, 0, sizeof u);
  snprintf(u.username, sizeof u.username, "%s", name);
  snprintf(u.password_hash, sizeof u.password_hash, "$argon2id$fake");
  u.who.role = r;
  memcpy(u.who.lea, LEA, 8);
  u.created_at = 1000;
  return u;
}

static void test_users(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct web_user a = mkuser("alice", ROLE_DISTRICT_LEAD);
  assert_int_equal(store_user_create(f->s, &a, &err), 1);
  assert_true(a.id > 0);
  struct web_user dup = mkuser("alice", ROLE_SITE_ADMIN);
  assert_int_equal(store_user_create(f->s, &dup, &err), 0); /* taken */
  struct web_user s = mkuser("sam", ROLE_SITE_ADMIN);
  s.who.nschools = 2;
  memcpy(s.who.schools[0], LEA "6000001", 15);
  memcpy(s.who.schools[1], LEA "6000002", 15);
  assert_int_equal(store_user_create(f->s, &s, &err), 1);
  struct web_user got;
  assert_int_equal(store_user_by_name(f->s, "sam", &got, &err), 1);
  assert_int_equal(got.who.role, ROLE_SITE_ADMIN);
  assert_int_equal(got.who.nschools, 2);
  assert_string_equal(got.who.schools[1], LEA "6000002");
  assert_string_equal(got.who.lea, LEA);
  assert_int_equal(store_user_by_name(f->s, "nobody", &got, &err), 0);
  assert_int_equal(store_user_by_id(f->s, a.id, &got, &err), 1);
  assert_string_equal(got.username, "alice");
  assert_string_equal(got.password_hash, "$argon2id$fake");
  assert_int_equal(store_user_set_password(f->s, a.id, "$argon2id$new", &err), 1);
  assert_int_equal(store_user_by_id(f->s, a.id, &got, &err), 1);
  assert_string_equal(got.password_hash, "$argon2id$new");
  assert_int_equal(store_user_set_password(f->s, 999, "$argon2id$new", &err), 0);
}

static int count_user(void *ctx, const struct web_user *u) {
  (void)u;
  (*(int *)ctx)++;
  return 0;
}

static void test_sessions(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct web_user a = mkuser("alice", ROLE_DISTRICT_LEAD);
  assert_int_equal(store_user_create(f->s, &a, &err), 1);
  struct web_session ws;
  memset(&ws, 0x11, sizeof ws);
  ws.user_id = a.id;
  ws.created_at = 1000;
  ws.last_seen = 1000;
  ws.expires_at = 2000;
  memset(ws.csrf, 0x22, 32);
  assert_int_equal(store_session_create(f->s, &ws, &err), 0);
  struct web_session got;
  struct web_user u;
  assert_int_equal(store_session_get(f->s, ws.id, 1500, &got, &u, &err), 1);
  assert_string_equal(u.username, "alice");
  assert_memory_equal(got.csrf, ws.csrf, 32);
  assert_int_equal(got.expires_at, 2000);
  assert_int_equal(store_session_get(f->s, ws.id, 2000, &got, &u, &err), 0); /* expired */
  assert_int_equal(store_session_touch(f->s, ws.id, 1900, 3000, &err), 0);
  assert_int_equal(store_session_get(f->s, ws.id, 2500, &got, &u, &err), 1);
  assert_int_equal(got.last_seen, 1900);
  unsigned char other[32];
  memset(other, 0x33, 32);
  assert_int_equal(store_session_get(f->s, other, 1500, &got, &u, &err), 0);
  /* purge keeps live sessions */
  assert_int_equal(store_session_purge(f->s, 2500, &err), 0);
  assert_int_equal(store_session_get(f->s, ws.id, 2500, &got, &u, &err), 1);
  assert_int_equal(store_session_purge(f->s, 3000, &err), 0);
  assert_int_equal(store_session_get(f->s, ws.id, 1500, &got, &u, &err), 0);
  /* delete; disabling a user ends its sessions and stops new lookups */
  assert_int_equal(store_session_create(f->s, &ws, &err), 0);
  assert_int_equal(store_session_delete(f->s, ws.id, &err), 1);
  assert_int_equal(store_session_delete(f->s, ws.id, &err), 0);
  assert_int_equal(store_session_create(f->s, &ws, &err), 0);
  assert_int_equal(store_user_disable(f->s, "alice", 1600, &err), 1);
  assert_int_equal(store_user_disable(f->s, "alice", 1600, &err), 0);
  assert_int_equal(store_session_get(f->s, ws.id, 1500, &got, &u, &err), 0);
  assert_int_equal(store_user_by_name(f->s, "alice", &u, &err), 1);
  assert_int_equal(u.disabled_at, 1600);
  int n = 0;
  assert_int_equal(store_user_list(f->s, count_user, &n, &err), 0);
  assert_int_equal(n, 1);
}

struct audit_seen {
  int n;
  char last[48];
};

static int on_audit(void *ctx, const struct audit_entry *e) {
  struct audit_seen *a = ctx;
  a->n++;
  snprintf(a->last, sizeof a->last, "%s", e->action);
  return 0;
}

static void test_audit(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  static const char *const actors[] = {"user:alice", "user:bob", "user:alice"};
  static const char *const actions[] = {"login", "load-file", "logout"};
  for (int i = 0; i < 3; i++) {
    struct audit_entry e;
    memset(&e, 0, sizeof e);
    e.at = 100 * (i + 1);
    snprintf(e.actor, sizeof e.actor, "%s", actors[i]);
    snprintf(e.action, sizeof e.action, "%s", actions[i]);
    snprintf(e.outcome, sizeof e.outcome, "ok");
    snprintf(e.client, sizeof e.client, "127.0.0.1");
    assert_int_equal(store_audit_append(f->s, &e, &err), 0);
    assert_int_equal(e.id, i + 1);
  }
  struct audit_seen a = {0, ""};
  assert_int_equal(store_audit_list(f->s, 0, NULL, on_audit, &a, &err), 0);
  assert_int_equal(a.n, 3);
  a.n = 0;
  assert_int_equal(store_audit_list(f->s, 200, NULL, on_audit, &a, &err), 0);
  assert_int_equal(a.n, 2);
  a.n = 0;
  assert_int_equal(store_audit_list(f->s, 0, "user:alice", on_audit, &a, &err), 0);
  assert_int_equal(a.n, 2);
  assert_string_equal(a.last, "logout");
  /* append-only: the triggers refuse changes */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, NULL), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_log SET outcome = 'x'", NULL, NULL, NULL),
                       SQLITE_OK);
  sqlite3_close(db);
}

static void test_migration_from_v2(void **state) {
  struct fixture *f = *state;
  store_close(f->s);
  f->s = NULL;
  /* roll the web (and later) tables back to look like a version 2 database, then reopen */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(
      sqlite3_exec(db,
                   "DROP TABLE web_session; DROP TABLE web_user; DROP TABLE audit_log;"
                   " DROP TABLE score; DROP TABLE upload_issue;"
                   " DROP TABLE score_upload; DROP TABLE score_agg; DROP TABLE org_name;"
                   " DROP TABLE report_change;"
                   " PRAGMA user_version = 2;",
                   NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(db);
  struct sb_err err = {{0}};
  f->s = store_open(f->path, &err);
  if (f->s == NULL) fail_msg("reopen: %s", err.msg);
  struct web_user a = mkuser("alice", ROLE_DISTRICT_LEAD);
  assert_int_equal(store_user_create(f->s, &a, &err), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_users, store_fixture_setup, store_fixture_teardown),
      cmocka_unit_test_setup_teardown(test_sessions, store_fixture_setup, store_fixture_teardown),
      cmocka_unit_test_setup_teardown(test_audit, store_fixture_setup, store_fixture_teardown),
      cmocka_unit_test_setup_teardown(test_migration_from_v2, store_fixture_setup,
                                      store_fixture_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
