/* fuzz_router.c - libFuzzer target: request paths and methods against the real route
 * table. Invariants: a match names a route of the table with exactly as many parameters
 * as its pattern has placeholders, each non-empty, shorter than ROUTE_PARAM_MAX and free
 * of '/'; a 405 always lists allowed methods. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "http/router.h"

static size_t placeholders(const char *p) {
  size_t n = 0;
  for (; (p = strstr(p, "{}")) != NULL; p += 2)
    n++;
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *methods[] = {"GET", "HEAD", "POST", "DELETE", "PUT"};
  if (size < 1) return 0;
  const char *method = methods[data[0] % 5];
  char *path = malloc(size);
  if (path == NULL) return 0;
  memcpy(path, data + 1, size - 1);
  path[size - 1] = '\0';
  size_t n;
  const struct route *routes = api_routes(&n);
  struct route_match m;
  enum route_result r = router_match(routes, n, method, path, &m);
  if (r == ROUTE_MATCH) {
    if (m.route < routes || m.route >= routes + n) __builtin_trap();
    if (m.nparams != placeholders(m.route->pattern)) __builtin_trap();
    for (size_t i = 0; i < m.nparams; i++) {
      size_t len = strlen(m.params[i]);
      if (len == 0 || len >= ROUTE_PARAM_MAX || strchr(m.params[i], '/')) __builtin_trap();
    }
  } else if (r == ROUTE_METHOD_NOT_ALLOWED && m.allow[0] == '\0') {
    __builtin_trap();
  }
  free(path);
  return 0;
}
