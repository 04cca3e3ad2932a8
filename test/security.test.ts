// Security of a running node (issue 16; threat model in docs/security.md): three doors, each with
// its own routes and credential; ports bound to their own entries and revocable at once; operators
// known by their own credential (configured token or OIDC via JWKS) with roles; a purpose on every
// read of traveller data. Real nodes, real Temporal and PostgreSQL, real HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { Pool } from 'pg';
import { DOORS, type Door } from '../src/config';
import { portAuth, postEntries, visitorEntry as entry } from './support/capture';
import { cli, lastJson } from './support/cli';
import {
  assertionPool,
  isolatedPairEnv,
  operatorAuth,
  startTestNode,
  type TestNode,
  type TestPair,
} from './support/nodes';

const ISSUER = 'https://idp.agency.example';
const AUDIENCE = 'entry-exit-us';

/** Every route of a node, by the door it lives on: [method, path, body]. */
const ROUTES: Record<Door, Array<[string, string, string?]>> = {
  capture: [['POST', '/entries', '{"records":[]}']],
  partner: [
    ['POST', '/intake/batches', '{}'],
    ['POST', '/intake/acks', '{}'],
  ],
  operator: [
    ['GET', '/overstays?purpose=overstay-review'],
    ['GET', '/evidence/E1?purpose=overstay-review'],
    ['GET', '/records/E1?purpose=correction'],
    ['POST', '/records/E1/corrections', '{"changes":{"surname":"X"},"reason":"typo"}'],
    ['POST', '/residency', '{"purpose":"residency-verification"}'],
    ['GET', '/stays/E1?purpose=overstay-review'],
    ['POST', '/stays/E1/extension', '{}'],
    ['POST', '/stays/E1/extension-decision', '{}'],
    ['POST', '/stays/E1/removal-order', '{}'],
    ['GET', '/exchange/rejected'],
    ['POST', '/codec/decode', '{"payloads":[]}'],
    ['POST', '/codec/encode', '{"payloads":[]}'],
    ['GET', '/holds'],
    ['POST', '/holds', '{}'],
    ['POST', '/holds/release', '{}'],
    ['GET', '/purge/preview'],
    ['POST', '/purge'],
    ['POST', '/residency/compare', '{"purpose":"residency-verification"}'],
    ['POST', '/persons/lookup', '{"purpose":"correction"}'],
    ['POST', '/persons/P1/split', '{}'],
    ['GET', '/persons/review'],
    ['POST', '/persons/review/1/decision', '{}'],
    ['POST', '/persons/removal-order', '{}'],
    ['GET', '/persons/removal-orders'],
    ['GET', '/metrics'],
    ['GET', '/dashboard'],
    ['GET', '/dashboard/data'],
  ],
};

describe('three doors, credentials, roles and purposes on a running node', () => {
  let pair: Pick<TestPair, 'env'>;
  let us: TestNode;
  let db: Pool;
  let jwks: http.Server;
  let idpKey: KeyLike;
  let strangerKey: KeyLike;

  const call = (door: Door, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${us.urls[door]}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body,
    });

  const oidcToken = (
    claims: Record<string, unknown>,
    opts: { key?: KeyLike; issuer?: string; expires?: string | number } = {},
  ) =>
    // An access token as RFC 9068 has it: typed at+jwt, with a jti to revoke it by.
    new SignJWT({ jti: `jti-${Math.random().toString(36).slice(2)}`, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: opts.key ? 'stranger' : 'idp-1', typ: 'at+jwt' })
      .setIssuer(opts.issuer ?? ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.expires ?? '5m')
      .sign(opts.key ?? idpKey);

  beforeAll(async () => {
    // The identity provider: a locally generated key set served as a JWKS on loopback.
    const idp = await generateKeyPair('ES256');
    idpKey = idp.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const publicJwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const env = {
      ...(await isolatedPairEnv()),
      US_OIDC_ISSUER: ISSUER,
      US_OIDC_AUDIENCE: AUDIENCE,
      US_OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      US_OIDC_ACTOR_CLAIM: 'preferred_username',
    };
    us = await startTestNode('US', env);
    pair = { env };
    db = assertionPool(us);
  });
  afterAll(async () => {
    await db?.end();
    await us?.shutdown();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('a route exists on one door only: the other doors answer 404, even to a valid credential', async () => {
    for (const door of DOORS) {
      for (const [method, path, body] of ROUTES[door]) {
        for (const other of DOORS.filter((d) => d !== door)) {
          const headers = other === 'capture' ? portAuth(us, 'US-CHAMPLAIN') : operatorAuth(us);
          const res = await call(other, method, path, body, headers);
          expect({ door: other, path, status: res.status }).toEqual({ door: other, path, status: 404 });
        }
      }
    }
  });

  it('refuses every route of every door without a credential (401), and a credential of another door too', async () => {
    const operatorToken = operatorAuth(us);
    const portToken = portAuth(us, 'US-CHAMPLAIN');
    for (const [method, path, body] of ROUTES.capture) {
      for (const headers of [{}, operatorToken, { authorization: 'Bearer ' + 'x'.repeat(43) }]) {
        const res = await call('capture', method, path, body, headers);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
    }
    for (const [method, path, body] of ROUTES.operator) {
      for (const headers of [{}, portToken, { authorization: 'Basic b3BzOm9wcw==' }]) {
        const res = await call('operator', method, path, body, {
          'x-namespace': us.config.temporal.namespace,
          ...headers,
        });
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
    }
    // The partner door takes no bearer token at all: only a batch signed with a partner key.
    for (const [method, path, body] of ROUTES.partner) {
      const res = await call('partner', method, path, body, operatorToken);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(((await res.json()) as { error: string }).error).toMatch(/unsigned/);
    }
  });

  it('a port submits its own entries only; another port is refused 403 and nothing is stored', async () => {
    const count = async () => Number((await db.query('SELECT count(*) AS n FROM entries')).rows[0].n);
    const before = await count();
    const mine = entry('SEC-1', 'US-CHAMPLAIN');
    const res = await postEntries(us, { records: [mine, entry('SEC-2', 'US-DERBY-LINE')] }, { port: 'US-CHAMPLAIN' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string; records: Array<{ index: number; problems: string[] }> };
    expect(body.error).toMatch(/port US-CHAMPLAIN may submit its own entries only/);
    expect(body.records).toEqual([
      { index: 1, problems: [expect.stringMatching(/port_of_entry must be US-CHAMPLAIN/)] },
    ]);
    expect(await count()).toBe(before);
    const ok = await postEntries(us, { records: [mine] }, { port: 'US-CHAMPLAIN' });
    expect(ok.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('a revoked port credential stops at once, without a restart; other ports go on', async () => {
    const before = await postEntries(us, { records: [entry('SEC-3', 'US-DERBY-LINE')] }, { port: 'US-DERBY-LINE' });
    expect(before.status).toBe(201);
    const run = await cli(pair, [
      'credentials',
      'revoke',
      '--node',
      'us',
      '--port',
      'US-DERBY-LINE',
      '--reason',
      'INC-7 lost tablet',
    ]);
    expect(run.code).toBe(0);
    expect(lastJson(run.stdout)).toEqual({ revoked: 'port', subject: 'US-DERBY-LINE', already: false });
    const after = await postEntries(us, { records: [entry('SEC-4', 'US-DERBY-LINE')] }, { port: 'US-DERBY-LINE' });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: string }).error).toMatch(/credential of port US-DERBY-LINE is revoked/);
    const { rows } = await db.query(
      "SELECT kind, subject, reason FROM revoked_credentials WHERE subject = 'US-DERBY-LINE'",
    );
    expect(rows).toEqual([{ kind: 'port', subject: 'US-DERBY-LINE', reason: 'INC-7 lost tablet' }]);
    expect(JSON.stringify(rows)).not.toContain(us.config.portTokens['US-DERBY-LINE']);
    expect(
      (await postEntries(us, { records: [entry('SEC-5', 'US-CHAMPLAIN')] }, { port: 'US-CHAMPLAIN' })).status,
    ).toBe(201);
  });

  it('roles: a reader reads, only an officer corrects or decides; the actor is the credential, never a header', async () => {
    const correction = JSON.stringify({ changes: { first_name: 'Adaeze' }, reason: 'request CR-16' });
    const asReader = await call('operator', 'POST', '/records/SEC-1/corrections', correction, {
      ...operatorAuth(us, 'reader'),
      'x-operator': 'demo-administrator',
    });
    expect(asReader.status).toBe(403);
    expect(((await asReader.json()) as { error: string }).error).toMatch(/needs the officer role; you are reader/);
    const removal = await call('operator', 'POST', '/stays/SEC-1/removal-order', '{}', operatorAuth(us, 'reader'));
    expect(removal.status).toBe(403);
    const asOfficer = await call('operator', 'POST', '/records/SEC-1/corrections', correction, {
      ...operatorAuth(us, 'officer'),
      'x-operator': 'demo-administrator',
    });
    expect(asOfficer.status).toBe(200);
    const { rows } = await db.query("SELECT actor FROM audit_log WHERE action = 'record.corrected'");
    expect(rows).toEqual([{ actor: 'demo-officer' }]);
    // Holds and purge are an administrator's.
    const hold = JSON.stringify({ record_id: 'SEC-1', kind: 'entry', reason: 'case 2026-16' });
    expect((await call('operator', 'POST', '/holds', hold, operatorAuth(us, 'officer'))).status).toBe(403);
    expect((await call('operator', 'GET', '/purge/preview', undefined, operatorAuth(us, 'officer'))).status).toBe(403);
    const placed = await call('operator', 'POST', '/holds', hold, {
      ...operatorAuth(us, 'administrator'),
      'x-operator': 'someone-else',
    });
    expect(placed.status).toBe(201);
    expect(((await placed.json()) as { hold: { placed_by: string } }).hold.placed_by).toBe('demo-administrator');
    const preview = await call('operator', 'GET', '/purge/preview?as_of=2099-01-01', undefined, operatorAuth(us));
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { held: number }).held).toBeGreaterThanOrEqual(0);
    const released = await call(
      'operator',
      'POST',
      '/holds/release',
      JSON.stringify({ record_id: 'SEC-1', kind: 'entry' }),
      operatorAuth(us),
    );
    expect(released.status).toBe(200);
  });

  it('OIDC: an access token checked against the JWKS names the person and role; a bad one is refused', async () => {
    const read = (token: string) =>
      call('operator', 'GET', '/records/SEC-1?purpose=correction', undefined, { authorization: `Bearer ${token}` });
    const good = await read(await oidcToken({ preferred_username: 'j.tremblay', roles: ['reader'] }));
    expect(good.status).toBe(200);
    const { rows } = await db.query(
      "SELECT actor, purpose FROM audit_log WHERE action = 'read.entry' ORDER BY id DESC LIMIT 1",
    );
    expect(rows).toEqual([{ actor: 'j.tremblay', purpose: 'correction' }]);
    // A reader's token does not open an officer's route.
    const correct = await call(
      'operator',
      'POST',
      '/records/SEC-1/corrections',
      JSON.stringify({ changes: { first_name: 'Ada' }, reason: 'request CR-17' }),
      { authorization: `Bearer ${await oidcToken({ preferred_username: 'j.tremblay', roles: 'reader' })}` },
    );
    expect(correct.status).toBe(403);
    const refusals: Array<[string, string, RegExp]> = [
      [
        'signed by a key the IdP does not publish',
        await oidcToken({ preferred_username: 'x', roles: ['administrator'] }, { key: strangerKey }),
        /refused/,
      ],
      [
        'from another issuer',
        await oidcToken({ preferred_username: 'x', roles: ['reader'] }, { issuer: 'https://evil.example' }),
        /refused/,
      ],
      [
        'expired',
        await oidcToken(
          { preferred_username: 'x', roles: ['reader'] },
          { expires: Math.floor(Date.parse('2020-01-01T00:00:00Z') / 1000) },
        ),
        /refused/,
      ],
      [
        'without a role',
        await oidcToken({ preferred_username: 'x', roles: ['admin'] }),
        /claim holds none of reader, officer, administrator/,
      ],
      ['without a name', await oidcToken({ roles: ['reader'] }), /no usable "preferred_username" claim/],
    ];
    for (const [what, token, reason] of refusals) {
      const res = await read(token);
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
    }
  });

  it('every read of traveller data needs a purpose the read allows, and is audited', async () => {
    const reader = operatorAuth(us, 'reader');
    const refused: Array<[string, string, string?, Record<string, string>?]> = [
      ['GET', '/stays/SEC-1'],
      ['GET', '/overstays'],
      ['GET', '/overstays?purpose=correction'],
      ['GET', '/records/SEC-1'],
      ['GET', '/evidence/SEC-1'],
      ['POST', '/residency', JSON.stringify({ rule: 'us-naturalization', entry_id: 'SEC-1' })],
      // A correction request does not open a person's residency days.
      ['POST', '/residency', JSON.stringify({ rule: 'us-naturalization', entry_id: 'SEC-1', purpose: 'correction' })],
      ['POST', '/codec/decode', '{"payloads":[]}', { 'x-namespace': us.config.temporal.namespace }],
    ];
    const audited = async () =>
      Number(
        (await db.query("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'read.%' OR action = 'codec.decode'"))
          .rows[0].n,
      );
    const before = await audited();
    for (const [method, path, body, extra] of refused) {
      const res = await call('operator', method, path, body, { ...reader, ...extra });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(((await res.json()) as { error: string }).error).toMatch(/purpose/);
    }
    expect(await audited()).toBe(before);
    const residency = await call(
      'operator',
      'POST',
      '/residency',
      JSON.stringify({ rule: 'us-naturalization', entry_id: 'SEC-1', purpose: 'correction' }),
      reader,
    );
    expect(((await residency.json()) as { error: string }).error).toMatch(
      /purpose "correction" does not open residency data/,
    );
    const list = await call('operator', 'GET', '/overstays?purpose=overstay-review', undefined, reader);
    expect(list.status).toBe(200);
    const { rows } = await db.query("SELECT actor, purpose FROM audit_log WHERE action = 'read.overstay-list'");
    expect(rows).toEqual([{ actor: 'demo-reader', purpose: 'overstay-review' }]);
  });
});

describe('rate limits and timeouts at the doors', () => {
  let node: TestNode;
  beforeAll(async () => {
    const env = { ...(await isolatedPairEnv()), US_CAPTURE_RATE_LIMIT: '3', US_REQUEST_TIMEOUT_MS: '1500' };
    node = await startTestNode('US', env, { worker: false });
  });
  afterAll(async () => node?.shutdown());

  it('a port past its budget gets 429 while another port goes on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await postEntries(node, [], { port: 'US-CHAMPLAIN' })).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect((await postEntries(node, [], { port: 'US-DERBY-LINE' })).status).toBe(400);
  });

  it('a client that never finishes its request is cut off', async () => {
    const { port } = new URL(node.urls.capture);
    const closed = await new Promise<number>((resolve) => {
      const started = Date.now();
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/entries',
        headers: { ...portAuth(node, 'US-CHAMPLAIN'), 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(Date.now() - started));
      });
      req.on('error', () => resolve(Date.now() - started));
      req.write('{"records":['); // and nothing more
    });
    expect(closed).toBeLessThan(10_000);
    expect((await fetch(`${node.urls.capture}/health`)).status).toBe(200);
  });
});
