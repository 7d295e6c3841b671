/* files.c - POST /api/files?family=F[&lea=CODE]: the streamed upload of a Student Score
 * Data File, as a stub for the Files page.
 *
 * What is real: the route streams (never buffers) the body; begin checks the session, the
 * CSRF header and the role rules before the first byte is read (401/403, a "denied" audit
 * line); the size limit is the server's --max-upload; the handler runs after the last
 * byte and writes an "ok" audit line. What is a stub: the sink only counts the bytes and
 * hashes them (SHA-256); the file is not stored or imported. The upload feature replaces
 * files_chunk/files_end with the ingest (src/ingest) and keeps the rest. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/web.h"
#include "domain/ids.h"
#include "domain/report_query.h"
#include "util/log.h"

struct files_upload {
  struct web_ctx w;
  enum score_family family;
  char lea[8];
  crypto_hash_sha256_state sha;
  char sha256[65];
};

/* The query's family and lea (default: the user's LEA). Returns 0, or answers 400. */
static int files_args(struct http_req *r, struct files_upload *u) {
  struct query_arg args[8];
  size_t n = http_req_query(r, args, 8);
  const char *family = NULL, *lea = NULL;
  for (size_t i = 0; i < n && i < 8; i++) {
    if (strcmp(args[i].key, "family") == 0) family = args[i].value;
    if (strcmp(args[i].key, "lea") == 0) lea = args[i].value;
  }
  if (role_family_parse(family, &u->family) != 0) {
    http_respond_error(r, 400, "family must be caaspp, summative-elpac or initial-elpac");
    return -1;
  }
  if (lea == NULL) lea = u->w.user.who.lea;
  if (!ids_valid_lea(lea)) {
    http_respond_error(r, 400, "lea must be a 7-digit LEA code");
    return -1;
  }
  memcpy(u->lea, lea, 8);
  return 0;
}

static int files_begin(struct http_req *r, void *app, void **ctx) {
  struct files_upload *u = calloc(1, sizeof *u);
  if (u == NULL) {
    http_respond_error(r, 500, "Internal error occurred");
    return -1;
  }
  *ctx = u;
  if (!web_require(app, r, &u->w) || files_args(r, u) != 0 ||
      !web_require_load(app, r, &u->w, u->family, u->lea, "load-file"))
    return -1;
  crypto_hash_sha256_init(&u->sha);
  return 0;
}

static int files_chunk(struct http_req *r, void *ctx, const void *data, size_t len) {
  (void)r;
  struct files_upload *u = ctx;
  crypto_hash_sha256_update(&u->sha, data, len);
  return 0;
}

static int files_end(struct http_req *r, void *ctx) {
  (void)r;
  struct files_upload *u = ctx;
  unsigned char d[32];
  crypto_hash_sha256_final(&u->sha, d);
  sodium_bin2hex(u->sha256, sizeof u->sha256, d, sizeof d);
  return 0;
}

static void files_cleanup(void *ctx) {
  free(ctx);
}

const struct http_body_sink api_files_sink = {files_begin, files_chunk, files_end, files_cleanup};

void api_files_upload(struct http_req *r, void *app) {
  (void)app;
  struct files_upload *u = http_req_sink_ctx(r);
  if (u == NULL) {
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  char target[160];
  snprintf(target, sizeof target, "%s %s %llu bytes sha256 %s", role_family_name(u->family), u->lea,
           (unsigned long long)http_req_body_bytes(r), u->sha256);
  web_audit(r, u->w.store, u->w.actor, "load-file", target, "ok");
  web_security_headers(r);
  http_respond_json(r, 200,
                    json_pack("{s:s, s:s, s:I, s:s, s:b}", "family", role_family_name(u->family),
                              "lea", u->lea, "bytes", (json_int_t)http_req_body_bytes(r), "sha256",
                              u->sha256, "stored", 0));
}
