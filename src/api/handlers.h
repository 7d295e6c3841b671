/* handlers.h - the HTTP handlers of the API, one file per endpoint family:
 * token.c (token, verify), score_reports.c, links.c (temporary report links),
 * retired.c (v1/v2), openapi.c (the OpenAPI document and its /docs page), ops.c (health,
 * readiness, metrics), jwks.c (the public signing keys), changes.c (the change feed,
 * disclosure records). Each takes the struct app as its second argument. */
#ifndef SB_API_HANDLERS_H
#define SB_API_HANDLERS_H

#include "api/app.h"
#include "api/authn.h"
#include "http/http.h"
#include "store/store.h"

void api_token(struct http_req *r, void *app);
void api_token_verify(struct http_req *r, void *app);
void api_score_reports(struct http_req *r, void *app);
void api_link(struct http_req *r, void *app);
void api_retired(struct http_req *r, void *app);
void api_openapi(struct http_req *r, void *app);
void api_docs_page(struct http_req *r, void *app);
/* ops.c: /healthz, /readyz, /metrics */
void api_healthz(struct http_req *r, void *app);
void api_readyz(struct http_req *r, void *app);
void api_metrics(struct http_req *r, void *app);
void api_jwks(struct http_req *r, void *app);

/* changes.c: GET /v3/score-reports/changes (the change feed). */
void api_changes(struct http_req *r, void *app);

/* changes.c: the disclosure records of one response (store.h, struct disclosure): one per
 * student shown, listing the report ids shown (split over several records when they do
 * not fit one). The set owns its records (disclosure_set_free). */
struct disclosure_set {
  struct disclosure proto; /* time, credential, LEAs, endpoint, client */
  struct disclosure *d;
  size_t n, cap;
};
/* id may be NULL (a link fetch: no credential is known). */
void disclosure_set_init(struct disclosure_set *ds, const struct identity *id, struct http_req *r,
                         const char *endpoint, int64_t now);
/* Records that report_id of ssid is shown. Returns 0 or -1 (out of memory). */
int disclosure_set_add(struct disclosure_set *ds, const char *ssid, int64_t report_id);
/* Commits the records in one transaction (the trail is apart from the data the handler
 * reads: s's read snapshot may stay open): call it before the response is handed to the
 * server, and do not send the response when it fails. */
int disclosure_set_commit(struct disclosure_set *ds, struct store *s, struct sb_err *err);
/* The student endpoint's way (its hot path, bench/api): copies the records into a
 * process-wide queue that one writer thread commits in one transaction every FLUSH_MS
 * (5 ms) or 256 rows, and drains at a normal exit. Guarantee: a record is committed at
 * most ~5 ms plus one commit after its response was handed to the server; a crash
 * (kill -9, power loss) can lose the records of that last instant. When the queue is
 * full (the database cannot be written), returns -1: do not send the response. */
int disclosure_set_queue(struct disclosure_set *ds, const struct app *a, struct sb_err *err);
void disclosure_set_free(struct disclosure_set *ds);

#endif
