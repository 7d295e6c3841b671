// fake_ssr.mjs - a tiny stand-in for an SSR API v3 server, for tests/e2e/client.sh: it
// answers with the failures a client must survive (429 with Retry-After, 503, a 401 for a
// token it no longer accepts) and serves a three-page changes feed. Loopback only; it
// listens on a free port and prints it on stdout. GET /_stats tells what it saw.
import http from "node:http";

const stats = { tokens: 0, hits: {}, since: [], limits: [], auth: {} };
const seen = {}; // path -> times answered
let serial = 0;

const b64u = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
function token() {
  serial += 1;
  const now = Math.floor(Date.now() / 1000);
  return `${b64u({ alg: "none", typ: "JWT" })}.${b64u({ sub: "fake", iat: now, exp: now + 3600, jti: `t${serial}` })}.c2ln`;
}
function tokenSerial(req) {
  const h = req.headers.authorization || "";
  const m = /^Bearer ([^.]+)\.([^.]+)\./.exec(h);
  if (!m) return 0;
  try {
    return Number(JSON.parse(Buffer.from(m[2], "base64url").toString()).jti.slice(1));
  } catch {
    return 0;
  }
}
function send(res, status, body, headers = {}) {
  const data = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(data);
}
const report = (ssid) => [{ type: "CAASPP", lang: "EN", year: 2025, format: "PDF", "content area": "ELA,MATH", grade: "04", final: true, url: `http://127.0.0.1/files/${ssid}.pdf` }];
const item = (n) => ({ ssid: `10000000${n}0`, type: "CAASPP", lang: "EN", year: 2025, format: "PDF", "content area": "ELA,MATH", grade: "04", final: true, url: `http://127.0.0.1/files/${n}.pdf` });
const PAGES = {
  "": { items: [item(1), item(2)], next: "c1" },
  c1: { items: [item(3), item(4)], next: "c2" },
  c2: { items: [item(5)], next: null },
};

const server = http.createServer((req, res) => {
  const u = new URL(req.url, "http://127.0.0.1");
  const p = u.pathname;
  const n = (seen[p] = (seen[p] || 0) + 1);
  stats.hits[p] = n;
  if (p === "/_stats") return send(res, 200, stats);
  if (p === "/v3/token") {
    if (!/^Basic /.test(req.headers.authorization || "")) return send(res, 401, { error: "You are not authorized to make this request" });
    stats.tokens += 1;
    return send(res, 200, { token: token(), token_type: "Bearer", expires_in: 3600 });
  }
  const t = tokenSerial(req);
  if (p.startsWith("/v3/") && t === 0) return send(res, 401, { error: "You are not authorized to make this request" });
  if (p === "/v3/token/verify") return send(res, 200, [{ LEA: "0011111" }, { LEA: "0022222" }]);
  let m = /^\/v3\/students\/(\d+)\/score-reports$/.exec(p);
  if (m) {
    const ssid = m[1];
    (stats.auth[ssid] = stats.auth[ssid] || []).push(t);
    switch (ssid) {
      case "1000000429": // 429 with Retry-After: 1 (seconds), then 200
        return n === 1 ? send(res, 429, { error: "Too many requests" }, { "Retry-After": "1" }) : send(res, 200, report(ssid));
      case "1000000430": // 429 with Retry-After as an HTTP-date 2 s ahead, then 200
        return n === 1 ? send(res, 429, { error: "Too many requests" }, { "Retry-After": new Date(Date.now() + 2000).toUTCString() }) : send(res, 200, report(ssid));
      case "1000000503":
        return n === 1 ? send(res, 503, { error: "Service unavailable" }) : send(res, 200, report(ssid));
      case "1000000401": // the first token is refused once: a new one must be fetched
        return n === 1 ? send(res, 401, { error: "You are not authorized to make this request" }) : send(res, 200, report(ssid));
      case "1000000500":
        return send(res, 503, { error: "Service unavailable" });
      case "1000000404":
        return send(res, 404, { error: "Student doesn\u2019t exist" });
      case "1000000999": // a 200 that is not the API's answer
        return send(res, 200, "<html>captive portal</html>");
      default:
        return send(res, 200, report(ssid));
    }
  }
  if (p === "/v3/score-reports/changes") {
    const since = u.searchParams.get("since") || "";
    stats.since.push(since);
    stats.limits.push(u.searchParams.get("limit"));
    const page = PAGES[since];
    return page ? send(res, 200, page) : send(res, 400, { error: "Malformed parameter" });
  }
  m = /^\/files\/(\w+)\.pdf$/.exec(p);
  if (m) {
    if (m[1].startsWith("flaky") && n === 1) {
      res.writeHead(503, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ error: "Service unavailable" }));
    }
    res.writeHead(200, { "Content-Type": "application/pdf" });
    return res.end(`%PDF-1.4 fake ${m[1]}\n`);
  }
  return send(res, 404, { error: "Not found" });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
