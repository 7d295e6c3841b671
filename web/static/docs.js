// docs.js - renders /v3/openapi.json on the /docs page with Swagger UI (its bundle is
// embedded in the binary from web/node_modules/swagger-ui-dist). No calls leave the
// server: the online validator badge is off, and the page's CSP allows only 'self'.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/v3/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 1,
    displayRequestDuration: true,
    tryItOutEnabled: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
