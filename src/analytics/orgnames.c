/* orgnames.c - see orgnames.h. A linear table: an LEA has tens of schools. */
#include "analytics/orgnames.h"

#include <stdlib.h>
#include <string.h>

struct entry {
  char *code, *name;
};

struct orgnames {
  struct entry *v;
  size_t n, cap;
};

struct orgnames *orgnames_new(void) {
  return calloc(1, sizeof(struct orgnames));
}

void orgnames_free(struct orgnames *m) {
  if (m == NULL) return;
  for (size_t i = 0; i < m->n; i++) {
    free(m->v[i].code);
    free(m->v[i].name);
  }
  free(m->v);
  free(m);
}

static struct entry *find(const struct orgnames *m, const char *code) {
  for (size_t i = 0; m && code && i < m->n; i++)
    if (strcmp(m->v[i].code, code) == 0) return &m->v[i];
  return NULL;
}

int orgnames_add(void *ctx, const char *code, const char *name) {
  struct orgnames *m = ctx;
  if (m == NULL || code == NULL || name == NULL) return -1;
  char *nm = strdup(name);
  if (nm == NULL) return -1;
  struct entry *e = find(m, code);
  if (e) {
    free(e->name);
    e->name = nm;
    return 0;
  }
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 32;
    struct entry *v = realloc(m->v, cap * sizeof *v);
    if (v == NULL) {
      free(nm);
      return -1;
    }
    m->v = v;
    m->cap = cap;
  }
  char *cd = strdup(code);
  if (cd == NULL) {
    free(nm);
    return -1;
  }
  m->v[m->n++] = (struct entry){cd, nm};
  return 0;
}

const char *orgnames_get(const struct orgnames *m, const char *code) {
  const struct entry *e = find(m, code);
  return e ? e->name : NULL;
}

const char *orgnames_label(const struct orgnames *m, const char *code) {
  const char *n = orgnames_get(m, code);
  return n && *n ? n : code;
}

size_t orgnames_count(const struct orgnames *m) {
  return m ? m->n : 0;
}

const char *orgnames_code(const struct orgnames *m, size_t i) {
  return m && i < m->n ? m->v[i].code : NULL;
}
