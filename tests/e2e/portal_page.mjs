// portal_page.mjs - a parent portal on another origin calls the API from the browser (CORS).
// Starts two tiny static servers on loopback (two origins: the "portal" and an "outsider"),
// each serving the same page with jQuery from npm, and a scorebridge server on the given
// data directory with --cors-origin for the portal's origin only. In Debian's chromium
// (playwright-core, headless, a fresh profile) the portal page runs the seed's three
// $.ajax samples (token with Basic auth and crossDomain: true, verify, score-reports, all
// sending the seed's cache-control header, so each is preflighted), reads an error body
// (404) and a response header (X-Request-Id), and embeds the student's HTML report in an
// iframe through its temporary link; the outsider's page gets a CORS error and cannot frame
// the report. Saves portal-allowed.png and portal-refused.png in OUTDIR. Prints one line
// per check ("ok ..." / "not ok ...") for tests/e2e/run to turn into TAP.
// Usage: node portal_page.mjs DATA_DIR USERNAME API_TOKEN SSID OUTDIR
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [data, user, apiToken, ssid, outdir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sb = process.env.SB || join(here, "../../build/scorebridge");
const jquery = readFileSync(createRequire(import.meta.url).resolve("jquery/dist/jquery.min.js"));
mkdirSync(outdir, { recursive: true });

const results = [];
const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail });

// --- the portal's page: the seed's samples, with the API's base in front of the paths ---
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parent portal</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px}iframe{width:90%;height:140px;border:2px solid #369}</style>
<script src="/jquery.min.js"></script><script src="/portal.js" defer></script></head>
<body><h1>Parent portal <small id="origin"></small></h1>
<h2>1. GET /v3/token (Basic)</h2><pre id="token">…</pre>
<h2>2. GET /v3/token/verify</h2><pre id="verify">…</pre>
<h2>3. GET /v3/students/{ssid}/score-reports</h2><table id="reports"></table>
<h2>An unknown student (an error the script can read)</h2><pre id="missing">…</pre>
<h2>The HTML score report, in an iframe</h2><iframe id="report" title="score report"></iframe>
</body></html>`;

const SCRIPT = `"use strict";
var q = new URLSearchParams(location.search);
var api = q.get("api"), ssid = q.get("ssid");
var state = (window.portal = { errors: [], pending: 3 });
document.getElementById("origin").textContent = location.origin;
function out(id, v) { document.getElementById(id).textContent = typeof v === "string" ? v : JSON.stringify(v, null, 1); }
function finish() { if (--state.pending === 0) document.body.dataset.done = "ok"; }
function failed(step) {
  return function (xhr, textStatus) {
    state.errors.push({ step: step, status: xhr.status, textStatus: textStatus });
    out(step, "failed: status " + xhr.status + " (" + textStatus + ")");
    document.body.dataset.done = "failed";
  };
}
if (q.get("frame")) document.getElementById("report").src = q.get("frame");

// the seed's first sample (Get Authorizing Token)
var settings = {
  "async": true,
  "crossDomain": true,
  "url": api + "/v3/token",
  "method": "GET",
  "headers": {
    "authorization": "Basic " + btoa(q.get("user") + ":" + q.get("key")),
    "cache-control": "no-cache",
  }
};
$.ajax(settings).done(function (response, _status, xhr) {
  state.token = response;
  state.requestId = xhr.getResponseHeader("X-Request-Id");
  out("token", { token: response.token.slice(0, 28) + "…", token_type: response.token_type,
                 expires_in: response.expires_in, "X-Request-Id": state.requestId });
  verify(response.token);
}).fail(failed("token"));

// the seed's second sample (Verify Authorizing Token)
function verify(jwt) {
  $.ajax({
    url: api + "/v3/token/verify",
    dataType: "json",
    type : "GET",
    headers: { "authorization": jwt, "cache-control": "no-cache" },
    success : function(r) { state.verify = r; out("verify", r); reports(jwt); missing(jwt); },
    error: failed("verify")
  });
}

// the seed's third sample (Get Score Reports)
function reports(jwt) {
  $.ajax({
    url: api + "/v3/students/" + ssid + "/score-reports",
    dataType: "json",
    type : "GET",
    headers: { "authorization": jwt, "cache-control": "no-cache" },
    success : function(r) {
      state.reports = r;
      var t = document.getElementById("reports");
      t.innerHTML = "<tr><th>type</th><th>lang</th><th>year</th><th>format</th><th>content area</th><th>grade</th><th>link</th></tr>";
      r.forEach(function (x) {
        var tr = t.insertRow();
        [x.type, x.lang, x.year, x.format, x["content area"], x.grade].forEach(function (v) { tr.insertCell().textContent = v; });
        var a = document.createElement("a"); a.href = x.url; a.textContent = x.url.split("/").pop().slice(0, 12) + "…";
        tr.insertCell().appendChild(a);
      });
      finish();
      var html = r.filter(function (x) { return x.format === "HTML" && x["content area"] === "ELA"; })[0];
      if (!html) { failed("report")({ status: -1 }, "no HTML report"); return; }
      state.frameUrl = html.url;
      var f = document.getElementById("report");
      f.onload = function () { state.frameLoaded = true; finish(); };
      f.src = html.url;
    },
    error: failed("reports")
  });
}

function missing(jwt) {
  $.ajax({
    url: api + "/v3/students/9999999999/score-reports",
    dataType: "json",
    headers: { "authorization": jwt, "cache-control": "no-cache" },
    success: function (r) { state.missing = { status: 200, body: r }; out("missing", state.missing); finish(); },
    error: function (xhr) { state.missing = { status: xhr.status, body: xhr.responseJSON }; out("missing", state.missing); finish(); }
  });
}
`;

function portalServer() {
  const srv = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const send = (type, body) => { res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" }); res.end(body); };
    if (path === "/") send("text/html; charset=utf-8", PAGE);
    else if (path === "/portal.js") send("text/javascript; charset=utf-8", SCRIPT);
    else if (path === "/jquery.min.js") send("text/javascript; charset=utf-8", jquery);
    else if (path === "/favicon.ico") { res.writeHead(204); res.end(); }
    else { res.writeHead(404); res.end("not found"); }
  });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve(srv)));
}

const logDir = mkdtempSync(join(tmpdir(), "sb-portal-"));
const accessLog = join(logDir, "access.log");
// the server's access log: the preflights chromium sent (playwright does not show them)
const preflights = (status) => readFileSync(accessLog, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
  .filter((l) => l.method === "OPTIONS" && l.status === status).map((l) => l.path);

function startScorebridge(corsOrigin) {
  const child = spawn(sb, ["serve", "--data", data, "--listen", "127.0.0.1:0", "--access-log", accessLog,
    "--cors-origin", corsOrigin], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("scorebridge did not start: " + log)), 10000);
    child.stderr.on("data", (d) => {
      log += d;
      const m = /\(port (\d+)\)/.exec(log);
      if (m) { clearTimeout(timer); resolve({ child, base: `http://127.0.0.1:${m[1]}` }); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`scorebridge exited ${code}: ${log}`)); });
  });
}

const portal = await portalServer(), outsider = await portalServer();
const portalOrigin = `http://127.0.0.1:${portal.address().port}`;
const outsiderOrigin = `http://127.0.0.1:${outsider.address().port}`;
let server = null, browser = null;
try {
  server = await startScorebridge(portalOrigin);
  const api = server.base;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
    headless: true,
  });
  const pageUrl = (origin, extra = "") =>
    `${origin}/?api=${encodeURIComponent(api)}&user=${encodeURIComponent(user)}&key=${encodeURIComponent(apiToken)}&ssid=${ssid}${extra}`;
  const open = async (origin, extra) => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    page.consoleLines = [];
    page.on("console", (m) => page.consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => page.consoleLines.push(`pageerror: ${e}`));
    await page.goto(pageUrl(origin, extra));
    return page;
  };

  // --- the portal: an allowed origin ---
  const page = await open(portalOrigin);
  await page.waitForSelector("body[data-done]", { timeout: 20000 });
  const st = await page.evaluate(() => window.portal);
  check("portal: the seed's token sample ($.ajax, Basic, crossDomain: true) gets a Bearer token",
    st.token && st.token.token_type === "Bearer" && st.token.token.split(".").length === 3, JSON.stringify(st.errors));
  check("portal: the script can read the exposed X-Request-Id header", /^[0-9a-f]{8}-[0-9a-f]+$/.test(st.requestId || ""), st.requestId);
  check("portal: the seed's verify sample lists the credential's LEA",
    Array.isArray(st.verify) && st.verify.length === 1 && st.verify[0].LEA === "1964733", JSON.stringify(st.verify));
  check("portal: the seed's score-reports sample lists the student's reports with links",
    Array.isArray(st.reports) && st.reports.length >= 5 && st.reports.every((x) => x.url.startsWith(`${api}/v3/links/`)),
    JSON.stringify(st.reports));
  check("portal: the page shows the reports in its table",
    (await page.locator("#reports tr").count()) === (st.reports || []).length + 1);
  check("portal: an error answer (404 Student doesn't exist) is readable by the script",
    st.missing && st.missing.status === 404 && st.missing.body && /exist/.test(st.missing.body.error), JSON.stringify(st.missing));
  const ok204 = preflights(204);
  check("portal: chromium preflighted the token, verify and score-reports calls (OPTIONS 204)",
    ["/v3/token", "/v3/token/verify", `/v3/students/${ssid}/score-reports`].every((p) => ok204.includes(p)), ok204.join(" "));
  const frame = page.frames().find((f) => f.url().includes("/v3/links/"));
  const frameText = frame ? await frame.evaluate(() => document.body.innerText) : "";
  check("portal: the HTML score report renders in the portal's iframe (frame-ancestors allows the CORS origin)",
    st.frameLoaded && frameText.includes("ELA report"), `frame ${frame ? frame.url() : "none"}: ${frameText.slice(0, 80)}`);
  // the one expected error line: the unknown student's 404
  const errs = page.consoleLines.filter((l) => l.startsWith("error") || l.startsWith("pageerror"));
  const noErrors = errs.filter((l) => !/status of 404/.test(l));
  check("portal: no console errors (no CORS error; only the expected 404)", noErrors.length === 0 && errs.length === 1,
    errs.join(" | "));
  await page.screenshot({ path: join(outdir, "portal-allowed.png"), fullPage: true });

  // --- an origin not on the list ---
  const other = await open(outsiderOrigin, `&frame=${encodeURIComponent(st.frameUrl || "")}`);
  await other.waitForSelector("body[data-done]", { timeout: 20000 });
  const os = await other.evaluate(() => window.portal);
  check("outsider: the token call fails in the browser (status 0, no token)",
    !os.token && os.errors.length === 1 && os.errors[0].step === "token" && os.errors[0].status === 0, JSON.stringify(os));
  check("outsider: chromium reports a CORS error",
    other.consoleLines.some((l) => /blocked by CORS policy/.test(l)), other.consoleLines.join(" | "));
  check("outsider: scorebridge refused its preflight (OPTIONS 403)", preflights(403).includes("/v3/token"),
    preflights(403).join(" "));
  await other.waitForTimeout(500);
  const oframe = other.frames().find((f) => f !== other.mainFrame());
  let oText = "";
  try { oText = oframe ? await oframe.evaluate(() => document.body ? document.body.innerText : "") : ""; } catch (e) { oText = ""; }
  check("outsider: the report cannot be framed (frame-ancestors refuses the origin)",
    !oText.includes("ELA report") && other.consoleLines.some((l) => /frame-ancestors/.test(l)),
    `${oText.slice(0, 80)} | ${other.consoleLines.join(" | ")}`);
  await other.screenshot({ path: join(outdir, "portal-refused.png"), fullPage: true });

  // --- the same rules at the HTTP level (Node's fetch sends any Origin it is given) ---
  const h = async (method, path, headers = {}) => {
    const r = await fetch(`${api}${path}`, { method, headers, redirect: "manual" });
    await r.arrayBuffer();
    return { status: r.status, get: (n) => r.headers.get(n) };
  };
  const pre = (origin, m, hdrs) => h("OPTIONS", "/v3/token", Object.assign({ Origin: origin, "Access-Control-Request-Method": m },
    hdrs ? { "Access-Control-Request-Headers": hdrs } : {}));
  let r = await pre(portalOrigin, "GET", "authorization,cache-control");
  check("http: an allowed preflight is 204 with the origin, GET, the headers and Max-Age",
    r.status === 204 && r.get("access-control-allow-origin") === portalOrigin && /GET/.test(r.get("access-control-allow-methods")) &&
    /Authorization/.test(r.get("access-control-allow-headers")) && r.get("access-control-max-age") === "7200" &&
    /Origin/.test(r.get("vary")), `${r.status} ${r.get("access-control-allow-origin")}`);
  r = await pre(portalOrigin, "POST");
  check("http: a preflight asking for POST is 403 without CORS headers", r.status === 403 && !r.get("access-control-allow-origin"));
  r = await pre(portalOrigin, "GET", "authorization,cookie");
  check("http: a preflight asking for another header is 403", r.status === 403 && !r.get("access-control-allow-origin"));
  r = await pre("null", "GET");
  check("http: the null origin is refused", r.status === 403 && !r.get("access-control-allow-origin"));
  r = await h("OPTIONS", "/v3/token/verify");
  check("http: a plain OPTIONS is 204 with Allow", r.status === 204 && /OPTIONS/.test(r.get("allow") || ""), r.get("allow"));
  r = await h("GET", "/v3/token", { Origin: outsiderOrigin });
  check("http: an answer to another origin has Vary: Origin and no Access-Control-Allow-Origin",
    r.status === 401 && r.get("vary") === "Origin" && !r.get("access-control-allow-origin"));
  r = await h("GET", "/v3/token", { Origin: portalOrigin.replace("http", "HTTP") });
  check("http: an allowed origin in other case is matched normalised", r.get("access-control-allow-origin") === portalOrigin,
    r.get("access-control-allow-origin"));
  if (st.frameUrl) {
    const link = st.frameUrl.slice(api.length);
    r = await h("GET", link, { Origin: portalOrigin, Range: "bytes=0-9" });
    check("http: a link answers the portal with CORS headers and exposes Content-Range",
      r.status === 206 && r.get("access-control-allow-origin") === portalOrigin &&
      /Content-Range/.test(r.get("access-control-expose-headers")), `${r.status} ${r.get("access-control-expose-headers")}`);
    check("http: the link's frame-ancestors names the CORS origin",
      (r.get("content-security-policy") || "").includes(portalOrigin), r.get("content-security-policy"));
  }
  for (const bad of ["*", "https://*.example.org", "null", "https://portal.example.org/app"]) {
    const run = spawnSync(sb, ["serve", "--data", data, "--listen", "127.0.0.1:0", "--cors-origin", bad], { encoding: "utf8", timeout: 5000 });
    check(`serve refuses --cors-origin '${bad}' at start-up (exit 2)`, run.status === 2 && /cors-origin/.test(run.stderr), run.stderr);
  }
  r = await h("OPTIONS", "/login", { Origin: portalOrigin, "Access-Control-Request-Method": "POST" });
  check("http: the web side takes no part in CORS (OPTIONS /login is 405, no CORS headers)",
    r.status === 405 && !r.get("access-control-allow-origin"), String(r.status));
} catch (e) {
  check("the portal browser run finished", false, String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill("SIGTERM");
  portal.close();
  outsider.close();
  rmSync(logDir, { recursive: true, force: true });
}
for (const r of results) console.log(`${r.ok ? "ok" : "not ok"} ${r.name}${r.ok ? "" : ` # ${String(r.detail).slice(0, 500)}`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
