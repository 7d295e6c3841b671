// openapi.mjs - the OpenAPI document (docs/openapi.json) against the running server:
//  1. lints it with Redocly CLI (recommended rules; no error allowed, warnings listed);
//  2. GET /v3/openapi.json is byte for byte the file;
//  3. calls every /v3 endpoint and the public additions, the error cases included (400,
//     401, 403, 404, 410, 416), and validates each answer with Ajv (JSON Schema 2020-12,
//     the dialect of OpenAPI 3.1) against the schema the document gives for its path,
//     method, status and media type; a status the document does not list is a failure.
//     An addition that answers 404 while the document does not list 404 for it (the
//     changes feed, JWKS, health, readiness, metrics: built in other branches) is skipped;
//  4. opens /docs in headless Chromium (Debian's, through playwright-core) under its CSP:
//     every operation of the document is rendered, no console error, no CSP violation,
//     no request leaves the server; saves a screenshot; axe-core finds no serious or critical
//     violation with an operation open (docs.js mends Swagger UI's markup where needed).
// Prints "ok ...", "not ok ...", "skip ..." and "# ..." lines for tests/e2e/run.
// Usage: node openapi.mjs BASE CRED_A_JSON CRED_B_JSON SSID_ENROLLED_IN_A SSID_NO_ENROLLMENT OUTDIR
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const [base, credA, credB, ssid, ssidNoEnrollment, outdir] = process.argv.slice(2);
const A = JSON.parse(credA), B = JSON.parse(credB);
const docPath = join(root, "docs", "openapi.json");
const docBytes = readFileSync(docPath);
const doc = JSON.parse(docBytes.toString("utf8"));

const lines = [];
const ok = (name, good, detail) => lines.push(good ? `ok ${name}` : `not ok ${name}${detail ? ` # ${String(detail).slice(0, 600).replace(/\n/g, " ")}` : ""}`);
const skip = (name, why) => lines.push(`skip ${name} (${why})`);
const note = (s) => lines.push(s); // tests/e2e/run prints other lines as TAP comments

// --- 1. lint ---------------------------------------------------------------------------
{
  let out = "", status = 0;
  try {
    out = execFileSync(join(here, "node_modules", ".bin", "redocly"),
      ["lint", "--format=stylish", docPath],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
  } catch (e) {
    status = e.status ?? 1;
    out = `${e.stdout || ""}${e.stderr || ""}${e.code === "ENOENT" ? "redocly not installed: npm ci in tests/e2e" : ""}`;
  }
  const problems = out.split("\n").filter((l) => /^\s+\d+:\d+\s+(error|warning)\s/.test(l));
  const errors = problems.filter((l) => /\serror\s/.test(l));
  ok("redocly lint (recommended rules) finds no error in docs/openapi.json", status === 0 && errors.length === 0,
    errors.join(" | ") || out.slice(-600));
  for (const w of problems.filter((l) => /\swarning\s/.test(l))) note(`redocly: ${w.trim()}`);
}

// --- 2. the served document ------------------------------------------------------------
{
  const r = await fetch(`${base}/v3/openapi.json`);
  const body = Buffer.from(await r.arrayBuffer());
  ok("GET /v3/openapi.json is 200 application/json", r.status === 200 && (r.headers.get("content-type") || "").startsWith("application/json"),
    `${r.status} ${r.headers.get("content-type")}`);
  ok("GET /v3/openapi.json is byte for byte docs/openapi.json", body.equals(docBytes), `${body.length} bytes, file ${docBytes.length}`);
  const etag = r.headers.get("etag");
  const again = etag ? await fetch(`${base}/v3/openapi.json`, { headers: { "If-None-Match": etag } }) : null;
  ok("GET /v3/openapi.json with its ETag in If-None-Match is 304", again && again.status === 304, again && again.status);
  ok("the document is OpenAPI 3.1 with security schemes Basic and bearer JWT",
    /^3\.1\./.test(doc.openapi) && doc.components.securitySchemes.basicAuth?.scheme === "basic" &&
    doc.components.securitySchemes.bearerAuth?.scheme === "bearer" && doc.components.securitySchemes.bearerAuth?.bearerFormat === "JWT");
}

// --- 3. real answers against the schemas ------------------------------------------------
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, "openapi.json");
const ptr = (...parts) => parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const deref = (o) => {
  while (o && o.$ref) o = o.$ref.slice(2).split("/").reduce((x, k) => x[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  return o;
};
// The document's path template matching a concrete path.
function templateOf(path) {
  for (const t of Object.keys(doc.paths)) {
    const re = new RegExp(`^${t.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, t.startsWith("/v1/") || t.startsWith("/v2/") ? ".+" : "[^/]+")}$`);
    if (re.test(path)) return t;
  }
  return null;
}
let validated = 0;
// call(name, method, path, {headers}, wantStatus): fetches, then validates the answer.
async function call(name, method, path, headers, want) {
  const r = await fetch(`${base}${path}`, { method, headers, redirect: "manual" });
  const buf = Buffer.from(await r.arrayBuffer());
  const t = templateOf(path.split("?")[0]);
  const op = t && doc.paths[t][method.toLowerCase()];
  if (!op) return ok(`${name}: ${method} ${path} is in the document`, false, "no operation");
  const status = String(r.status);
  const resp = op.responses[status] ? op.responses[status] : null;
  if (!resp) {
    if (r.status === 404 && buf.toString() === '{"error":"Not found"}') return skip(`${name}: ${method} ${t}`, "404: not merged yet");
    return ok(`${name}: ${method} ${t} answers a documented status`, false, `${r.status} not in ${Object.keys(op.responses)}: ${buf.toString().slice(0, 200)}`);
  }
  const ctype = (r.headers.get("content-type") || "").split(";")[0].trim();
  const d = deref(resp);
  const base_ = op.responses[status].$ref ? op.responses[status].$ref.slice(1) : `/${ptr("paths", t, method.toLowerCase(), "responses", status)}`;
  let detail = "", good = want === undefined || r.status === want;
  if (!good) detail = `status ${r.status}, want ${want}: ${buf.toString().slice(0, 200)}`;
  if (good && d.content) {
    const media = d.content[ctype];
    if (!media) { good = false; detail = `Content-Type ${ctype} not documented (${Object.keys(d.content)})`; }
    else if (ctype === "application/json") {
      const v = ajv.getSchema(`openapi.json#${base_}/${ptr("content", ctype, "schema")}`);
      let body;
      try { body = JSON.parse(buf.toString("utf8")); } catch (e) { good = false; detail = `not JSON: ${e.message}`; }
      if (good && !v(body)) { good = false; detail = `${ajv.errorsText(v.errors)}; body ${buf.toString().slice(0, 200)}`; }
      if (good) validated++;
    }
  } else if (good && !d.content && buf.length > 0 && r.status !== 304) {
    good = false; detail = `a body where the document gives none: ${buf.toString().slice(0, 100)}`;
  }
  for (const [h, spec] of Object.entries(d.headers || {})) {
    if (["X-Request-Id", "Retry-After", "Sunset", "WWW-Authenticate", "Content-Range"].includes(h) && r.headers.get(h) === null) {
      good = false; detail += ` header ${h} missing`;
    }
    const hs = deref(spec).schema;
    if (hs && hs.const && r.headers.get(h) !== hs.const) { good = false; detail += ` header ${h}: ${r.headers.get(h)}, want ${hs.const}`; }
  }
  ok(`${name}: ${method} ${t} ${r.status} ${ctype || "(no body)"} matches the document`, good, detail);
  return { status: r.status, body: ctype === "application/json" ? JSON.parse(buf.toString("utf8")) : buf, headers: r.headers };
}

const basic = (c) => ({ Authorization: `Basic ${Buffer.from(`${c.username}:${c.api_token}`).toString("base64")}` });
const tA = (await call("token", "GET", "/v3/token", basic(A), 200)).body.token;
const tB = (await call("token (LEA B)", "GET", "/v3/token", basic(B), 200)).body.token;
const bearer = (t) => ({ Authorization: `Bearer ${t}` });
await call("token without credentials", "GET", "/v3/token", {}, 401);
await call("token with a wrong api_token", "GET", "/v3/token", basic({ ...A, api_token: "wrong" }), 401);
await call("verify (Bearer)", "GET", "/v3/token/verify", bearer(tA), 200);
await call("verify (bare token, as the seed sends it)", "GET", "/v3/token/verify", { Authorization: tA }, 200);
await call("verify without a token", "GET", "/v3/token/verify", {}, 403);
await call("verify with a tampered token", "GET", "/v3/token/verify", bearer(`${tA.slice(0, -2)}xx`), 403);
const list = await call("score reports", "GET", `/v3/students/${ssid}/score-reports`, bearer(tA), 200);
await call("score reports, every filter", "GET", `/v3/students/${ssid}/score-reports?&type=CAASPP&lang=EN&year=2025&format=pdf&final=true`, bearer(tA), 200);
await call("score reports, an empty answer", "GET", `/v3/students/${ssid}/score-reports?lang=AR`, bearer(tA), 200);
await call("score reports, a malformed SSID", "GET", "/v3/students/123/score-reports", bearer(tA), 400);
await call("score reports, a malformed year", "GET", `/v3/students/${ssid}/score-reports?year=20x5`, bearer(tA), 400);
await call("score reports, an unknown format", "GET", `/v3/students/${ssid}/score-reports?format=DOCX`, bearer(tA), 400);
await call("score reports without a token", "GET", `/v3/students/${ssid}/score-reports`, {}, 401);
await call("score reports of another LEA's student", "GET", `/v3/students/${ssid}/score-reports`, bearer(tB), 403);
await call("score reports of a student enrolled nowhere", "GET", `/v3/students/${ssidNoEnrollment}/score-reports`, bearer(tA), 403);
await call("score reports of an unknown student", "GET", "/v3/students/9999999999/score-reports", bearer(tA), 404);
const pdf = Array.isArray(list.body) && list.body.find((x) => x.format === "PDF");
if (pdf) {
  const path = new URL(pdf.url).pathname;
  await call("a report link", "GET", path, {}, 200);
  await call("a report link, a byte range", "GET", path, { Range: "bytes=0-9" }, 206);
  await call("a report link, a range outside the file", "GET", path, { Range: "bytes=99999999-" }, 416);
  await call("a tampered report link", "GET", path.replace(/\.pdf$/, "x.pdf"), {}, 403);
} else {
  ok("the listing has a PDF link to follow", false, JSON.stringify(list.body).slice(0, 200));
}
await call("retired v1", "GET", "/v1/token", {}, 410);
await call("retired v1 (POST)", "POST", "/v1/students/1000000001/score-reports", {}, 410);
await call("retired v2", "GET", "/v2/students/1000000001/score-reports", {}, 410);
await call("retired v2 (POST)", "POST", "/v2/token", {}, 410);
await call("changes feed", "GET", "/v3/score-reports/changes?limit=5", bearer(tA));
await call("changes feed without a token", "GET", "/v3/score-reports/changes", {});
await call("changes feed, a malformed limit", "GET", "/v3/score-reports/changes?limit=abc", bearer(tA));
await call("JWKS", "GET", "/.well-known/jwks.json", {});
await call("liveness", "GET", "/healthz", {});
await call("readiness", "GET", "/readyz", {});
await call("metrics", "GET", "/metrics", {});
await call("the OpenAPI document", "GET", "/v3/openapi.json", {}, 200);
await call("the reference page", "GET", "/docs", {}, 200);
note(`${validated} JSON bodies validated against the document's schemas`);

// --- 4. /docs in a browser ----------------------------------------------------------------
const operations = Object.values(doc.paths).flatMap((p) => Object.keys(p).filter((m) => ["get", "post", "put", "delete", "patch"].includes(m)));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
  headless: true,
});
try {
  const page = await (await browser.newContext()).newPage();
  const errors = [], foreign = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (q) => { if (!q.url().startsWith(base) && !q.url().startsWith("data:")) foreign.push(q.url()); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const resp = await page.goto(`${base}/docs`);
  ok("/docs answers 200 without a sign-in", resp.status() === 200 && page.url() === `${base}/docs`, `${resp.status()} ${page.url()}`);
  ok("/docs is served with a CSP whose scripts are 'self' only", /script-src 'self';/.test(resp.headers()["content-security-policy"] || ""),
    resp.headers()["content-security-policy"]);
  await page.waitForSelector(".opblock", { timeout: 20000 });
  await page.waitForTimeout(500);
  mkdirSync(outdir, { recursive: true });
  await page.screenshot({ path: join(outdir, "docs-page-top.png") }); // the first screenful
  const shown = await page.$$eval(".opblock", (els) => els.length);
  ok(`/docs renders every operation of the document (${operations.length})`, shown === operations.length, `${shown} shown`);
  const text = await page.textContent("#swagger-ui");
  ok("/docs shows the title, the paths and the security schemes",
    text.includes(doc.info.title) && text.includes("/v3/students/{ssid}/score-reports") && text.includes("/v3/token/verify") &&
    (await page.$(".btn.authorize")) !== null, text.slice(0, 200));
  // open the score-reports operation: its parameters and the seed's example
  await page.click("#operations-Score_reports-getScoreReports .opblock-summary");
  await page.waitForSelector("#operations-Score_reports-getScoreReports .parameters", { timeout: 10000 });
  const opText = await page.textContent("#operations-Score_reports-getScoreReports");
  ok("/docs shows an operation's parameters and the seed's example body",
    ["ssid", "type", "lang", "year", "format", "final", "content area", "Student doesn’t exist"].every((s) => opText.includes(s)), opText.slice(0, 300));
  await page.screenshot({ path: join(outdir, "docs-page.png"), fullPage: true });
  note(`screenshot: ${join(outdir, "docs-page.png")}`);
  const csp = await page.evaluate(() => window.__csp);
  ok("/docs: no console error", errors.length === 0, errors.join(" | "));
  ok("/docs: no CSP violation", csp.length === 0, csp.join(" | "));
  ok("/docs: every request stays on the server (no CDN, no online validator)", foreign.length === 0, foreign.join(" "));
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")})`);
  });
  ok("/docs: axe-core finds no serious or critical violation (an operation open)", found.length === 0, found.join(", "));
} catch (e) {
  ok("the browser run finished", false, String(e));
} finally {
  await browser.close();
}
for (const l of lines) console.log(l);
process.exit(lines.some((l) => l.startsWith("not ok")) ? 1 : 0);
