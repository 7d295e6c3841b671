// jwks.mjs - signing-key rotation seen by a real verifier: jose's createRemoteJWKSet +
// jwtVerify against /.well-known/jwks.json before a rotation, after `keys rotate` (the
// old token still verifies, new tokens carry the new kid) and after the old key retired
// and `keys prune` removed it (the old token no longer verifies, new ones do). The
// running server picks each change up without a restart. Time is fixed with
// SCOREBRIDGE_NOW and the token TTL is 600 s, so retirement is reached by moving the
// CLI's clock, not by waiting.
// Usage: node jwks.mjs SCOREBRIDGE_BINARY WORK_DIR
// Prints "ok name" / "not ok name: detail" lines; tests/e2e/run turns them into TAP.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as jose from 'jose';

const [sb, work] = process.argv.slice(2);
const data = `${work}/data`;
mkdirSync(work, { recursive: true });
const T0 = Date.parse('2026-03-01T12:00:00Z') / 1000;
const TTL = 600;
const LEEWAY = 60;
const PICKUP = 10; // KEYRING_PICKUP_S in src/auth/keys.h
const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

let failures = 0;
const pass = (name) => console.log(`ok ${name}`);
const fail = (name, detail) => { failures++; console.log(`not ok ${name}: ${detail}`); };
const check = (name, cond, detail) => (cond ? pass(name) : fail(name, detail));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const cli = (now, ...args) => execFileSync(sb, [...args, '--data', data], {
  env: { ...process.env, SCOREBRIDGE_NOW: iso(now), SCOREBRIDGE_TOKEN_TTL: String(TTL) },
  encoding: 'utf8',
});

// Starts `serve` on a kernel-chosen port with the clock fixed at now; resolves to
// { proc, base } once it logs its port.
const startServer = (now) => new Promise((resolve, reject) => {
  const proc = spawn(sb, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--token-ttl', String(TTL), '--access-log', 'off', '--threads', '2'], {
    env: { ...process.env, SCOREBRIDGE_NOW: iso(now) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (chunk) => {
    log += chunk;
    const m = log.match(/\(port (\d+)\)/);
    if (m) resolve({ proc, base: `http://127.0.0.1:${m[1]}` });
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  setTimeout(() => reject(new Error(`serve did not start: ${log}`)), 15000);
});
const stopServer = (s) => new Promise((resolve) => { s.proc.removeAllListeners('exit'); s.proc.on('exit', resolve); s.proc.kill('SIGTERM'); });

const servers = [];
try {
  const cred = JSON.parse(cli(T0, 'credential', 'create', '--lea', '1964733', '--json'));
  const basic = 'Basic ' + Buffer.from(`${cred.username}:${cred.api_token}`).toString('base64');
  const srv = await startServer(T0);
  servers.push(srv);
  const { base } = srv;
  const jwksUrl = new URL(`${base}/.well-known/jwks.json`);
  const getJwks = async () => {
    const res = await fetch(jwksUrl);
    return { res, body: await res.json() };
  };
  const getToken = async () => (await (await fetch(`${base}/v3/token`, { headers: { authorization: basic } })).json()).token;
  const verifyStatus = async (tok) => (await fetch(`${base}/v3/token/verify`, { headers: { authorization: `Bearer ${tok}` } })).status;
  // jose on the fixed clock of the server; issuer, audience and algorithm pinned.
  const opts = { issuer: base, audience: 'ssr-api', algorithms: ['RS256'], currentDate: new Date(T0 * 1000) };
  const joseVerify = async (jwks, tok) => {
    try {
      const { protectedHeader } = await jose.jwtVerify(tok, jwks, opts);
      return { ok: true, kid: protectedHeader.kid };
    } catch (e) {
      return { ok: false, code: e.code, msg: String(e) };
    }
  };
  // Waits (up to 15 s, the server checks every 2 s) until the JWKS lists n keys.
  const waitKeys = async (n) => {
    let last;
    for (let i = 0; i < 60; i++) {
      last = (await getJwks()).body;
      if (last.keys.length === n) return last;
      await sleep(250);
    }
    return last;
  };

  // --- before any rotation ---------------------------------------------------------------
  const { res, body } = await getJwks();
  check('GET /.well-known/jwks.json without credentials gives 200', res.status === 200, `status ${res.status}`);
  check('the JWKS is application/json', /^application\/json/.test(res.headers.get('content-type') || ''), res.headers.get('content-type'));
  const maxAge = Number(((res.headers.get('cache-control') || '').match(/max-age=(\d+)/) || [])[1]);
  check('the JWKS has Cache-Control with a short max-age (1..600 s)', maxAge > 0 && maxAge <= 600, res.headers.get('cache-control'));
  const k0 = body.keys && body.keys[0];
  check('the JWKS holds one RSA signing key: kty, kid, use sig, alg RS256, n, e',
    body.keys.length === 1 && k0.kty === 'RSA' && k0.use === 'sig' && k0.alg === 'RS256' && typeof k0.kid === 'string' && /^[A-Za-z0-9_-]+$/.test(k0.n) && k0.e === 'AQAB',
    JSON.stringify(body).slice(0, 300));
  check('the JWKS carries no private key members', !body.keys.some((k) => ['d', 'p', 'q', 'dp', 'dq', 'qi'].some((m) => m in k)), JSON.stringify(Object.keys(k0)));
  check('the kid is the RFC 7638 thumbprint of the key', (await jose.calculateJwkThumbprint(k0, 'sha256')) === k0.kid, k0.kid);

  const oldTok = await getToken();
  const oldKid = jose.decodeProtectedHeader(oldTok).kid;
  check('a token names the published kid', oldKid === k0.kid, `${oldKid} vs ${k0.kid}`);
  // A long-lived verifier: refetches on an unknown kid (no cooldown, to keep the test short).
  const verifier = jose.createRemoteJWKSet(jwksUrl, { cooldownDuration: 0 });
  let r = await joseVerify(verifier, oldTok);
  check('jose createRemoteJWKSet + jwtVerify accepts our token', r.ok, r.msg);

  // --- rotation ----------------------------------------------------------------------------
  const rot = JSON.parse(cli(T0, 'keys', 'rotate', '--json'));
  check('keys rotate --json names the new kid and the previous one', typeof rot.kid === 'string' && rot.kid !== oldKid && rot.previous === oldKid && rot.removed.length === 0, JSON.stringify(rot).slice(0, 300));
  const after = await waitKeys(2);
  check('the running server publishes the new key without a restart, newest first', after.keys.length === 2 && after.keys[0].kid === rot.kid && after.keys[1].kid === oldKid, JSON.stringify(after.keys.map((k) => k.kid)));
  r = await joseVerify(verifier, oldTok);
  check('after rotate, the old token still verifies (cached JWKS)', r.ok, r.msg);
  r = await joseVerify(jose.createRemoteJWKSet(jwksUrl), oldTok);
  check('after rotate, the old token still verifies (freshly fetched JWKS)', r.ok, r.msg);
  check('after rotate, /v3/token/verify still accepts the old token', (await verifyStatus(oldTok)) === 200, 'status');
  const newTok = await getToken();
  const newKid = jose.decodeProtectedHeader(newTok).kid;
  check('after rotate, new tokens carry the new kid', newKid === rot.kid, `${newKid} vs ${rot.kid}`);
  r = await joseVerify(verifier, newTok);
  check('after rotate, the long-lived verifier refetches and accepts the new token', r.ok && r.kid === rot.kid, r.msg);
  check('after rotate, /v3/token/verify accepts the new token', (await verifyStatus(newTok)) === 200, 'status');

  // --- retirement ----------------------------------------------------------------------------
  const retiresAt = T0 + PICKUP + TTL + LEEWAY; // the successor was created at T0
  const list = JSON.parse(cli(T0, 'keys', 'list', '--json'));
  const st = Object.fromEntries(list.keys.map((k) => [k.kid, k]));
  check('keys list shows the new key signing and the old one published until it retires',
    st[rot.kid]?.state === 'signing' && st[oldKid]?.state === 'published' && st[oldKid]?.retires_at === iso(retiresAt) && st[oldKid]?.created === iso(T0),
    JSON.stringify(list));
  // A server whose clock is past the retirement leaves the old key out even before a prune.
  const late = await startServer(retiresAt);
  servers.push(late);
  const lateJwks = await (await fetch(`${late.base}/.well-known/jwks.json`)).json();
  check('a server past the retirement time no longer publishes the old key (files still there)', lateJwks.keys.length === 1 && lateJwks.keys[0].kid === rot.kid, JSON.stringify(lateJwks.keys.map((k) => k.kid)));
  await stopServer(late);
  servers.pop();
  // The CLI run with a shorter lifetime than the server's: the server's record counts.
  const shortCli = JSON.parse(cli(retiresAt - 1, 'keys', 'prune', '--json', '--token-ttl', '60'));
  check('keys prune --token-ttl 60 (shorter than the server\'s 600) still keeps the old key: the server recorded its lifetime',
    shortCli.removed.length === 0 && shortCli.keys.length === 2 && shortCli.token_ttl === TTL, JSON.stringify(shortCli).slice(0, 300));
  const early = JSON.parse(cli(retiresAt - 1, 'keys', 'prune', '--json'));
  check('keys prune one second before the retirement keeps the old key', early.removed.length === 0 && early.keys.length === 2, JSON.stringify(early).slice(0, 300));
  const pruned = JSON.parse(cli(retiresAt, 'keys', 'prune', '--json'));
  check('keys prune at the retirement time removes the old key', pruned.removed.length === 1 && pruned.removed[0] === oldKid && pruned.keys.length === 1, JSON.stringify(pruned).slice(0, 300));
  const final = await waitKeys(1);
  check('the running server drops the retired key from the JWKS without a restart', final.keys.length === 1 && final.keys[0].kid === rot.kid, JSON.stringify(final.keys.map((k) => k.kid)));
  r = await joseVerify(jose.createRemoteJWKSet(jwksUrl), oldTok);
  check('after retirement, the old token no longer verifies against the JWKS', !r.ok && r.code === 'ERR_JWKS_NO_MATCHING_KEY', r.ok ? 'verified' : `${r.code} ${r.msg}`);
  r = await joseVerify(jose.createRemoteJWKSet(jwksUrl), newTok);
  check('after retirement, the new key\'s token still verifies', r.ok && r.kid === rot.kid, r.msg);
  const newest = await getToken();
  r = await joseVerify(jose.createRemoteJWKSet(jwksUrl), newest);
  check('after retirement, a freshly issued token verifies with jose and /v3/token/verify', r.ok && (await verifyStatus(newest)) === 200, r.msg);
} catch (e) {
  fail('the key rotation test ran', String(e && e.stack ? e.stack : e));
} finally {
  for (const s of servers) await stopServer(s);
}
process.exit(failures ? 1 : 0);
