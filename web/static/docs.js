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

// Swagger UI's markup, mended where axe finds it wanting, each time it draws:
// - an operation's summary is a <button> holding a deep link <a href> (nested-interactive):
//   the link loses its href (the button opens the operation and deepLinking already puts
//   it in the address bar);
// - headings skip levels (heading-order): tags and "Schemas" are level 2 under the title's
//   <h1>, an operation's sections level 3;
// - the title block and the servers bar sit outside any landmark (region): named regions;
// - example bodies scroll but cannot take focus (scrollable-region-focusable): they can.
const levels = { "h3.opblock-tag": "2", ".models > h4": "2", "h4.opblock-title": "3", ".opblock-section-header h4": "3" };
const regions = { ".information-container": "About this API", ".schemes-server-container": "Servers and authorization" };
function mendMarkup(root) {
  nameSelects(root);
  for (const a of root.querySelectorAll(".opblock-summary-control a[href]")) a.removeAttribute("href");
  for (const [sel, level] of Object.entries(levels))
    for (const h of root.querySelectorAll(`${sel}:not([aria-level])`)) h.setAttribute("aria-level", level);
  for (const pre of root.querySelectorAll(".highlight-code pre:not([tabindex])")) {
    pre.setAttribute("tabindex", "0");
    pre.setAttribute("aria-label", "Example");
  }
  for (const [sel, name] of Object.entries(regions))
    for (const d of root.querySelectorAll(`${sel}:not([role])`)) {
      d.setAttribute("role", "region");
      d.setAttribute("aria-label", name);
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
  new MutationObserver(() => mendMarkup(root)).observe(root, { childList: true, subtree: true });
});
