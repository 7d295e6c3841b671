/* analytics.c - the dashboards' JSON API (docs/analytics-api.md has every field).
 *
 *   GET /api/analytics/meta      what the signed-in user may see: tests and their years,
 *                                schools, student groups, whether counts are suppressed
 *   GET /api/analytics/overview  per test, the latest year against the one before
 *   GET /api/analytics/results   one test, three years, rows by grade, school or group
 *   GET /api/analytics/dfs       Distance from Standard by student group, prior/current
 *   GET /api/analytics/cohort    the same students a year apart, beside the same grade
 *   GET /api/analytics/roster    the students behind a cell (audited; format=csv)
 *
 * Common parameters: test (assessments.h slug), basis=tested|enrolled (default tested),
 * year (default the newest loaded), school (14-digit CDS; default the whole LEA, or a
 * site admin's first school), grade (KN, 01..12, 13 = all; default 13), group (CDE ID,
 * default 1). Every answer is read from the aggregate cells computed at load time
 * (analytics/aggregate.h), except rosters, which read the students' rows.
 *
 * Who sees what (domain/role.h): the user's own LEA only; a coordinator only its families;
 * a site admin only its schools (another school, or the LEA as a whole: 403, audited);
 * an aggregate viewer gets every count of 1-10 students and its complements withheld
 * (analytics/disclose.h): the JSON then holds null and "suppressed": true, never the
 * number, and gets no roster. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/aggregate.h"
#include "analytics/assessments.h"
#include "analytics/counting.h"
#include "analytics/dfs.h"
#include "analytics/disclose.h"
#include "analytics/groups.h"
#include "analytics/orgnames.h"
#include "analytics/query.h"
#include "analytics/research.h"
#include "analytics/suppress.h"
#include "api/web.h"
#include "domain/ids.h"
#include "domain/score_codes.h"
#include "util/buf.h"
#include "util/log.h"

#define YEARS 3
#define MAX_ARGS 12
#define ROSTER_MAX 20000

/* --- request --- */

struct view {
  struct app *a;
  struct http_req *r;
  struct web_ctx w;
  const struct assessment *t;
  int basis;
  int year; /* newest year shown */
  bool year_given;
  char school[15]; /* "" = the LEA as a whole */
  char grade[3];
  int group;
  int level;      /* roster: 0 = every student of the cell */
  const char *by; /* results: grade, school, group */
  bool csv;
  bool suppressed; /* the viewer gets suppressed counts */
};

static void internal(struct http_req *r, const char *what, const char *msg) {
  log_error("request %s: %s: %s", http_req_id(r), what, msg);
  http_respond_error(r, 500, "Internal error occurred");
}

static void denied(struct view *v, const char *what) {
  char target[160];
  snprintf(target, sizeof target, "%s %s", http_req_path(v->r), what);
  web_audit(v->r, v->w.store, v->w.actor, "view-dashboard", target, "denied");
  http_respond_error(v->r, 403, "You may not see these results");
}

/* Reads the query (analytics/query.h) and checks access. Returns true, or has answered
 * (400/403) and returns false. need_test: test= is required. */
static bool parse(struct view *v, bool need_test) {
  struct query_arg args[MAX_ARGS];
  size_t n = http_req_query(v->r, args, MAX_ARGS);
  if (n > MAX_ARGS) {
    http_respond_error(v->r, 400, "too many query parameters");
    return false;
  }
  struct analytics_query q;
  struct sb_err err = {""};
  if (analytics_query_parse(args, n, &q, &err) != 0) {
    http_respond_error(v->r, 400, err.msg);
    return false;
  }
  v->t = q.test;
  v->basis = q.basis;
  v->year = q.year;
  v->year_given = q.year != 0;
  memcpy(v->grade, q.grade, sizeof v->grade);
  v->group = q.group;
  v->level = q.level;
  v->by = analytics_by_name(q.by);
  v->csv = q.csv;
  const struct principal *p = &v->w.user.who;
  if (q.lea && strcmp(q.lea, p->lea) != 0) {
    denied(v, q.lea);
    return false;
  }
  if (need_test && v->t == NULL) {
    http_respond_error(v->r, 400, "test: required (see /api/analytics/meta)");
    return false;
  }
  if (v->t && !role_may_view_family(p, v->t->family, p->lea)) {
    denied(v, v->t->slug);
    return false;
  }
  if (q.school[0]) {
    if (!role_may_view_school(p, p->lea, q.school)) {
      denied(v, q.school);
      return false;
    }
    memcpy(v->school, q.school, sizeof v->school);
  } else if (!role_may_view_lea(p, p->lea)) {
    if (q.school_given || p->nschools == 0) { /* asked for the LEA as a whole */
      denied(v, "whole LEA");
      return false;
    }
    memcpy(v->school, p->schools[0], sizeof v->school);
  }
  v->suppressed = suppress_required(p->role);
  return true;
}

/* --- names of the LEA and its schools (from the score files) --- */

/* The names of lea and its schools: NULL with err on failure (orgnames_free it). */
static struct orgnames *names_load(struct store *st, const char *lea, struct sb_err *err) {
  struct orgnames *m = orgnames_new();
  if (m == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  if (store_names_list(st, lea, orgnames_add, m, err) != 0) {
    if (err->msg[0] == '\0') sb_err_set(err, "out of memory");
    orgnames_free(m);
    return NULL;
  }
  return m;
}

/* --- what is loaded --- */

struct loaded {
  int family, basis;
  int years[16];
  int64_t uploads[16];
  size_t n;
};

static int on_loaded(void *ctx, int family, int basis, int year, int64_t upload_id) {
  struct loaded *l = ctx;
  if (family == l->family && basis == l->basis && l->n < 16) {
    l->years[l->n] = year;
    l->uploads[l->n++] = upload_id;
  }
  return 0;
}

/* The years loaded for (family, basis) of the user's LEA, ascending. */
static int loaded_years(struct view *v, int family, int basis, struct loaded *l,
                        struct sb_err *err) {
  memset(l, 0, sizeof *l);
  l->family = family;
  l->basis = basis;
  return store_agg_loaded(v->w.store, v->w.user.who.lea, on_loaded, l, err);
}

/* Settles v->year: the newest loaded when not given. Returns false when nothing is loaded
 * (year stays 0). */
static bool settle_year(struct view *v, struct sb_err *err, bool *failed) {
  struct loaded l;
  *failed = loaded_years(v, v->t->family, v->basis, &l, err) != 0;
  if (*failed) return false;
  if (!v->year_given) v->year = l.n ? l.years[l.n - 1] : 0;
  return v->year != 0;
}

/* --- the slice of cells --- */

struct slice_ctx {
  struct disclose *d;
  struct sb_err *err;
};

static int on_cell(void *ctx, int year, const struct agg_cell *c) {
  struct slice_ctx *s = ctx;
  return disclose_add(s->d, year, c, s->err);
}

/* The cells of (test, basis) in the three years matching school / grade / group (NULL,
 * NULL, 0 = any); what is withheld for viewers who need it. NULL with err on failure. */
static struct disclose *slice(struct view *v, const char *school, const char *grade, int group,
                              struct sb_err *err) {
  struct disclose *d = disclose_new(err);
  if (d == NULL) return NULL;
  struct agg_query q = {v->w.user.who.lea,
                        v->t->record_type,
                        v->basis,
                        school,
                        grade,
                        group,
                        v->year - (YEARS - 1),
                        v->year};
  struct slice_ctx s = {d, err};
  if (store_agg_query(v->w.store, &q, on_cell, &s, err) != 0) {
    disclose_free(d);
    return NULL;
  }
  /* What is withheld was decided over the whole file when it loaded (agg_finish). */
  if (v->suppressed) disclose_use_stored(d);
  return d;
}

/* --- numbers into JSON --- */

static json_t *pct(long n, long of) {
  if (of <= 0) return json_null();
  return json_real(round(10000.0 * (double)n / (double)of) / 100.0);
}

static json_t *count_pct(long n, long of) {
  return json_pack("{s:I, s:o}", "count", (json_int_t)n, "pct", pct(n, of));
}

static json_t *count_or_null(long n, bool hidden) {
  return hidden ? json_null() : json_integer(n);
}

static json_t *mean_or_null(long long sum, long n, bool hidden) {
  if (hidden || n <= 0) return json_null();
  return json_real(round(10.0 * (double)sum / (double)n) / 10.0);
}

/* A DFS in tenths as the JSON number shown (rounded from the exact sums, dfs.h). */
static json_t *tenths_json(long long t) {
  return json_real((double)t / 10.0);
}

static json_t *dfs_json(const struct agg_cell *c, bool hidden) {
  long long t;
  struct dfs_acc acc = {c->dfs_sum, c->dfs_n};
  if (hidden || !dfs_mean_tenths(&acc, &t)) return json_null();
  return tenths_json(t);
}

/* One year of one row. */
static json_t *year_json(const struct view *v, int year, const struct agg_cell *c, unsigned flags,
                         bool single_grade) {
  json_t *o = json_pack("{s:i}", "year", year);
  if (c == NULL) {
    json_object_set_new(o, "no_data", json_true());
    return o;
  }
  const struct assessment *t = v->t;
  bool he = flags & DISCLOSE_ENROLLED, ht = flags & DISCLOSE_TESTED, hv = flags & DISCLOSE_VALID;
  json_object_set_new(o, "enrolled", count_or_null(c->enrolled, he));
  json_object_set_new(o, "tested", count_or_null(c->tested, ht));
  json_object_set_new(o, "valid", count_or_null(c->valid, hv));
  json_object_set_new(o, "participation", he || ht ? json_null() : pct(c->tested, c->enrolled));
  json_object_set_new(o, "suppressed", json_boolean(flags != 0));
  if (hv) return o;
  json_t *levels = json_array();
  long met = 0;
  for (int l = 0; l < t->nlevels; l++) {
    json_array_append_new(levels, count_pct(c->level[l], c->valid));
    if (l + 1 >= t->met_from) met += c->level[l];
  }
  json_object_set_new(o, "levels", levels);
  json_object_set_new(o, "met", count_pct(met, c->valid));
  /* The state reports no "all grades" mean scale score: each grade has its own scale. */
  json_object_set_new(o, "mean_scale", mean_or_null(c->scale_sum, c->valid, !single_grade));
  if (t->dfs) {
    json_object_set_new(o, "dfs", dfs_json(c, false));
    json_object_set_new(o, "dfs_n", json_integer(c->dfs_n));
  }
  if (t->nclaims || t->ndomains) {
    json_t *areas = json_array();
    int na = t->nclaims ? t->nclaims : t->ndomains;
    for (int i = 0; i < na; i++) {
      const long *a = t->nclaims ? c->claim[i] : c->domain[i];
      long total = a[0] + a[1] + a[2];
      json_t *row = json_array();
      for (int j = 0; j < AGG_CLAIM_LEVELS; j++)
        json_array_append_new(row, count_pct(a[j], total));
      json_array_append_new(areas, row);
    }
    json_object_set_new(o, t->nclaims ? "claims" : "domains", areas);
  }
  if (t->composites) {
    json_t *oral = json_array(), *written = json_array();
    for (int l = 0; l < t->ncomposite_levels; l++) {
      json_array_append_new(oral, count_pct(c->oral[l], c->oral_n));
      json_array_append_new(written, count_pct(c->written[l], c->written_n));
    }
    json_object_set_new(o, "oral", oral);
    json_object_set_new(o, "written", written);
    json_object_set_new(o, "oral_mean", mean_or_null(c->oral_sum, c->oral_n, !single_grade));
    json_object_set_new(o, "written_mean",
                        mean_or_null(c->written_sum, c->written_n, !single_grade));
  }
  return o;
}

static json_t *row_json(const struct view *v, const struct disclose *d, const char *school,
                        const char *grade, int group, json_t *key, const char *label) {
  json_t *years = json_array();
  bool any = false;
  for (int y = v->year - (YEARS - 1); y <= v->year; y++) {
    const struct agg_cell *c = disclose_cell(d, y, school, grade, group);
    any |= c != NULL;
    json_array_append_new(years, year_json(v, y, c, disclose_flags(d, y, school, grade, group),
                                           strcmp(grade, AGG_ALL_GRADES) != 0));
  }
  if (!any) {
    json_decref(years);
    json_decref(key);
    return NULL;
  }
  return json_pack("{s:o, s:s, s:o}", "key", key, "label", label, "years", years);
}

static json_t *test_json(const struct assessment *t) {
  json_t *levels = json_array(), *claims = json_array(), *domains = json_array(),
         *areas = json_array();
  for (int i = 0; i < t->nlevels; i++)
    json_array_append_new(levels, json_string(t->levels[i]));
  for (int i = 0; i < t->nclaims; i++)
    json_array_append_new(claims, json_string(t->claims[i]));
  for (int i = 0; i < t->ndomains; i++)
    json_array_append_new(domains, json_string(t->domains[i]));
  for (int i = 0; i < 3; i++)
    json_array_append_new(areas, json_string(t->claim_levels[i]));
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:s, s:o, s:o, s:o, s:b, s:i, s:b}", "test",
                   t->slug, "record_type", t->record_type, "name", t->name, "short_name",
                   t->short_name, "family", role_family_name(t->family), "levels", levels,
                   "met_from", t->met_from, "met_label", t->met_label, "claims", claims, "domains",
                   domains, "area_levels", areas, "composites", t->composites, "composite_levels",
                   t->ncomposite_levels, "dfs", t->dfs);
}

static const char *basis_name(int b) {
  return b == SCORE_ENROLLED ? "enrolled" : "tested";
}

static void answer(struct view *v, json_t *o) {
  http_add_header(v->r, "Cache-Control", "no-store");
  http_respond_json(v->r, 200, o);
}

static json_t *frame(const struct view *v) {
  return json_pack("{s:s, s:s, s:i, s:o, s:s, s:i, s:b, s:o}", "test", v->t ? v->t->slug : "",
                   "basis", basis_name(v->basis), "year", v->year, "school",
                   v->school[0] ? json_string(v->school) : json_null(), "grade", v->grade, "group",
                   v->group, "suppressed", v->suppressed, "years",
                   json_pack("[i,i,i]", v->year - 2, v->year - 1, v->year));
}

static bool begin(struct view *v, struct app *a, struct http_req *r, bool need_test) {
  memset(v, 0, sizeof *v);
  v->a = a;
  v->r = r;
  if (!web_require(a, r, &v->w)) return false;
  web_security_headers(r);
  return parse(v, need_test);
}

/* --- GET /api/analytics/meta --- */

void api_analytics_meta(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, false)) return;
  const struct principal *p = &v.w.user.who;
  struct sb_err err = {""};
  size_t nt;
  const struct assessment *all = assessments(&nt);
  json_t *tests = json_array();
  for (size_t i = 0; i < nt; i++) {
    if (!role_may_view_family(p, all[i].family, p->lea)) continue;
    json_t *t = test_json(&all[i]);
    json_t *years = json_object();
    bool any = false;
    for (int b = SCORE_ENROLLED; b <= SCORE_TESTED; b++) {
      struct loaded l;
      if (loaded_years(&v, all[i].family, b, &l, &err) != 0) goto fail;
      json_t *ys = json_array();
      for (size_t k = 0; k < l.n; k++)
        json_array_append_new(ys, json_integer(l.years[k]));
      any |= l.n > 0;
      json_object_set_new(years, basis_name(b), ys);
    }
    json_object_set_new(t, "years", years);
    json_object_set_new(t, "loaded", json_boolean(any));
    json_array_append_new(tests, t);
  }
  /* The schools: those the LEA's files name (the directory of names, in code order), or a
   * site admin's own. */
  struct orgnames *names = names_load(v.w.store, p->lea, &err);
  if (names == NULL) goto fail;
  json_t *sch = json_array();
  if (role_may_view_lea(p, p->lea)) {
    for (size_t i = 0; i < orgnames_count(names); i++) {
      const char *code = orgnames_code(names, i);
      if (strlen(code) == 14)
        json_array_append_new(
            sch, json_pack("{s:s, s:s}", "code", code, "label", orgnames_label(names, code)));
    }
  } else {
    for (size_t i = 0; i < p->nschools; i++)
      json_array_append_new(sch, json_pack("{s:s, s:s}", "code", p->schools[i], "label",
                                           orgnames_label(names, p->schools[i])));
  }
  size_t ng;
  const struct student_group *g = groups_table(&ng);
  json_t *groups = json_array();
  for (size_t i = 0; i < ng; i++)
    if (g[i].derived)
      json_array_append_new(groups, json_pack("{s:i, s:s, s:s}", "id", g[i].id, "name", g[i].name,
                                              "category", g[i].category));
  answer(&v,
         json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:o}", "lea", p->lea, "lea_name",
                   orgnames_label(names, p->lea), "role", role_name(p->role), "whole_lea",
                   role_may_view_lea(p, p->lea), "roster", role_may_see_students(p), "suppressed",
                   v.suppressed, "tests", tests, "schools", sch, "groups", groups));
  orgnames_free(names);
  return;
fail:
  json_decref(tests);
  internal(r, "analytics meta", err.msg);
}

/* --- GET /api/analytics/overview --- */

void api_analytics_overview(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, false)) return;
  const struct principal *p = &v.w.user.who;
  struct sb_err err = {""};
  size_t nt;
  const struct assessment *all = assessments(&nt);
  json_t *rows = json_array();
  int newest = 0; /* each test shows its own newest year; the frame names the newest of all */
  for (size_t i = 0; i < nt; i++) {
    if (!role_may_view_family(p, all[i].family, p->lea)) continue;
    struct view tv = v;
    tv.t = &all[i];
    bool failed;
    if (!settle_year(&tv, &err, &failed)) {
      if (failed) goto fail;
      continue;
    }
    struct disclose *d = slice(&tv, tv.school, AGG_ALL_GRADES, 1, &err);
    if (d == NULL) goto fail;
    const struct agg_cell *cur = disclose_cell(d, tv.year, tv.school, AGG_ALL_GRADES, 1);
    if (cur == NULL) {
      disclose_free(d);
      continue;
    }
    json_t *row =
        json_pack("{s:s, s:s, s:o, s:o}", "test", all[i].slug, "name", all[i].name, "met_label",
                  json_string(all[i].met_label), "current",
                  year_json(&tv, tv.year, cur,
                            disclose_flags(d, tv.year, tv.school, AGG_ALL_GRADES, 1), false));
    const struct agg_cell *prior = disclose_cell(d, tv.year - 1, tv.school, AGG_ALL_GRADES, 1);
    json_object_set_new(row, "prior",
                        year_json(&tv, tv.year - 1, prior,
                                  disclose_flags(d, tv.year - 1, tv.school, AGG_ALL_GRADES, 1),
                                  false));
    disclose_free(d);
    json_array_append_new(rows, row);
    if (tv.year > newest) newest = tv.year;
  }
  if (!v.year_given) v.year = newest;
  json_t *o = frame(&v);
  json_object_set_new(o, "tests", rows);
  answer(&v, o);
  return;
fail:
  json_decref(rows);
  internal(r, "analytics overview", err.msg);
}

/* --- GET /api/analytics/results --- */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct keys {
  const char *v[256];
  size_t n;
  char store[256][15];
};

static void keys_add(struct keys *k, const char *s) {
  for (size_t i = 0; i < k->n; i++)
    if (strcmp(k->v[i], s) == 0) return;
  if (k->n == 256) return;
  snprintf(k->store[k->n], sizeof k->store[k->n], "%s", s);
  k->v[k->n] = k->store[k->n];
  k->n++;
}

struct collect {
  const struct view *v;
  struct keys grades, schools;
};

static int on_collect(void *ctx, int year, const struct agg_cell *c, unsigned flags) {
  (void)year;
  (void)flags;
  struct collect *k = ctx;
  const struct view *v = k->v;
  if (c->key.group == v->group && strcmp(c->key.school, v->school) == 0 &&
      strcmp(c->key.grade, AGG_ALL_GRADES) != 0)
    keys_add(&k->grades, c->key.grade);
  if (c->key.group == v->group && strcmp(c->key.grade, v->grade) == 0 && c->key.school[0])
    keys_add(&k->schools, c->key.school);
  return 0;
}

static int grade_order(const void *a, const void *b) {
  return score_grade_number(*(const char *const *)a) - score_grade_number(*(const char *const *)b);
}

void api_analytics_results(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, true)) return;
  struct sb_err err = {""};
  bool failed;
  if (!settle_year(&v, &err, &failed)) {
    if (failed) return internal(r, "analytics results", err.msg);
    json_t *o = frame(&v);
    json_object_set_new(o, "rows", json_array());
    json_object_set_new(o, "assessment", test_json(v.t));
    return answer(&v, o);
  }
  bool by_grade = strcmp(v.by, "grade") == 0, by_school = strcmp(v.by, "school") == 0;
  struct disclose *d = slice(&v, by_school ? NULL : v.school, by_grade ? NULL : v.grade,
                             strcmp(v.by, "group") == 0 ? 0 : v.group, &err);
  if (d == NULL) return internal(r, "analytics results", err.msg);
  struct collect k;
  memset(&k, 0, sizeof k);
  k.v = &v;
  disclose_each(d, on_collect, &k);
  json_t *rows = json_array();
  char label[160];
  if (by_grade) {
    qsort(k.grades.v, k.grades.n, sizeof k.grades.v[0], grade_order);
    json_t *row =
        row_json(&v, d, v.school, AGG_ALL_GRADES, v.group, json_string("13"), "All grades");
    if (row) json_array_append_new(rows, row);
    for (size_t i = 0; i < k.grades.n; i++) {
      int g = score_grade_number(k.grades.v[i]);
      if (g == 0)
        snprintf(label, sizeof label, "Kindergarten");
      else
        snprintf(label, sizeof label, "Grade %d", g);
      row = row_json(&v, d, v.school, k.grades.v[i], v.group, json_string(k.grades.v[i]), label);
      if (row) json_array_append_new(rows, row);
    }
  } else if (by_school) {
    const struct principal *p = &v.w.user.who;
    if (role_may_view_lea(p, p->lea)) {
      json_t *row = row_json(&v, d, "", v.grade, v.group, json_null(), "All schools (LEA)");
      if (row) json_array_append_new(rows, row);
    }
    qsort(k.schools.v, k.schools.n, sizeof k.schools.v[0], cmp_str);
    struct orgnames *names = names_load(v.w.store, p->lea, &err);
    if (names == NULL) {
      disclose_free(d);
      json_decref(rows);
      return internal(r, "analytics results", err.msg);
    }
    for (size_t i = 0; i < k.schools.n; i++) {
      if (!role_may_view_school(p, p->lea, k.schools.v[i])) continue;
      json_t *row = row_json(&v, d, k.schools.v[i], v.grade, v.group, json_string(k.schools.v[i]),
                             orgnames_label(names, k.schools.v[i]));
      if (row) json_array_append_new(rows, row);
    }
    orgnames_free(names);
  } else {
    size_t ng;
    const struct student_group *g = groups_table(&ng);
    for (size_t i = 0; i < ng; i++) {
      if (!g[i].derived) continue;
      json_t *row = row_json(&v, d, v.school, v.grade, g[i].id, json_integer(g[i].id), g[i].name);
      if (row) {
        json_object_set_new(row, "category", json_string(g[i].category));
        json_array_append_new(rows, row);
      }
    }
  }
  disclose_free(d);
  json_t *o = frame(&v);
  json_object_set_new(o, "by", json_string(v.by));
  json_object_set_new(o, "assessment", test_json(v.t));
  json_object_set_new(o, "rows", rows);
  answer(&v, o);
}

/* --- GET /api/analytics/dfs --- */

/* Dashboard colour from status and change levels (analytics-anchors.md §2.4: the ELA grid,
 * which the math regions reproduce): 1 Red .. 5 Blue, 0 none. */
static int dfs_colour(enum dfs_level status, enum dfs_level change) {
  static const int GRID[5][5] = {
      /* change: DS  D  M  I  IS */
      {1, 1, 1, 2, 2}, /* Very Low */
      {2, 2, 2, 3, 3}, /* Low */
      {3, 3, 3, 4, 4}, /* Medium */
      {4, 4, 4, 4, 5}, /* High */
      {4, 4, 5, 5, 5}, /* Very High */
  };
  if (status == DFS_LEVEL_NONE || change == DFS_LEVEL_NONE) return 0;
  return GRID[status - 1][change - 1];
}

static const char *colour_name(int c) {
  static const char *const N[] = {"None", "Red", "Orange", "Yellow", "Green", "Blue"};
  return c >= 0 && c <= 5 ? N[c] : "None";
}

void api_analytics_dfs(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, true)) return;
  if (!v.t->dfs)
    return http_respond_error(r, 400, "test: Distance from Standard is for sb-ela and sb-math");
  struct sb_err err = {""};
  bool failed;
  json_t *rows = json_array();
  if (settle_year(&v, &err, &failed)) {
    struct disclose *d = slice(&v, v.school, v.grade, 0, &err);
    if (d == NULL) {
      json_decref(rows);
      return internal(r, "analytics dfs", err.msg);
    }
    enum dfs_subject subj = strcmp(v.t->record_type, "01") == 0 ? DFS_ELA : DFS_MATH;
    size_t ng;
    const struct student_group *g = groups_table(&ng);
    for (size_t i = 0; i < ng; i++) {
      if (!g[i].derived) continue;
      const struct agg_cell *cur = disclose_cell(d, v.year, v.school, v.grade, g[i].id);
      const struct agg_cell *pri = disclose_cell(d, v.year - 1, v.school, v.grade, g[i].id);
      if (cur == NULL && pri == NULL) continue;
      bool hc = !cur || (disclose_flags(d, v.year, v.school, v.grade, g[i].id) & DISCLOSE_VALID) ||
                (v.suppressed && suppress_cell(cur->dfs_n));
      bool hp = !pri ||
                (disclose_flags(d, v.year - 1, v.school, v.grade, g[i].id) & DISCLOSE_VALID) ||
                (v.suppressed && suppress_cell(pri->dfs_n));
      double mc = 0, mp = 0, change = 0;
      struct dfs_acc ac = {cur ? cur->dfs_sum : 0, cur ? cur->dfs_n : 0};
      struct dfs_acc ap = {pri ? pri->dfs_sum : 0, pri ? pri->dfs_n : 0};
      bool okc = !hc && dfs_mean(&ac, &mc), okp = !hp && dfs_mean(&ap, &mp);
      long long tc = 0, tp = 0, tch = 0;
      if (okc) dfs_mean_tenths(&ac, &tc);
      if (okp) dfs_mean_tenths(&ap, &tp);
      bool okch =
          okc && okp && dfs_change_exact(&ac, &ap, &change) && dfs_change_tenths(&ac, &ap, &tch);
      json_t *row = json_pack("{s:i, s:s, s:s}", "group", g[i].id, "name", g[i].name, "category",
                              g[i].category);
      json_object_set_new(
          row, "current",
          json_pack("{s:o, s:o, s:b}", "n", hc || !cur ? json_null() : json_integer(cur->dfs_n),
                    "dfs", okc ? tenths_json(tc) : json_null(), "suppressed", cur != NULL && hc));
      json_object_set_new(
          row, "prior",
          json_pack("{s:o, s:o, s:b}", "n", hp || !pri ? json_null() : json_integer(pri->dfs_n),
                    "dfs", okp ? tenths_json(tp) : json_null(), "suppressed", pri != NULL && hp));
      /* levels on the unrounded values; the change from the exact fraction (dfs.h) */
      enum dfs_level st = okc ? dfs_status_level(subj, mc) : DFS_LEVEL_NONE;
      enum dfs_level ch = okch ? dfs_change_level(change) : DFS_LEVEL_NONE;
      json_object_set_new(row, "change", okch ? tenths_json(tch) : json_null());
      json_object_set_new(row, "status_level", json_integer(st));
      json_object_set_new(row, "status", json_string(dfs_status_name(st)));
      json_object_set_new(row, "change_level", json_integer(ch));
      json_object_set_new(row, "change_name", json_string(dfs_change_name(ch)));
      /* No colour for fewer than 30 students in either year (analytics-anchors.md §2.5). */
      int colour = okc && okp && ac.n >= 30 && ap.n >= 30 ? dfs_colour(st, ch) : 0;
      json_object_set_new(row, "colour", json_string(colour_name(colour)));
      json_array_append_new(rows, row);
    }
    disclose_free(d);
  } else if (failed) {
    json_decref(rows);
    return internal(r, "analytics dfs", err.msg);
  }
  json_t *o = frame(&v);
  json_object_set_new(o, "rows", rows);
  answer(&v, o);
}

/* --- GET /api/analytics/roster --- */

struct roster {
  const struct view *v;
  json_t *students;
  long count;
  bool truncated;
};

static json_t *claims_json(const char *c, int n, const char *const names[3]) {
  json_t *a = json_array();
  for (int i = 0; i < n; i++) {
    int l = c[i] >= '1' && c[i] <= '3' ? c[i] - '0' : 0;
    json_array_append_new(a, l ? json_string(names[l - 1]) : json_null());
  }
  return a;
}

static int on_student(void *ctx, const struct score_record *r) {
  struct roster *ro = ctx;
  const struct view *v = ro->v;
  if (!agg_counts(r)) return 0;
  if (strcmp(v->grade, AGG_ALL_GRADES) != 0 && strcmp(r->grade_assessed, v->grade) != 0) return 0;
  const char *school = agg_school_of(r, (enum score_basis)v->basis);
  if (v->school[0] && strcmp(school, v->school) != 0) return 0;
  if (!groups_member(r, v->group)) return 0;
  bool valid = counting_valid_score(r);
  if (v->level && (!valid || r->level != v->level)) return 0;
  ro->count++;
  if (json_array_size(ro->students) >= ROSTER_MAX) {
    ro->truncated = true;
    return 0;
  }
  const struct assessment *t = v->t;
  json_t *s =
      json_pack("{s:s, s:s, s:s}", "ssid", r->ssid, "grade", r->grade_assessed, "school", school);
  json_object_set_new(s, "counted",
                      json_string(valid                ? "valid score"
                                  : counting_tested(r) ? "tested, no valid score"
                                                       : "enrolled, not tested"));
  json_object_set_new(s, "scale_score", valid ? json_integer(r->scale_score) : json_null());
  bool has_level = valid && r->level >= 1 && r->level <= t->nlevels;
  json_object_set_new(s, "level", has_level ? json_integer(r->level) : json_null());
  json_object_set_new(s, "level_name", json_string(has_level ? t->levels[r->level - 1] : ""));
  int d;
  if (t->dfs)
    json_object_set_new(s, "dfs", valid && dfs_student(r, &d) == 0 ? json_integer(d) : json_null());
  if (t->nclaims)
    json_object_set_new(s, "claims", claims_json(r->claim, t->nclaims, t->claim_levels));
  if (t->ndomains)
    json_object_set_new(s, "domains", claims_json(r->domain, t->ndomains, t->claim_levels));
  if (t->composites) {
    json_object_set_new(s, "oral_level", r->oral_level ? json_integer(r->oral_level) : json_null());
    json_object_set_new(s, "written_level",
                        r->written_level ? json_integer(r->written_level) : json_null());
  }
  char inc[2] = {r->include_indicator, '\0'};
  json_object_set_new(s, "condition_code", json_string(r->condition_code));
  json_object_set_new(s, "include", json_string(inc));
  json_array_append_new(ro->students, s);
  return 0;
}

/* Sort order of the roster: school, grade (KN first), SSID - as one comparable key. */
struct sorted {
  char key[48];
  json_t *student;
};

static int cmp_sorted(const void *a, const void *b) {
  return strcmp(((const struct sorted *)a)->key, ((const struct sorted *)b)->key);
}

static int csv_text(struct buf *b, const char *s, bool last) {
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  int rc = quote ? buf_putc(b, '"') : 0;
  for (const char *p = s; *p && rc == 0; p++)
    rc = (*p == '"' ? buf_putc(b, '"') : 0) || buf_putc(b, *p);
  if (rc == 0 && quote) rc = buf_putc(b, '"');
  return rc ? rc : buf_puts(b, last ? "\r\n" : ",");
}

static int csv_value(struct buf *b, json_t *j, bool last) {
  char num[32];
  if (json_is_integer(j)) {
    snprintf(num, sizeof num, "%lld", (long long)json_integer_value(j));
    return csv_text(b, num, last);
  }
  return csv_text(b, json_is_string(j) ? json_string_value(j) : "", last);
}

static void roster_csv(struct view *v, json_t *students) {
  struct buf b;
  buf_init(&b, 64u << 20);
  const struct assessment *t = v->t;
  int rc = buf_puts(&b, "SSID,Grade,School,Counted,Scale Score,Level,Level Name");
  if (t->dfs) rc |= buf_puts(&b, ",Distance from Standard");
  for (int i = 0; i < t->nclaims; i++)
    rc |= buf_printf(&b, ",%s", t->claims[i]);
  for (int i = 0; i < t->ndomains; i++)
    rc |= buf_printf(&b, ",%s", t->domains[i]);
  rc |= buf_puts(&b, ",Condition Code,Include Indicator\r\n");
  size_t i;
  json_t *s;
  json_array_foreach(students, i, s) {
    static const char *const COLS[] = {"ssid",        "grade", "school",    "counted",
                                       "scale_score", "level", "level_name"};
    for (size_t k = 0; k < sizeof COLS / sizeof COLS[0]; k++)
      rc |= csv_value(&b, json_object_get(s, COLS[k]), false);
    if (t->dfs) rc |= csv_value(&b, json_object_get(s, "dfs"), false);
    json_t *a = json_object_get(s, t->nclaims ? "claims" : "domains");
    for (size_t k = 0; a && k < json_array_size(a); k++)
      rc |= csv_value(&b, json_array_get(a, k), false);
    rc |= csv_value(&b, json_object_get(s, "condition_code"), false);
    rc |= csv_value(&b, json_object_get(s, "include"), true);
  }
  if (rc) {
    buf_free(&b);
    return internal(v->r, "roster csv", "too large");
  }
  char disp[96];
  snprintf(disp, sizeof disp, "attachment; filename=\"roster-%s-%d.csv\"", t->slug, v->year);
  http_add_header(v->r, "Content-Disposition", disp);
  http_add_header(v->r, "Cache-Control", "no-store");
  http_respond_buf(v->r, 200, &b, "text/csv; charset=utf-8");
  buf_free(&b);
}

/* What the audit log says a roster call asked for. */
static void roster_target(const struct view *v, char *out, size_t cap) {
  snprintf(out, cap, "%s %s %d school=%s grade=%s group=%d level=%d", v->t->slug,
           basis_name(v->basis), v->year, v->school[0] ? v->school : "all", v->grade, v->group,
           v->level);
}

void api_analytics_roster(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, true)) return;
  const char *action = v.csv ? "export-roster" : "view-roster";
  char target[160];
  roster_target(&v, target, sizeof target);
  if (!role_may_see_students(&v.w.user.who)) {
    web_audit(r, v.w.store, v.w.actor, action, target, "denied");
    return http_respond_error(r, 403, "Your role does not show individual students");
  }
  struct sb_err err = {""};
  struct loaded l;
  if (loaded_years(&v, v.t->family, v.basis, &l, &err) != 0) return internal(r, "roster", err.msg);
  if (!v.year_given) v.year = l.n ? l.years[l.n - 1] : 0;
  roster_target(&v, target, sizeof target); /* again, with the year settled */
  int64_t upload = 0;
  for (size_t i = 0; i < l.n; i++)
    if (l.years[i] == v.year) upload = l.uploads[i];
  struct score_upload u;
  if (upload == 0) return http_respond_error(r, 404, "No results loaded for that test and year");
  if (store_upload_get(v.w.store, upload, &u, &err) != 1)
    return internal(r, "roster", err.msg[0] ? err.msg : "upload vanished");
  struct roster ro = {&v, json_array(), 0, false};
  if (store_scores_read(v.w.store, &u, v.t->record_type,
                        strcmp(v.grade, AGG_ALL_GRADES) ? v.grade : NULL,
                        v.school[0] ? v.school : NULL, on_student, &ro, &err) != 0) {
    json_decref(ro.students);
    return internal(r, "roster", err.msg);
  }
  /* sort: school, grade, SSID */
  size_t n = json_array_size(ro.students);
  struct sorted *items = n ? malloc(n * sizeof *items) : NULL;
  if (n && items == NULL) {
    json_decref(ro.students);
    return internal(r, "roster", "out of memory");
  }
  for (size_t i = 0; i < n; i++) {
    json_t *st = json_array_get(ro.students, i);
    int g = score_grade_number(json_string_value(json_object_get(st, "grade")));
    snprintf(items[i].key, sizeof items[i].key, "%.14s|%02d|%.10s",
             json_string_value(json_object_get(st, "school")), g < 0 || g > 99 ? 99 : g,
             json_string_value(json_object_get(st, "ssid")));
    items[i].student = json_incref(st);
  }
  qsort(items, n, sizeof *items, cmp_sorted);
  json_array_clear(ro.students);
  for (size_t i = 0; i < n; i++)
    json_array_append_new(ro.students, items[i].student);
  free(items);
  size_t tl = strlen(target);
  snprintf(target + tl, sizeof target - tl, " (%ld students)", ro.count);
  web_audit(r, v.w.store, v.w.actor, action, target, "ok");
  if (v.csv) {
    roster_csv(&v, ro.students);
    json_decref(ro.students);
    return;
  }
  json_t *o = frame(&v);
  json_object_set_new(o, "level", json_integer(v.level));
  json_object_set_new(o, "count", json_integer(ro.count));
  json_object_set_new(o, "truncated", json_boolean(ro.truncated));
  json_object_set_new(o, "assessment", test_json(v.t));
  json_object_set_new(o, "students", ro.students);
  answer(&v, o);
}

/* --- GET /api/analytics/cohort --- */

static json_t *levels_json(const struct assessment *t, const long *lv, long n, long long sum) {
  json_t *levels = json_array();
  long met = 0;
  for (int l = 0; l < t->nlevels; l++) {
    json_array_append_new(levels, count_pct(lv[l], n));
    if (l + 1 >= t->met_from) met += lv[l];
  }
  return json_pack("{s:o, s:o, s:o}", "levels", levels, "met", count_pct(met, n), "mean_scale",
                   mean_or_null(sum, n, false));
}

static json_t *same_grade_json(const struct view *v, const struct disclose *d, int year,
                               const char *grade) {
  const struct agg_cell *c = disclose_cell(d, year, v->school, grade, v->group);
  unsigned f = disclose_flags(d, year, v->school, grade, v->group);
  if (c == NULL) return json_pack("{s:i, s:b}", "year", year, "no_data", 1);
  if (f & DISCLOSE_VALID)
    return json_pack("{s:i, s:n, s:b}", "year", year, "valid", "suppressed", 1);
  json_t *o = levels_json(v->t, c->level, c->valid, c->scale_sum);
  json_object_set_new(o, "year", json_integer(year));
  json_object_set_new(o, "valid", json_integer(c->valid));
  json_object_set_new(o, "grade", json_string(grade));
  return o;
}

void api_analytics_cohort(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, true)) return;
  struct sb_err err = {""};
  bool failed;
  json_t *rows = json_array();
  if (settle_year(&v, &err, &failed)) {
    struct disclose *d = slice(&v, v.school, NULL, v.group, &err);
    if (d == NULL) {
      json_decref(rows);
      return internal(r, "analytics cohort", err.msg);
    }
    for (int g = 1; g <= 12; g++) {
      /* "01".."12"; the grade before grade 1 is kindergarten */
      char grade[3] = {(char)('0' + g / 10), (char)('0' + g % 10), '\0'};
      char pgrade[3] = {(char)('0' + (g - 1) / 10), (char)('0' + (g - 1) % 10), '\0'};
      if (g == 1) memcpy(pgrade, "KN", 3);
      const struct agg_cell *c = disclose_cell(d, v.year, v.school, grade, v.group);
      if (c == NULL) continue;
      bool hidden = (disclose_flags(d, v.year, v.school, grade, v.group) & DISCLOSE_VALID) ||
                    (v.suppressed && suppress_cell(c->cohort_n));
      json_t *row = json_pack("{s:s, s:s}", "grade", grade, "prior_grade", pgrade);
      json_object_set_new(row, "matched", hidden ? json_null() : json_integer(c->cohort_n));
      json_object_set_new(row, "suppressed", json_boolean(hidden));
      if (!hidden && c->cohort_n > 0) {
        json_object_set_new(row, "prior",
                            levels_json(v.t, c->cohort_prior, c->cohort_n, c->cohort_prior_sum));
        json_object_set_new(row, "current",
                            levels_json(v.t, c->cohort_level, c->cohort_n, c->cohort_sum));
      }
      json_object_set_new(row, "same_grade",
                          json_pack("{s:o, s:o}", "prior",
                                    same_grade_json(&v, d, v.year - 1, grade), "current",
                                    same_grade_json(&v, d, v.year, grade)));
      json_array_append_new(rows, row);
    }
    disclose_free(d);
  } else if (failed) {
    json_decref(rows);
    return internal(r, "analytics cohort", err.msg);
  }
  json_t *o = frame(&v);
  json_object_set_new(o, "assessment", test_json(v.t));
  json_object_set_new(o, "rows", rows);
  answer(&v, o);
}

/* --- GET /api/analytics/research --- */

struct cells {
  struct agg_cell *v;
  size_t n, cap;
  bool oom;
};

static int on_research_cell(void *ctx, int year, const struct agg_cell *c) {
  (void)year;
  struct cells *l = ctx;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 1024;
    struct agg_cell *v = realloc(l->v, cap * sizeof *v);
    if (v == NULL) {
      l->oom = true;
      return 1;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *c;
  return 0;
}

static const char *research_name(void *ctx, const char *code) {
  return orgnames_get(ctx, code);
}

static int research_out(void *ctx, const char *data, size_t len) {
  return buf_append(ctx, data, len);
}

/* The LEA's Smarter Balanced results of a year in the state's research-file layout
 * (analytics/research.h): always suppressed, as a file made for sharing. The LEA row
 * and every school: roles that see the whole LEA only. */
void api_analytics_research(struct http_req *r, void *app) {
  struct view v;
  if (!begin(&v, app, r, false)) return;
  const struct principal *p = &v.w.user.who;
  if (!role_may_view_lea(p, p->lea) || !role_may_view_family(p, SCORE_CAASPP, p->lea))
    return denied(&v, "research file");
  struct sb_err err = {""};
  v.t = assessment_by_slug("sb-ela");
  bool failed;
  if (!settle_year(&v, &err, &failed)) {
    if (failed) return internal(r, "research file", err.msg);
    return http_respond_error(r, 404, "No Smarter Balanced results loaded for that year");
  }
  struct cells l = {NULL, 0, 0, false};
  static const char *const TESTS[] = {"01", "02"};
  for (size_t i = 0; i < 2; i++) {
    struct agg_query q = {p->lea, TESTS[i], v.basis, NULL, NULL, 0, v.year, v.year};
    if (store_agg_query(v.w.store, &q, on_research_cell, &l, &err) != 0 || l.oom) {
      free(l.v);
      return internal(r, "research file", l.oom ? "out of memory" : err.msg);
    }
  }
  struct orgnames *names = names_load(v.w.store, p->lea, &err);
  if (names == NULL) {
    free(l.v);
    return internal(r, "research file", err.msg);
  }
  struct buf b;
  buf_init(&b, 256u << 20);
  long rows = 0;
  int rc = research_write_named(p->lea, v.year, l.v, l.n, research_name, names, research_out, &b,
                                &rows, &err);
  free(l.v);
  orgnames_free(names);
  if (rc != 0) {
    buf_free(&b);
    return internal(r, "research file", err.msg);
  }
  char target[96], disp[96];
  snprintf(target, sizeof target, "research %s %d (%ld rows)", basis_name(v.basis), v.year, rows);
  web_audit(r, v.w.store, v.w.actor, "export-research", target, "ok");
  snprintf(disp, sizeof disp, "attachment; filename=\"research-%s-%d-%s.txt\"", p->lea, v.year,
           basis_name(v.basis));
  http_add_header(r, "Content-Disposition", disp);
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_buf(r, 200, &b, "text/plain; charset=utf-8");
  buf_free(&b);
}
