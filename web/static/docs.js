// docs.js - renders /v3/openapi.json on the /docs page with Swagger UI (its bundle is
// embedded in the binary from web/node_modules/swagger-ui-dist). No calls leave the
// server: the online validator badge is off, and the page's CSP allows only 'self'.
"use strict";

// Swagger UI's drop-downs (server, media types) have no accessible name; give each one
// from its class once it is drawn (axe: select-name).
const selectNames = {
  "content-type": "Media type",
  "response-control-media-type": "Response media type",
  servers: "Server",
};
function nameSelects(root) {
  for (const sel of root.querySelectorAll("select:not([aria-label])")) {
    const key = Object.keys(selectNames).find((k) => sel.matches(`.${k} select, select.${k}, .${k}`) ||
      sel.closest(`.${k}`));
    sel.setAttribute("aria-label", key ? selectNames[key] : sel.closest(".parameters-col_description") ? "Parameter value" : "Choose");
  }
}

window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: "/v3/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 1,
    displayRequestDuration: true,
    tryItOutEnabled: false,
    syntaxHighlight: { activated: false }, // the highlighter's colours fall short of AA contrast
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
  new MutationObserver(() => nameSelects(root)).observe(root, { childList: true, subtree: true });
});
