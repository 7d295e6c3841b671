/* authn.c - see authn.h. */
#include "api/authn.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/authheader.h"
#include "auth/jwt.h"
#include "domain/ids.h"
#include "util/clock.h"
#include "util/log.h"

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
  struct sb_err err = {""};
  struct jwt_expect ex = {
      .iss = a->cfg.public_url, .aud = a->cfg.audience, .now = clock_now(), .leeway = a->cfg.leeway};
  json_t *claims = jwt_verify(a->keys, tok, len, &ex, &err);
  if (claims == NULL) {
    log_info("request %s: token refused: %s", http_req_id(r), err.msg);
    return AUTHN_DENIED;
  }
  enum authn_result res = AUTHN_DENIED;
  const char *sub = NULL, *use = NULL;
  json_t *leas = NULL;
  json_int_t gen = 0;
  json_t *jexp = json_object_get(claims, "exp");
  if (json_unpack(claims, "{s:s, s:s, s:o, s:I}", "sub", &sub, "token_use", &use, "leas", &leas,
                  "gen", &gen) != 0 ||
      strcmp(use, "access") != 0 || !json_is_array(leas) || json_array_size(leas) == 0 ||
      json_array_size(leas) > CRED_MAX_LEAS || strlen(sub) >= sizeof id->credential_id) {
    log_info("request %s: token refused: claims not of our shape", http_req_id(r));
    goto out;
  }
  struct credential c;
  int found = store_credential_by_id(s, sub, &c, &err);
  if (found < 0) {
    log_error("request %s: %s", http_req_id(r), err.msg);
    res = AUTHN_ERROR;
    goto out;
  }
  if (found == 0 || c.revoked_at != 0 || c.expires_at <= ex.now || c.generation != gen) {
    log_info("request %s: token refused: credential %s unknown, revoked, expired or rotated",
             http_req_id(r), sub);
    goto out;
  }
  size_t i;
  json_t *v;
  json_array_foreach(leas, i, v) {
    const char *lea = json_string_value(v);
    if (lea == NULL || !ids_valid_lea(lea) || !credential_has_lea(&c, lea)) {
      log_info("request %s: token refused: LEA claim not on credential", http_req_id(r));
      goto out;
    }
    memcpy(id->leas[id->nleas++], lea, 8);
  }
  snprintf(id->credential_id, sizeof id->credential_id, "%s", sub);
  id->expires_at = (int64_t)json_number_value(jexp);
  http_req_set_subject(r, sub);
  res = AUTHN_OK;
out:
  json_decref(claims);
  return res;
}
