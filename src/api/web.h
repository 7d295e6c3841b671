/* web.h - the web side's sessions for handlers: who is signed in, CSRF, role checks that
 * write the audit log, and the security headers of every web response.
 *
 * Pages and /api/ endpoints used by pages authenticate with the sb_session cookie
 * (auth/websession.h), never with API bearer tokens. Every method other than GET and
 * HEAD must carry the session's CSRF token, as the header X-CSRF-Token or (buffered form
 * bodies) the form field "csrf". All calls take the worker thread's store connection
 * from the app's pool; struct web_ctx is the caller's and holds no heap memory. */
#ifndef SB_API_WEB_H
#define SB_API_WEB_H

#include <stdbool.h>

#include "api/app.h"
#include "auth/websession.h"
#include "domain/role.h"
#include "http/http.h"
#include "store/store.h"

struct web_ctx {
  struct web_user user; /* user.who is what the role rules take */
  struct web_session session;
  char csrf[WEBSESSION_CSRF_SIZE]; /* the token pages send back */
  char actor[80];                  /* "user:NAME" for the audit log */
  struct store *store;             /* the calling thread's connection */
};

/* Requires a signed-in user (and, for methods other than GET/HEAD, the CSRF token).
 * Returns true with *w filled. Otherwise it has answered and returns false: 401 JSON for
 * paths under /api/, a 303 redirect to /login for pages, 403 for a missing or wrong CSRF
 * token, 500 when the database fails. Usable from a sink's begin (router.h). */
bool web_require(struct app *a, struct http_req *r, struct web_ctx *w);

/* Requires that w's user may load files of family f for lea (domain/role.h). Returns
 * true, or answers 403 and appends a "denied" audit line for action/target and returns
 * false. */
bool web_require_load(struct app *a, struct http_req *r, struct web_ctx *w, enum score_family f,
                      const char *lea, const char *action);

/* Appends one audit line (at = now, client = the request's address). Failures are
 * logged: an audit line that cannot be written never turns into a client error, but it
 * is never silent either. */
void web_audit(struct http_req *r, struct store *s, const char *actor, const char *action,
               const char *target, const char *outcome);

/* Adds the headers every web response carries: Content-Security-Policy (same origin only,
 * no inline script, frame-ancestors 'none'), X-Frame-Options DENY, Referrer-Policy. */
void web_security_headers(struct http_req *r);
/* The same with another Content-Security-Policy (the /docs page's). */
void web_security_headers_csp(struct http_req *r, const char *csp);
/* Answers with an embedded file that may be cached but must be revalidated:
 * Cache-Control no-cache, its ETag, and 304 when If-None-Match names that ETag. */
struct web_asset;
void web_respond_asset(struct http_req *r, const struct web_asset *as);

/* The handlers (routes.c). */
void api_web_login_page(struct http_req *r, void *app); /* GET /login */
void api_web_login(struct http_req *r, void *app);      /* POST /login */
void api_web_logout(struct http_req *r, void *app);     /* POST /logout */
void api_web_session(struct http_req *r, void *app);    /* GET /api/session */
void api_web_page(struct http_req *r, void *app);       /* GET /, /NAME: web/NAME.html */
void api_web_static(struct http_req *r, void *app);     /* GET /static/... */

/* The Files API (files.c): POST /api/files streams an upload through api_files_sink;
 * GET /api/files, /api/files/{id} and /api/files/{id}/errors.csv. */
extern const struct http_body_sink api_files_sink;
void api_files_upload(struct http_req *r, void *app);
void api_files_list(struct http_req *r, void *app);
void api_files_get(struct http_req *r, void *app);
void api_files_errors(struct http_req *r, void *app);

/* The dashboards' API (analytics.c): GET /api/analytics/{meta,overview,results,dfs,
 * cohort,roster}. */
void api_analytics_meta(struct http_req *r, void *app);
void api_analytics_overview(struct http_req *r, void *app);
void api_analytics_results(struct http_req *r, void *app);
void api_analytics_dfs(struct http_req *r, void *app);
void api_analytics_roster(struct http_req *r, void *app);
void api_analytics_cohort(struct http_req *r, void *app);
void api_analytics_research(struct http_req *r, void *app);

#define WEB_FORM_MAX 4096 /* body_max of the form routes */

#endif
