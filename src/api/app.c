/* app.c - see app.h. */
#include "api/app.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/key_policy.h"
#include "auth/keys.h"
#include "auth/linksign.h"
#include "blob/blob.h"
#include "store/store_pool.h"
#include "util/clock.h"
#include "util/fsutil.h"

void app_config_defaults(struct app_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  snprintf(cfg->data_dir, sizeof cfg->data_dir, "./var");
  snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:8080");
  snprintf(cfg->audience, sizeof cfg->audience, "ssr-api");
  cfg->token_ttl = 3600;
  cfg->link_ttl = 1800;
  cfg->max_upload = (uint64_t)4 * 1024 * 1024 * 1024;
  cfg->leeway = 60;
  sb_limits_config_defaults(&cfg->limits);
  snprintf(cfg->frame_ancestors, sizeof cfg->frame_ancestors, "'self'");
  /* One worker thread per core: handlers do not block for long (SQLite reads from the
   * page cache), and more threads than cores only add switching (bench/api). */
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  cfg->threads = cpus >= 2 && cpus <= 64 ? (unsigned)cpus : 2;
}

int app_data_path(const struct app_config *cfg, const char *name, char *out, size_t n) {
  return fs_join(out, n, cfg->data_dir, name);
}

int app_open(struct app *a, const struct app_config *cfg, bool create, struct sb_err *err) {
  memset(a, 0, sizeof *a);
  a->cfg = *cfg;
  char path[1200];
  if (create && fs_mkdirs(cfg->data_dir, 0700, err)) return -1;
  if (app_data_path(cfg, "scorebridge.db", a->db_path, sizeof a->db_path))
    return sb_err_set(err, "data directory path too long");
  if (app_data_path(cfg, "keys", path, sizeof path)) return sb_err_set(err, "path too long");
  a->keys = keyring_load(path, create, err);
  if (a->keys == NULL) goto fail;
  /* Keys retire (leave the JWKS and stop verifying) under this server's token lifetime,
   * or a previous server's while its tokens may still live. The server records its own
   * beside the keys, for `scorebridge keys prune` (auth/key_policy.h). */
  int64_t ttl = cfg->token_ttl, leeway = cfg->leeway;
  if (create) {
    struct key_policy kp;
    if (key_policy_record(path, cfg->token_ttl, cfg->leeway, clock_now(), &kp, err)) goto fail;
    key_policy_effective(&kp, cfg->token_ttl, cfg->leeway, clock_now(), &ttl, &leeway);
  }
  keyring_set_retirement(a->keys, ttl, leeway);
  if (app_data_path(cfg, "link.key", path, sizeof path)) {
    sb_err_set(err, "path too long");
    goto fail;
  }
  if (linkkey_load(path, create, a->link_key, err)) goto fail;
  if (app_data_path(cfg, "blobs", path, sizeof path)) {
    sb_err_set(err, "path too long");
    goto fail;
  }
  a->blobs = blob_open(path, err);
  if (a->blobs == NULL) goto fail;
  a->pool = store_pool_new(a->db_path, err);
  if (a->pool == NULL) goto fail;
  /* Open one connection now so a broken database fails at start-up, not on a request. */
  if (store_pool_get(a->pool, err) == NULL) goto fail;
  return 0;
fail:
  app_close(a);
  return -1;
}

void app_close(struct app *a) {
  sb_limits_free(a->limits);
  a->limits = NULL;
  store_pool_free(a->pool);
  blob_close(a->blobs);
  keyring_free(a->keys);
  a->pool = NULL;
  a->blobs = NULL;
  a->keys = NULL;
}
