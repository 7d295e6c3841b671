/* routes.c - the route table of the HTTP API. */
#include "api/app.h"
#include "api/handlers.h"

static const struct route ROUTES[] = {
    {"GET", "/v3/token", api_token, "token"},
    {"GET", "/v3/token/verify", api_token_verify, "token_verify"},
    {"GET", "/v3/students/{}/score-reports", api_score_reports, "score_reports"},
    {"GET", "/v3/links/{}", api_link, "link"},
    {"GET", "/v1/*", api_retired, "retired"},
    {"POST", "/v1/*", api_retired, "retired"},
    {"GET", "/v2/*", api_retired, "retired"},
    {"POST", "/v2/*", api_retired, "retired"},
};

const struct route *api_routes(size_t *n) {
  *n = sizeof ROUTES / sizeof ROUTES[0];
  return ROUTES;
}
