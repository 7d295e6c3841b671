/* authn.h - who is calling: the bearer JWT of /v3/token/verify and the score-report
 * endpoints, checked against the signing keys and the credential it was issued to. */
#ifndef SB_API_AUTHN_H
#define SB_API_AUTHN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/app.h"
#include "http/http.h"
#include "store/store.h"

struct identity {
  char credential_id[64];
  size_t nleas;
  char leas[CRED_MAX_LEAS][8];
  int64_t expires_at;
  unsigned retry_after; /* AUTHN_LIMITED: seconds until the token may be used again */
};

enum authn_result {
  AUTHN_OK,
  AUTHN_DENIED,  /* missing, malformed, forged, expired, revoked: the caller answers 401/403 */
  AUTHN_ERROR,   /* the database failed: the caller answers 500 */
  AUTHN_LIMITED, /* a valid token over its request rate: 429 with Retry-After (id->retry_after) */
};

/* Verifies the Authorization header of r. The token must be one of ours (RS256 with a
 * known kid, right iss/aud/token_use, in its time window), and its credential must still
 * exist, be unrevoked, unexpired and of the same generation (a rotation ends the tokens
 * of the old secret). The reason for a denial goes to the log, never to the client. */
enum authn_result authn_bearer(struct app *a, struct http_req *r, struct store *s,
                               struct identity *id);

/* authn_bearer, answering for the caller when it fails: deny_status with deny_message
 * (the seed gives verify 403 and score-reports 401, with different texts), or 500.
 * Returns true when the caller may go on with *id. */
bool authn_bearer_or_answer(struct app *a, struct http_req *r, struct store *s, struct identity *id,
                            unsigned deny_status, const char *deny_message);

#endif
