/* ops.c - the operations endpoints: GET /healthz (the process is up), GET /readyz (the
 * database answers and the signing keys are loaded) and GET /metrics (Prometheus text
 * format: the counters of http/metrics.h, the limits' configuration, and the score-file
 * uploads by status read from the database at scrape time). None needs authentication
 * and none reveals data of an LEA; expose them only on the internal network (the nginx
 * front in deploy/ does not proxy them). */
#include "api/handlers.h"

#include <stdio.h>
#include <string.h>

#include "auth/keys.h"
#include "http/metrics.h"
#include "store/store_pool.h"
#include "util/buf.h"
#include "util/log.h"

#define PROM_TYPE "text/plain; version=0.0.4; charset=utf-8"

void api_healthz(struct http_req *r, void *arg) {
  (void)arg;
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static int count_none(void *ctx, const struct score_upload *u) {
  (void)ctx;
  (void)u;
  return 0;
}

void api_readyz(struct http_req *r, void *arg) {
  struct app *a = arg;
  http_add_header(r, "Cache-Control", "no-store");
  struct sb_err err = {""};
  bool keys = a->keys != NULL && keyring_count(a->keys) > 0 && keyring_signing_kid(a->keys);
  struct store *s = store_pool_get(a->pool, &err);
  bool db = s != NULL && store_upload_list(s, NULL, 1, count_none, NULL, &err) == 0;
  if (!db) log_warn("request %s: readyz: database: %s", http_req_id(r), err.msg);
  http_respond_json(r, keys && db ? 200 : 503,
                    json_pack("{s:s, s:b, s:b}", "status", keys && db ? "ready" : "not ready",
                              "database", db, "keys", keys));
}

struct upload_counts {
  unsigned long by_status[6];
  unsigned long rows_loaded, errors, warnings;
};

static int count_upload(void *ctx, const struct score_upload *u) {
  struct upload_counts *c = ctx;
  if (u->status >= UPLOAD_RECEIVED && u->status <= UPLOAD_REJECTED) c->by_status[u->status]++;
  if (u->loaded > 0) c->rows_loaded += (unsigned long)u->loaded;
  if (u->errors > 0) c->errors += (unsigned long)u->errors;
  if (u->warnings > 0) c->warnings += (unsigned long)u->warnings;
  return 0;
}

static void render_limits(struct buf *b, const struct sb_limits_config *l) {
  buf_puts(b, "# HELP scorebridge_limit_config The configured limits (0 = off).\n"
              "# TYPE scorebridge_limit_config gauge\n");
  buf_printf(b, "scorebridge_limit_config{limit=\"max_live_tokens\"} %u\n", l->max_live_tokens);
  buf_printf(b, "scorebridge_limit_config{limit=\"token_rate\"} %g\n", l->token_rate);
  buf_printf(b, "scorebridge_limit_config{limit=\"token_burst\"} %u\n", l->token_burst);
  const struct {
    const char *who;
    const struct backoff_policy *p;
  } pol[] = {{"user", &l->login_user}, {"addr", &l->login_addr}};
  for (size_t i = 0; i < 2; i++) {
    buf_printf(b, "scorebridge_limit_config{limit=\"login_%s_free_failures\"} %u\n", pol[i].who,
               pol[i].p->free_failures);
    buf_printf(b, "scorebridge_limit_config{limit=\"login_%s_lock_failures\"} %u\n", pol[i].who,
               pol[i].p->lock_failures);
    buf_printf(b, "scorebridge_limit_config{limit=\"login_%s_lock_seconds\"} %u\n", pol[i].who,
               pol[i].p->lock_secs);
    buf_printf(b, "scorebridge_limit_config{limit=\"login_%s_max_delay_seconds\"} %u\n", pol[i].who,
               pol[i].p->max_delay_secs);
  }
}

void api_metrics(struct http_req *r, void *arg) {
  struct app *a = arg;
  struct buf b;
  buf_init(&b, (size_t)4 << 20);
  size_t n;
  const struct route *routes = api_routes(&n);
  metrics_render(&b, routes, n);
  struct sb_limits_config off;
  memset(&off, 0, sizeof off);
  render_limits(&b, a->limits ? sb_limits_config_of(a->limits) : &off);
  struct sb_err err = {""};
  struct upload_counts c;
  memset(&c, 0, sizeof c);
  struct store *s = store_pool_get(a->pool, &err);
  if (s != NULL && store_upload_list(s, NULL, 0, count_upload, &c, &err) == 0) {
    static const char *const names[6] = {"",        "received", "validating",
                                         "loading", "ready",    "rejected"};
    buf_puts(&b, "# HELP scorebridge_score_uploads Score data file uploads, by status.\n"
                 "# TYPE scorebridge_score_uploads gauge\n");
    for (int i = UPLOAD_RECEIVED; i <= UPLOAD_REJECTED; i++)
      buf_printf(&b, "scorebridge_score_uploads{status=\"%s\"} %lu\n", names[i], c.by_status[i]);
    buf_printf(&b,
               "# HELP scorebridge_score_upload_rows_loaded Rows loaded by all uploads.\n"
               "# TYPE scorebridge_score_upload_rows_loaded gauge\n"
               "scorebridge_score_upload_rows_loaded %lu\n"
               "# HELP scorebridge_score_upload_problems Problems found in uploads, by level.\n"
               "# TYPE scorebridge_score_upload_problems gauge\n"
               "scorebridge_score_upload_problems{level=\"error\"} %lu\n"
               "scorebridge_score_upload_problems{level=\"warning\"} %lu\n",
               c.rows_loaded, c.errors, c.warnings);
  } else {
    log_warn("request %s: metrics: uploads: %s", http_req_id(r), err.msg);
  }
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_buf(r, 200, &b, PROM_TYPE);
  buf_free(&b);
}
