/* retired.c - API versions 1 and 2 were retired on March 14, 2026 (seed, "Overview"):
 * every /v1 and /v2 path answers 410 Gone, names /v3 and carries the Sunset date. */
#include "api/handlers.h"

void api_retired(struct http_req *r, void *app) {
  (void)app;
  http_add_header(r, "Sunset", "Sat, 14 Mar 2026 00:00:00 GMT");
  http_add_header(r, "Link", "</v3/token>; rel=\"successor-version\"");
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_error(r, 410,
                     "API versions 1 and 2 were retired on March 14, 2026; use /v3 "
                     "(GET /v3/token, then GET /v3/students/{ssid}/score-reports)");
}
