// The codec server of each node and the codec router, over real HTTP, with nodes running against
// the real Temporal server: histories hold ciphertext; the codec opens it for a token holder only.
import { defaultPayloadConverter } from '@temporalio/common';
import { ENCRYPTED_ENCODING } from '../src/codec/aes-gcm-codec';
import { payloadsToJson } from '../src/codec/remote-format';
import { startCodecRouter, type RunningCodecRouter } from '../src/codec/router';
import { addLogSink } from '../src/observability/log';
import { healthCheck } from '../workflows/health';
import { ConfigError } from '../src/config';
import { operatorAuth, startTestNode, startTestPair, type TestPair } from './support/nodes';

const UI_ORIGIN = 'http://localhost:8233';

describe('codec server and router', () => {
  let pair: TestPair;
  let router: RunningCodecRouter;
  let historyPayload: { metadata: Record<string, string>; data: string };
  const logs: string[] = [];
  const stopLogs = addLogSink((line) => logs.push(line));

  beforeAll(async () => {
    pair = await startTestPair();
    router = await startCodecRouter({
      port: 0,
      routes: {
        [pair.US.config.temporal.namespace]: `${pair.US.urls.operator}/codec`,
        [pair.CA.config.temporal.namespace]: `${pair.CA.urls.operator}/codec`,
      },
      allowedOrigins: [UI_ORIGIN],
    });
    // A real workflow through the real server: its result in history must be ciphertext.
    const workflowId = `health-codec-${Date.now()}`;
    await pair.US.ctx.temporal.workflow.execute(healthCheck, {
      workflowId,
      taskQueue: pair.US.config.temporal.taskQueue,
    });
    const history = await pair.US.ctx.temporal.workflowService.getWorkflowExecutionHistory({
      namespace: pair.US.config.temporal.namespace,
      execution: { workflowId },
    });
    const completed = history.history!.events!.find((e) => e.workflowExecutionCompletedEventAttributes)!;
    const [payload] = completed.workflowExecutionCompletedEventAttributes!.result!.payloads!;
    historyPayload = payloadsToJson([payload]).payloads[0] as typeof historyPayload;
  });
  afterAll(async () => {
    stopLogs();
    await router?.close();
    await pair?.stop();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const operator = (node: 'US' | 'CA') => ({
    ...operatorAuth(pair[node], 'reader'),
    'x-namespace': pair[node].config.temporal.namespace,
    'x-purpose': 'overstay-review',
  });

  it('a node without a payload key refuses to start, naming the variable to set', async () => {
    const env = { ...pair.env, US_PAYLOAD_KEYS: '' };
    const refused = await startTestNode('US', env, { worker: false, http: false }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect(String(refused)).toMatch(/US_PAYLOAD_KEYS is not set.*US_ALLOW_PLAINTEXT_PAYLOADS=true/s);
  });

  it('Temporal holds ciphertext: the workflow result in history is encrypted', () => {
    expect(Buffer.from(historyPayload.metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(historyPayload.data, 'base64').toString('latin1')).not.toContain('databaseTime');
  });

  it('decodes for an operator with the token and this node namespace', async () => {
    // The UI's page address names the workflow shown; the decode is audited with it.
    const res = await post(
      `${pair.US.urls.operator}/codec/decode?preserveStorageRefs=true`,
      { payloads: [historyPayload] },
      { ...operator('US'), referer: `${UI_ORIGIN}/namespaces/us-cbp/workflows/health-codec-shown/run-1/history` },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    const value = defaultPayloadConverter.fromPayload({
      metadata: Object.fromEntries(
        Object.entries(body.payloads[0].metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
      ),
      data: Buffer.from(body.payloads[0].data, 'base64'),
    }) as { ok: boolean; report: { country: string } };
    expect(value).toMatchObject({ ok: true, report: { country: 'US' } });
    const audit = await pair.US.ctx.pool.query(
      `SELECT actor, purpose, counts, details FROM audit_log WHERE action = 'codec.decode'`,
    );
    expect(audit.rows.length).toBeGreaterThanOrEqual(1);
    expect(audit.rows[0]).toEqual({
      actor: 'demo-reader',
      purpose: 'overstay-review',
      counts: { payloads: 1 },
      details: { via: 'codec', workflow: 'health-codec-shown' },
    });
  });

  const officer = (node: 'US' | 'CA') => ({ ...operator(node), ...operatorAuth(pair[node], 'officer') });

  it('encoding needs the officer role and a purpose, and is audited with the workflow named', async () => {
    const plain = payloadsToJson([defaultPayloadConverter.toPayload({ exitRecordId: 'X1' })]);
    const url = `${pair.US.urls.operator}/codec/encode`;
    const asReader = await post(url, plain, operator('US'));
    expect(asReader.status).toBe(403);
    expect(((await asReader.json()) as { error: string }).error).toMatch(/needs the officer role; you are reader/);
    const { 'x-purpose': _dropped, ...noPurpose } = officer('US');
    const withoutPurpose = await post(url, plain, noPurpose);
    expect(withoutPurpose.status).toBe(400);
    expect(((await withoutPurpose.json()) as { error: string }).error).toMatch(/a purpose is required/);
    const made = await post(url, plain, { ...officer('US'), 'x-workflow-id': 'stay-E-encode-audit' });
    expect(made.status).toBe(200);
    const { rows } = await pair.US.ctx.pool.query(
      `SELECT actor, purpose, counts, details FROM audit_log WHERE action = 'codec.encode'`,
    );
    const officerName = pair.US.config.operators.find((o) => o.role === 'officer')!.name;
    expect(rows).toEqual([
      {
        actor: officerName,
        purpose: 'overstay-review',
        counts: { payloads: 1 },
        details: { via: 'codec', workflow: 'stay-E-encode-audit' },
      },
    ]);
  });

  it('encodes so that the node itself can decode', async () => {
    const plain = payloadsToJson([defaultPayloadConverter.toPayload({ hello: 'codec' })]);
    const enc = await post(`${pair.CA.urls.operator}/codec/encode`, plain, officer('CA'));
    expect(enc.status).toBe(200);
    const sealed = (await enc.json()) as { payloads: Array<{ metadata: Record<string, string> }> };
    expect(Buffer.from(sealed.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const dec = await post(`${pair.CA.urls.operator}/codec/decode`, sealed, operator('CA'));
    expect(await dec.json()).toEqual(plain);
  });

  it('refuses without a token or with a wrong one (401), and logs it without the token', async () => {
    const none = await post(
      `${pair.US.urls.operator}/codec/decode`,
      { payloads: [historyPayload] },
      { 'x-namespace': pair.US.config.temporal.namespace },
    );
    expect(none.status).toBe(401);
    const wrong = await post(
      `${pair.US.urls.operator}/codec/decode`,
      { payloads: [historyPayload] },
      { ...operator('US'), authorization: 'Bearer not-the-token-at-all' },
    );
    expect(wrong.status).toBe(401);
    expect(logs.some((l) => l.includes('operator request refused'))).toBe(true);
    expect(logs.join('\n')).not.toContain('not-the-token-at-all');
  });

  it("decodes only this node's namespace, with the key of this node", async () => {
    const other = await post(
      `${pair.US.urls.operator}/codec/decode`,
      { payloads: [historyPayload] },
      { ...operator('US'), 'x-namespace': pair.CA.config.temporal.namespace },
    );
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: string }).error).toMatch(/serves namespace/);
    // The CA node holds other keys: a US payload is refused with the key id named, not crashed on.
    const foreign = await post(`${pair.CA.urls.operator}/codec/decode`, { payloads: [historyPayload] }, operator('CA'));
    expect(foreign.status).toBe(422);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/key id "us-k1"/);
    const garbage = await post(`${pair.US.urls.operator}/codec/decode`, { hello: 1 }, operator('US'));
    expect(garbage.status).toBe(400);
    const health = await fetch(`${pair.US.urls.operator}/health`);
    expect(health.status).toBe(200);
  });

  it('answers CORS preflights for the UI origin only', async () => {
    const ok = await fetch(`${pair.US.urls.operator}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
    const evil = await fetch(`${pair.US.urls.operator}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    // A refused POST still carries CORS headers, so the UI can read the 401.
    const refused = await post(
      `${pair.US.urls.operator}/codec/decode`,
      { payloads: [] },
      { origin: UI_ORIGIN, 'x-namespace': pair.US.config.temporal.namespace },
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });

  it('the router forwards by X-Namespace to the node that owns it, token passed through', async () => {
    const viaRouter = await post(`${router.url}/decode`, { payloads: [historyPayload] }, operator('US'));
    expect(viaRouter.status).toBe(200);
    const sealedCa = await (
      await post(`${router.url}/encode`, payloadsToJson([defaultPayloadConverter.toPayload('ca')]), officer('CA'))
    ).json();
    const openedCa = await post(`${router.url}/decode`, sealedCa, operator('CA'));
    expect(openedCa.status).toBe(200);
    const noToken = await post(
      `${router.url}/decode`,
      { payloads: [historyPayload] },
      { 'x-namespace': pair.US.config.temporal.namespace },
    );
    expect(noToken.status).toBe(401);
    const unknown = await post(
      `${router.url}/decode`,
      { payloads: [] },
      { ...operator('US'), 'x-namespace': 'nobody' },
    );
    expect(unknown.status).toBe(404);
    // The sign-in for a UI without OIDC: the token kept in an HttpOnly cookie becomes the bearer header.
    const login = await fetch(`${router.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        [pair.US.config.temporal.namespace]: operatorAuth(pair.US, 'reader').authorization.slice('Bearer '.length),
        purpose: 'removal-monitoring',
      }).toString(),
    });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie();
    expect(cookies).toHaveLength(2); // the token, and the purpose chosen at sign-in
    for (const c of cookies) expect(c).toMatch(/HttpOnly.*SameSite=Strict/);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const withCookie = await post(
      `${router.url}/decode`,
      { payloads: [historyPayload] },
      { 'x-namespace': pair.US.config.temporal.namespace, cookie },
    );
    expect(withCookie.status).toBe(200);
    // The US token in a cookie opens nothing of the CA namespace.
    const crossed = await post(
      `${router.url}/decode`,
      { payloads: [] },
      { 'x-namespace': pair.CA.config.temporal.namespace, cookie },
    );
    expect(crossed.status).toBe(401);
    expect((await fetch(`${router.url}/login`)).headers.get('content-type')).toMatch(/text\/html/);
    const preflight = await fetch(`${router.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });
});
