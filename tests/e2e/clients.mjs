// clients.mjs - the end-to-end checks that need a real JavaScript client: Node's fetch and
// the `jose` library verifying our tokens with our public key, and forging tokens that the
// server must refuse (wrong audience, issuer, kid, alg:none, HS256 keyed with our public
// key, expired, LEAs not on the credential).
// Usage: node clients.mjs BASE_URL USERNAME API_TOKEN KEYS_DIR SSID
// Prints "PASS name" / "FAIL name: detail" lines; tests/e2e/run turns them into TAP.
import { readFileSync, readdirSync } from 'node:fs';
import * as jose from 'jose';

const [base, username, apiToken, keysDir, ssid] = process.argv.slice(2);
let failures = 0;
const pass = (name) => console.log(`PASS ${name}`);
const fail = (name, detail) => { failures++; console.log(`FAIL ${name}: ${detail}`); };
const check = (name, cond, detail) => (cond ? pass(name) : fail(name, detail));

const basic = 'Basic ' + Buffer.from(`${username}:${apiToken}`).toString('base64');
const tokRes = await fetch(`${base}/v3/token`, { headers: { authorization: basic, 'cache-control': 'no-cache' } });
const tokBody = await tokRes.json();
check('fetch GET /v3/token returns 200 and a Bearer token', tokRes.status === 200 && tokBody.token_type === 'Bearer' && typeof tokBody.token === 'string', `${tokRes.status} ${JSON.stringify(tokBody)}`);
const token = tokBody.token;

// jose verifies our token with the public key the server wrote to its keys directory.
const header = jose.decodeProtectedHeader(token);
const pubFile = readdirSync(keysDir).find((f) => f === `${header.kid}.pub.pem`);
check('token kid names a public key file in the data dir', !!pubFile, `kid ${header.kid}, files ${readdirSync(keysDir)}`);
const pub = await jose.importSPKI(readFileSync(`${keysDir}/${pubFile}`, 'utf8'), 'RS256');
try {
  // The server may run on a fixed clock (SCOREBRIDGE_NOW): check time claims against it.
  const currentDate = new Date(jose.decodeJwt(token).iat * 1000);
  const { payload, protectedHeader } = await jose.jwtVerify(token, pub, { issuer: base, audience: 'ssr-api', algorithms: ['RS256'], currentDate });
  check('jose verifies the RS256 signature, iss and aud', protectedHeader.alg === 'RS256', JSON.stringify(protectedHeader));
  check('claims carry sub, jti, iat, exp, token_use and leas', typeof payload.sub === 'string' && typeof payload.jti === 'string' && payload.token_use === 'access' && Array.isArray(payload.leas) && payload.leas.every((l) => /^\d{7}$/.test(l)) && payload.exp - payload.iat === tokBody.expires_in, JSON.stringify(payload));
} catch (e) {
  fail('jose verifies the RS256 signature, iss and aud', String(e));
}

const verify = async (tok) => (await fetch(`${base}/v3/token/verify`, { headers: { authorization: tok } })).status;
check('fetch GET /v3/token/verify with the raw token gives 200', (await verify(token)) === 200, 'status');

// Forgeries. The private key is ours (from the data dir), so only the claim checks stop these.
const privFile = readdirSync(keysDir).find((f) => f === `${header.kid}.key.pem`);
const priv = await jose.importPKCS8(readFileSync(`${keysDir}/${privFile}`, 'utf8'), 'RS256');
const claims = jose.decodeJwt(token);
const now = Math.floor(Date.now() / 1000);
const sign = (c, h = { alg: 'RS256', typ: 'JWT', kid: header.kid }) => new jose.SignJWT(c).setProtectedHeader(h).sign(priv);
const forged = {
  'wrong audience': await sign({ ...claims, aud: 'someone-else' }),
  'wrong issuer': await sign({ ...claims, iss: 'https://evil.example' }),
  'unknown kid': await sign(claims, { alg: 'RS256', typ: 'JWT', kid: 'not-a-key' }),
  'no kid': await sign(claims, { alg: 'RS256', typ: 'JWT' }),
  'LEA not on the credential': await sign({ ...claims, leas: ['9999999'] }),
  'no generation claim': await sign((({ gen, ...rest }) => rest)(claims)),
  'token_use id': await sign({ ...claims, token_use: 'id' }),
  'alg none': new jose.UnsecuredJWT(claims).encode(),
  'HS256 keyed with our public key PEM': await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: header.kid }).sign(new TextEncoder().encode(readFileSync(`${keysDir}/${pubFile}`, 'utf8'))),
};
for (const [name, tok] of Object.entries(forged)) {
  const st = await verify(tok);
  check(`verify refuses a forged token (${name}) with 403`, st === 403, `status ${st}`);
}
// Time claims are checked against the server's clock (SCOREBRIDGE_NOW); build them around it.
const srvNow = claims.iat;
for (const [name, c] of Object.entries({
  'expired (beyond the 60 s leeway)': { ...claims, exp: srvNow - 61 },
  'not yet valid (nbf beyond leeway)': { ...claims, nbf: srvNow + 120 },
  'issued in the future': { ...claims, iat: srvNow + 600 },
})) {
  const st = await verify(await sign(c));
  check(`verify refuses a token that is ${name} with 403`, st === 403, `status ${st}`);
}
const st = await verify(await sign({ ...claims, exp: srvNow - 30 }));
check('verify accepts a token expired 30 s ago (inside the 60 s leeway)', st === 200, `status ${st}`);

// Score reports and a temporary link, through fetch.
const rep = await fetch(`${base}/v3/students/${ssid}/score-reports`, { headers: { authorization: `Bearer ${token}` } });
const list = await rep.json();
check('fetch GET score-reports gives a JSON array', rep.status === 200 && Array.isArray(list) && list.length > 0, `${rep.status} ${JSON.stringify(list).slice(0, 200)}`);
if (Array.isArray(list) && list.length > 0) {
  const file = await fetch(list[0].url);
  const bytes = new Uint8Array(await file.arrayBuffer());
  check('fetch GET on a temporary link streams the file', file.status === 200 && bytes.length === Number(file.headers.get('content-length')) && bytes.length > 0, `${file.status}`);
}
process.exit(failures ? 1 : 0);
