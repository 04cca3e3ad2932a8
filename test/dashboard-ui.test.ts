// The operator dashboard page in a real (headless) Chromium, Debian's, through playwright-core: after
// an exchange both ways and some overstay flags, each chart holds the numbers this test counts itself
// in the node's database; without the operator credential the page is refused. Screenshot in
// test-artifacts/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import type { SimulatedEntry } from '../src/simulator/generate';
import { capture } from './support/capture';
import { operatorAuth, pairWithPools, type PairWithPools } from './support/nodes';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
const canRun = fs.existsSync(CHROMIUM);
const maybe = canRun ? describe : describe.skip;
if (!canRun)
  test.skip(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`, () => {});

function traveller(id: string, port: string, enteredAt: string): SimulatedEntry {
  return {
    id,
    surname: 'Haraldsdottir',
    first_name: 'Sigrun',
    middle_names: '',
    date_of_birth: '1985-07-14',
    citizenship: 'ISL',
    sex: 'F',
    document_type: 'P',
    document_number: withCheckDigit(
      crypto.createHash('sha1').update(id.slice(3)).digest('hex').slice(0, 8).toUpperCase(),
    ),
    document_issuer: 'ISL',
    port_of_entry: port,
    entered_at: enteredAt,
    category: 'visitor',
  };
}

interface ChartData {
  labels: string[];
  datasets: Array<{ label: string; data: Array<number | null> }>;
}

maybe('the dashboard page (real browser)', () => {
  let pair: PairWithPools;
  let ca: Pool;
  let browser: Browser;
  const day = (offset: number, now: Date) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    pair = await pairWithPools();
    ca = pair.db.CA;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    // Four travellers entered Canada, then the US; two more only entered the US. Both directions run.
    const now = pair.CA.clock.now();
    const yesterday = day(-1, now);
    await capture(
      pair.CA,
      ['d-1', 'd-2', 'd-3', 'd-4'].map((id) => traveller(`ca-${id}`, 'CA-LACOLLE', `${day(-3, now)}T09:00:00Z`)),
    );
    await capture(
      pair.US,
      ['d-1', 'd-2', 'd-3', 'd-4', 'd-5', 'd-6'].map((id) =>
        traveller(`us-${id}`, 'US-CHAMPLAIN', `${day(-2, now)}T10:00:00Z`),
      ),
    );
    const options = { ackTimeout: '60 seconds', ackOverdueAfter: 2 } as const;
    await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, { from: 'US', to: 'CA', window: yesterday, options });
    await runExchangeCycle(pair.CA.ctx.temporal, pair.CA.config, { from: 'CA', to: 'US', window: yesterday, options });
    // Overstay flags on CA's entries: two flagged three days ago (one lifted yesterday), one today.
    const flag = (entryId: string, flaggedAt: string, liftedAt: string | null) =>
      ca.query(
        `INSERT INTO overstays (entry_id, kind, since, flagged_at, lifted_at) VALUES ($1, 'in_country', $2::date, $3, $4)`,
        [entryId, day(-4, now), flaggedAt, liftedAt],
      );
    await flag('ca-d-1', `${day(-3, now)}T06:00:00Z`, null);
    await flag('ca-d-2', `${day(-3, now)}T06:00:00Z`, `${yesterday}T12:00:00Z`);
    await flag('ca-d-3', now.toISOString(), null);
    // And one raised before the dashboard's 30 days, still open: it counts as open on every day shown.
    await flag('ca-d-4', `${day(-40, now)}T06:00:00Z`, null);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await pair?.stop();
  });

  /** Counts per day of the last `days` days, computed here with this test's own SQL. */
  async function perDay(sql: string, days: string[]): Promise<number[]> {
    const { rows } = await ca.query<{ day: string; n: string }>(sql);
    const by = new Map(rows.map((r) => [r.day, Number(r.n)]));
    return days.map((d) => by.get(d) ?? 0);
  }

  test('without the operator credential the page and its data are refused', async () => {
    for (const route of ['/dashboard', '/dashboard/data', '/dashboard/chart.umd.js'])
      expect((await fetch(`${pair.CA.urls.operator}${route}`)).status).toBe(401);
  });

  test('the charts hold the numbers the database holds', async () => {
    const context = await browser.newContext({
      extraHTTPHeaders: operatorAuth(pair.CA, 'reader'),
      viewport: { width: 1300, height: 1500 },
    });
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(pair.CA.urls.operator)) external.push(r.url());
    });
    await page.goto(`${pair.CA.urls.operator}/dashboard`);
    await page.waitForFunction('window.dashboardReady === true', null, { timeout: 30_000 });
    // Each chart's data as Chart.js holds it (runs in the page, hence a string).
    const charts = (await page.evaluate(`(() => {
      const out = {};
      for (const canvas of document.querySelectorAll('canvas')) out[canvas.id] = JSON.parse(JSON.stringify(Chart.getChart(canvas).data));
      return out;
    })()`)) as Record<string, ChartData>;
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-ca.png'), fullPage: true });
    expect(external).toEqual([]); // the library comes from the node, not a CDN

    const days = charts.volumes.labels;
    expect(days).toHaveLength(30);
    expect(days[29]).toBe(pair.CA.clock.now().toISOString().slice(0, 10));
    const dataset = (chart: string, label: RegExp) => charts[chart].datasets.find((d) => label.test(d.label))!.data;
    const utcDay = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

    const sent = await perDay(
      `SELECT ${utcDay('first_sent_at')} AS day, sum(record_count) AS n FROM outbound_batches GROUP BY 1`,
      days,
    );
    const received = await perDay(
      `SELECT ${utcDay('received_at')} AS day, sum(record_count) AS n FROM inbound_batches GROUP BY 1`,
      days,
    );
    expect(sent.reduce((a, b) => a + b)).toBe(4);
    expect(received.reduce((a, b) => a + b)).toBe(6);
    expect(dataset('volumes', /^sent CA->US/)).toEqual(sent);
    expect(dataset('volumes', /^received US->CA/)).toEqual(received);

    const accepted = await perDay(
      `SELECT ${utcDay('b.received_at')} AS day, count(*) AS n FROM inbound_results r JOIN inbound_batches b USING (batch_id)
       WHERE r.status = 'accepted' GROUP BY 1`,
      days,
    );
    expect(dataset('acceptance', /^partner's accepted/)).toEqual(accepted);
    expect(dataset('acceptance', /^ours accepted/)).toEqual(
      await perDay(`SELECT ${utcDay('acked_at')} AS day, sum(accepted) AS n FROM outbound_batches GROUP BY 1`, days),
    );

    // Four of the six received exits belong to travellers who entered Canada: 66.67%.
    const exits = await perDay(`SELECT ${utcDay('received_at')} AS day, count(*) AS n FROM exits GROUP BY 1`, days);
    const matched = await perDay(
      `SELECT ${utcDay('x.received_at')} AS day, count(*) AS n FROM exits x JOIN matches m ON m.exit_id = x.id GROUP BY 1`,
      days,
    );
    const rates = exits.map((n, i) => (n > 0 ? Math.round((matched[i] / n) * 10_000) / 100 : null));
    expect(charts.reconciliation.datasets[0].data).toEqual(rates);
    expect(rates.filter((r) => r !== null)).toEqual([66.67]);

    const lag = charts.lag.datasets[0].data;
    expect(lag.filter((h) => h !== null).length).toBeGreaterThan(0);

    const flagged = await perDay(
      `SELECT ${utcDay('flagged_at')} AS day, count(*) AS n FROM overstays WHERE kind = 'in_country' GROUP BY 1`,
      days,
    );
    expect(dataset('overstays', /^new/)).toEqual(flagged);
    const open = days.map((d) => 1 + (d < days[29 - 3] ? 0 : d < days[29 - 1] ? 2 : d === days[29 - 1] ? 1 : 2));
    expect(dataset('overstays', /^open/)).toEqual(open);
    expect(await page.locator('#overstays-now').textContent()).toBe('3');
    await context.close();
  }, 120_000);

  test('a browser signs in on the page with the own token and lands on the charts', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refusedInPage: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refusedInPage.push(m.text());
    });
    await page.goto(`${pair.CA.urls.operator}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.fill('input[name=token]', operatorAuth(pair.CA, 'reader').authorization.slice('Bearer '.length));
    await page.selectOption('select[name=purpose]', 'overstay-review');
    await page.click('button[type=submit]');
    await page.waitForURL(`${pair.CA.urls.operator}/dashboard`);
    // The page's CSP forbids eval, so readiness is read from the DOM, not by evaluating a string.
    await page.locator('#overstays-now', { hasText: '3' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('canvas').count()).toBe(5);
    expect(refusedInPage).toEqual([]); // the page's own inline script and style run under its CSP
    await context.close();
  }, 60_000);
});
