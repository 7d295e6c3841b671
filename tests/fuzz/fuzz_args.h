/* fuzz_args.h - for the libFuzzer targets of query-string parsers: splits the fuzzer's
 * bytes into key=value pairs as a query string would be (on '&', then the first '='),
 * each piece copied and NUL-terminated. The caller frees with fuzz_args_free. */
#ifndef SB_FUZZ_ARGS_H
#define SB_FUZZ_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report_query.h"

#define FUZZ_ARGS_MAX 64

struct fuzz_args {
  struct query_arg v[FUZZ_ARGS_MAX];
  char *keys[FUZZ_ARGS_MAX], *vals[FUZZ_ARGS_MAX];
  size_t n;
};

/* Splits data[0..size) into a (at most FUZZ_ARGS_MAX pairs; an embedded NUL ends a piece
 * early, as in a C string). Returns 0, or -1 when out of memory. */
static inline int fuzz_args_split(const uint8_t *data, size_t size, struct fuzz_args *a) {
  a->n = 0;
  char *copy = malloc(size + 1);
  if (copy == NULL) return -1;
  memcpy(copy, data, size);
  copy[size] = '\0';
  char *p = copy;
  const char *end = copy + size;
  while (a->n < FUZZ_ARGS_MAX) {
    char *amp = memchr(p, '&', (size_t)(end - p));
    size_t plen = amp ? (size_t)(amp - p) : (size_t)(end - p);
    char *eq = memchr(p, '=', plen);
    size_t klen = eq ? (size_t)(eq - p) : plen;
    a->keys[a->n] = strndup(p, klen);
    a->vals[a->n] = eq ? strndup(eq + 1, plen - klen - 1) : NULL;
    a->v[a->n].key = a->keys[a->n];
    a->v[a->n].value = a->vals[a->n];
    a->n++;
    if (amp == NULL) break;
    p = amp + 1;
  }
  free(copy);
  return 0;
}

static inline void fuzz_args_free(struct fuzz_args *a) {
  for (size_t i = 0; i < a->n; i++) {
    free(a->keys[i]);
    free(a->vals[i]);
  }
  a->n = 0;
}

#endif
