/* jwks.c - GET /.well-known/jwks.json: the public keys that verify our access tokens, as
 * an RFC 7517 JWK Set (kty, kid, use "sig", alg "RS256", n, e), newest first, without
 * keys retired by the rule in auth/keys.h. No authentication. A short max-age, so
 * verifiers see a rotation within minutes (they also refetch on an unknown kid). */
#include "api/handlers.h"

#include <stdlib.h>
#include <string.h>

#include "api/messages.h"
#include "auth/keys.h"
#include "util/log.h"

void api_jwks(struct http_req *r, void *arg) {
  struct app *a = arg;
  char *text = keyring_jwks_json(a->keys);
  if (text == NULL) {
    log_error("request %s: cannot build the JWK Set", http_req_id(r));
    http_respond_error(r, 500, MSG_INTERNAL);
    return;
  }
  http_add_header(r, "Cache-Control", "public, max-age=300");
  http_respond_bytes(r, 200, text, strlen(text), "application/json");
  free(text);
}
