/* handlers.h - the HTTP handlers of the API, one file per endpoint family:
 * token.c (token, verify), score_reports.c, links.c (temporary report links),
 * retired.c (v1/v2), openapi.c (the OpenAPI document and its /docs page), ops.c (health,
 * readiness, metrics), jwks.c (the public signing keys). Each takes the struct app as its
 * second argument. */
#ifndef SB_API_HANDLERS_H
#define SB_API_HANDLERS_H

#include "api/app.h"
#include "http/http.h"

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

#endif
