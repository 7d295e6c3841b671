// scorebridge: what every signed-in page shares. Loads the session (user, role, LEA and
// the CSRF token), fills elements by id and every hidden input of class "csrf", and
// offers sb.post() for fetch calls that need the token. No inline script (the CSP
// forbids it), no third-party code.
"use strict";
const sb = {
  session: null,
  async load() {
    const r = await fetch("/api/session", { credentials: "same-origin" });
    if (r.status === 401) { window.location.assign("/login"); return null; }
    if (!r.ok) throw new Error("session: HTTP " + r.status);
    sb.session = await r.json();
    return sb.session;
  },
  // POST with the CSRF header; body may be a Blob/File (streamed upload) or a string.
  post(url, body, contentType) {
    const headers = { "X-CSRF-Token": sb.session ? sb.session.csrf : "" };
    if (contentType) headers["Content-Type"] = contentType;
    return fetch(url, { method: "POST", body, headers, credentials: "same-origin" });
  },
};
function fill(id, text) {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}
document.addEventListener("DOMContentLoaded", async () => {
  const s = await sb.load();
  if (!s) return;
  fill("who", s.user);
  fill("user", s.user);
  fill("role", s.role);
  fill("lea", s.lea);
  for (const el of document.querySelectorAll("input.csrf")) el.value = s.csrf;
});
