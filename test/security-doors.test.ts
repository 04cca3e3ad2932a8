// The doors' own defences (issue 26): a port's credential authorised on the port code the record
// will be stored with; the partner door refusing from the headers before it reads a body, giving one
// answer to every bad signature and counting the partner's budget by the verified key id only;
// refused sources throttled before their body is read; per-door body limits; security headers and
// no-store; OIDC access tokens checked for `typ` and revocable by jti; mutual TLS between the nodes.
// Real nodes, real PostgreSQL and Temporal, real sockets (sources told apart by 127.0.0.x addresses).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { Pool } from 'pg';
import { readNodeConfig } from '../src/config';
import { BATCH_FORMAT } from '../src/exchange/batch';
import { postSigned } from '../src/exchange/post-signed';
import { signMessage } from '../src/exchange/signing';
import { generateNodeKeys } from '../src/config/keys';
import { SIGNATURE_REFUSED } from '../src/http/partner-guard';
import { STRICT_CSP } from '../src/http/security-headers';
import type { NodeContext } from '../src/node/context';
import { createLogger } from '../src/observability/log';
import { portAuth, postEntries, visitorEntry as entry } from './support/capture';
import { assertionPool, isolatedPairEnv, operatorAuth, startTestNode, type TestNode } from './support/nodes';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

/**
 * A POST from a chosen local address. `withhold` sends the headers (with the content-length of the
 * body) and keeps the body back: an answer that comes anyway came before the body was read.
 */
function rawPost(
  url: string,
  opts: { headers?: Record<string, string>; body?: string; from?: string; withhold?: boolean; method?: string },
): Promise<RawAnswer> {
  const body = Buffer.from(opts.body ?? '');
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: opts.method ?? 'POST',
        localAddress: opts.from ?? '127.0.0.1',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...opts.headers },
        timeout: 5_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text);
          } catch {
            json = { raw: text };
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, json });
          request.destroy();
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
    if (opts.withhold) request.write(body.subarray(0, 1));
    else request.end(body);
  });
}

function batchBody(batchId: string): string {
  const { category: _category, ...record } = entry(`b-${batchId.slice(-4)}`, 'US-CHAMPLAIN');
  return JSON.stringify({
    format: BATCH_FORMAT,
    batch_id: batchId,
    sender: 'US',
    receiver: 'CA',
    cycle_window: '2026-11-27',
    created_at: new Date().toISOString(),
    records: [{ version: 1, record }],
  });
}

const count = async (db: Pool, sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

describe('capture door: a port is authorised on the port code its records are stored with', () => {
  let us: TestNode;
  let db: Pool;
  beforeAll(async () => {
    us = await startTestNode('US', await isolatedPairEnv(), { worker: false });
    db = assertionPool(us);
  });
  afterAll(async () => {
    await db?.end();
    await us?.shutdown();
  });

  it("refuses another port's entries spelled in lower case or padded, logs and audits it, stores nothing", async () => {
    const entries = () => count(db, 'SELECT count(*) AS n FROM entries');
    const before = await entries();
    for (const spelled of ['us-derby-line', ' US-DERBY-LINE ', 'Us-Derby-Line\t']) {
      const res = await postEntries(us, { records: [entry('DOOR-1', spelled)] }, { port: 'US-CHAMPLAIN' });
      expect({ spelled, status: res.status }).toEqual({ spelled, status: 403 });
      const answer = (await res.json()) as { error: string };
      expect(answer.error).toMatch(/port US-CHAMPLAIN may submit its own entries only/);
    }
    expect(await entries()).toBe(before);
    const { rows } = await db.query(
      "SELECT actor, counts FROM audit_log WHERE action = 'capture.refused-other-port' ORDER BY id",
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({ actor: 'port:US-CHAMPLAIN', counts: { records: 1, other_port: 1 } });
    // Its own port, however spelled, is its own: stored under the normalised code.
    const own = await postEntries(us, { records: [entry('DOOR-2', ' us-champlain ')] }, { port: 'US-CHAMPLAIN' });
    expect(own.status).toBe(201);
    expect((await db.query("SELECT port_of_entry FROM entries WHERE id = 'DOOR-2'")).rows).toEqual([
      { port_of_entry: 'US-CHAMPLAIN' },
    ]);
  });
});

describe('partner door: refusals before the body, one answer to every bad signature, budget by verified key', () => {
  let ca: TestNode;
  let env: Record<string, string>;
  let db: Pool;
  const usKey = () => env.US_SIGNING_KEY;
  const url = () => `${ca.urls.partner}/intake/batches`;
  beforeAll(async () => {
    env = {
      ...(await isolatedPairEnv()),
      CA_PARTNER_RATE_LIMIT: '3',
      CA_REFUSALS_PER_SOURCE: '4',
      CA_REQUEST_TIMEOUT_MS: '20000',
    };
    ca = await startTestNode('CA', env, { worker: false });
    db = assertionPool(ca);
  });
  afterAll(async () => {
    await db?.end();
    await ca?.shutdown();
  });

  it('answers every bad signature alike: unknown key id, wrong key, changed body, stale, future', async () => {
    const body = batchBody('US-CA-2026-11-27-7001');
    const now = Date.now();
    const attempts: Array<[string, string, Record<string, string>]> = [
      ['unknown key id', body, signMessage('batch', body, usKey(), 'us-9', new Date())],
      ['known key id, wrong key', body, signMessage('batch', body, generateNodeKeys().signingKey, 'us-1', new Date())],
      ['changed body', body.replace('Okafor', 'Okafur'), signMessage('batch', body, usKey(), 'us-1', new Date())],
      ['stale', body, signMessage('batch', body, usKey(), 'us-1', new Date(now - 3600_000))],
      ['future', body, signMessage('batch', body, usKey(), 'us-1', new Date(now + 3600_000))],
      ['signed as an ack', body, signMessage('ack', body, usKey(), 'us-1', new Date())],
    ];
    const answers = [];
    // From four addresses, so the source throttle (4 refusals a minute) is not what answers.
    for (const [i, [what, sent, headers]] of attempts.entries()) {
      const res = await rawPost(url(), { body: sent, headers, from: `127.0.1.${i + 1}` });
      answers.push({ what, status: res.status, json: res.json });
    }
    for (const answer of answers)
      expect(answer).toEqual({
        what: answer.what,
        status: 401,
        json: { error: `batch refused: ${SIGNATURE_REFUSED}` },
      });
    expect(await count(db, 'SELECT count(*) AS n FROM inbound_batches')).toBe(0);
  });

  it('refuses an unknown key id or a stale signature from the headers, without waiting for the body', async () => {
    const body = batchBody('US-CA-2026-11-27-7002') + ' '.repeat(1024 * 1024);
    for (const [what, headers] of [
      ['unknown key id', signMessage('batch', body, usKey(), 'us-9', new Date())],
      ['stale', signMessage('batch', body, usKey(), 'us-1', new Date(Date.now() - 3600_000))],
    ] as const) {
      const res = await rawPost(url(), { body, headers, withhold: true, from: '127.0.2.1' });
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
    }
  });

  it("junk naming the partner's key id does not use up its budget; a source refused too often gets 429 unread", async () => {
    const body = batchBody('US-CA-2026-11-27-7003');
    const junk = { ...signMessage('batch', body, usKey(), 'us-1', new Date()), 'x-signature': 'AAAA' };
    // Three junk requests naming us-1 from the partner's own address: the budget is 3 a minute.
    for (let i = 0; i < 3; i++) expect((await rawPost(url(), { body, headers: junk })).status).toBe(401);
    const genuine = () => rawPost(url(), { body, headers: signMessage('batch', body, usKey(), 'us-1', new Date()) });
    expect((await genuine()).status).toBe(202);
    // Another source sends junk until it is throttled: 429 before its (withheld) body is read.
    const from = '127.0.3.1';
    for (let i = 0; i < 4; i++) expect((await rawPost(url(), { body, headers: junk, from })).status).toBe(401);
    const throttled = await rawPost(url(), { body, headers: junk, from, withhold: true });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Even a genuine message from the throttled source waits; the partner's own address goes on.
    expect(
      (await rawPost(url(), { body, from, headers: signMessage('batch', body, usKey(), 'us-1', new Date()) })).status,
    ).toBe(429);
    expect((await genuine()).status).toBe(202);
    expect((await genuine()).status).toBe(202);
    // The verified key's own budget is still counted: its fourth message this minute is 429.
    expect((await genuine()).status).toBe(429);
    const audited = await db.query(
      "SELECT action, actor FROM audit_log WHERE action LIKE 'auth.%' AND actor = 'source:127.0.3.1' ORDER BY id",
    );
    expect(audited.rows.map((r) => r.action)).toEqual([
      'auth.refused',
      'auth.refused',
      'auth.refused',
      'auth.source-throttled',
    ]);
  });
});

describe('operator and capture doors: body limits, headers, throttled failures, OIDC typ and revocation', () => {
  const ISSUER = 'https://idp.agency.example';
  let us: TestNode;
  let db: Pool;
  let jwks: http.Server;
  let idpKey: KeyLike;

  const accessToken = (claims: Record<string, unknown>, typ: string | null = 'at+jwt') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1', ...(typ ? { typ } : {}) })
      .setIssuer(ISSUER)
      .setAudience('entry-exit-us')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(idpKey);

  beforeAll(async () => {
    const idp = await generateKeyPair('ES256');
    idpKey = idp.privateKey;
    const publicJwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_req, res) => res.writeHead(200).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    us = await startTestNode(
      'US',
      {
        ...(await isolatedPairEnv()),
        // Above the refusals the other tests send from 127.0.0.1, so only the throttle's own source reaches it.
        US_REFUSALS_PER_SOURCE: '6',
        US_OIDC_ISSUER: ISSUER,
        US_OIDC_AUDIENCE: 'entry-exit-us',
        US_OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      },
      { worker: false },
    );
    db = assertionPool(us);
  });
  afterAll(async () => {
    await db?.end();
    await us?.shutdown();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('each door reads no more body than it needs: capture 4 MiB, operator 1 MiB', async () => {
    const fiveMiB = JSON.stringify({ records: [{ pad: 'x'.repeat(5 * 1024 * 1024) }] });
    const capture = await rawPost(`${us.urls.capture}/entries`, {
      body: fiveMiB,
      headers: portAuth(us, 'US-CHAMPLAIN'),
    });
    expect(capture.status).toBe(413);
    const twoMiB = JSON.stringify({ payloads: [{ data: 'x'.repeat(2 * 1024 * 1024) }] });
    const operator = await rawPost(`${us.urls.operator}/codec/decode?purpose=correction`, {
      body: twoMiB,
      headers: { ...operatorAuth(us), 'x-namespace': us.config.temporal.namespace },
    });
    expect(operator.status).toBe(413);
  });

  it('every answer carries the security headers and no-store; the dashboard page its own CSP', async () => {
    const answers = [
      await fetch(`${us.urls.capture}/health`),
      await fetch(`${us.urls.partner}/health`),
      await fetch(`${us.urls.operator}/overstays?purpose=overstay-review`, { headers: operatorAuth(us, 'reader') }),
      await fetch(`${us.urls.operator}/overstays`, { headers: operatorAuth(us, 'reader') }),
      await fetch(`${us.urls.capture}/entries`, { method: 'POST' }),
    ];
    for (const res of answers) {
      expect({
        url: res.url,
        nosniff: res.headers.get('x-content-type-options'),
        referrer: res.headers.get('referrer-policy'),
        frame: res.headers.get('x-frame-options'),
        csp: res.headers.get('content-security-policy'),
        cache: res.headers.get('cache-control'),
      }).toEqual({
        url: res.url,
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        frame: 'DENY',
        csp: STRICT_CSP,
        cache: 'no-store',
      });
    }
    const page = await fetch(`${us.urls.operator}/dashboard`, { headers: operatorAuth(us, 'reader') });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('failed authentication is throttled per source, logged and audited; other sources go on', async () => {
    const from = '127.0.4.1';
    const wrong = { authorization: `Bearer ${'w'.repeat(43)}` };
    for (let i = 0; i < 6; i++)
      expect((await rawPost(`${us.urls.capture}/entries`, { body: '[]', headers: wrong, from })).status).toBe(401);
    // Now even the right token from that source is answered 429, before its body is read.
    const right = portAuth(us, 'US-CHAMPLAIN');
    const throttled = await rawPost(`${us.urls.capture}/entries`, { body: '[]', headers: right, from, withhold: true });
    expect(throttled.status).toBe(429);
    expect((await rawPost(`${us.urls.capture}/entries`, { body: '[]', headers: right })).status).toBe(400);
    const { rows } = await db.query(
      "SELECT action, details->>'door' AS door FROM audit_log WHERE actor = $1 ORDER BY id",
      [`source:${from}`],
    );
    expect(rows).toEqual([
      ...Array(5).fill({ action: 'auth.refused', door: 'capture' }),
      { action: 'auth.source-throttled', door: 'capture' },
    ]);
  });

  it('OIDC: an access token must be typed at+jwt and carry a jti; revoked by jti, it stops at once', async () => {
    const read = (token: string) =>
      fetch(`${us.urls.operator}/overstays?purpose=overstay-review`, { headers: { authorization: `Bearer ${token}` } });
    const claims = { sub: 'j.tremblay', roles: ['reader'] };
    expect((await read(await accessToken({ ...claims, jti: 'at-1' }))).status).toBe(200);
    for (const [what, token, reason] of [
      ['an ID token (typ JWT)', await accessToken({ ...claims, jti: 'at-2' }, 'JWT'), /refused/],
      ['no typ', await accessToken({ ...claims, jti: 'at-3' }, null), /refused/],
      ['no jti', await accessToken(claims), /no "jti" claim/],
    ] as const) {
      const res = await read(token);
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
    }
    const stolen = await accessToken({ ...claims, jti: 'at-stolen' });
    expect((await read(stolen)).status).toBe(200);
    const revoke = (body: unknown, role: 'officer' | 'administrator' = 'administrator') =>
      fetch(`${us.urls.operator}/credentials/access-tokens/revoke`, {
        method: 'POST',
        headers: { ...operatorAuth(us, role), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await revoke({ jti: 'at-stolen', reason: 'INC-26' }, 'officer')).status).toBe(403);
    expect((await revoke({ jti: 'at-stolen' })).status).toBe(400);
    const revoked = await revoke({ jti: 'at-stolen', reason: 'INC-26 lost laptop' });
    expect(revoked.status).toBe(201);
    expect((await revoke({ jti: 'at-stolen', reason: 'again' })).status).toBe(200);
    const refused = await read(stolen);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toMatch(/access token of j.tremblay is revoked/);
    expect((await read(await accessToken({ ...claims, jti: 'at-4' }))).status).toBe(200);
    const { rows } = await db.query(
      "SELECT actor, details FROM audit_log WHERE action = 'credential.revoke' AND details->>'kind' = 'access-token'",
    );
    expect(rows).toEqual([{ actor: 'demo-administrator', details: { kind: 'access-token', jti: 'at-stolen' } }]);
  });
});

/** A CA and a certificate it issues, made with openssl in a temporary folder. */
function makeCertificates(dir: string) {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const makeCa = (name: string) =>
    run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    );
  const issue = (name: string, caName: string, usage: 'serverAuth' | 'clientAuth') => {
    run(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    fs.writeFileSync(
      path.join(dir, `${name}.ext`),
      `subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=${usage}\n`,
    );
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${caName}.pem`,
      '-CAkey',
      `${caName}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  };
  makeCa('us-ca');
  makeCa('ca-ca');
  makeCa('stranger-ca');
  issue('ca-partner-door', 'ca-ca', 'serverAuth');
  issue('us-client', 'us-ca', 'clientAuth');
  issue('stranger-client', 'stranger-ca', 'clientAuth');
  return (name: string, ext = 'pem') => path.join(dir, `${name}.${ext}`);
}

describe('mutual TLS between the nodes, by configuration', () => {
  let dir: string;
  let file: (name: string, ext?: string) => string;
  let ca: TestNode;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-exit-mtls-'));
    file = makeCertificates(dir);
    env = {
      ...(await isolatedPairEnv()),
      CA_PARTNER_TLS_CERT: file('ca-partner-door'),
      CA_PARTNER_TLS_KEY: file('ca-partner-door', 'key'),
      CA_PARTNER_TLS_CLIENT_CA: file('us-ca'),
    };
    ca = await startTestNode('CA', env, { worker: false });
  });
  afterAll(async () => {
    await ca?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const httpsPost = (client: { cert?: string; key?: string }) =>
    new Promise<number>((resolve, reject) => {
      const request = https.request(
        `${ca.urls.partner}/intake/batches`,
        {
          method: 'POST',
          ca: fs.readFileSync(file('ca-ca')),
          ...(client.cert ? { cert: fs.readFileSync(client.cert), key: fs.readFileSync(client.key!) } : {}),
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end('{}');
    });

  it('the partner door speaks TLS and takes only a client certificate issued by the partner CA', async () => {
    expect(ca.urls.partner).toMatch(/^https:/);
    await expect(httpsPost({})).rejects.toThrow();
    await expect(httpsPost({ cert: file('stranger-client'), key: file('stranger-client', 'key') })).rejects.toThrow();
    // With the partner's client certificate the request reaches the door (and is refused unsigned).
    expect(await httpsPost({ cert: file('us-client'), key: file('us-client', 'key') })).toBe(401);
  });

  it("transmit presents this node's client certificate and trusts the partner's CA", async () => {
    const send = (extra: Record<string, string>) => {
      const { config, problems } = readNodeConfig('US', {
        ...env,
        US_PARTNER_URL: ca.urls.partner,
        US_PARTNER_CA: file('ca-ca'),
        ...extra,
      });
      expect(problems).toEqual([]);
      const ctx = { config, log: createLogger({ node: 'US' }, 'error') } as unknown as NodeContext;
      const body = batchBody('US-CA-2026-11-27-7101');
      return postSigned(ctx, 'batch', '/intake/batches', body, 'batch US-CA-2026-11-27-7101');
    };
    await expect(send({})).rejects.toThrow(/partner unreachable/);
    const sent = await send({
      US_PARTNER_CLIENT_CERT: file('us-client'),
      US_PARTNER_CLIENT_KEY: file('us-client', 'key'),
    });
    expect(sent.status).toBe(202);
  });

  it('refuses half a TLS configuration, naming the variables', () => {
    const { problems } = readNodeConfig('US', {
      ...env,
      US_PARTNER_CLIENT_CERT: file('us-client'),
      US_PARTNER_TLS_CLIENT_CA: file('ca-ca'),
      US_PARTNER_CA: path.join(dir, 'missing.pem'),
    });
    expect(problems).toEqual([
      expect.stringMatching(/US_PARTNER_CA=".*missing.pem" is not a readable file/),
      'US_PARTNER_CLIENT_CERT and US_PARTNER_CLIENT_KEY go together: set both, or neither',
      expect.stringMatching(/US_PARTNER_TLS_CLIENT_CA needs US_PARTNER_TLS_CERT and US_PARTNER_TLS_KEY/),
    ]);
  });
});
