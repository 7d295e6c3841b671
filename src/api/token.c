/* token.c - GET /v3/token and GET /v3/token/verify (seed: "Get Authorizing Token",
 * "Verify Authorizing Token"). */
#include "api/handlers.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/authn.h"
#include "api/messages.h"
#include "auth/apitoken.h"
#include "auth/authheader.h"
#include "auth/jwt.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "store/store_pool.h"
#include "util/clock.h"
#include "util/log.h"

/* 429 bodies (not in the seed; kept here with the limits they belong to) */
#define MSG_TOO_MANY_LOGINS "Too many failed attempts; try again after the Retry-After seconds"
#define MSG_TOO_MANY_TOKENS                                                                        \
  "Too many live tokens for this credential: access tokens should be reused until they expire"

static void no_store(struct http_req *r) {
  http_add_header(r, "Cache-Control", "no-store");
  http_add_header(r, "Pragma", "no-cache");
}

static void too_many(struct http_req *r, unsigned retry_secs, const char *message) {
  char v[16];
  snprintf(v, sizeof v, "%u", retry_secs);
  http_add_header(r, "Retry-After", v);
  http_respond_error(r, 429, message);
}

static void deny_basic(struct http_req *r) {
  http_add_header(r, "WWW-Authenticate", "Basic realm=\"scorebridge\", charset=\"UTF-8\"");
  http_respond_error(r, 401, MSG_NOT_AUTHORIZED);
}

void api_token(struct http_req *r, void *arg) {
  struct app *a = arg;
  no_store(r);
  char user[128], secret[256];
  const char *hdr = http_req_header(r, "Authorization");
  if (hdr == NULL || authheader_basic(hdr, user, sizeof user, secret, sizeof secret) != 0) {
    deny_basic(r);
    return;
  }
  /* Too many failures from this address or for this username: refused before the
   * credential is even looked at (no sleeping: the worker thread is free at once). */
  unsigned retry = 0;
  const char *addr = http_req_client(r);
  if (!sb_limits_login_check(a->limits, addr, user, sb_limits_mono_ns(), &retry)) {
    sodium_memzero(secret, sizeof secret);
    metrics_limit_hit(METRICS_LIMIT_LOGIN);
    log_info("request %s: token refused for username %.64s: too many failed attempts (retry in "
             "%u s)",
             http_req_id(r), user, retry);
    too_many(r, retry, MSG_TOO_MANY_LOGINS);
    return;
  }
  struct sb_err err = {""};
  struct store *s = store_pool_get(a->pool, &err);
  if (s == NULL) goto internal;
  struct credential c;
  int found = store_credential_by_username(s, user, &c, &err);
  if (found < 0) goto internal;
  unsigned char digest[32];
  apitoken_digest(secret, strlen(secret), digest);
  sodium_memzero(secret, sizeof secret);
  /* Compare against something even for an unknown user, so timing does not tell. */
  static const unsigned char nothing[32];
  bool match = apitoken_digest_equal(digest, found ? c.digest : nothing) && found == 1;
  int64_t now = clock_now();
  if (!match || c.revoked_at != 0 || c.expires_at <= now) {
    log_info("request %s: token refused for username %.64s (%s)", http_req_id(r), user,
             !found         ? "unknown"
             : !match       ? "wrong api_token"
             : c.revoked_at ? "revoked"
                            : "expired");
    sb_limits_login_result(a->limits, addr, user, false, sb_limits_mono_ns());
    metrics_login_failed();
    deny_basic(r);
    return;
  }
  sb_limits_login_result(a->limits, addr, user, true, 0);
  if (!sb_limits_token_issue(a->limits, c.id, now, now + a->cfg.token_ttl, &retry)) {
    metrics_limit_hit(METRICS_LIMIT_LIVE_TOKENS);
    log_info("request %s: token refused for credential %s: too many live tokens (oldest "
             "expires in %u s)",
             http_req_id(r), c.id, retry);
    http_req_set_subject(r, c.id);
    too_many(r, retry, MSG_TOO_MANY_TOKENS);
    return;
  }
  char jti[37];
  apitoken_new_uuid(jti);
  json_t *leas = json_array();
  for (size_t i = 0; i < c.nleas; i++)
    json_array_append_new(leas, json_string(c.leas[i]));
  json_t *claims = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:o, s:i}", "iss",
                             a->cfg.public_url, "sub", c.id, "aud", a->cfg.audience, "iat",
                             (json_int_t)now, "exp", (json_int_t)(now + a->cfg.token_ttl), "jti",
                             jti, "token_use", "access", "leas", leas, "gen", c.generation);
  char *token = claims ? jwt_sign(a->keys, claims, &err) : NULL;
  json_decref(claims);
  if (token == NULL) goto internal;
  http_req_set_subject(r, c.id);
  metrics_token_issued();
  http_respond_json(r, 200,
                    json_pack("{s:s, s:s, s:I}", "token", token, "token_type", "Bearer",
                              "expires_in", (json_int_t)a->cfg.token_ttl));
  free(token);
  return;
internal:
  log_error("request %s: /v3/token: %s", http_req_id(r), err.msg[0] ? err.msg : "internal error");
  http_respond_error(r, 500, MSG_INTERNAL);
}

void api_token_verify(struct http_req *r, void *arg) {
  struct app *a = arg;
  no_store(r);
  struct sb_err err = {""};
  struct store *s = store_pool_get(a->pool, &err);
  if (s == NULL) {
    log_error("request %s: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, MSG_INTERNAL);
    return;
  }
  struct identity id;
  if (!authn_bearer_or_answer(a, r, s, &id, 403, MSG_NOT_AUTHORIZED)) return;
  json_t *out = json_array();
  for (size_t i = 0; i < id.nleas; i++)
    json_array_append_new(out, json_pack("{s:s}", "LEA", id.leas[i]));
  http_respond_json(r, 200, out);
}
