/* aggregate.c - the dashboards' aggregate cells (see aggregate.h for the rules).
 *
 * A record adds to at most 2 schools x 2 grades x its groups (~50 cells), so the table is
 * two-level: a hash of blocks by (test, school, grade), each holding its cells by the
 * group's index in groups_table - four hash lookups a record instead of fifty. Cells live
 * in a pool of fixed chunks, so pointers to them stay valid as the table grows. */
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

/* The cells of one (test, school, grade), by the group's index in groups_table. */
#define MAX_GROUPS 64
struct block {
  char key[24]; /* test, school, grade at fixed offsets, zero-padded; "" = empty slot */
  struct agg_cell *cell[MAX_GROUPS];
};

#define CHUNK 1024 /* cells per pool chunk: cells never move once made */

struct agg_table {
  enum score_basis basis;
  struct block *blocks; /* open addressing by key, grown at 50 % load */
  size_t bcap, bn;
  struct agg_cell **chunks; /* the cells, in the order made */
  size_t nchunks, n;
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

/* The block key of (test, school, grade): 2 + 14 + 2 characters at fixed places. */
static void block_key(char out[24], const char *test, const char *school, const char *grade) {
  memset(out, 0, 24);
  memcpy(out, test, strnlen(test, 2));
  memcpy(out + 3, school, strnlen(school, 14));
  memcpy(out + 18, grade, strnlen(grade, 2));
}

static uint64_t block_hash(const char key[24]) {
  uint64_t w[3];
  memcpy(w, key, 24);
  uint64_t h = w[0] * 0x9E3779B97F4A7C15ULL;
  h = (h ^ (h >> 29) ^ w[1]) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 31) ^ w[2]) * 0x94D049BB133111EBULL;
  return h ^ (h >> 32);
}

static struct block *block_slot(struct block *v, size_t cap, const char key[24]) {
  size_t i = (size_t)block_hash(key) & (cap - 1);
  while (v[i].key[0] && memcmp(v[i].key, key, 24) != 0)
    i = (i + 1) & (cap - 1);
  return &v[i];
}

struct agg_table *agg_table_new(enum score_basis basis, struct sb_err *e) {
  struct agg_table *t = calloc(1, sizeof *t);
  if (t) t->blocks = calloc(t->bcap = 256, sizeof *t->blocks);
  if (t == NULL || t->blocks == NULL) {
    free(t);
    sb_err_set(e, "out of memory");
    return NULL;
  }
  t->basis = basis;
  return t;
}

void agg_table_free(struct agg_table *t) {
  if (t == NULL) return;
  for (size_t i = 0; i < t->nchunks; i++)
    free(t->chunks[i]);
  free(t->chunks);
  free(t->blocks);
  free(t->prior);
  free(t);
}

static struct agg_cell *cell_at(const struct agg_table *t, size_t i) {
  return &t->chunks[i / CHUNK][i % CHUNK];
}

static int grow_blocks(struct agg_table *t, struct sb_err *e) {
  size_t cap = t->bcap * 2;
  struct block *v = calloc(cap, sizeof *v);
  if (v == NULL) return sb_err_set(e, "out of memory");
  for (size_t i = 0; i < t->bcap; i++)
    if (t->blocks[i].key[0]) *block_slot(v, cap, t->blocks[i].key) = t->blocks[i];
  free(t->blocks);
  t->blocks = v;
  t->bcap = cap;
  return 0;
}

/* The block of (test, school, grade), made when missing; NULL with e when out of memory. */
static struct block *block(struct agg_table *t, const char *test, const char *school,
                           const char *grade, struct sb_err *e) {
  char key[24];
  block_key(key, test, school, grade);
  struct block *b = block_slot(t->blocks, t->bcap, key);
  if (b->key[0]) return b;
  if ((t->bn + 1) * 2 > t->bcap) {
    if (grow_blocks(t, e) != 0) return NULL;
    b = block_slot(t->blocks, t->bcap, key);
  }
  memcpy(b->key, key, 24);
  t->bn++;
  return b;
}

/* Cell g (groups_table index) of block b, made when missing. */
static struct agg_cell *block_cell(struct agg_table *t, struct block *b, int g, struct sb_err *e) {
  if (b->cell[g]) return b->cell[g];
  if (t->n % CHUNK == 0) {
    struct agg_cell **chunks = realloc(t->chunks, (t->nchunks + 1) * sizeof *chunks);
    if (chunks == NULL) return sb_err_set(e, "out of memory"), NULL;
    t->chunks = chunks;
    if ((t->chunks[t->nchunks] = calloc(CHUNK, sizeof(struct agg_cell))) == NULL)
      return sb_err_set(e, "out of memory"), NULL;
    t->nchunks++;
  }
  struct agg_cell *c = cell_at(t, t->n++);
  size_t ng;
  const struct student_group *groups = groups_table(&ng);
  agg_key_set(&c->key, b->key, b->key + 3, b->key + 18, groups[g].id);
  return b->cell[g] = c;
}

/* The index of group id in groups_table, or -1. */
static int group_index(int id) {
  size_t ng;
  const struct student_group *groups = groups_table(&ng);
  for (size_t i = 0; i < ng && i < MAX_GROUPS; i++)
    if (groups[i].id == id) return (int)i;
  return -1;
}

const struct agg_cell *agg_find(const struct agg_table *t, const struct agg_key *k) {
  int g = group_index(k->group);
  if (g < 0) return NULL;
  char key[24];
  block_key(key, k->test, k->school, k->grade);
  const struct block *b = block_slot(t->blocks, t->bcap, key);
  return b->key[0] ? b->cell[g] : NULL;
}

size_t agg_count(const struct agg_table *t) {
  return t->n;
}

int agg_each(const struct agg_table *t, agg_cell_fn fn, void *ctx) {
  for (size_t i = 0; i < t->n; i++) {
    int rc = fn(ctx, cell_at(t, i));
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
  size_t ngroups = groups_of_index(r, groups, GROUPS_MAX_PER_RECORD);
  if (ngroups > GROUPS_MAX_PER_RECORD) ngroups = GROUPS_MAX_PER_RECORD;

  for (size_t s = 0; s < nschools; s++)
    for (size_t g = 0; g < ngrades; g++) {
      struct block *b = block(t, r->record_type, schools[s], grades[g], e);
      if (b == NULL) return -1;
      for (size_t k = 0; k < ngroups; k++) {
        if (groups[k] >= MAX_GROUPS) continue;
        struct agg_cell *c = block_cell(t, b, groups[k], e);
        if (c == NULL) return -1;
        apply(c, &x, r);
      }
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
  /* One test at a time: the sets of the complementary rule never cross tests. */
  char tests[16][3];
  size_t ntests = 0;
  for (size_t i = 0; i < t->n; i++) {
    const struct agg_cell *c = cell_at(t, i);
    bool seen = false;
    for (size_t k = 0; k < ntests && !seen; k++)
      seen = strcmp(tests[k], c->key.test) == 0;
    if (!seen && ntests < 16) memcpy(tests[ntests++], c->key.test, 3);
  }
  for (size_t k = 0; k < ntests; k++) {
    struct disclose *d = disclose_new(e);
    if (d == NULL) return -1;
    for (size_t i = 0; i < t->n; i++) {
      const struct agg_cell *c = cell_at(t, i);
      if (strcmp(c->key.test, tests[k]) == 0 && disclose_add(d, 1, c, e) != 0) {
        disclose_free(d);
        return -1;
      }
    }
    disclose_apply(d);
    for (size_t i = 0; i < t->n; i++) {
      struct agg_cell *c = cell_at(t, i);
      if (strcmp(c->key.test, tests[k]) == 0)
        c->hidden = disclose_flags(d, 1, c->key.school, c->key.grade, c->key.group);
    }
    disclose_free(d);
  }
  return 0;
}
