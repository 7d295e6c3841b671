/* app.h - the running application: configuration and the shared, read-only resources
 * every handler uses (signing keys, link key, blob store, database connections).
 *
 * Data directory layout (--data DIR):
 *   DIR/scorebridge.db   the database (SQLite, WAL)
 *   DIR/keys/            RS256 signing keys (<kid>.key.pem, <kid>.pub.pem, <kid>.json)
 *
 * a->keys is never replaced while the server runs: `serve` calls keyring_reload on it
 * every KEYRING_POLL_S seconds, which swaps the keyring's internal snapshot atomically
 * when the keys directory changed (`keys rotate` / `keys prune`); see auth/keys.h.
 *   DIR/link.key         the 32-byte HMAC key of temporary links
 *   DIR/blobs/           report files by content (SHA-256) */
#ifndef SB_API_APP_H
#define SB_API_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "http/cors.h"
#include "http/limits.h"
#include "http/router.h"
#include "util/err.h"

struct keyring;
struct blob_store;
struct store_pool;
struct upload_worker;

struct app_config {
  char data_dir[1024];
  char listen[128];
  char public_url[512];       /* base of temporary links and the token issuer */
  char audience[128];         /* JWT aud */
  int64_t token_ttl;          /* seconds a JWT lives */
  int64_t link_ttl;           /* seconds a temporary link lives (1800) */
  int64_t leeway;             /* seconds of clock skew allowed on JWT time claims */
  char frame_ancestors[1024]; /* CSP frame-ancestors sources for report files (serve adds
                               * the CORS origins: a portal allowed to call the API may
                               * also embed its reports) */
  struct cors_policy cors;    /* browser origins allowed to call /v3/ (empty: none) */
  unsigned threads;
  uint64_t max_upload;            /* largest streamed upload in bytes (web uploads) */
  struct sb_limits_config limits; /* token API limits (http/limits.h) */
  bool trust_proxy;               /* X-Forwarded-For from a loopback peer names the client */
};

struct app {
  struct app_config cfg;
  struct keyring *keys;
  unsigned char link_key[32];
  struct blob_store *blobs;
  struct store_pool *pool;
  struct upload_worker *worker; /* processes uploaded score files (serve only; else NULL) */
  struct sb_limits *limits;     /* serve only (else NULL: no limits); owned, app_close frees */
  char db_path[1100];
};

/* Fills cfg with defaults (then flags and SCOREBRIDGE_* variables override them). */
void app_config_defaults(struct app_config *cfg);
/* Opens everything under cfg->data_dir, creating what is missing when create is true. */
int app_open(struct app *a, const struct app_config *cfg, bool create, struct sb_err *err);
void app_close(struct app *a);
/* Builds "<data_dir>/<name>" into out. */
int app_data_path(const struct app_config *cfg, const char *name, char *out, size_t n);

/* The route table of the HTTP API. */
const struct route *api_routes(size_t *n);

#endif
