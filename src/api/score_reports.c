/* score_reports.c - GET /v3/students/{ssid}/score-reports (seed: "Get Score Reports").
 *
 * Flow: token (401) -> parameters (400) -> student known? (404) -> permission rule
 * (403) -> reports in the window, allowed years and filter -> temporary links -> the
 * disclosure record queued (changes.c: committed within ~5 ms by the trail's writer) ->
 * the response handed to the server. A list that shows no report is not recorded. */
#include "api/handlers.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/authn.h"
#include "api/links.h"
#include "api/messages.h"
#include "domain/ids.h"
#include "domain/permission.h"
#include "domain/report_query.h"
#include "domain/window.h"
#include "store/store_pool.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/jsonw.h"
#include "util/log.h"

#define MAX_ARGS 32

static void internal(struct http_req *r, const char *msg) {
  log_error("request %s: score-reports: %s", http_req_id(r), msg);
  http_respond_error(r, 500, MSG_INTERNAL);
}

static void respond(struct app *a, struct http_req *r, struct store *s);

void api_score_reports(struct http_req *r, void *arg) {
  struct app *a = arg;
  http_add_header(r, "Cache-Control", "no-store");
  struct sb_err err = {""};
  struct store *s = store_pool_get(a->pool, &err);
  if (s == NULL) {
    internal(r, err.msg);
    return;
  }
  /* One read snapshot for the credential check and the student's data. */
  if (store_read_begin(s, &err) != 0) {
    internal(r, err.msg);
    return;
  }
  respond(a, r, s);
  store_read_end(s);
}

static void respond(struct app *a, struct http_req *r, struct store *s) {
  struct sb_err err = {""};
  struct identity id;
  if (!authn_bearer_or_answer(a, r, s, &id, 401, MSG_UNAUTHORIZED)) return;

  const char *ssid = http_req_param(r, 0);
  struct query_arg args[MAX_ARGS];
  size_t nargs = http_req_query(r, args, MAX_ARGS);
  struct report_filter filter;
  if (!ids_valid_ssid(ssid)) {
    http_respond_error(r, 400, MSG_MALFORMED);
    return;
  }
  if (nargs > MAX_ARGS || report_filter_parse(args, nargs, &filter, &err) != 0) {
    log_info("request %s: malformed parameter: %s", http_req_id(r),
             nargs > MAX_ARGS ? "too many parameters" : err.msg);
    http_respond_error(r, 400, MSG_MALFORMED);
    return;
  }

  struct enrollment_span *spans = NULL;
  struct report *reports = NULL;
  size_t nspans = 0, nreports = 0;
  int known = store_student_load(s, ssid, &spans, &nspans, &reports, &nreports, &err);
  if (known < 0) {
    internal(r, err.msg);
    return;
  }
  if (known == 0) {
    http_respond_error(r, 404, MSG_NO_STUDENT);
    return;
  }

  int64_t now = clock_now();
  int32_t today = clock_yyyymmdd(now);
  struct year_window w = window_for(today);
  const char *leas[CRED_MAX_LEAS];
  for (size_t i = 0; i < id.nleas; i++)
    leas[i] = id.leas[i];
  struct permission perm;
  permission_decide(spans, nspans, leas, id.nleas, today, &w, &perm);
  free(spans);
  if (!permission_any(&perm)) {
    free(reports);
    http_respond_error(r, 403, MSG_ENROLLMENT_MISMATCH);
    return;
  }

  /* Written straight into the response buffer: this is the hot path (bench/api). */
  struct buf out;
  buf_init(&out, (size_t)1 << 22);
  int bad = buf_putc(&out, '[');
  int64_t expires = now + a->cfg.link_ttl;
  bool first = true;
  struct disclosure_set ds;
  disclosure_set_init(&ds, &id, r, "student", now);
  for (size_t i = 0; !bad && i < nreports; i++) {
    const struct report *rep = &reports[i];
    if (!permission_allows(&perm, rep->year) || !report_filter_match(&filter, rep)) continue;
    bad = buf_puts(&out, first ? "{" : ",{") || link_report_fields(&out, 1, a, rep, expires) ||
          buf_putc(&out, '}') || disclosure_set_add(&ds, ssid, rep->id);
    first = false;
  }
  free(reports);
  if (bad || buf_putc(&out, ']')) {
    buf_free(&out);
    disclosure_set_free(&ds);
    internal(r, "cannot build the response");
    return;
  }
  /* The disclosure record is queued (committed within ~5 ms, handlers.h); a list that
   * cannot be recorded is not sent. */
  if (disclosure_set_queue(&ds, a, &err) != 0) {
    buf_free(&out);
    disclosure_set_free(&ds);
    internal(r, err.msg);
    return;
  }
  disclosure_set_free(&ds);
  http_respond_buf(r, 200, &out, "application/json; charset=utf-8");
}
