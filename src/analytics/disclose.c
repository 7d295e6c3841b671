/* disclose.c - suppression over a slice of cells (see disclose.h). A hash of the cells by
 * (year, key) plus the lists of schools and grades present, so the sets of the
 * complementary rule can be looked up. */
#include "analytics/disclose.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/groups.h"
#include "analytics/suppress.h"

struct entry {
  int year; /* 0 = empty slot */
  struct agg_cell c;
  unsigned flags;
};

#define MAX_SCHOOLS 256
#define MAX_GRADES 16
#define MAX_YEARS 8

struct disclose {
  struct entry *v;
  size_t cap, n;
  char schools[MAX_SCHOOLS][15];
  size_t nschools;
  char grades[MAX_GRADES][3];
  size_t ngrades;
  int years[MAX_YEARS];
  size_t nyears;
  char test[3]; /* every cell of a slice has the same test */
};

static uint64_t hash(int year, const struct agg_key *k) {
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)year;
  const unsigned char *p = (const unsigned char *)k;
  for (size_t i = 0; i < sizeof *k; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static struct entry *slot(struct entry *v, size_t cap, int year, const struct agg_key *k) {
  size_t i = (size_t)hash(year, k) & (cap - 1);
  while (v[i].year != 0 && (v[i].year != year || memcmp(&v[i].c.key, k, sizeof *k) != 0))
    i = (i + 1) & (cap - 1);
  return &v[i];
}

struct disclose *disclose_new(struct sb_err *e) {
  struct disclose *d = calloc(1, sizeof *d);
  if (d) d->v = calloc(d->cap = 256, sizeof *d->v);
  if (d == NULL || d->v == NULL) {
    free(d);
    sb_err_set(e, "out of memory");
    return NULL;
  }
  return d;
}

void disclose_free(struct disclose *d) {
  if (d == NULL) return;
  free(d->v);
  free(d);
}

static int grow(struct disclose *d, struct sb_err *e) {
  size_t cap = d->cap * 2;
  struct entry *v = calloc(cap, sizeof *v);
  if (v == NULL) return sb_err_set(e, "out of memory");
  for (size_t i = 0; i < d->cap; i++)
    if (d->v[i].year != 0) *slot(v, cap, d->v[i].year, &d->v[i].c.key) = d->v[i];
  free(d->v);
  d->v = v;
  d->cap = cap;
  return 0;
}

int disclose_add(struct disclose *d, int year, const struct agg_cell *c, struct sb_err *e) {
  if (year <= 0) return sb_err_set(e, "disclose: bad year %d", year);
  if ((d->n + 1) * 2 > d->cap && grow(d, e) != 0) return -1;
  if (d->n == 0) memcpy(d->test, c->key.test, sizeof d->test);
  struct entry *s = slot(d->v, d->cap, year, &c->key);
  if (s->year == 0) d->n++;
  s->year = year;
  s->c = *c;
  s->flags = 0;
  if (c->key.school[0] != '\0') {
    bool seen = false;
    for (size_t i = 0; i < d->nschools && !seen; i++)
      seen = strcmp(d->schools[i], c->key.school) == 0;
    if (!seen && d->nschools < MAX_SCHOOLS) memcpy(d->schools[d->nschools++], c->key.school, 15);
  }
  if (strcmp(c->key.grade, AGG_ALL_GRADES) != 0) {
    bool seen = false;
    for (size_t i = 0; i < d->ngrades && !seen; i++)
      seen = strcmp(d->grades[i], c->key.grade) == 0;
    if (!seen && d->ngrades < MAX_GRADES) memcpy(d->grades[d->ngrades++], c->key.grade, 3);
  }
  bool seen = false;
  for (size_t i = 0; i < d->nyears && !seen; i++)
    seen = d->years[i] == year;
  if (!seen && d->nyears < MAX_YEARS) d->years[d->nyears++] = year;
  return 0;
}

static struct entry *find(const struct disclose *d, int year, const char *school, const char *grade,
                          int group) {
  struct agg_key k;
  agg_key_set(&k, d->test, school, grade, group);
  struct entry *e = slot(d->v, d->cap, year, &k);
  return e->year != 0 ? e : NULL;
}

const struct agg_cell *disclose_cell(const struct disclose *d, int year, const char *school,
                                     const char *grade, int group) {
  const struct entry *e = d->n ? find(d, year, school, grade, group) : NULL;
  return e ? &e->c : NULL;
}

unsigned disclose_flags(const struct disclose *d, int year, const char *school, const char *grade,
                        int group) {
  const struct entry *e = d->n ? find(d, year, school, grade, group) : NULL;
  return e ? e->flags : 0;
}

int disclose_each(const struct disclose *d, disclose_fn fn, void *ctx) {
  for (size_t i = 0; i < d->cap; i++) {
    if (d->v[i].year == 0) continue;
    int rc = fn(ctx, d->v[i].year, &d->v[i].c, d->v[i].flags);
    if (rc != 0) return rc;
  }
  return 0;
}

static long count_of(const struct agg_cell *c, unsigned bit) {
  return bit == DISCLOSE_ENROLLED ? c->enrolled : bit == DISCLOSE_TESTED ? c->tested : c->valid;
}

#define SET_MAX (MAX_SCHOOLS > 16 ? MAX_SCHOOLS : 16)

/* One set of parts under a parent: applies the complementary rule for each count. Returns
 * how many flags were newly set. */
static int complement(struct entry *parent, struct entry **parts, size_t n) {
  if (parent == NULL || n < 1) return 0;
  static const unsigned BITS[3] = {DISCLOSE_ENROLLED, DISCLOSE_TESTED, DISCLOSE_VALID};
  int added = 0;
  for (int b = 0; b < 3; b++) {
    unsigned bit = BITS[b];
    if (parent->flags & bit) continue; /* the total is withheld: nothing to work out */
    size_t hidden = 0, idx = 0;
    long best = -1;
    for (size_t i = 0; i < n; i++) {
      if (parts[i]->flags & bit)
        hidden++;
      else if (count_of(&parts[i]->c, bit) > 0 &&
               (best < 0 || count_of(&parts[i]->c, bit) < best)) {
        best = count_of(&parts[i]->c, bit);
        idx = i;
      }
    }
    if (hidden == 1 && best >= 0) {
      parts[idx]->flags |= bit;
      added++;
    } else if (hidden == 1 && count_of(&parent->c, bit) > 0) {
      /* no other part to withhold (the only one, or the others are 0): the total would
       * give the withheld part away, so the total goes */
      parent->flags |= bit;
      added++;
    }
  }
  return added;
}

void disclose_use_stored(struct disclose *d) {
  for (size_t i = 0; i < d->cap; i++)
    if (d->v[i].year != 0) d->v[i].flags = d->v[i].c.hidden;
}

void disclose_apply(struct disclose *d) {
  for (size_t i = 0; i < d->cap; i++) {
    struct entry *e = &d->v[i];
    if (e->year == 0) continue;
    if (suppress_cell(e->c.enrolled)) e->flags |= DISCLOSE_ENROLLED;
    if (suppress_cell(e->c.tested)) e->flags |= DISCLOSE_TESTED;
    if (suppress_cell(e->c.valid)) e->flags |= DISCLOSE_VALID;
  }
  struct entry *parts[SET_MAX];
  for (int round = 0; round < 16; round++) {
    int added = 0;
    for (size_t i = 0; i < d->cap; i++) {
      struct entry *e = &d->v[i];
      if (e->year == 0) continue;
      const struct agg_key *k = &e->c.key;
      /* the group partition e's group is in (from each member: a set already settled
       * adds nothing the second time) */
      int ids[16], parent = 0;
      size_t nids = groups_siblings(k->group, &parent, ids, 16);
      if (nids > 0) {
        size_t n = 0;
        for (size_t j = 0; j < nids && j < 16; j++) {
          struct entry *p = find(d, e->year, k->school, k->grade, ids[j]);
          if (p) parts[n++] = p;
        }
        added += complement(find(d, e->year, k->school, k->grade, parent), parts, n);
      }
      /* the schools under the LEA-wide cell, from the LEA-wide cell */
      if (k->school[0] == '\0') {
        size_t n = 0;
        for (size_t j = 0; j < d->nschools; j++) {
          struct entry *p = find(d, e->year, d->schools[j], k->grade, k->group);
          if (p) parts[n++] = p;
        }
        added += complement(e, parts, n);
      }
      /* the grades under all grades, from the all-grades cell */
      if (strcmp(k->grade, AGG_ALL_GRADES) == 0) {
        size_t n = 0;
        for (size_t j = 0; j < d->ngrades; j++) {
          struct entry *p = find(d, e->year, k->school, d->grades[j], k->group);
          if (p) parts[n++] = p;
        }
        added += complement(e, parts, n);
      }
    }
    if (added == 0) break;
  }
}
