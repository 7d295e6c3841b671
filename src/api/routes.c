/* routes.c - the route table of the HTTP API. */
#include "api/app.h"
#include "api/handlers.h"
#include "api/web.h"

static const struct route ROUTES[] = {
    {"GET", "/v3/token", api_token, "token", 0, NULL},
    {"GET", "/v3/token/verify", api_token_verify, "token_verify", 0, NULL},
    {"GET", "/v3/students/{}/score-reports", api_score_reports, "score_reports", 0, NULL},
    {"GET", "/v3/links/{}", api_link, "link", 0, NULL},
    {"GET", "/v3/openapi.json", api_openapi, "openapi", 0, NULL},
    {"GET", "/healthz", api_healthz, "healthz", 0, NULL},
    {"GET", "/readyz", api_readyz, "readyz", 0, NULL},
    {"GET", "/metrics", api_metrics, "metrics", 0, NULL},
    {"GET", "/.well-known/jwks.json", api_jwks, "jwks", 0, NULL},
    {"GET", "/v3/score-reports/changes", api_changes, "changes", 0, NULL},
    {"GET", "/v1/*", api_retired, "retired", 0, NULL},
    {"POST", "/v1/*", api_retired, "retired", 0, NULL},
    {"GET", "/v2/*", api_retired, "retired", 0, NULL},
    {"POST", "/v2/*", api_retired, "retired", 0, NULL},
    /* the web side (web.h): pages, static files, sessions */
    {"GET", "/", api_web_page, "page", 0, NULL},
    {"GET", "/login", api_web_login_page, "login_page", 0, NULL},
    {"POST", "/login", api_web_login, "login", WEB_FORM_MAX, NULL},
    {"POST", "/logout", api_web_logout, "logout", WEB_FORM_MAX, NULL},
    {"GET", "/static/*", api_web_static, "static", 0, NULL},
    {"GET", "/api/session", api_web_session, "session", 0, NULL},
    {"GET", "/docs", api_docs_page, "docs", 0, NULL},
    {"GET", "/files", api_web_page, "page_files", 0, NULL},
    {"POST", "/api/files", api_files_upload, "files_upload", 0, &api_files_sink},
    {"GET", "/api/files", api_files_list, "files_list", 0, NULL},
    {"GET", "/api/files/{}", api_files_get, "files_get", 0, NULL},
    {"GET", "/api/files/{}/errors.csv", api_files_errors, "files_errors", 0, NULL},
    /* the dashboards (analytics.c) */
    {"GET", "/dashboard", api_web_page, "page_dashboard", 0, NULL},
    {"GET", "/api/analytics/meta", api_analytics_meta, "analytics_meta", 0, NULL},
    {"GET", "/api/analytics/overview", api_analytics_overview, "analytics_overview", 0, NULL},
    {"GET", "/api/analytics/results", api_analytics_results, "analytics_results", 0, NULL},
    {"GET", "/api/analytics/dfs", api_analytics_dfs, "analytics_dfs", 0, NULL},
    {"GET", "/api/analytics/roster", api_analytics_roster, "analytics_roster", 0, NULL},
    {"GET", "/api/analytics/cohort", api_analytics_cohort, "analytics_cohort", 0, NULL},
    {"GET", "/api/analytics/research", api_analytics_research, "analytics_research", 0, NULL},
};

const struct route *api_routes(size_t *n) {
  *n = sizeof ROUTES / sizeof ROUTES[0];
  return ROUTES;
}
