/* openapi.c - GET /v3/openapi.json (the OpenAPI 3.1 document docs/openapi.json, compiled
 * into the binary by scripts/embed-web as the asset "openapi.json") and GET /docs (its
 * reference page web/docs.html, rendered by Swagger UI from /static/vendor/). Both are
 * public: no token, no session.
 *
 * /docs gets its own CSP, the pages' one (web.c) plus `img-src data:`: Swagger UI's
 * stylesheet draws its icons as data: SVG images. Scripts stay 'self' only, with no
 * inline script, no eval and no inline style. */
#include "api/handlers.h"
#include "api/web.h"

#include "web/assets.h"

static const char DOCS_CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'";

void api_openapi(struct http_req *r, void *app) {
  (void)app;
  const struct web_asset *as = web_asset_find("openapi.json");
  if (as == NULL) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  web_respond_asset(r, as);
}

void api_docs_page(struct http_req *r, void *app) {
  (void)app;
  const struct web_asset *as = web_asset_find("docs.html");
  if (as == NULL) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  web_security_headers_csp(r, DOCS_CSP);
  web_respond_asset(r, as);
}
