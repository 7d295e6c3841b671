/* test_store.c - the storage interface over its SQLite backend (src/store/store.h), on a
 * database file in a fresh temporary directory per test. */
#include "store_fixture.h"

#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"

#define SSID1 "1000000001"
#define SSID2 "1000000002"
#define SSID9 "1000000009"
#define LEA_A "0100001"
#define LEA_B "0200002"
#define LEA_C "0300003"

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA2 "2222222222222222222222222222222222222222222222222222222222222222"
#define SHA3 "3333333333333333333333333333333333333333333333333333333333333333"
#define SHA4 "4444444444444444444444444444444444444444444444444444444444444444"

/* --- credentials --- */

static struct credential cred(const char *id, const char *user, int64_t created, unsigned char d) {
  struct credential c;
  memset(&c, 0, sizeof c);
  snprintf(c.id, sizeof c.id, "%s", id);
  snprintf(c.username, sizeof c.username, "%s", user);
  memset(c.digest, d, sizeof c.digest);
  snprintf(c.name, sizeof c.name, "SIS of %s", user);
  c.created_at = created;
  c.expires_at = created + 1000;
  c.generation = 1;
  c.nleas = 2;
  snprintf(c.leas[0], 8, "%s", LEA_A);
  snprintf(c.leas[1], 8, "%s", LEA_B);
  return c;
}

static void assert_cred_equal(const struct credential *a, const struct credential *b) {
  assert_string_equal(a->id, b->id);
  assert_string_equal(a->username, b->username);
  assert_memory_equal(a->digest, b->digest, 32);
  assert_string_equal(a->name, b->name);
  assert_int_equal(a->created_at, b->created_at);
  assert_int_equal(a->expires_at, b->expires_at);
  assert_int_equal(a->revoked_at, b->revoked_at);
  assert_int_equal(a->generation, b->generation);
  assert_int_equal(a->nleas, b->nleas);
  for (size_t i = 0; i < a->nleas; i++)
    assert_string_equal(a->leas[i], b->leas[i]);
}

#define ID1 "8020dd0e-49fd-417f-b8c7-6d4c7eccc58d"
#define ID2 "11111111-2222-3333-4444-555555555555"
#define ID3 "99999999-2222-3333-4444-555555555555"

static void test_credential_create_get(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct credential c1 = cred(ID1, "alice", 1000, 0xa1), out;
  assert_int_equal(store_credential_create(f->s, &c1, &err), 0);
  assert_int_equal(store_credential_by_id(f->s, ID1, &out, &err), 1);
  assert_cred_equal(&out, &c1);
  memset(&out, 0, sizeof out);
  assert_int_equal(store_credential_by_username(f->s, "alice", &out, &err), 1);
  assert_cred_equal(&out, &c1);
  assert_int_equal(store_credential_by_id(f->s, ID2, &out, &err), 0);
  assert_int_equal(store_credential_by_username(f->s, "bob", &out, &err), 0);
  assert_int_equal(store_credential_by_username(f->s, "ALICE", &out, &err), 0);
  assert_int_equal(store_credential_by_id(f->s, "alice", &out, &err), 0); /* no key mix-up */

  /* a single LEA, and the maximum number */
  struct credential c2 = cred(ID2, "bob", 900, 0xb2);
  c2.nleas = 1;
  assert_int_equal(store_credential_create(f->s, &c2, &err), 0);
  assert_int_equal(store_credential_by_id(f->s, ID2, &out, &err), 1);
  assert_cred_equal(&out, &c2);
  struct credential c3 = cred(ID3, "carol", 950, 0xc3);
  c3.nleas = CRED_MAX_LEAS;
  for (size_t i = 0; i < CRED_MAX_LEAS; i++)
    snprintf(c3.leas[i], 8, "%07zu", i + 1);
  assert_int_equal(store_credential_create(f->s, &c3, &err), 0);
  assert_int_equal(store_credential_by_username(f->s, "carol", &out, &err), 1);
  assert_cred_equal(&out, &c3);
}

static void test_credential_duplicates_refused(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct credential c1 = cred(ID1, "alice", 1000, 0xa1), out;
  assert_int_equal(store_credential_create(f->s, &c1, &err), 0);
  struct credential same_user = cred(ID2, "alice", 1000, 0xa2);
  err.msg[0] = '\0';
  assert_int_equal(store_credential_create(f->s, &same_user, &err), -1);
  assert_true(strlen(err.msg) > 0);
  struct credential same_id = cred(ID1, "zed", 1000, 0xa2);
  assert_int_equal(store_credential_create(f->s, &same_id, &err), -1);
  /* the original is untouched */
  assert_int_equal(store_credential_by_id(f->s, ID1, &out, &err), 1);
  assert_cred_equal(&out, &c1);
  assert_int_equal(store_credential_by_username(f->s, "zed", &out, &err), 0);
}

struct seen_creds {
  char ids[8][37];
  int n;
  int stop_after;
};

static int collect_cred(void *ctx, const struct credential *c) {
  struct seen_creds *k = ctx;
  assert_true(k->n < 8);
  snprintf(k->ids[k->n], sizeof k->ids[k->n], "%s", c->id);
  k->n++;
  return k->stop_after && k->n == k->stop_after;
}

static void test_credential_list(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct seen_creds k;
  memset(&k, 0, sizeof k);
  assert_int_equal(store_credential_list(f->s, collect_cred, &k, &err), 0);
  assert_int_equal(k.n, 0);
  struct credential c1 = cred(ID1, "alice", 2000, 1), c2 = cred(ID2, "bob", 1000, 2),
                    c3 = cred(ID3, "carol", 3000, 3);
  assert_int_equal(store_credential_create(f->s, &c1, &err), 0);
  assert_int_equal(store_credential_create(f->s, &c2, &err), 0);
  assert_int_equal(store_credential_create(f->s, &c3, &err), 0);
  memset(&k, 0, sizeof k);
  assert_int_equal(store_credential_list(f->s, collect_cred, &k, &err), 0);
  assert_int_equal(k.n, 3);
  assert_string_equal(k.ids[0], ID2); /* oldest first */
  assert_string_equal(k.ids[1], ID1);
  assert_string_equal(k.ids[2], ID3);
  memset(&k, 0, sizeof k);
  k.stop_after = 2;
  assert_int_equal(store_credential_list(f->s, collect_cred, &k, &err), 0);
  assert_int_equal(k.n, 2);
  /* the statement was reset: a full listing works again */
  memset(&k, 0, sizeof k);
  assert_int_equal(store_credential_list(f->s, collect_cred, &k, &err), 0);
  assert_int_equal(k.n, 3);
}

static void test_credential_revoke(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct credential c1 = cred(ID1, "alice", 1000, 1), c2 = cred(ID2, "bob", 1000, 2), out;
  assert_int_equal(store_credential_create(f->s, &c1, &err), 0);
  assert_int_equal(store_credential_create(f->s, &c2, &err), 0);
  assert_int_equal(store_credential_revoke(f->s, ID1, 5000, &err), 1);
  assert_int_equal(store_credential_revoke(f->s, ID1, 6000, &err), 0); /* twice */
  assert_int_equal(store_credential_revoke(f->s, ID3, 5000, &err), 0); /* unknown */
  assert_int_equal(store_credential_by_id(f->s, ID1, &out, &err), 1);
  assert_int_equal(out.revoked_at, 5000); /* the first revocation stands */
  assert_int_equal(store_credential_by_id(f->s, ID2, &out, &err), 1);
  assert_int_equal(out.revoked_at, 0); /* the other one is untouched */
}

/* The server's connection caches credentials it has read; a revoke or rotate committed
 * by another connection (the CLI) must be seen on the next read all the same. */
static void test_credential_change_seen_across_connections(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct credential c1 = cred(ID1, "alice", 1000, 1), out;
  assert_int_equal(store_credential_create(f->s, &c1, &err), 0);
  struct store *server = store_open(f->path, &err);
  assert_non_null(server);
  for (int i = 0; i < 3; i++) { /* read it a few times: now it is cached */
    assert_int_equal(store_credential_by_id(server, ID1, &out, &err), 1);
    assert_int_equal(out.revoked_at, 0);
    assert_int_equal(out.generation, c1.generation);
  }
  unsigned char digest[32];
  memset(digest, 9, sizeof digest);
  assert_int_equal(store_credential_rotate(f->s, ID1, digest, 9000, &out, &err), 1);
  assert_int_equal(store_credential_by_id(server, ID1, &out, &err), 1);
  assert_int_equal(out.generation, c1.generation + 1);
  assert_memory_equal(out.digest, digest, 32);
  assert_int_equal(store_credential_revoke(f->s, ID1, 5000, &err), 1);
  assert_int_equal(store_credential_by_id(server, ID1, &out, &err), 1);
  assert_int_equal(out.revoked_at, 5000);
  store_close(server);
}

static void test_credential_rotate(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct credential c1 = cred(ID1, "alice", 1000, 1), c2 = cred(ID2, "bob", 1000, 2), out;
  assert_int_equal(store_credential_create(f->s, &c1, &err), 0);
  assert_int_equal(store_credential_create(f->s, &c2, &err), 0);
  unsigned char d[32];
  memset(d, 0x77, sizeof d);
  memset(&out, 0, sizeof out);
  assert_int_equal(store_credential_rotate(f->s, ID1, d, 99999, &out, &err), 1);
  assert_string_equal(out.id, ID1);
  assert_int_equal(out.generation, 2);
  assert_memory_equal(out.digest, d, 32);
  assert_int_equal(out.expires_at, 99999);
  assert_string_equal(out.username, "alice");
  assert_int_equal(out.nleas, 2);
  /* persisted */
  struct credential again;
  assert_int_equal(store_credential_by_username(f->s, "alice", &again, &err), 1);
  assert_cred_equal(&again, &out);
  assert_memory_not_equal(again.digest, c1.digest, 32);
  /* again: generation 3 */
  memset(d, 0x78, sizeof d);
  assert_int_equal(store_credential_rotate(f->s, ID1, d, 100000, &out, &err), 1);
  assert_int_equal(out.generation, 3);
  assert_memory_equal(out.digest, d, 32);
  /* the other credential did not move */
  assert_int_equal(store_credential_by_id(f->s, ID2, &again, &err), 1);
  assert_cred_equal(&again, &c2);
  /* revoked or unknown: 0, and nothing changes */
  assert_int_equal(store_credential_revoke(f->s, ID2, 7000, &err), 1);
  assert_int_equal(store_credential_rotate(f->s, ID2, d, 1, &out, &err), 0);
  assert_int_equal(store_credential_by_id(f->s, ID2, &again, &err), 1);
  assert_int_equal(again.generation, 1);
  assert_memory_equal(again.digest, c2.digest, 32);
  assert_int_equal(store_credential_rotate(f->s, ID3, d, 1, &out, &err), 0);
}

/* --- reports --- */

static struct report rep(const char *ssid, int year, const char *type, const char *lang,
                         const char *format, const char *area, bool final, char sha) {
  struct report r;
  memset(&r, 0, sizeof r);
  snprintf(r.ssid, sizeof r.ssid, "%s", ssid);
  snprintf(r.type, sizeof r.type, "%s", type);
  snprintf(r.lang, sizeof r.lang, "%s", lang);
  r.year = year;
  snprintf(r.format, sizeof r.format, "%s", format);
  snprintf(r.content_area, sizeof r.content_area, "%s", area);
  snprintf(r.grade, sizeof r.grade, "%s", "04");
  r.final = final;
  memset(r.sha256, sha, 64);
  r.size = 1234;
  snprintf(r.content_type, sizeof r.content_type, "%s",
           strcmp(format, "PDF") == 0 ? "application/pdf" : "text/html");
  r.updated_at = 1700000000;
  return r;
}

static void put_reports(struct store *s, const struct report *r, size_t n) {
  struct sb_err err = {{0}};
  assert_int_equal(store_reports_begin(s, &err), 0);
  for (size_t i = 0; i < n; i++) {
    int changed = -1;
    if (store_reports_put(s, &r[i], &changed, &err) != 0) fail_msg("put: %s", err.msg);
    assert_int_equal(changed, 1);
  }
  assert_int_equal(store_reports_commit(s, &err), 0);
}

static int load(struct store *s, const char *ssid, struct enrollment_span **sp, size_t *nsp,
                struct report **rp, size_t *nrp) {
  struct sb_err err = {{0}};
  int rc = store_student_load(s, ssid, sp, nsp, rp, nrp, &err);
  if (rc < 0) fail_msg("load: %s", err.msg);
  return rc;
}

static void test_student_unknown(void **state) {
  struct fixture *f = *state;
  struct enrollment_span *sp = (void *)1;
  struct report *rp = (void *)1;
  size_t nsp = 9, nrp = 9;
  assert_int_equal(load(f->s, SSID9, &sp, &nsp, &rp, &nrp), 0);
  assert_int_equal(nsp, 0);
  assert_int_equal(nrp, 0);
  free(sp);
  free(rp);
}

static void test_report_order_and_fields(void **state) {
  struct fixture *f = *state;
  /* inserted scrambled; expected order: year desc, type, EN first then other langs, PDF
   * before HTML before VIDEO */
  struct report in[] = {
      rep(SSID1, 2024, "CAASPP", "EN", "PDF", "ELA,MATH", true, 'a'),
      rep(SSID1, 2025, "ESA", "EN", "PDF", "EP", true, 'b'),
      rep(SSID1, 2025, "CAASPP", "ES", "PDF", "ELA,MATH", true, 'c'),
      /* content areas chosen so that they would order these the other way round */
      rep(SSID1, 2025, "CAASPP", "EN", "VIDEO", "ELA", true, 'd'),
      rep(SSID1, 2025, "CAASPP", "EN", "HTML", "MATH", true, 'e'),
      rep(SSID1, 2025, "CAASPP", "AR", "PDF", "ELA,MATH", true, 'f'),
      rep(SSID1, 2025, "CAASPP", "EN", "PDF", "ELA,MATH", false, 'g'),
      rep(SSID1, 2023, "LEXQUAN", "EN", "PDF", "ELA", true, 'h'),
      rep(SSID2, 2025, "CAASPP", "EN", "PDF", "ELA,MATH", true, 'i'), /* another student */
  };
  put_reports(f->s, in, sizeof in / sizeof in[0]);
  static const char expect[] = "gedfcbah"; /* by sha256 letter */
  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  /* asking for spans only: the listing is not read, and no spans means not known */
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, NULL, NULL), 0);
  assert_int_equal(nsp, 0);
  free(sp);
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1); /* reports only: known */
  assert_int_equal(nsp, 0);
  assert_int_equal(nrp, strlen(expect));
  struct sb_err err = {{0}};
  for (size_t i = 0; i < nrp; i++) {
    /* the listing leaves the file's hash out; the full record (by id) has it */
    struct report full;
    assert_int_equal(store_report_by_id(f->s, rp[i].id, &full, &err), 1);
    if (full.sha256[0] != expect[i])
      fail_msg("position %zu: %d %s %s %s, want report '%c'", i, rp[i].year, rp[i].type, rp[i].lang,
               rp[i].format, expect[i]);
    assert_string_equal(rp[i].sha256, ""); /* not read for a listing */
    assert_string_equal(rp[i].ssid, SSID1);
  }
  /* every field round-trips (the full record by id) */
  struct report byid;
  assert_true(rp[0].id > 0);
  assert_int_equal(store_report_by_id(f->s, rp[0].id, &byid, &err), 1);
  const struct report *g = &byid;
  assert_true(g->id > 0);
  assert_string_equal(g->type, "CAASPP");
  assert_string_equal(g->lang, "EN");
  assert_int_equal(g->year, 2025);
  assert_string_equal(g->format, "PDF");
  assert_string_equal(g->content_area, "ELA,MATH");
  assert_string_equal(g->grade, "04");
  assert_false(g->final);
  assert_int_equal(strlen(g->sha256), 64);
  assert_memory_equal(g->sha256, in[6].sha256, 65);
  assert_int_equal(g->size, 1234);
  assert_string_equal(g->content_type, "application/pdf");
  assert_int_equal(g->updated_at, 1700000000);
  /* the listing agrees with the full record on what it carries */
  assert_int_equal(rp[0].id, g->id);
  assert_string_equal(rp[0].type, g->type);
  assert_string_equal(rp[0].content_area, g->content_area);
  assert_string_equal(rp[0].grade, g->grade);
  assert_string_equal(rp[0].content_type, g->content_type);
  assert_int_equal(rp[0].final, g->final);
  assert_int_equal(store_report_by_id(f->s, 987654321, &byid, &err), 0);
  free(sp);
  free(rp);
}

static void test_reports_upsert(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct report r = rep(SSID1, 2025, "CAASPP", "EN", "PDF", "ELA,MATH", false, 'a');
  int changed = -1;
  assert_int_equal(store_reports_begin(f->s, &err), 0);
  assert_int_equal(store_reports_put(f->s, &r, &changed, &err), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(store_reports_commit(f->s, &err), 0);

  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 1);
  int64_t id = rp[0].id;
  free(sp);
  free(rp);

  /* the same row again: nothing changes */
  assert_int_equal(store_reports_begin(f->s, &err), 0);
  changed = -1;
  assert_int_equal(store_reports_put(f->s, &r, &changed, &err), 0);
  assert_int_equal(changed, 0);
  /* final false -> true: changed, same row */
  struct report fin = r;
  fin.final = true;
  fin.updated_at = 1800000000;
  changed = -1;
  assert_int_equal(store_reports_put(f->s, &fin, &changed, &err), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(store_reports_commit(f->s, &err), 0);

  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 1);
  assert_int_equal(rp[0].id, id);
  assert_true(rp[0].final);
  struct report full;
  assert_int_equal(store_report_by_id(f->s, id, &full, &err), 1);
  assert_int_equal(full.updated_at, 1800000000);
  free(sp);
  free(rp);

  /* a new file (sha256) for the same key: changed, same id */
  struct report newfile = fin;
  memset(newfile.sha256, 'z', 64);
  assert_int_equal(store_reports_begin(f->s, &err), 0);
  assert_int_equal(store_reports_put(f->s, &newfile, &changed, &err), 0);
  assert_int_equal(changed, 1);
  /* a different content area is a different report */
  struct report other = fin;
  snprintf(other.content_area, sizeof other.content_area, "%s", "ELA");
  assert_int_equal(store_reports_put(f->s, &other, &changed, &err), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(store_reports_commit(f->s, &err), 0);
  struct report got;
  assert_int_equal(store_report_by_id(f->s, id, &got, &err), 1);
  assert_int_equal(got.sha256[0], 'z');
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 2);
  free(sp);
  free(rp);
}

static void test_reports_abort(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct report r = rep(SSID1, 2025, "CAASPP", "EN", "PDF", "ELA,MATH", true, 'a');
  int changed;
  assert_int_equal(store_reports_begin(f->s, &err), 0);
  assert_int_equal(store_reports_put(f->s, &r, &changed, &err), 0);
  store_reports_abort(f->s);
  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 0);
  free(sp);
  free(rp);
  /* a new transaction can start */
  put_reports(f->s, &r, 1);
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 1);
  free(sp);
  free(rp);

  /* an aborted change leaves the student's listing as committed */
  struct report changed_r = r, added = rep(SSID1, 2026, "CAST", "EN", "PDF", "SCIENCE", true, 'b');
  changed_r.final = false;
  assert_int_equal(store_reports_begin(f->s, &err), 0);
  assert_int_equal(store_reports_put(f->s, &changed_r, &changed, &err), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(store_reports_put(f->s, &added, &changed, &err), 0);
  store_reports_abort(f->s);
  /* seen through a second connection too: what is on disk */
  struct store *other = store_open(f->path, &err);
  assert_non_null(other);
  assert_int_equal(load(other, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 1);
  assert_true(rp[0].final);
  assert_int_equal(rp[0].year, 2025);
  free(sp);
  free(rp);
  /* and a committed change is seen by the other connection at once */
  put_reports(f->s, &added, 1);
  assert_int_equal(load(other, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 2);
  assert_int_equal(rp[0].year, 2026);
  assert_string_equal(rp[0].type, "CAST");
  free(sp);
  free(rp);
  store_close(other);
}

/* A database written by schema version 1 (no per-student listings) gets them when opened:
 * the version 1 report table as it was, three reports for one student, one for another. */
static void test_migrates_v1_reports(void **state) {
  struct fixture *f = *state;
  char path[128];
  snprintf(path, sizeof path, "%s/v1.db", f->dir);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  const char *v1 =
      "CREATE TABLE report(id INTEGER NOT NULL UNIQUE, ssid TEXT NOT NULL, type TEXT NOT NULL,"
      " lang TEXT NOT NULL, year INTEGER NOT NULL, format TEXT NOT NULL,"
      " content_area TEXT NOT NULL, grade TEXT NOT NULL, final INTEGER NOT NULL,"
      " sha256 TEXT NOT NULL, size INTEGER NOT NULL, content_type TEXT NOT NULL,"
      " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
      " PRIMARY KEY(ssid, type, lang, year, format, content_area)) WITHOUT ROWID;"
      "CREATE TABLE enrollment(ssid TEXT NOT NULL, lea TEXT NOT NULL, school TEXT NOT NULL,"
      " start_date INTEGER NOT NULL, status INTEGER NOT NULL, exit_date INTEGER NOT NULL"
      " DEFAULT 0, exit_reason TEXT NOT NULL DEFAULT '', grade TEXT NOT NULL,"
      " academic_year INTEGER NOT NULL, closed_absent INTEGER NOT NULL DEFAULT 0,"
      " last_import INTEGER NOT NULL,"
      " PRIMARY KEY(ssid, lea, school, start_date, status)) WITHOUT ROWID;"
      "INSERT INTO report VALUES(1,'" SSID1 "','CAASPP','EN',2025,'PDF','ELA','04',1,'x',1,"
      "'application/pdf',0,0);"
      "INSERT INTO report VALUES(2,'" SSID1 "','CAASPP','EN',2026,'HTML','ELA','04',0,'x',1,"
      "'text/html',0,0);"
      "INSERT INTO report VALUES(3,'" SSID1 "','CAASPP','EN',2026,'PDF','ELA','04',1,'x',1,"
      "'application/pdf',0,0);"
      "INSERT INTO report VALUES(4,'" SSID2 "','ELPAC','ES',2024,'VIDEO','','04',1,'x',1,"
      "'text/html',0,0);"
      "PRAGMA user_version = 1;";
  char *msg = NULL;
  if (sqlite3_exec(db, v1, NULL, NULL, &msg) != SQLITE_OK) fail_msg("v1 schema: %s", msg);
  sqlite3_close(db);

  struct sb_err err = {{0}};
  struct store *s = store_open(path, &err);
  if (s == NULL) fail_msg("open v1: %s", err.msg);
  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  assert_int_equal(load(s, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 3);
  assert_int_equal(rp[0].id, 3); /* 2026 PDF, 2026 HTML, 2025 PDF */
  assert_int_equal(rp[1].id, 2);
  assert_int_equal(rp[2].id, 1);
  assert_string_equal(rp[1].content_type, "text/html");
  free(sp);
  free(rp);
  assert_int_equal(load(s, SSID2, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nrp, 1);
  assert_string_equal(rp[0].format, "VIDEO");
  free(sp);
  free(rp);
  store_close(s);

  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_true(sqlite3_column_int(q, 0) >= 2); /* brought up to the current version */
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/* --- enrollment --- */

static struct enrollment_span span(const char *ssid, const char *lea, int32_t start, int32_t exit,
                                   int status) {
  struct enrollment_span e;
  memset(&e, 0, sizeof e);
  snprintf(e.ssid, sizeof e.ssid, "%s", ssid);
  snprintf(e.lea, sizeof e.lea, "%s", lea);
  snprintf(e.school, sizeof e.school, "%.3s%s", lea, "4444");
  e.start = start;
  e.exit = exit;
  e.status = status;
  snprintf(e.exit_reason, sizeof e.exit_reason, "%s", exit ? "T160" : "");
  snprintf(e.grade, sizeof e.grade, "%s", "05");
  e.academic_year = 2025;
  return e;
}

/* Loads ssid's spans and returns the one of lea starting on start, or fails. */
static struct enrollment_span find_span(struct store *s, const char *ssid, const char *lea,
                                        int32_t start, bool *found) {
  struct enrollment_span *sp, out;
  struct report *rp;
  size_t nsp, nrp;
  memset(&out, 0, sizeof out);
  *found = false;
  load(s, ssid, &sp, &nsp, &rp, &nrp);
  for (size_t i = 0; i < nsp; i++) {
    if (strcmp(sp[i].lea, lea) == 0 && sp[i].start == start) {
      assert_false(*found);
      out = sp[i];
      *found = true;
    }
  }
  free(sp);
  free(rp);
  return out;
}

static int32_t exit_of(struct store *s, const char *ssid, const char *lea, int32_t start) {
  bool found;
  struct enrollment_span e = find_span(s, ssid, lea, start, &found);
  if (!found) fail_msg("no span %s %s %d", ssid, lea, start);
  return e.exit;
}

static bool has_span(struct store *s, const char *ssid, const char *lea, int32_t start) {
  bool found;
  find_span(s, ssid, lea, start, &found);
  return found;
}

static void import(struct store *s, const char *sha, const struct enrollment_span *sp,
                   const char *txn, size_t n, int32_t as_of, struct enroll_stats *st) {
  struct sb_err err = {{0}};
  if (store_enroll_begin(s, sha, &err) != 0) fail_msg("begin: %s", err.msg);
  for (size_t i = 0; i < n; i++) {
    if (store_enroll_put(s, &sp[i], txn ? txn[i] : 'A', &err) != 0) fail_msg("put: %s", err.msg);
  }
  memset(st, 0x5a, sizeof *st);
  if (store_enroll_commit(s, as_of, "test.csv", 1700000000, st, &err) != 0)
    fail_msg("commit: %s", err.msg);
}

/* The first snapshot: student 1 in A (primary) and B (secondary); student 2 in A, with an
 * older exited A span; student 2 also in C. */
static void first_import(struct store *s) {
  struct enrollment_span sp[] = {
      span(SSID1, LEA_A, 20240815, 0, 10),        span(SSID2, LEA_A, 20240815, 0, 10),
      span(SSID2, LEA_A, 20230815, 20240301, 10), span(SSID1, LEA_B, 20240815, 0, 20),
      span(SSID2, LEA_C, 20240901, 0, 20),
  };
  struct enroll_stats st;
  import(s, SHA1, sp, NULL, 5, 20250101, &st);
  assert_int_equal(st.rows, 5);
  assert_int_equal(st.deleted, 0);
  assert_int_equal(st.closed, 0);
  assert_int_equal(st.nleas, 3);
  assert_false(st.unchanged);
}

static void test_enroll_first_import(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  assert_int_equal(store_enroll_seen(f->s, SHA1, &err), 0); /* nothing imported yet */
  first_import(f->s);
  assert_int_equal(store_enroll_seen(f->s, SHA1, &err), 1);
  assert_int_equal(store_enroll_seen(f->s, SHA2, &err), 0);

  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1); /* spans only: known */
  assert_int_equal(nsp, 2);
  assert_int_equal(nrp, 0);
  free(sp);
  free(rp);
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, NULL, NULL), 1); /* asking for spans only */
  assert_int_equal(nsp, 2);
  free(sp);
  bool found;
  struct enrollment_span e = find_span(f->s, SSID1, LEA_B, 20240815, &found);
  assert_true(found);
  assert_string_equal(e.ssid, SSID1);
  assert_string_equal(e.school, "0204444");
  assert_int_equal(e.exit, 0);
  assert_int_equal(e.status, 20);
  assert_string_equal(e.exit_reason, "");
  assert_string_equal(e.grade, "05");
  assert_int_equal(e.academic_year, 2025);
  e = find_span(f->s, SSID2, LEA_A, 20230815, &found);
  assert_true(found);
  assert_int_equal(e.exit, 20240301);
  assert_string_equal(e.exit_reason, "T160");
}

static void test_enroll_snapshot_closes_absent(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  first_import(f->s);
  /* a pre-registration in A starting after the next as-of date */
  struct enrollment_span pre[] = {span(SSID9, LEA_A, 20250401, 0, 10)};
  struct enroll_stats st;
  struct enrollment_span first_again[] = {
      span(SSID1, LEA_A, 20240815, 0, 10),        span(SSID2, LEA_A, 20240815, 0, 10),
      span(SSID2, LEA_A, 20230815, 20240301, 10), span(SSID1, LEA_B, 20240815, 0, 20),
      span(SSID2, LEA_C, 20240901, 0, 20),        pre[0],
  };
  import(f->s, SHA2, first_again, NULL, 6, 20250115, &st);
  assert_int_equal(st.closed, 0);

  /* the next A snapshot has only student 1: student 2's open A span and the
   * pre-registration close; B and C spans and the exited A span are untouched */
  struct enrollment_span onlyA[] = {span(SSID1, LEA_A, 20240815, 0, 10)};
  import(f->s, SHA3, onlyA, NULL, 1, 20250301, &st);
  assert_int_equal(st.rows, 1);
  assert_int_equal(st.deleted, 0);
  assert_int_equal(st.closed, 2);
  assert_int_equal(st.nleas, 1);
  assert_int_equal(exit_of(f->s, SSID1, LEA_A, 20240815), 0);
  assert_int_equal(exit_of(f->s, SSID2, LEA_A, 20240815), 20250301); /* exit = as_of */
  assert_int_equal(exit_of(f->s, SSID9, LEA_A, 20250401), 20250401); /* start is later */
  assert_int_equal(exit_of(f->s, SSID2, LEA_A, 20230815), 20240301); /* already exited */
  assert_int_equal(exit_of(f->s, SSID1, LEA_B, 20240815), 0);        /* other LEA */
  assert_int_equal(exit_of(f->s, SSID2, LEA_C, 20240901), 0);        /* other LEA */
  assert_int_equal(store_enroll_seen(f->s, SHA3, &err), 1);
  assert_int_equal(store_enroll_seen(f->s, SHA2, &err), 0);
  assert_int_equal(store_enroll_seen(f->s, SHA1, &err), 0);

  /* the same snapshot again closes nothing more and keeps the exit dates */
  import(f->s, SHA4, onlyA, NULL, 1, 20250401, &st);
  assert_int_equal(st.closed, 0);
  assert_int_equal(exit_of(f->s, SSID2, LEA_A, 20240815), 20250301);

  /* a span closed for absence that reappears open is open again */
  struct enrollment_span back[] = {span(SSID1, LEA_A, 20240815, 0, 10),
                                   span(SSID2, LEA_A, 20240815, 0, 10)};
  import(f->s, SHA1, back, NULL, 2, 20250501, &st);
  assert_int_equal(st.closed, 0);
  assert_int_equal(exit_of(f->s, SSID2, LEA_A, 20240815), 0);
  /* and a record updates the exit of its span */
  struct enrollment_span exited[] = {span(SSID1, LEA_A, 20240815, 20250510, 10),
                                     span(SSID2, LEA_A, 20240815, 0, 10)};
  import(f->s, SHA2, exited, NULL, 2, 20250515, &st);
  assert_int_equal(st.closed, 0);
  assert_int_equal(exit_of(f->s, SSID1, LEA_A, 20240815), 20250510);
  assert_int_equal(store_enroll_seen(f->s, SHA2, &err), 1);
}

/* 601 LEAs interleaved record by record (the LEA set must grow and count each once); the
 * second snapshot drops every third student, whose open spans must close, and only those. */
static void test_enroll_many_interleaved_leas(void **state) {
  struct fixture *f = *state;
  enum { N = 1800, LEAS = 601 }; /* coprime with 3: every LEA stays in the second file */
  struct enrollment_span *sp = calloc(N, sizeof *sp);
  assert_non_null(sp);
  char ssid[11], lea[8];
  for (int i = 0; i < N; i++) {
    snprintf(ssid, sizeof ssid, "%010d", 1500000000 + i);
    snprintf(lea, sizeof lea, "%07d", 1000000 + (i % LEAS) * 7);
    sp[i] = span(ssid, lea, 20250814, 0, 10);
  }
  struct enroll_stats st;
  import(f->s, SHA1, sp, NULL, N, 20250901, &st);
  assert_int_equal(st.rows, N);
  assert_int_equal(st.nleas, LEAS);
  size_t kept = 0;
  for (int i = 0; i < N; i++)
    if (i % 3 != 0) sp[kept++] = sp[i];
  import(f->s, SHA2, sp, NULL, kept, 20251001, &st);
  assert_int_equal(st.nleas, LEAS);
  assert_int_equal(st.closed, N / 3);
  for (int i = 0; i < N; i += 97) {
    snprintf(ssid, sizeof ssid, "%010d", 1500000000 + i);
    snprintf(lea, sizeof lea, "%07d", 1000000 + (i % LEAS) * 7);
    assert_int_equal(exit_of(f->s, ssid, lea, 20250814), i % 3 == 0 ? 20251001 : 0);
  }
  free(sp);
}

static void test_enroll_delete(void **state) {
  struct fixture *f = *state;
  first_import(f->s);
  struct enroll_stats st;
  struct enrollment_span d[] = {
      span(SSID2, LEA_A, 20230815, 0, 10), /* the exited span's key: start + status */
      span(SSID2, LEA_A, 20240815, 0, 10), span(SSID1, LEA_A, 20240815, 0, 10),
      span(SSID1, LEA_A, 20200101, 0, 10), /* no such span */
  };
  import(f->s, SHA2, d, "DAAD", 4, 20250201, &st);
  assert_int_equal(st.deleted, 1);
  assert_int_equal(st.rows, 2);
  assert_int_equal(st.closed, 0);
  assert_false(has_span(f->s, SSID2, LEA_A, 20230815));
  assert_true(has_span(f->s, SSID2, LEA_A, 20240815));
  assert_true(has_span(f->s, SSID1, LEA_B, 20240815));

  /* a D whose status differs from the span's does not remove it */
  struct enrollment_span wrong[] = {span(SSID1, LEA_B, 20240815, 0, 10),
                                    span(SSID1, LEA_B, 20240815, 0, 20)};
  import(f->s, SHA3, wrong, "DA", 2, 20250202, &st);
  assert_int_equal(st.deleted, 0);
  assert_true(has_span(f->s, SSID1, LEA_B, 20240815));
}

static void test_enroll_abort_leaves_state(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  first_import(f->s);
  assert_int_equal(store_enroll_begin(f->s, SHA2, &err), 0);
  struct enrollment_span add = span(SSID9, LEA_A, 20250101, 0, 10);
  struct enrollment_span del = span(SSID1, LEA_B, 20240815, 0, 20);
  struct enrollment_span upd = span(SSID1, LEA_A, 20240815, 20250101, 10);
  assert_int_equal(store_enroll_put(f->s, &add, 'A', &err), 0);
  assert_int_equal(store_enroll_put(f->s, &del, 'D', &err), 0);
  assert_int_equal(store_enroll_put(f->s, &upd, 'U', &err), 0);
  store_enroll_abort(f->s);

  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  assert_int_equal(load(f->s, SSID9, &sp, &nsp, &rp, &nrp), 0);
  free(sp);
  free(rp);
  assert_true(has_span(f->s, SSID1, LEA_B, 20240815));
  assert_int_equal(exit_of(f->s, SSID1, LEA_A, 20240815), 0);
  assert_int_equal(exit_of(f->s, SSID2, LEA_A, 20240815), 0);
  assert_int_equal(store_enroll_seen(f->s, SHA2, &err), 0);
  assert_int_equal(store_enroll_seen(f->s, SHA1, &err), 1);

  /* the next import starts clean: nothing of the aborted one leaks into its stats */
  struct enroll_stats st;
  struct enrollment_span c[] = {span(SSID2, LEA_C, 20240901, 0, 20)};
  import(f->s, SHA3, c, NULL, 1, 20250301, &st);
  assert_int_equal(st.rows, 1);
  assert_int_equal(st.deleted, 0);
  assert_int_equal(st.nleas, 1);
  assert_int_equal(st.closed, 0);
  /* LEA A was only in the aborted import: its spans stay open */
  assert_int_equal(exit_of(f->s, SSID2, LEA_A, 20240815), 0);
  assert_int_equal(store_enroll_seen(f->s, SHA3, &err), 1);
}

static void test_reopen_persists(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  first_import(f->s);
  struct credential c = cred(ID1, "alice", 1000, 1), out;
  assert_int_equal(store_credential_create(f->s, &c, &err), 0);
  struct report r = rep(SSID1, 2025, "CAASPP", "EN", "PDF", "ELA,MATH", true, 'a');
  put_reports(f->s, &r, 1);
  store_close(f->s);
  f->s = store_open(f->path, &err);
  if (f->s == NULL) fail_msg("reopen: %s", err.msg);
  assert_int_equal(store_ping(f->s, &err), 0);
  assert_int_equal(store_credential_by_id(f->s, ID1, &out, &err), 1);
  assert_int_equal(store_enroll_seen(f->s, SHA1, &err), 1);
  struct enrollment_span *sp;
  struct report *rp;
  size_t nsp, nrp;
  assert_int_equal(load(f->s, SSID1, &sp, &nsp, &rp, &nrp), 1);
  assert_int_equal(nsp, 2);
  assert_int_equal(nrp, 1);
  free(sp);
  free(rp);
}

static void test_ping_and_bad_path(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  assert_int_equal(store_ping(f->s, &err), 0);
  char bad[160];
  snprintf(bad, sizeof bad, "%s/no/such/dir/x.db", f->dir);
  err.msg[0] = '\0';
  assert_null(store_open(bad, &err));
  assert_true(strlen(err.msg) > 0);
}

/* --- score data file uploads --- */

static int64_t new_upload(struct store *s, const char *sha) {
  struct score_upload u;
  memset(&u, 0, sizeof u);
  memset(u.sha256, sha[0], 64);
  u.size = 100;
  snprintf(u.file_name, sizeof u.file_name, "%s", "f.csv");
  snprintf(u.uploader_lea, sizeof u.uploader_lea, "%s", LEA_A);
  u.families = 1u << SCORE_CAASPP;
  u.created_at = 1700000000;
  int64_t id = 0;
  struct sb_err err = {{0}};
  if (store_upload_create(s, &u, &id, &err) != 0) fail_msg("create: %s", err.msg);
  return id;
}

static struct score_record score_row(const char *ssid, int scale) {
  struct score_record r;
  memset(&r, 0, sizeof r);
  r.family = SCORE_CAASPP;
  snprintf(r.record_type, sizeof r.record_type, "%s", "01");
  snprintf(r.ssid, sizeof r.ssid, "%s", ssid);
  snprintf(r.uin, sizeof r.uin, "%s", ssid);
  snprintf(r.grade_assessed, sizeof r.grade_assessed, "%s", "05");
  r.gender = 'F';
  r.hispanic = 'Y';
  r.scale_score = scale;
  r.level = 3;
  r.claim[0] = '2';
  return r;
}

/* Loads rows for upload id as (LEA_A, CAASPP, Tested, 2025); returns the replaced id. */
static int64_t load_rows(struct store *s, int64_t id, int nrows) {
  struct sb_err err = {{0}};
  struct score_upload u;
  assert_int_equal(store_upload_get(s, id, &u, &err), 1);
  assert_int_equal(store_scores_begin(s, id, &err), 0);
  for (int i = 0; i < nrows; i++) {
    char ssid[11] = "1000000000";
    ssid[8] = (char)('0' + i / 10 % 10);
    ssid[9] = (char)('0' + i % 10);
    struct score_record r = score_row(ssid, 2500 + i);
    if (store_scores_put(s, &r, &err) != 0) fail_msg("put: %s", err.msg);
  }
  u.family = SCORE_CAASPP;
  u.basis = SCORE_TESTED;
  u.year = 2025;
  snprintf(u.lea, sizeof u.lea, "%s", LEA_A);
  u.status = UPLOAD_READY;
  u.loaded = nrows;
  int64_t replaced = -1;
  if (store_scores_commit(s, &u, &replaced, &err) != 0) fail_msg("commit: %s", err.msg);
  assert_true(u.current);
  return replaced;
}

static long count_rows(struct store *s) {
  long n = -1;
  struct sb_err err = {{0}};
  assert_int_equal(store_scores_count(s, LEA_A, SCORE_CAASPP, SCORE_TESTED, 2025, &n, &err), 0);
  return n;
}

static int collect_issue(void *ctx, const struct upload_issue *i) {
  int *n = ctx;
  (*n)++;
  assert_true(i->level == 1 || i->level == 2);
  return 0;
}

static int count_upload(void *ctx, const struct score_upload *u) {
  (void)u;
  (*(int *)ctx)++;
  return 0;
}

static void test_uploads_lifecycle(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  int64_t a = new_upload(f->s, "a");
  struct score_upload u, next;
  assert_int_equal(store_upload_get(f->s, a, &u, &err), 1);
  assert_int_equal(u.status, UPLOAD_RECEIVED);
  assert_string_equal(u.file_name, "f.csv");
  assert_int_equal(u.families, 1u << SCORE_CAASPP);
  assert_int_equal(store_upload_next(f->s, &next, &err), 1);
  assert_int_equal(next.id, a);

  u.status = UPLOAD_REJECTED;
  u.errors = 2;
  snprintf(u.message, sizeof u.message, "%s", "Rejected");
  assert_int_equal(store_upload_update(f->s, &u, &err), 0);
  struct upload_issue is[2] = {{1, 10, "SSID", "not 10 digits"}, {2, 0, "", "a warning"}};
  assert_int_equal(store_upload_issues_put(f->s, a, is, 2, &err), 0);
  int n = 0;
  assert_int_equal(store_upload_issues(f->s, a, collect_issue, &n, &err), 0);
  assert_int_equal(n, 2);
  /* replaced whole, not appended */
  assert_int_equal(store_upload_issues_put(f->s, a, is, 1, &err), 0);
  n = 0;
  assert_int_equal(store_upload_issues(f->s, a, collect_issue, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(store_upload_next(f->s, &next, &err), 0); /* nothing pending */

  int listed = 0;
  new_upload(f->s, "b");
  assert_int_equal(store_upload_list(f->s, LEA_A, 0, count_upload, &listed, &err), 0);
  assert_int_equal(listed, 2);
  listed = 0;
  assert_int_equal(store_upload_list(f->s, LEA_B, 0, count_upload, &listed, &err), 0);
  assert_int_equal(listed, 0);
  u.id = 999;
  assert_int_equal(store_upload_update(f->s, &u, &err), -1); /* unknown id */
}

static void test_scores_replace_and_abort(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  int64_t a = new_upload(f->s, "a");
  assert_int_equal(load_rows(f->s, a, 5), 0);
  assert_int_equal(count_rows(f->s), 5);

  /* an aborted load leaves the previous rows */
  int64_t b = new_upload(f->s, "b");
  assert_int_equal(store_scores_begin(f->s, b, &err), 0);
  struct score_record r = score_row("2000000000", 2400);
  assert_int_equal(store_scores_put(f->s, &r, &err), 0);
  store_scores_abort(f->s);
  assert_int_equal(count_rows(f->s), 5);
  /* status updates are refused while rows load (they would be hidden until commit) */
  struct score_upload ub;
  assert_int_equal(store_upload_get(f->s, b, &ub, &err), 1);
  assert_int_equal(store_scores_begin(f->s, b, &err), 0);
  assert_int_equal(store_upload_update(f->s, &ub, &err), -1);
  store_scores_abort(f->s);

  /* a newer file for the same key replaces the older one's rows atomically */
  assert_int_equal(load_rows(f->s, b, 3), a);
  assert_int_equal(count_rows(f->s), 3);
  struct score_upload ua;
  assert_int_equal(store_upload_get(f->s, a, &ua, &err), 1);
  assert_false(ua.current);
  assert_int_equal(store_upload_get(f->s, b, &ub, &err), 1);
  assert_true(ub.current);
  assert_int_equal(ub.replaces, a);

  /* the same content for the same key is found */
  struct score_upload same;
  char sha[65];
  memset(sha, 'b', 64);
  sha[64] = '\0';
  assert_int_equal(
      store_upload_same_loaded(f->s, sha, LEA_A, SCORE_CAASPP, SCORE_TESTED, 2025, &same, &err), 1);
  assert_int_equal(same.id, b);
  memset(sha, 'a', 64);
  assert_int_equal(
      store_upload_same_loaded(f->s, sha, LEA_A, SCORE_CAASPP, SCORE_TESTED, 2025, &same, &err), 0);
  /* seen by another connection */
  struct store *other = store_open(f->path, &err);
  assert_non_null(other);
  assert_int_equal(count_rows(other), 3);
  store_close(other);
}

static void test_enrolled_on(void **state) {
  struct fixture *f = *state;
  struct sb_err err = {{0}};
  struct enrollment_span sp[] = {span(SSID1, LEA_A, 20240815, 0, 10),
                                 span(SSID2, LEA_A, 20240815, 20250101, 10)};
  struct enroll_stats st;
  import(f->s, SHA3, sp, NULL, 2, 20250110, &st);
  assert_int_equal(store_enrolled_on(f->s, SSID1, LEA_A, 20250301, &err), 1);
  assert_int_equal(store_enrolled_on(f->s, SSID1, LEA_B, 20250301, &err), 0);
  assert_int_equal(store_enrolled_on(f->s, SSID2, LEA_A, 20250301, &err), 0);
  assert_int_equal(store_enrolled_on(f->s, SSID2, LEA_A, 20241201, &err), 1);
  assert_int_equal(store_enrolled_on(f->s, SSID1, LEA_A, 20240801, &err), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, store_fixture_setup, store_fixture_teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_credential_create_get),
      T(test_credential_duplicates_refused),
      T(test_credential_list),
      T(test_credential_revoke),
      T(test_credential_rotate),
      T(test_credential_change_seen_across_connections),
      T(test_student_unknown),
      T(test_report_order_and_fields),
      T(test_reports_upsert),
      T(test_reports_abort),
      T(test_migrates_v1_reports),
      T(test_enroll_first_import),
      T(test_enroll_snapshot_closes_absent),
      T(test_enroll_many_interleaved_leas),
      T(test_enroll_delete),
      T(test_enroll_abort_leaves_state),
      T(test_reopen_persists),
      T(test_uploads_lifecycle),
      T(test_scores_replace_and_abort),
      T(test_enrolled_on),
      T(test_ping_and_bad_path),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
