/* store_pool.c - see store_pool.h. */
#include "store/store_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct pooled {
  struct store *s;
  struct pooled *next;
};

struct store_pool {
  char path[4096];
  pthread_key_t key;
  pthread_mutex_t lock;
  struct pooled *all;
};

struct store_pool *store_pool_new(const char *path, struct sb_err *err) {
  struct store_pool *p = calloc(1, sizeof *p);
  if (p == NULL || snprintf(p->path, sizeof p->path, "%s", path) >= (int)sizeof p->path ||
      pthread_key_create(&p->key, NULL) != 0) {
    free(p);
    sb_err_set(err, "cannot create the database connection pool");
    return NULL;
  }
  pthread_mutex_init(&p->lock, NULL);
  return p;
}

struct store *store_pool_get(struct store_pool *p, struct sb_err *err) {
  struct store *s = pthread_getspecific(p->key);
  if (s) return s;
  struct pooled *node = calloc(1, sizeof *node);
  if (node == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  s = store_open(p->path, err);
  if (s == NULL) {
    free(node);
    return NULL;
  }
  node->s = s;
  pthread_mutex_lock(&p->lock);
  node->next = p->all;
  p->all = node;
  pthread_mutex_unlock(&p->lock);
  pthread_setspecific(p->key, s);
  return s;
}

void store_pool_free(struct store_pool *p) {
  if (p == NULL) return;
  struct pooled *n = p->all;
  while (n) {
    struct pooled *next = n->next;
    store_close(n->s);
    free(n);
    n = next;
  }
  pthread_key_delete(p->key);
  pthread_mutex_destroy(&p->lock);
  free(p);
}
