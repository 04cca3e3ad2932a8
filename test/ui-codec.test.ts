// The Temporal UI in a real (headless) Chromium, against the test dev server's UI: an operator who
// signed in at the codec router with the node's token sees a stay workflow's input decoded through
// the codec (router -> node); without the token the same page shows only ciphertext. Screenshots go
// to test-artifacts/. The dev server's --ui-codec-endpoint is http://127.0.0.1:$TEST_CODEC_PORT
// (test/support/global-setup.ts), where this suite serves the codec router.
//
// Why the sign-in and not the UI's "pass access token": the UI passes the access token of a user
// signed in through OIDC, and only to an https endpoint; the dev server's UI has no sign-in (it
// resets its stored user to {} on load), so there is no token to pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCodecRouter, type RunningCodecRouter } from '../src/codec/router';
import { StayStatus, NodeCountry } from '../src/temporal/search-attributes';
import { stayWorkflowId } from '../src/stays/contract';
import { operatorAuth, startTestPair, type TestPair } from './support/nodes';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
const MARKER = 'DecodedMarker7731';
const canRun = fs.existsSync(CHROMIUM) && !!process.env.TEST_TEMPORAL_UI_URL && !!process.env.TEST_CODEC_PORT;
const maybe = canRun ? describe : describe.skip;

maybe('Temporal UI shows decoded payloads to the token holder only (real browser)', () => {
  let pair: TestPair;
  let router: RunningCodecRouter;
  const contexts: BrowserContext[] = [];
  let workDir: string;
  const ui = process.env.TEST_TEMPORAL_UI_URL!;
  const workflowId = stayWorkflowId('US', 'ui-e-1');
  const codecRequests: Array<{ url: string; credentials: boolean; namespace?: string }> = [];

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-codec-'));
    pair = await startTestPair();
    router = await startCodecRouter({
      port: Number(process.env.TEST_CODEC_PORT),
      routes: {
        [pair.US.config.temporal.namespace]: `${pair.US.urls.operator}/codec`,
        [pair.CA.config.temporal.namespace]: `${pair.CA.urls.operator}/codec`,
      },
      allowedOrigins: [new URL(ui).origin, `http://localhost:${new URL(ui).port}`],
    });
    // A stay-like workflow waiting on a queue no worker polls: it stays open with its input in history.
    await pair.US.ctx.temporal.workflow.start('stay', {
      workflowId,
      taskQueue: `idle-${pair.US.config.temporal.namespace}`,
      args: [{ entryId: 'ui-e-1', note: MARKER }],
      typedSearchAttributes: [
        { key: StayStatus, value: 'awaiting-exit' },
        { key: NodeCountry, value: 'US' },
      ],
    });
    // Wait until visibility lists it, as the UI will.
    for (let i = 0; i < 50; i++) {
      const found = [];
      for await (const w of pair.US.ctx.temporal.workflow.list({ query: `StayStatus = "awaiting-exit"` }))
        found.push(w.workflowId);
      if (found.includes(workflowId)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await router?.close();
    await pair?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  // Each session is its own browser with a fresh profile (--user-data-dir): an ordinary profile, not an
  // incognito context, because incognito blocks the cross-site cookie the codec sign-in relies on.
  async function open(withToken: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(workDir, 'profile-')), {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 1000 },
    });
    contexts.push(context);
    // The UI's codec settings as its data-encoder dialog stores them in the browser: override the cluster's
    // endpoint with the same router URL and turn on "include cross-origin credentials" (the dev server
    // cannot set includeCredentials cluster-wide, and the UI ignores the browser's choice without override).
    await context.addInitScript({
      content: `window.localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
        window.localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(router.url))});
        window.localStorage.setItem('includeCredentials', 'true');`,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    if (withToken) {
      // The operator signs in at the codec router once: the token is kept in an HttpOnly cookie there.
      await page.goto(`${router.url}/login`);
      await page
        .getByLabel(`${pair.US.config.temporal.namespace} operator token`)
        .fill(operatorAuth(pair.US, 'reader').authorization.slice('Bearer '.length));
      await page.getByRole('button', { name: 'Keep in this browser' }).click();
      await page.getByText('1 token(s) kept').waitFor({ timeout: 10_000 });
    }
    page.on('request', async (req) => {
      if (req.url().startsWith(router.url) && req.method() === 'POST' && !/login|logout/.test(req.url())) {
        const h = await req.allHeaders();
        codecRequests.push({
          url: req.url(),
          credentials: /codec_token_/.test(h.cookie ?? ''),
          namespace: h['x-namespace'],
        });
      }
    });
    return { context, page };
  }

  it('filters stays by a search attribute, opens one and sees its input decoded', async () => {
    const { context, page } = await open(true);
    const ns = pair.US.config.temporal.namespace;
    await page.goto(`${ui}/namespaces/${ns}/workflows?query=${encodeURIComponent('StayStatus="awaiting-exit"')}`);
    const link = page.getByRole('link', { name: workflowId, exact: true });
    await link.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-codec-1-filtered-list.png'), fullPage: true });
    await link.click();
    await page.waitForURL(new RegExp(`/workflows/${workflowId}/`), { timeout: 30_000 });
    await page.getByText(MARKER).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-codec-2-decoded-input.png'), fullPage: true });
    expect(codecRequests.some((r) => r.credentials && r.namespace === ns)).toBe(true);
    await context.close();
  }, 90_000);

  it('without the token the same workflow shows ciphertext only', async () => {
    const { context, page } = await open(false);
    const ns = pair.US.config.temporal.namespace;
    const before = codecRequests.length;
    const refused = page.waitForResponse(
      (r) => r.url().startsWith(`${router.url}/decode`) && r.request().method() === 'POST',
      { timeout: 30_000 },
    );
    await page.goto(`${ui}/namespaces/${ns}/workflows/${workflowId}`);
    // The codec refuses (401) and the UI shows the payload as Temporal stores it: ciphertext.
    expect((await refused).status()).toBe(401);
    await page
      .getByText(/^"[A-Za-z0-9+/]{40,}/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-codec-3-ciphertext-without-token.png'), fullPage: true });
    expect(await page.content()).not.toContain(MARKER);
    expect(codecRequests.slice(before).length).toBeGreaterThan(0);
    expect(codecRequests.slice(before).every((r) => !r.credentials)).toBe(true);
    await context.close();
  }, 90_000);
});
