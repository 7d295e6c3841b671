/* sqlite_analytics.c - the SQLite backend's dashboard aggregates and the score rows read
 * back (the store.h calls under "dashboard aggregates").
 *
 * Table (schema version 5):
 *   score_agg   one row per aggregate cell (analytics/aggregate.h) of a current upload,
 *               keyed for the dashboards' reads: one view is one range of the primary key
 *               (lea, test, basis, school, grade, grp, year) - the three years of a cell
 *               are neighbours. upload_id ties the cells to the upload whose rows they
 *               summarise: a replaced upload's cells go in the transaction that replaces
 *               its rows (sqlite_scores_commit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

#define AGG_VALUE_COLS                                                                             \
  "enrolled, tested, valid, l1, l2, l3, l4, scale_sum, dfs_sum, dfs_n,"                            \
  " c1_1, c1_2, c1_3, c2_1, c2_2, c2_3, c3_1, c3_2, c3_3, c4_1, c4_2, c4_3,"                       \
  " d1_1, d1_2, d1_3, d2_1, d2_2, d2_3, d3_1, d3_2, d3_3, d4_1, d4_2, d4_3,"                       \
  " o1, o2, o3, o4, w1, w2, w3, w4, oral_sum, oral_n, written_sum, written_n,"                     \
  " k_n, kp1, kp2, kp3, kp4, kp_sum, k1, k2, k3, k4, k_sum, hidden"
#define AGG_NVALUES 58

static const char *SCHEMA_V5 =
    "CREATE TABLE score_agg("
    " lea TEXT NOT NULL, test TEXT NOT NULL, basis INTEGER NOT NULL, school TEXT NOT NULL,"
    " grade TEXT NOT NULL, grp INTEGER NOT NULL, year INTEGER NOT NULL,"
    " upload_id INTEGER NOT NULL,"
    " enrolled INTEGER NOT NULL, tested INTEGER NOT NULL, valid INTEGER NOT NULL,"
    " l1 INTEGER NOT NULL, l2 INTEGER NOT NULL, l3 INTEGER NOT NULL, l4 INTEGER NOT NULL,"
    " scale_sum INTEGER NOT NULL, dfs_sum INTEGER NOT NULL, dfs_n INTEGER NOT NULL,"
    " c1_1 INTEGER NOT NULL, c1_2 INTEGER NOT NULL, c1_3 INTEGER NOT NULL,"
    " c2_1 INTEGER NOT NULL, c2_2 INTEGER NOT NULL, c2_3 INTEGER NOT NULL,"
    " c3_1 INTEGER NOT NULL, c3_2 INTEGER NOT NULL, c3_3 INTEGER NOT NULL,"
    " c4_1 INTEGER NOT NULL, c4_2 INTEGER NOT NULL, c4_3 INTEGER NOT NULL,"
    " d1_1 INTEGER NOT NULL, d1_2 INTEGER NOT NULL, d1_3 INTEGER NOT NULL,"
    " d2_1 INTEGER NOT NULL, d2_2 INTEGER NOT NULL, d2_3 INTEGER NOT NULL,"
    " d3_1 INTEGER NOT NULL, d3_2 INTEGER NOT NULL, d3_3 INTEGER NOT NULL,"
    " d4_1 INTEGER NOT NULL, d4_2 INTEGER NOT NULL, d4_3 INTEGER NOT NULL,"
    " o1 INTEGER NOT NULL, o2 INTEGER NOT NULL, o3 INTEGER NOT NULL, o4 INTEGER NOT NULL,"
    " w1 INTEGER NOT NULL, w2 INTEGER NOT NULL, w3 INTEGER NOT NULL, w4 INTEGER NOT NULL,"
    " oral_sum INTEGER NOT NULL, oral_n INTEGER NOT NULL,"
    " written_sum INTEGER NOT NULL, written_n INTEGER NOT NULL,"
    /* the matched cohort (aggregate.h): n, last year's levels and scale sum, this year's */
    " k_n INTEGER NOT NULL, kp1 INTEGER NOT NULL, kp2 INTEGER NOT NULL, kp3 INTEGER NOT NULL,"
    " kp4 INTEGER NOT NULL, kp_sum INTEGER NOT NULL, k1 INTEGER NOT NULL, k2 INTEGER NOT NULL,"
    " k3 INTEGER NOT NULL, k4 INTEGER NOT NULL, k_sum INTEGER NOT NULL,"
    /* what an aggregate-only viewer gets withheld: 1 enrolled, 2 tested, 4 valid */
    " hidden INTEGER NOT NULL,"
    " PRIMARY KEY(lea, test, basis, school, grade, grp, year)) WITHOUT ROWID;"
    "CREATE INDEX score_agg_by_upload ON score_agg(upload_id);"
    /* the names the score files give LEA (7-digit) and school (14-digit CDS) codes */
    "CREATE TABLE org_name(code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX score_by_upload_test ON score(upload_id, record_type, grade);";

enum q {
  Q_INSERT,
  Q_DELETE_UPLOAD,
  Q_CURRENT_ID,
  Q_SELECT, /* eight forms: bit 1 school given, 2 grade given, 4 group given */
  Q_SELECT_LAST = Q_SELECT + 7,
  Q_READ_ROWS,
  Q_MISSING,
  Q_YEARS,
  Q_NAME_PUT,
  Q_NAMES,
  Q_N
};

static const char *SQL[Q_N] = {
    [Q_INSERT] = "INSERT INTO score_agg(lea, test, basis, school, grade, grp, year, "
                 "upload_id, " AGG_VALUE_COLS ") VALUES(?,?,?,?,?,?,?,?,"
                 /* the 58 values */
                 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_DELETE_UPLOAD] = "DELETE FROM score_agg WHERE upload_id = ?",
    [Q_CURRENT_ID] = "SELECT id FROM score_upload WHERE lea = ? AND family = ? AND basis = ?"
                     " AND year = ? AND current = 1",
/* The forms of Q_SELECT: a filter left out rather than written "(? IS NULL OR col = ?)",
 * which would keep SQLite from using the primary key past (lea, test, basis). */
#define AGG_SELECT(cond)                                                                           \
  "SELECT year, basis, test, school, grade, grp, " AGG_VALUE_COLS                                  \
  " FROM score_agg WHERE lea = ?1 AND test = ?2 AND basis = ?3" cond                               \
  " AND year BETWEEN ?7 AND ?8 ORDER BY school, grade, grp, year"
    [Q_SELECT + 0] = AGG_SELECT(""),
    [Q_SELECT + 1] = AGG_SELECT(" AND school = ?4"),
    [Q_SELECT + 2] = AGG_SELECT(" AND grade = ?5"),
    [Q_SELECT + 3] = AGG_SELECT(" AND school = ?4 AND grade = ?5"),
    [Q_SELECT + 4] = AGG_SELECT(" AND grp = ?6"),
    [Q_SELECT + 5] = AGG_SELECT(" AND school = ?4 AND grp = ?6"),
    [Q_SELECT + 6] = AGG_SELECT(" AND grade = ?5 AND grp = ?6"),
    [Q_SELECT + 7] = AGG_SELECT(" AND school = ?4 AND grade = ?5 AND grp = ?6"),
    [Q_READ_ROWS] = "SELECT record_type, ssid, uin, school, tested_lea, tested_school, grade,"
                    " calpads_grade, gender, flags, ethnicity, elas, parent_education,"
                    " condition_code, attemptedness, include_indicator, scale_score, sem, level,"
                    " claims, domains, lexile, oral_score, written_score, oral_level,"
                    " written_level FROM score WHERE upload_id = ?1"
                    " AND (?2 IS NULL OR record_type = ?2) AND (?3 IS NULL OR grade = ?3)"
                    " AND (?4 IS NULL OR school = ?4 OR tested_school = ?4)",
    [Q_MISSING] = "SELECT id FROM score_upload u WHERE current = 1 AND status = 4 AND loaded > 0"
                  " AND NOT EXISTS (SELECT 1 FROM score_agg a WHERE a.upload_id = u.id)"
                  " ORDER BY id",
    [Q_YEARS] = "SELECT family, basis, year, id FROM score_upload WHERE lea = ? AND current = 1"
                " ORDER BY family, basis, year",
    [Q_NAME_PUT] = "INSERT INTO org_name(code, name) VALUES(?, ?)"
                   " ON CONFLICT(code) DO UPDATE SET name = excluded.name",
    [Q_NAMES] = "SELECT code, name FROM org_name WHERE code >= ?1 AND code < ?1 || ':'"
                " ORDER BY code",
};

struct sqlite_analytics {
  sqlite3_stmt *st[Q_N];
};

int sqlite_analytics_migrate(sqlite3 *db, struct sb_err *err) {
  return sqlite_exec(db, SCHEMA_V5, err);
}

void sqlite_analytics_free(struct sqlite_analytics *a) {
  if (a == NULL) return;
  for (int i = 0; i < Q_N; i++)
    sqlite3_finalize(a->st[i]);
  free(a);
}

static sqlite3_stmt *stmt(void *impl, enum q id, struct sb_err *err) {
  struct sqlite_analytics **p = sqlite_store_analytics(impl);
  if (*p == NULL && (*p = calloc(1, sizeof **p)) == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  return sqlite_prepared(store_sqlite_db(impl), &(*p)->st[id], SQL[id], err);
}

static void done(sqlite3_stmt *q) {
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
}

/* --- writing cells --- */

struct put_ctx {
  void *impl;
  sqlite3_stmt *q;
  const struct score_upload *u;
  struct sb_err *err;
};

static int put_cell(void *ctx, const struct agg_cell *c) {
  struct put_ctx *p = ctx;
  sqlite3_stmt *q = p->q;
  sqlite3_bind_text(q, 1, p->u->lea, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, c->key.test, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 3, p->u->basis);
  sqlite3_bind_text(q, 4, c->key.school, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, c->key.grade, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 6, c->key.group);
  sqlite3_bind_int(q, 7, p->u->year);
  sqlite3_bind_int64(q, 8, p->u->id);
  int i = 9;
  sqlite3_bind_int64(q, i++, c->enrolled);
  sqlite3_bind_int64(q, i++, c->tested);
  sqlite3_bind_int64(q, i++, c->valid);
  for (int k = 0; k < AGG_LEVELS; k++)
    sqlite3_bind_int64(q, i++, c->level[k]);
  sqlite3_bind_int64(q, i++, c->scale_sum);
  sqlite3_bind_int64(q, i++, c->dfs_sum);
  sqlite3_bind_int64(q, i++, c->dfs_n);
  for (int k = 0; k < AGG_CLAIMS; k++)
    for (int l = 0; l < AGG_CLAIM_LEVELS; l++)
      sqlite3_bind_int64(q, i++, c->claim[k][l]);
  for (int k = 0; k < AGG_CLAIMS; k++)
    for (int l = 0; l < AGG_CLAIM_LEVELS; l++)
      sqlite3_bind_int64(q, i++, c->domain[k][l]);
  for (int k = 0; k < AGG_LEVELS; k++)
    sqlite3_bind_int64(q, i++, c->oral[k]);
  for (int k = 0; k < AGG_LEVELS; k++)
    sqlite3_bind_int64(q, i++, c->written[k]);
  sqlite3_bind_int64(q, i++, c->oral_sum);
  sqlite3_bind_int64(q, i++, c->oral_n);
  sqlite3_bind_int64(q, i++, c->written_sum);
  sqlite3_bind_int64(q, i++, c->written_n);
  sqlite3_bind_int64(q, i++, c->cohort_n);
  for (int k = 0; k < AGG_LEVELS; k++)
    sqlite3_bind_int64(q, i++, c->cohort_prior[k]);
  sqlite3_bind_int64(q, i++, c->cohort_prior_sum);
  for (int k = 0; k < AGG_LEVELS; k++)
    sqlite3_bind_int64(q, i++, c->cohort_level[k]);
  sqlite3_bind_int64(q, i++, c->cohort_sum);
  sqlite3_bind_int(q, i++, (int)c->hidden);
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  if (rc != SQLITE_DONE) return sqlite_fail(store_sqlite_db(p->impl), p->err, "store aggregate");
  return 0;
}

static int delete_upload(void *impl, int64_t id, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_DELETE_UPLOAD, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, id);
  int rc = sqlite3_step(q);
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "delete aggregates");
}

int sqlite_agg_delete_upload(void *impl, int64_t id, struct sb_err *err) {
  return delete_upload(impl, id, err);
}

static int put_all(void *impl, const struct score_upload *u, const struct agg_table *t,
                   struct sb_err *err) {
  struct put_ctx p = {impl, stmt(impl, Q_INSERT, err), u, err};
  if (p.q == NULL) return -1;
  int rc = agg_each(t, put_cell, &p);
  sqlite3_clear_bindings(p.q);
  return rc;
}

int sqlite_agg_put_all(void *impl, const struct score_upload *u, const struct agg_table *t,
                       struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  if (sqlite3_get_autocommit(db))
    return sb_err_set(err, "database: aggregates saved outside a load");
  /* The cells of the upload being replaced go first: the new ones take the same keys. */
  sqlite3_stmt *q = stmt(impl, Q_CURRENT_ID, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, u->lea, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 2, u->family);
  sqlite3_bind_int(q, 3, u->basis);
  sqlite3_bind_int(q, 4, u->year);
  int rc = sqlite3_step(q);
  int64_t old = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
  done(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sqlite_fail(db, err, "find current upload");
  if (old != 0 && delete_upload(impl, old, err) != 0) return -1;
  if (delete_upload(impl, u->id, err) != 0) return -1;
  return put_all(impl, u, t, err);
}

int sqlite_agg_replace(void *impl, const struct score_upload *u, const struct agg_table *t,
                       struct sb_err *err) {
  sqlite3 *db = store_sqlite_db(impl);
  if (sqlite_exec(db, "BEGIN IMMEDIATE", err)) return -1;
  if (delete_upload(impl, u->id, err) != 0 || put_all(impl, u, t, err) != 0 ||
      sqlite_exec(db, "COMMIT", err) != 0) {
    sqlite_exec(db, "ROLLBACK", NULL);
    return -1;
  }
  return 0;
}

/* --- reading cells --- */

static void read_cell(sqlite3_stmt *q, int *year, int *basis, struct agg_cell *c) {
  memset(c, 0, sizeof *c);
  *year = sqlite3_column_int(q, 0);
  *basis = sqlite3_column_int(q, 1);
  char test[3], school[15], grade[3];
  sqlite_column_copy(test, sizeof test, q, 2);
  sqlite_column_copy(school, sizeof school, q, 3);
  sqlite_column_copy(grade, sizeof grade, q, 4);
  agg_key_set(&c->key, test, school, grade, sqlite3_column_int(q, 5));
  int i = 6;
  c->enrolled = (long)sqlite3_column_int64(q, i++);
  c->tested = (long)sqlite3_column_int64(q, i++);
  c->valid = (long)sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_LEVELS; k++)
    c->level[k] = (long)sqlite3_column_int64(q, i++);
  c->scale_sum = sqlite3_column_int64(q, i++);
  c->dfs_sum = sqlite3_column_int64(q, i++);
  c->dfs_n = (long)sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_CLAIMS; k++)
    for (int l = 0; l < AGG_CLAIM_LEVELS; l++)
      c->claim[k][l] = (long)sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_CLAIMS; k++)
    for (int l = 0; l < AGG_CLAIM_LEVELS; l++)
      c->domain[k][l] = (long)sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_LEVELS; k++)
    c->oral[k] = (long)sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_LEVELS; k++)
    c->written[k] = (long)sqlite3_column_int64(q, i++);
  c->oral_sum = sqlite3_column_int64(q, i++);
  c->oral_n = (long)sqlite3_column_int64(q, i++);
  c->written_sum = sqlite3_column_int64(q, i++);
  c->written_n = (long)sqlite3_column_int64(q, i++);
  c->cohort_n = (long)sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_LEVELS; k++)
    c->cohort_prior[k] = (long)sqlite3_column_int64(q, i++);
  c->cohort_prior_sum = sqlite3_column_int64(q, i++);
  for (int k = 0; k < AGG_LEVELS; k++)
    c->cohort_level[k] = (long)sqlite3_column_int64(q, i++);
  c->cohort_sum = sqlite3_column_int64(q, i++);
  c->hidden = (unsigned)sqlite3_column_int(q, i++);
}

int sqlite_agg_query(void *impl, const struct agg_query *aq, store_agg_fn fn, void *ctx,
                     struct sb_err *err) {
  int form = (aq->school ? 1 : 0) | (aq->grade ? 2 : 0) | (aq->group ? 4 : 0);
  sqlite3_stmt *q = stmt(impl, (enum q)(Q_SELECT + form), err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, aq->lea, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, aq->test, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 3, aq->basis);
  if (aq->school) sqlite3_bind_text(q, 4, aq->school, -1, SQLITE_STATIC);
  if (aq->grade) sqlite3_bind_text(q, 5, aq->grade, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, 6, aq->group);
  sqlite3_bind_int(q, 7, aq->year_min);
  sqlite3_bind_int(q, 8, aq->year_max);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct agg_cell c;
    int year, basis;
    read_cell(q, &year, &basis, &c);
    if (fn(ctx, year, &c) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "read aggregates");
}

int sqlite_agg_missing(void *impl, int64_t *ids, size_t cap, size_t *n, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_MISSING, err);
  if (q == NULL) return -1;
  *n = 0;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < cap)
    ids[(*n)++] = sqlite3_column_int64(q, 0);
  done(q);
  return rc == SQLITE_DONE || rc == SQLITE_ROW
             ? 0
             : sqlite_fail(store_sqlite_db(impl), err, "find uploads without aggregates");
}

int sqlite_agg_loaded(void *impl, const char *lea, store_loaded_fn fn, void *ctx,
                      struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_YEARS, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, lea, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    if (fn(ctx, sqlite3_column_int(q, 0), sqlite3_column_int(q, 1), sqlite3_column_int(q, 2),
           sqlite3_column_int64(q, 3)) != 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "list loaded files");
}

/* --- score rows read back --- */

static char one(sqlite3_stmt *q, int col) {
  const unsigned char *t = sqlite3_column_text(q, col);
  return t && t[0] && t[0] != '-' ? (char)t[0] : 0;
}

static void read_record(sqlite3_stmt *q, const struct score_upload *u, struct score_record *r) {
  memset(r, 0, sizeof *r);
  r->year = u->year;
  r->family = (enum score_family)u->family;
  memcpy(r->lea, u->lea, sizeof r->lea);
  sqlite_column_copy(r->record_type, sizeof r->record_type, q, 0);
  sqlite_column_copy(r->ssid, sizeof r->ssid, q, 1);
  sqlite_column_copy(r->uin, sizeof r->uin, q, 2);
  sqlite_column_copy(r->school, sizeof r->school, q, 3);
  sqlite_column_copy(r->tested_lea, sizeof r->tested_lea, q, 4);
  sqlite_column_copy(r->tested_school, sizeof r->tested_school, q, 5);
  sqlite_column_copy(r->grade_assessed, sizeof r->grade_assessed, q, 6);
  sqlite_column_copy(r->calpads_grade, sizeof r->calpads_grade, q, 7);
  r->gender = one(q, 8);
  const unsigned char *f = sqlite3_column_text(q, 9);
  char flags[16];
  memset(flags, 0, sizeof flags);
  for (int i = 0; f && i < 16 && f[i]; i++)
    flags[i] = f[i] == '-' ? 0 : (char)f[i];
  r->hispanic = flags[0];
  r->american_indian = flags[1];
  r->asian = flags[2];
  r->pacific_islander = flags[3];
  r->filipino = flags[4];
  r->black = flags[5];
  r->white = flags[6];
  r->two_or_more = flags[7];
  r->el_status = flags[8];
  r->economic_disadvantage = flags[9];
  r->disability = flags[10];
  r->section504 = flags[11];
  r->migrant = flags[12];
  r->military = flags[13];
  r->foster = flags[14];
  r->homeless = flags[15];
  sqlite_column_copy(r->ethnicity, sizeof r->ethnicity, q, 10);
  sqlite_column_copy(r->elas, sizeof r->elas, q, 11);
  sqlite_column_copy(r->parent_education, sizeof r->parent_education, q, 12);
  sqlite_column_copy(r->condition_code, sizeof r->condition_code, q, 13);
  r->attemptedness = one(q, 14);
  r->include_indicator = one(q, 15);
  r->scale_score = sqlite3_column_int(q, 16);
  r->sem = sqlite3_column_int(q, 17);
  r->level = sqlite3_column_int(q, 18);
  const unsigned char *c = sqlite3_column_text(q, 19), *d = sqlite3_column_text(q, 20);
  for (int i = 0; i < 4; i++) {
    if (c && c[i] && c[i] != '-') r->claim[i] = (char)c[i];
    if (c && !c[i]) c = NULL;
    if (d && d[i] && d[i] != '-') r->domain[i] = (char)d[i];
    if (d && !d[i]) d = NULL;
  }
  sqlite_column_copy(r->lexile, sizeof r->lexile, q, 21);
  r->oral_score = sqlite3_column_int(q, 22);
  r->written_score = sqlite3_column_int(q, 23);
  r->oral_level = sqlite3_column_int(q, 24);
  r->written_level = sqlite3_column_int(q, 25);
}

int sqlite_scores_read(void *impl, const struct score_upload *u, const char *record_type,
                       const char *grade, const char *school, store_record_fn fn, void *ctx,
                       struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_READ_ROWS, err);
  if (q == NULL) return -1;
  sqlite3_bind_int64(q, 1, u->id);
  if (record_type) sqlite3_bind_text(q, 2, record_type, -1, SQLITE_STATIC);
  if (grade) sqlite3_bind_text(q, 3, grade, -1, SQLITE_STATIC);
  if (school) sqlite3_bind_text(q, 4, school, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    struct score_record r;
    read_record(q, u, &r);
    int stop = fn(ctx, &r);
    if (stop < 0) {
      done(q);
      return -1;
    }
    if (stop > 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "read score rows");
}

/* --- names --- */

int sqlite_names_put(void *impl, const char *code, const char *name, struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_NAME_PUT, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "store a name");
}

int sqlite_names_list(void *impl, const char *lea, store_name_fn fn, void *ctx,
                      struct sb_err *err) {
  sqlite3_stmt *q = stmt(impl, Q_NAMES, err);
  if (q == NULL) return -1;
  sqlite3_bind_text(q, 1, lea, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    int stop =
        fn(ctx, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1));
    if (stop < 0) {
      done(q);
      return sb_err_set(err, "out of memory reading names");
    }
    if (stop > 0) {
      rc = SQLITE_DONE;
      break;
    }
  }
  done(q);
  return rc == SQLITE_DONE ? 0 : sqlite_fail(store_sqlite_db(impl), err, "read names");
}
