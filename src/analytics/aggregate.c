/* aggregate.c - the dashboards' aggregate cells (see aggregate.h for the rules). An open
 * addressing hash table keyed by the zero-padded struct agg_key, grown at 50 % load. */
#include "analytics/aggregate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/counting.h"
#include "analytics/dfs.h"
#include "analytics/disclose.h"
#include "analytics/groups.h"

/* One result of the year before, for the cohort match. */
struct prior {
  char ssid[11]; /* "" = empty slot */
  char test[3];
  int level;
  int scale;
};

struct agg_table {
  enum score_basis basis;
  struct agg_cell *cells; /* cap slots; a slot is empty when key.group == 0 */
  size_t cap, n;
  struct prior *prior; /* open addressing by (ssid, test); NULL until agg_prior_add */
  size_t pcap, pn;
};

void agg_key_set(struct agg_key *k, const char *test, const char *school, const char *grade,
                 int group) {
  memset(k, 0, sizeof *k);
  size_t n = strnlen(test, sizeof k->test - 1);
  memcpy(k->test, test, n);
  n = strnlen(school, sizeof k->school - 1);
  memcpy(k->school, school, n);
  n = strnlen(grade, sizeof k->grade - 1);
  memcpy(k->grade, grade, n);
  k->group = group;
}

static uint64_t key_hash(const struct agg_key *k) {
  const unsigned char *p = (const unsigned char *)k;
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < sizeof *k; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

struct agg_table *agg_table_new(enum score_basis basis, struct sb_err *e) {
  struct agg_table *t = calloc(1, sizeof *t);
  if (t) t->cells = calloc(t->cap = 1024, sizeof *t->cells);
  if (t == NULL || t->cells == NULL) {
    free(t);
    sb_err_set(e, "out of memory");
    return NULL;
  }
  t->basis = basis;
  return t;
}

void agg_table_free(struct agg_table *t) {
  if (t == NULL) return;
  free(t->prior);
  free(t->cells);
  free(t);
}

static struct agg_cell *slot(struct agg_cell *cells, size_t cap, const struct agg_key *k) {
  size_t i = (size_t)key_hash(k) & (cap - 1);
  while (cells[i].key.group != 0 && memcmp(&cells[i].key, k, sizeof *k) != 0)
    i = (i + 1) & (cap - 1);
  return &cells[i];
}

static int grow(struct agg_table *t, struct sb_err *e) {
  size_t cap = t->cap * 2;
  struct agg_cell *cells = calloc(cap, sizeof *cells);
  if (cells == NULL) return sb_err_set(e, "out of memory");
  for (size_t i = 0; i < t->cap; i++)
    if (t->cells[i].key.group != 0) *slot(cells, cap, &t->cells[i].key) = t->cells[i];
  free(t->cells);
  t->cells = cells;
  t->cap = cap;
  return 0;
}

static struct agg_cell *cell(struct agg_table *t, const struct agg_key *k, struct sb_err *e) {
  if ((t->n + 1) * 2 > t->cap && grow(t, e) != 0) return NULL;
  struct agg_cell *c = slot(t->cells, t->cap, k);
  if (c->key.group == 0) {
    c->key = *k;
    t->n++;
  }
  return c;
}

const struct agg_cell *agg_find(const struct agg_table *t, const struct agg_key *k) {
  if (k->group == 0) return NULL;
  const struct agg_cell *c = slot(t->cells, t->cap, k);
  return c->key.group != 0 ? c : NULL;
}

size_t agg_count(const struct agg_table *t) {
  return t->n;
}

int agg_each(const struct agg_table *t, agg_cell_fn fn, void *ctx) {
  for (size_t i = 0; i < t->cap; i++) {
    if (t->cells[i].key.group == 0) continue;
    int rc = fn(ctx, &t->cells[i]);
    if (rc != 0) return rc;
  }
  return 0;
}

static uint64_t prior_hash(const char *ssid, const char *test) {
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = ssid; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  for (const char *p = test; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  return h;
}

static struct prior *prior_slot(struct prior *v, size_t cap, const char *ssid, const char *test) {
  size_t i = (size_t)prior_hash(ssid, test) & (cap - 1);
  while (v[i].ssid[0] && (strcmp(v[i].ssid, ssid) != 0 || strcmp(v[i].test, test) != 0))
    i = (i + 1) & (cap - 1);
  return &v[i];
}

int agg_prior_add(struct agg_table *t, const struct score_record *r, struct sb_err *e) {
  if (!counting_valid_score(r) || r->ssid[0] == '\0') return 0;
  if ((t->pn + 1) * 2 > t->pcap) {
    size_t cap = t->pcap ? t->pcap * 2 : 4096;
    struct prior *v = calloc(cap, sizeof *v);
    if (v == NULL) return sb_err_set(e, "out of memory");
    for (size_t i = 0; i < t->pcap; i++)
      if (t->prior[i].ssid[0])
        *prior_slot(v, cap, t->prior[i].ssid, t->prior[i].test) = t->prior[i];
    free(t->prior);
    t->prior = v;
    t->pcap = cap;
  }
  struct prior *p = prior_slot(t->prior, t->pcap, r->ssid, r->record_type);
  if (p->ssid[0] == '\0') t->pn++;
  snprintf(p->ssid, sizeof p->ssid, "%s", r->ssid);
  snprintf(p->test, sizeof p->test, "%s", r->record_type);
  p->level = r->level;
  p->scale = r->scale_score;
  return 0;
}

/* A level digit '1'..'3' as 0..2, or -1 for blank, '9' (no score) and anything else. */
static int level3_index(char c) {
  return c >= '1' && c <= '3' ? c - '1' : -1;
}

/* What one record adds to a cell, worked out once per record and applied to each of its
 * cells. */
struct contribution {
  bool enrolled, tested, valid;
  int level; /* 1..4, or 0 = not counted */
  bool has_dfs;
  int dfs;
  int claim[AGG_CLAIMS];     /* 0..2 or -1 */
  int domain[AGG_CLAIMS];    /* 0..2 or -1 */
  int oral, written;         /* 1..4 or 0 */
  const struct prior *prior; /* the same student's result a year before, or NULL */
};

static void apply(struct agg_cell *c, const struct contribution *x, const struct score_record *r) {
  c->enrolled += x->enrolled;
  c->tested += x->tested;
  if (!x->valid) return;
  c->valid++;
  if (x->level) c->level[x->level - 1]++;
  c->scale_sum += r->scale_score;
  if (x->has_dfs) {
    c->dfs_sum += x->dfs;
    c->dfs_n++;
  }
  for (int i = 0; i < AGG_CLAIMS; i++) {
    if (x->claim[i] >= 0) c->claim[i][x->claim[i]]++;
    if (x->domain[i] >= 0) c->domain[i][x->domain[i]]++;
  }
  if (x->oral) {
    c->oral[x->oral - 1]++;
    c->oral_sum += r->oral_score;
    c->oral_n++;
  }
  if (x->written) {
    c->written[x->written - 1]++;
    c->written_sum += r->written_score;
    c->written_n++;
  }
  if (x->prior) {
    c->cohort_n++;
    if (x->prior->level >= 1 && x->prior->level <= AGG_LEVELS)
      c->cohort_prior[x->prior->level - 1]++;
    c->cohort_prior_sum += x->prior->scale;
    if (x->level) c->cohort_level[x->level - 1]++;
    c->cohort_sum += r->scale_score;
  }
}

static bool known_family(enum score_family f) {
  return f == SCORE_CAASPP || f == SCORE_SUMMATIVE_ELPAC || f == SCORE_INITIAL_ELPAC;
}

const char *agg_school_of(const struct score_record *r, enum score_basis basis) {
  if (basis == SCORE_TESTED && r->tested_school[0] != '\0') return r->tested_school;
  return r->school;
}

bool agg_counts(const struct score_record *r) {
  return known_family(r->family) && r->record_type[0] != '\0' &&
         (counting_enrolled(r) || counting_tested(r));
}

int agg_add(struct agg_table *t, const struct score_record *r, struct sb_err *e) {
  if (!known_family(r->family) || r->record_type[0] == '\0') return 0;
  struct contribution x;
  memset(&x, 0, sizeof x);
  x.enrolled = counting_enrolled(r);
  x.tested = counting_tested(r);
  x.valid = counting_valid_score(r);
  if (!x.enrolled && !x.tested) return 0; /* e.g. CAASPP include E: in no count at all */
  for (int i = 0; i < AGG_CLAIMS; i++)
    x.claim[i] = x.domain[i] = -1;
  if (x.valid) {
    /* Levels of the test's own set (SB/CAST/ELPAC 1-4, CAA/CSA/Initial ELPAC 1-3); 9 and
     * 0 mean no level. */
    if (r->level >= 1 && r->level <= AGG_LEVELS) x.level = r->level;
    x.has_dfs = dfs_student(r, &x.dfs) == 0;
    for (int i = 0; i < AGG_CLAIMS; i++) {
      x.claim[i] = level3_index(r->claim[i]);
      x.domain[i] = level3_index(r->domain[i]);
    }
    /* ELPAC composites: a composite level only with its score (Summative 1-4, Initial
     * 1-3). */
    if (r->family != SCORE_CAASPP) {
      if (r->oral_level >= 1 && r->oral_level <= AGG_LEVELS && r->oral_score > 0)
        x.oral = r->oral_level;
      if (r->written_level >= 1 && r->written_level <= AGG_LEVELS && r->written_score > 0)
        x.written = r->written_level;
    }
    if (t->prior) {
      const struct prior *p = prior_slot(t->prior, t->pcap, r->ssid, r->record_type);
      if (p->ssid[0]) x.prior = p;
    }
  }

  const char *school = agg_school_of(r, t->basis);
  const char *schools[2] = {"", school};
  size_t nschools = school[0] != '\0' ? 2 : 1;
  const char *grades[2] = {AGG_ALL_GRADES, r->grade_assessed};
  size_t ngrades = r->grade_assessed[0] != '\0' ? 2 : 1;
  int groups[GROUPS_MAX_PER_RECORD];
  size_t ngroups = groups_of(r, groups, GROUPS_MAX_PER_RECORD);
  if (ngroups > GROUPS_MAX_PER_RECORD) ngroups = GROUPS_MAX_PER_RECORD;

  for (size_t s = 0; s < nschools; s++)
    for (size_t g = 0; g < ngrades; g++)
      for (size_t k = 0; k < ngroups; k++) {
        struct agg_key key;
        agg_key_set(&key, r->record_type, schools[s], grades[g], groups[k]);
        struct agg_cell *c = cell(t, &key, e);
        if (c == NULL) return -1;
        apply(c, &x, r);
      }
  return 0;
}

void agg_cell_merge(struct agg_cell *a, const struct agg_cell *b) {
  a->enrolled += b->enrolled;
  a->tested += b->tested;
  a->valid += b->valid;
  for (int i = 0; i < AGG_LEVELS; i++) {
    a->level[i] += b->level[i];
    a->oral[i] += b->oral[i];
    a->written[i] += b->written[i];
  }
  a->scale_sum += b->scale_sum;
  a->dfs_sum += b->dfs_sum;
  a->dfs_n += b->dfs_n;
  for (int i = 0; i < AGG_CLAIMS; i++)
    for (int j = 0; j < AGG_CLAIM_LEVELS; j++) {
      a->claim[i][j] += b->claim[i][j];
      a->domain[i][j] += b->domain[i][j];
    }
  a->oral_sum += b->oral_sum;
  a->written_sum += b->written_sum;
  a->oral_n += b->oral_n;
  a->written_n += b->written_n;
  a->cohort_n += b->cohort_n;
  for (int i = 0; i < AGG_LEVELS; i++) {
    a->cohort_prior[i] += b->cohort_prior[i];
    a->cohort_level[i] += b->cohort_level[i];
  }
  a->cohort_prior_sum += b->cohort_prior_sum;
  a->cohort_sum += b->cohort_sum;
}

int agg_finish(struct agg_table *t, struct sb_err *e) {
  /* One year, one test at a time: the sets of the complementary rule never cross tests. */
  char tests[16][3];
  size_t ntests = 0;
  for (size_t i = 0; i < t->cap; i++) {
    if (t->cells[i].key.group == 0) continue;
    bool seen = false;
    for (size_t k = 0; k < ntests && !seen; k++)
      seen = strcmp(tests[k], t->cells[i].key.test) == 0;
    if (!seen && ntests < 16) memcpy(tests[ntests++], t->cells[i].key.test, 3);
  }
  for (size_t k = 0; k < ntests; k++) {
    struct disclose *d = disclose_new(e);
    if (d == NULL) return -1;
    for (size_t i = 0; i < t->cap; i++)
      if (t->cells[i].key.group != 0 && strcmp(t->cells[i].key.test, tests[k]) == 0 &&
          disclose_add(d, 1, &t->cells[i], e) != 0) {
        disclose_free(d);
        return -1;
      }
    disclose_apply(d);
    for (size_t i = 0; i < t->cap; i++) {
      struct agg_cell *c = &t->cells[i];
      if (c->key.group != 0 && strcmp(c->key.test, tests[k]) == 0)
        c->hidden = disclose_flags(d, 1, c->key.school, c->key.grade, c->key.group);
    }
    disclose_free(d);
  }
  return 0;
}
