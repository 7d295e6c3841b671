/* fuzz_cursor.c - libFuzzer target for the change feed's parameters (src/domain/cursor.h):
 * the input is split into key=value pairs on '&' and the first '=' (as fuzz_query.c does)
 * and parsed with feed_params_parse; the whole input is also decoded as one cursor. Traps
 * when a result breaks the header's contract: an accepted cursor re-encodes to the same
 * text and a non-negative number, limits stay in 1..FEED_LIMIT_MAX, errors have a message. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cursor.h"

#define MAX_ARGS 16

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1024) return 0;
  char *copy = malloc(size + 1);
  if (copy == NULL) return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';

  int64_t seq = -5;
  struct sb_err err;
  err.msg[0] = '\0';
  if (cursor_decode(copy, &seq, &err) == 0) {
    char again[CURSOR_MAX];
    check(seq >= 0);
    check(cursor_encode(seq, again, sizeof again) == 0);
    check(strcmp(again, copy) == 0); /* one spelling per position */
  } else {
    check(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
    check(seq == -5);
  }

  struct query_arg args[MAX_ARGS];
  char *keys[MAX_ARGS], *vals[MAX_ARGS];
  size_t n = 0;
  char *p = copy;
  const char *end = copy + size;
  while (n < MAX_ARGS) {
    char *amp = memchr(p, '&', (size_t)(end - p));
    size_t plen = amp ? (size_t)(amp - p) : (size_t)(end - p);
    char *eq = memchr(p, '=', plen);
    size_t klen = eq ? (size_t)(eq - p) : plen;
    keys[n] = strndup(p, klen);
    vals[n] = eq ? strndup(eq + 1, plen - klen - 1) : NULL;
    args[n].key = keys[n];
    args[n].value = vals[n];
    n++;
    if (amp == NULL) break;
    p = amp + 1;
  }
  struct feed_params fp;
  err.msg[0] = '\0';
  int rc = feed_params_parse(args, n, &fp, &err);
  check(rc == 0 || rc == -1);
  if (rc == 0) {
    check(fp.limit >= 1 && fp.limit <= FEED_LIMIT_MAX);
    check(fp.since >= 0);
  } else {
    check(err.msg[0] != '\0');
  }
  for (size_t i = 0; i < n; i++) {
    free(keys[i]);
    free(vals[i]);
  }
  free(copy);
  return 0;
}
