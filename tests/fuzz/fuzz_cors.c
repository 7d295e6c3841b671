/* fuzz_cors.c - libFuzzer target for the CORS parsers (src/http/cors.h): the input as an
 * Origin header, an Access-Control-Request-Method and an Access-Control-Request-Headers
 * value, and as a configured origin list. Traps when a normalised origin is not a fixed
 * point of normalisation, when an allowed origin is not one of the list, when a refused
 * status leaves output, or when a wildcard, "null" or a non-GET method gets through. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cors.h"

static void check(int ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 2048) return 0;
  char *s = malloc(size + 1);
  if (s == NULL) return 0;
  memcpy(s, data, size);
  s[size] = '\0';

  char out[CORS_ORIGIN_MAX], again[CORS_ORIGIN_MAX];
  enum cors_origin_status st = cors_origin_normalize((const char *)data, size, out);
  if (st == CORS_ORIGIN_OK) {
    size_t n = strlen(out);
    check(n > 0 && n < CORS_ORIGIN_MAX);
    check(strchr(out, '*') == NULL && strchr(out, ' ') == NULL);
    check(strncmp(out, "http://", 7) == 0 || strncmp(out, "https://", 8) == 0);
    check(cors_origin_normalize(out, n, again) == CORS_ORIGIN_OK && strcmp(out, again) == 0);
  } else {
    check(out[0] == '\0');
  }

  struct cors_policy p = {0};
  struct sb_err err = {""};
  (void)cors_policy_add(&p, "https://portal.example.org", &err);
  (void)cors_policy_add_list(&p, s, &err); /* may fail half-way: what was added stays valid */
  check(p.n <= CORS_MAX_ORIGINS);
  for (size_t i = 0; i < p.n; i++)
    check(cors_origin_normalize(p.origins[i], strlen(p.origins[i]), again) == CORS_ORIGIN_OK &&
          strcmp(again, p.origins[i]) == 0);

  const char *allowed = cors_allowed(&p, s);
  if (allowed) {
    check(allowed >= p.origins[0] && allowed < p.origins[0] + sizeof p.origins);
    check(strcmp(s, "null") != 0 && strchr(s, '*') == NULL);
  }

  enum cors_request_status m = cors_check_method(s);
  if (m == CORS_REQUEST_OK) check(strcmp(s, "GET") == 0 || strcmp(s, "HEAD") == 0);
  enum cors_request_status h = cors_check_headers(s);
  if (h == CORS_REQUEST_OK) check(strstr(s, "cookie") == NULL && strstr(s, "Cookie") == NULL);

  const char *o = NULL;
  enum cors_preflight v = cors_preflight_check(&p, s, "GET", s, &o);
  check((v == CORS_PREFLIGHT_ALLOWED) == (o != NULL));
  v = cors_preflight_check(&p, "https://portal.example.org", s, "authorization", &o);
  check(v != CORS_PREFLIGHT_ALLOWED || m == CORS_REQUEST_OK);

  char list[512];
  size_t cut = size < sizeof list - 1 ? size : sizeof list - 1;
  memcpy(list, s, cut);
  list[cut] = '\0';
  list[strnlen(list, sizeof list)] = '\0';
  char before[512];
  memcpy(before, list, sizeof list);
  if (cors_frame_ancestors(&p, list, sizeof list) != 0)
    check(memcmp(before, list, sizeof list) == 0);
  free(s);
  return 0;
}
