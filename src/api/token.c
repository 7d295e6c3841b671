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
#include "store/store_pool.h"
#include "util/clock.h"
#include "util/log.h"

static void no_store(struct http_req *r) {
  http_add_header(r, "Cache-Control", "no-store");
  http_add_header(r, "Pragma", "no-cache");
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
    deny_basic(r);
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
