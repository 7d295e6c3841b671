/* openapi.c - GET /v3/openapi.json (the OpenAPI 3.1 document docs/openapi.json, compiled
 * into the binary by scripts/embed-web as the asset "openapi.json") and GET /docs (its
 * reference page web/docs.html, rendered by Swagger UI from /static/vendor/). Both are
 * public: no token, no session.
 *
 * /docs gets its own CSP, the pages' one (web.c) plus `img-src data:`: Swagger UI's
 * stylesheet draws its icons as data: SVG images. Scripts stay 'self' only, with no
 * inline script, no eval and no inline style. */
#include "api/handlers.h"

#include <string.h>

#include "web/assets.h"

static const char DOCS_CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'";

static bool not_modified(struct http_req *r, const struct web_asset *as) {
  const char *inm = http_req_header(r, "If-None-Match");
  return inm && strstr(inm, as->etag) != NULL;
}

void api_openapi(struct http_req *r, void *app) {
  (void)app;
  const struct web_asset *as = web_asset_find("openapi.json");
  if (as == NULL) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  http_add_header(r, "Cache-Control", "no-cache");
  http_add_header(r, "ETag", as->etag);
  if (not_modified(r, as)) {
    http_respond_bytes(r, 304, "", 0, NULL);
    return;
  }
  http_respond_bytes(r, 200, as->data, as->len, as->content_type);
}

void api_docs_page(struct http_req *r, void *app) {
  (void)app;
  const struct web_asset *as = web_asset_find("docs.html");
  if (as == NULL) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  http_add_header(r, "Content-Security-Policy", DOCS_CSP);
  http_add_header(r, "X-Frame-Options", "DENY");
  http_add_header(r, "Referrer-Policy", "same-origin");
  http_add_header(r, "Cache-Control", "no-cache");
  http_add_header(r, "ETag", as->etag);
  if (not_modified(r, as)) {
    http_respond_bytes(r, 304, "", 0, NULL);
    return;
  }
  http_respond_bytes(r, 200, as->data, as->len, as->content_type);
}
