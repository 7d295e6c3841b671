/* authn.c - see authn.h.
 *
 * Verifying an RS256 token costs an RSA operation, two base64 decodes and two JSON
 * parses; an SIS sends the same token for up to an hour. So each worker thread keeps a
 * small cache of tokens it has verified (keyed by the whole token text), holding only
 * what the checks below need. A hit still re-checks the time claims against the clock and
 * still looks the credential up in the database, so a revocation or rotation takes
 * effect on the very next request. */
#include "api/authn.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/messages.h"
#include "auth/authheader.h"
#include "auth/jwt.h"
#include "domain/ids.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "util/clock.h"
#include "util/log.h"

#define CACHE_SLOTS 256

struct verified {
  char sub[64];
  int64_t gen;
  int64_t exp;
  int64_t nbf; /* INT64_MIN when absent */
  size_t nleas;
  char leas[CRED_MAX_LEAS][8];
};

struct cache_entry {
  uint64_t hash;
  size_t len;
  char *token;
  struct verified v;
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_destroy(void *p) {
  struct cache_entry *c = p;
  for (size_t i = 0; i < CACHE_SLOTS; i++)
    free(c[i].token);
  free(c);
}

static void cache_init(void) {
  pthread_key_create(&cache_key, cache_destroy);
}

static struct cache_entry *thread_cache(void) {
  pthread_once(&cache_once, cache_init);
  struct cache_entry *c = pthread_getspecific(cache_key);
  if (c == NULL) {
    c = calloc(CACHE_SLOTS, sizeof *c);
    if (c) pthread_setspecific(cache_key, c);
  }
  return c;
}

static uint64_t fnv1a(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

/* Pulls what we check out of verified claims; -1 when they are not of our shape. */
static int extract(const json_t *claims, struct verified *v) {
  memset(v, 0, sizeof *v);
  const char *sub = NULL, *use = NULL;
  json_t *leas = NULL;
  json_int_t gen = 0;
  if (json_unpack((json_t *)claims, "{s:s, s:s, s:o, s:I}", "sub", &sub, "token_use", &use, "leas",
                  &leas, "gen", &gen) != 0 ||
      strcmp(use, "access") != 0 || !json_is_array(leas) || json_array_size(leas) == 0 ||
      json_array_size(leas) > CRED_MAX_LEAS || strlen(sub) >= sizeof v->sub)
    return -1;
  size_t i;
  json_t *l;
  json_array_foreach(leas, i, l) {
    const char *lea = json_string_value(l);
    if (lea == NULL || !ids_valid_lea(lea)) return -1;
    memcpy(v->leas[v->nleas++], lea, 8);
  }
  snprintf(v->sub, sizeof v->sub, "%s", sub);
  v->gen = gen;
  v->exp = (int64_t)json_number_value(json_object_get(claims, "exp"));
  json_t *nbf = json_object_get(claims, "nbf");
  v->nbf = nbf ? (int64_t)json_number_value(nbf) : INT64_MIN;
  return 0;
}

/* Full verification of a token not in the cache. */
static int verify_token(struct app *a, struct http_req *r, const char *tok, size_t len, int64_t now,
                        struct verified *v) {
  struct sb_err err = {""};
  struct jwt_expect ex = {
      .iss = a->cfg.public_url, .aud = a->cfg.audience, .now = now, .leeway = a->cfg.leeway};
  json_t *claims = jwt_verify(a->keys, tok, len, &ex, &err);
  if (claims == NULL) {
    log_info("request %s: token refused: %s", http_req_id(r), err.msg);
    return -1;
  }
  int rc = extract(claims, v);
  json_decref(claims);
  if (rc != 0) log_info("request %s: token refused: claims not of our shape", http_req_id(r));
  return rc;
}

static bool credential_has_lea(const struct credential *c, const char *lea) {
  for (size_t i = 0; i < c->nleas; i++)
    if (strcmp(c->leas[i], lea) == 0) return true;
  return false;
}

enum authn_result authn_bearer(struct app *a, struct http_req *r, struct store *s,
                               struct identity *id) {
  memset(id, 0, sizeof *id);
  const char *hdr = http_req_header(r, "Authorization");
  const char *tok;
  size_t len;
  if (hdr == NULL || authheader_token(hdr, &tok, &len) != 0) return AUTHN_DENIED;
  int64_t now = clock_now();

  struct verified fresh, *v = NULL;
  struct cache_entry *cache = thread_cache();
  /* The slot hash covers the tail (the signature, which differs between any two tokens);
   * equality is always decided on the whole token below. */
  uint64_t h = len > 64 ? fnv1a(tok + len - 64, 64) : fnv1a(tok, len);
  struct cache_entry *slot = cache ? &cache[h % CACHE_SLOTS] : NULL;
  if (slot && slot->token && slot->hash == h && slot->len == len &&
      memcmp(slot->token, tok, len) == 0) {
    /* Verified before: only the clock can have changed its answer. */
    if (now >= slot->v.exp + a->cfg.leeway || now + a->cfg.leeway < slot->v.nbf) {
      log_info("request %s: token refused: expired", http_req_id(r));
      return AUTHN_DENIED;
    }
    v = &slot->v;
  } else {
    if (verify_token(a, r, tok, len, now, &fresh) != 0) return AUTHN_DENIED;
    v = &fresh;
    char *copy = slot ? malloc(len) : NULL;
    if (copy) {
      memcpy(copy, tok, len);
      free(slot->token);
      slot->token = copy;
      slot->hash = h;
      slot->len = len;
      slot->v = fresh;
    }
  }

  /* The token's request rate: one shard mutex, before the database is asked. */
  unsigned retry = 0;
  if (!sb_limits_token_request(a->limits, h, sb_limits_mono_ns(), &retry)) {
    metrics_limit_hit(METRICS_LIMIT_RATE);
    http_req_set_subject(r, v->sub);
    id->retry_after = retry;
    return AUTHN_LIMITED;
  }
  struct sb_err err = {""};
  struct credential c;
  int found = store_credential_by_id(s, v->sub, &c, &err);
  if (found < 0) {
    log_error("request %s: %s", http_req_id(r), err.msg);
    return AUTHN_ERROR;
  }
  if (found == 0 || c.revoked_at != 0 || c.expires_at <= now || c.generation != v->gen) {
    log_info("request %s: token refused: credential %s unknown, revoked, expired or rotated",
             http_req_id(r), v->sub);
    return AUTHN_DENIED;
  }
  for (size_t i = 0; i < v->nleas; i++) {
    if (!credential_has_lea(&c, v->leas[i])) {
      log_info("request %s: token refused: LEA claim not on credential", http_req_id(r));
      return AUTHN_DENIED;
    }
    memcpy(id->leas[id->nleas++], v->leas[i], 8);
  }
  snprintf(id->credential_id, sizeof id->credential_id, "%s", v->sub);
  id->expires_at = v->exp;
  http_req_set_subject(r, v->sub);
  return AUTHN_OK;
}

bool authn_bearer_or_answer(struct app *a, struct http_req *r, struct store *s, struct identity *id,
                            unsigned deny_status, const char *deny_message) {
  switch (authn_bearer(a, r, s, id)) {
  case AUTHN_OK:
    return true;
  case AUTHN_DENIED:
    http_respond_error(r, deny_status, deny_message);
    return false;
  case AUTHN_LIMITED: {
    char v[16];
    snprintf(v, sizeof v, "%u", id->retry_after);
    http_add_header(r, "Retry-After", v);
    http_respond_error(r, 429,
                       "Too many requests with this token; slow down and retry after the "
                       "Retry-After seconds");
    return false;
  }
  case AUTHN_ERROR:
    break;
  }
  http_respond_error(r, 500, MSG_INTERNAL);
  return false;
}
