// Observability end to end: both nodes in this process, real Temporal and PostgreSQL. The operator
// /metrics moves as entries are captured and an exchange cycle runs (read over HTTP before and
// after), the Temporal SDK's own worker metrics are served beside the business ones, a refused
// batch is counted by reason, and the reports' numbers equal counts this test computes itself from
// the database (the overstay classes with the stay rules' own function, overstaysAsOf).
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import { fiscalYearPeriod, OTHER_COUNTRIES } from '../src/observability/overstay-table';
import { overstaysAsOf } from '../src/stays/rules';
import { stayWorkflowId } from '../src/stays/contract';
import { ENCRYPTED_ENCODING } from '../src/codec/aes-gcm-codec';
import { payloadCodecFor } from '../src/temporal/data-converter';
import type { temporal } from '@temporalio/proto';
import type { SimulatedEntry } from '../src/simulator/generate';
import { capture } from './support/capture';
import { cli } from './support/cli';
import { operatorAuth, pairWithPools, type PairWithPools, type TestNode } from './support/nodes';

function traveller(id: string, port: string, enteredAt: string, seed: string): SimulatedEntry {
  return {
    id,
    surname: 'Okonkwo',
    first_name: 'Adaeze',
    middle_names: '',
    date_of_birth: '1979-03-02',
    citizenship: 'NGA',
    sex: 'F',
    document_type: 'P',
    document_number: withCheckDigit(crypto.createHash('sha1').update(seed).digest('hex').slice(0, 8).toUpperCase()),
    document_issuer: 'NGA',
    port_of_entry: port,
    entered_at: enteredAt,
    category: 'visitor',
  };
}

/** Parses Prometheus text into `name{labels}` -> value (labels sorted as exposed). */
async function scrape(node: TestNode): Promise<Map<string, number>> {
  const res = await fetch(`${node.urls.operator}/metrics`, { headers: operatorAuth(node, 'reader') });
  expect(res.status).toBe(200);
  const text = await res.text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The value of a series whose name and labels include all of `labels` (summed over the rest). */
function value(metrics: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [series, v] of metrics) {
    if (series !== name && !series.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, l]) => series.includes(`${k}="${l}"`))) sum += v;
  }
  return sum;
}

describe('metrics, reports and their numbers', () => {
  let pair: PairWithPools;
  let us: Pool;
  let ca: Pool;

  beforeAll(async () => {
    pair = await pairWithPools();
    ({ US: us, CA: ca } = pair.db);
  });
  afterAll(async () => {
    await pair?.stop();
  });

  test('/metrics is operator-only', async () => {
    const res = await fetch(`${pair.US.urls.operator}/metrics`);
    expect(res.status).toBe(401);
  });

  test('the metrics move as entries are captured and a cycle runs; SDK metrics are served too', async () => {
    const travellers = ['m-1', 'm-2', 'm-3'];
    // Each traveller entered Canada first (CA's own entries), then the US: the US entries, sent to
    // CA, are CA's exits and reconcile exactly with CA's entries.
    await capture(
      pair.CA,
      travellers.map((id) => traveller(`ca-${id}`, 'CA-LACOLLE', '2026-11-20T09:00:00-05:00', id)),
    );
    const before = { us: await scrape(pair.US), ca: await scrape(pair.CA) };
    await capture(
      pair.US,
      travellers.map((id) => traveller(`us-${id}`, 'US-CHAMPLAIN', '2026-11-27T10:00:00-05:00', id)),
    );
    // The same request again: recognised, counted as already stored.
    await capture(pair.US, [traveller('us-m-1', 'US-CHAMPLAIN', '2026-11-27T10:00:00-05:00', 'm-1')]);
    const captured = await scrape(pair.US);
    const delta = (now: Map<string, number>, then: Map<string, number>, name: string, labels = {}) =>
      value(now, name, labels) - value(then, name, labels);
    expect(
      delta(captured, before.us, 'entry_exit_entries_captured_total', { port: 'US-CHAMPLAIN', result: 'stored' }),
    ).toBe(3);
    expect(
      delta(captured, before.us, 'entry_exit_entries_captured_total', { port: 'US-CHAMPLAIN', result: 'already' }),
    ).toBe(1);
    expect(value(captured, 'entry_exit_pending_entries', { direction: 'US->CA' })).toBe(3);
    // Entered 2026-11-27 and not sent: the lag is the age of the oldest of them on the node's clock.
    const lag = value(captured, 'entry_exit_exchange_lag_seconds', { direction: 'US->CA' });
    const expectedLag = (pair.US.clock.now().getTime() - Date.parse('2026-11-27T10:00:00-05:00')) / 1000;
    expect(Math.abs(lag - expectedLag)).toBeLessThan(60);

    const result = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-11-27',
      options: { ackTimeout: '60 seconds', ackOverdueAfter: 2 },
    });
    expect(result).toMatchObject({ sent: 3, accepted: 3, rejected: 0, batches: 1 });

    const after = { us: await scrape(pair.US), ca: await scrape(pair.CA) };
    expect(delta(after.us, before.us, 'entry_exit_records_sent_total', { direction: 'US->CA' })).toBe(3);
    expect(delta(after.us, before.us, 'entry_exit_batches_sent_total', { direction: 'US->CA' })).toBe(1);
    expect(
      delta(after.us, before.us, 'entry_exit_records_acknowledged_total', { direction: 'US->CA', result: 'accepted' }),
    ).toBe(3);
    expect(delta(after.us, before.us, 'entry_exit_ack_latency_seconds_count', { direction: 'US->CA' })).toBe(1);
    expect(value(after.us, 'entry_exit_pending_entries', { direction: 'US->CA' })).toBe(0);
    expect(value(after.us, 'entry_exit_exchange_lag_seconds', { direction: 'US->CA' })).toBe(0);
    expect(value(after.us, 'entry_exit_unacknowledged_batches')).toBe(0);
    expect(value(after.us, 'entry_exit_last_cycle_duration_seconds', { direction: 'US->CA' })).toBeGreaterThan(0);
    // The receiving side: our verdicts on the partner's records, and their reconciliation.
    expect(
      delta(after.ca, before.ca, 'entry_exit_records_acknowledged_total', { direction: 'US->CA', result: 'accepted' }),
    ).toBe(3);
    expect(delta(after.ca, before.ca, 'entry_exit_exits_received_total', { direction: 'US->CA' })).toBe(3);
    expect(delta(after.ca, before.ca, 'entry_exit_exits_reconciled_total', { method: 'exact' })).toBe(3);
    expect(value(after.ca, 'entry_exit_reconciliation_rate', { direction: 'US->CA' })).toBe(1);
    // Open stays by status come from the stays table, on every process alike.
    const { rows } = await us.query<{ n: string }>("SELECT count(*) AS n FROM stays WHERE status = 'awaiting_exit'");
    expect(value(after.us, 'entry_exit_open_stays', { status: 'awaiting_exit' })).toBe(Number(rows[0].n));
    // Workers on both task queues, as the Temporal server sees them.
    expect(
      value(after.us, 'entry_exit_task_queue_pollers', {
        task_queue: pair.US.config.temporal.taskQueue,
        type: 'workflow',
      }),
    ).toBeGreaterThan(0);
    // The SDK runtime's own worker metrics, under Temporal's standard names.
    const namespace = `namespace="${pair.US.config.temporal.namespace}"`;
    const sdk = (name: string) => [...after.us.keys()].some((k) => k.startsWith(`${name}{`) && k.includes(namespace));
    expect(sdk('temporal_workflow_completed')).toBe(true);
    expect(sdk('temporal_activity_execution_latency_count')).toBe(true);
    // The settings the alert rules compare with (the daily default: one day; 10 min x 3 sends).
    expect(value(after.us, 'entry_exit_exchange_interval_seconds', { direction: 'US->CA' })).toBe(86_400);
    expect(value(after.us, 'entry_exit_ack_overdue_after_seconds', { direction: 'US->CA' })).toBe(1_800);
    // No label value is personal data: nothing of the travellers appears in the exposition.
    const text = [...after.us.keys(), ...after.ca.keys()].join('\n');
    for (const leak of ['Okonkwo', 'Adaeze', '1979-03-02', 'us-m-1', 'ca-m-1']) expect(text).not.toContain(leak);
  });

  test('workflows, activities and timers carry summaries the UI shows, encrypted by the codec', async () => {
    // Runs after the cycle above: the US->CA cycle of 2026-11-27, CA's ingest of its batch, a US stay.
    const textOf = async (node: TestNode, payload: temporal.api.common.v1.IPayload | null | undefined) => {
      expect(payload).toBeTruthy();
      // Stored in Temporal encrypted, like every payload: no summary text in the clear.
      expect(new TextDecoder().decode(payload!.metadata!.encoding!)).toBe(ENCRYPTED_ENCODING);
      const [plain] = await payloadCodecFor(node.config)!.decode([payload!]);
      return JSON.parse(new TextDecoder().decode(plain.data!)) as string;
    };
    const summariesIn = async (node: TestNode, workflowId: string) => {
      const history = await node.ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
      const out: string[] = [];
      for (const event of history.events ?? [])
        if (event.userMetadata?.summary) out.push(await textOf(node, event.userMetadata.summary));
      return out;
    };

    const cycle = pair.US.ctx.temporal.workflow.getHandle('exchange-US-CA-2026-11-27');
    const described = await cycle.describe();
    expect(await described.staticSummary()).toBe('exchange US→CA for 2026-11-27');
    expect(await described.staticDetails()).toContain('in signed batches of up to 5,000 records');
    const cycleSummaries = await summariesIn(pair.US, 'exchange-US-CA-2026-11-27');
    expect(cycleSummaries).toEqual(
      expect.arrayContaining([
        'exchange US→CA for 2026-11-27', // the start event's own summary
        'collect batch 1 of window 2026-11-27',
        'send US-CA-2026-11-27-0001 (3 records)',
        'waiting for the acknowledgement of US-CA-2026-11-27-0001 (sent 1×)',
        'collect batch 2 of window 2026-11-27',
      ]),
    );
    const metadata = (await cycle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
    expect(metadata.currentDetails).toBe(
      'exchange US→CA for 2026-11-27: 1 batch, 3 records (3 accepted, 0 rejected), 0 resends; completed',
    );

    const ingest = await pair.CA.ctx.temporal.workflow.getHandle('ingest-US-CA-2026-11-27-0001').describe();
    expect(await ingest.staticSummary()).toBe('ingest US-CA-2026-11-27-0001 from US: 3 records');
    expect(await summariesIn(pair.CA, 'ingest-US-CA-2026-11-27-0001')).toEqual(
      expect.arrayContaining([
        'validate and store the records of US-CA-2026-11-27-0001 as exits',
        'reconcile the exits of US-CA-2026-11-27-0001 with own entries',
        'send the signed acknowledgement of US-CA-2026-11-27-0001',
      ]),
    );

    const stayId = stayWorkflowId('US', 'us-m-1');
    const { rows } = await us.query<{ admit_until: string }>(
      "SELECT to_char(admit_until, 'YYYY-MM-DD') AS admit_until FROM stays WHERE entry_id = 'us-m-1'",
    );
    const admitUntil = rows[0].admit_until;
    const stay = await pair.US.ctx.temporal.workflow.getHandle(stayId).describe();
    expect(await stay.staticSummary()).toBe(`stay of us-m-1 (visitor) until admit-until ${admitUntil}`);
    expect(await summariesIn(pair.US, stayId)).toContain(`waiting for exit until admit-until ${admitUntil}`);
  });

  test('a refused batch is counted by its reason class', async () => {
    const before = await scrape(pair.CA);
    const res = await fetch(`${pair.CA.urls.partner}/intake/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"batch_id":"US-CA-2026-11-27-9999"}',
    });
    expect(res.status).toBe(401);
    const after = await scrape(pair.CA);
    expect(
      value(after, 'entry_exit_intake_refusals_total', { kind: 'batch', reason: 'unsigned' }) -
        value(before, 'entry_exit_intake_refusals_total', { kind: 'batch', reason: 'unsigned' }),
    ).toBe(1);
  });

  test('the exchange report equals the counts in the database', async () => {
    const { code, stdout, stderr } = await cli(pair, [
      'report',
      'exchange',
      '--node',
      'ca',
      '--from',
      '2026-11-27',
      '--to',
      '2026-11-27',
      '--format',
      'json',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout);
    const { rows } = await ca.query<{ records: string; accepted: string; exits: string; matched: string }>(
      `SELECT (SELECT sum(record_count) FROM inbound_batches WHERE cycle_window = '2026-11-27') AS records,
              (SELECT count(*) FROM inbound_results r JOIN inbound_batches b USING (batch_id)
                WHERE b.cycle_window = '2026-11-27' AND r.status = 'accepted') AS accepted,
              (SELECT count(*) FROM exits x JOIN inbound_batches b USING (batch_id) WHERE b.cycle_window = '2026-11-27') AS exits,
              (SELECT count(*) FROM matches m JOIN exits x ON x.id = m.exit_id JOIN inbound_batches b USING (batch_id)
                WHERE b.cycle_window = '2026-11-27') AS matched`,
    );
    const inbound = report.windows.find((w: { direction: string }) => w.direction === 'US->CA');
    expect(inbound).toMatchObject({
      window: '2026-11-27',
      records: Number(rows[0].records),
      accepted: Number(rows[0].accepted),
      reconciled: Number(rows[0].matched),
      reconciliation_rate: Number(rows[0].matched) / Number(rows[0].exits),
    });
    expect(Number(rows[0].records)).toBe(3);
    const { rows: audit } = await ca.query("SELECT count(*) AS n FROM audit_log WHERE action = 'report.exchange'");
    expect(Number(audit[0].n)).toBe(1);
  });

  describe('the overstay report', () => {
    const FY = 2026;
    const AS_OF = '2026-11-01';
    // Synthetic stays written straight into the CA node's tables (no workflows): the report reads
    // tables only. Countries of several sizes, so some rows are folded and some cells withheld.
    const plan: Array<{ citizenship: string; category: string; n: number }> = [
      { citizenship: 'DEU', category: 'visitor', n: 23 },
      { citizenship: 'FRA', category: 'visitor', n: 11 },
      { citizenship: 'JPN', category: 'visitor', n: 3 },
      { citizenship: 'MEX', category: 'visitor', n: 2 },
      { citizenship: 'DEU', category: 'temporary_resident', n: 7 },
      { citizenship: 'IND', category: 'temporary_resident', n: 1 },
    ];
    const period = fiscalYearPeriod('CA', FY); // 2025-04-01 .. 2026-03-31

    beforeAll(async () => {
      let i = 0;
      for (const { citizenship, category, n } of plan) {
        for (let k = 0; k < n; k++, i++) {
          const id = `rpt-${i}`;
          // Admit-until days spread over and beyond the fiscal year; exits in time, late, after as-of, or none.
          const admitUntil = new Date(Date.parse(`${period.from}T00:00:00Z`) + ((i * 17) % 420) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const shape = i % 5;
          const exitedAt =
            shape === 0
              ? null
              : shape === 1
                ? new Date(Date.parse(admitUntil) - 3 * 86_400_000)
                : shape === 2
                  ? new Date(Date.parse(admitUntil) + 9 * 86_400_000)
                  : shape === 3
                    ? new Date(Date.parse(`${AS_OF}T12:00:00Z`) + 5 * 86_400_000)
                    : new Date(Date.parse(admitUntil));
          const extension = i % 13 === 7 ? 'pending' : i % 11 === 4 ? 'granted' : null;
          await ca.query(
            `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number,
                                  document_issuer, port_of_entry, entered_at, category, admit_until, content_hash, has_stay)
             VALUES ($1, 'X', 'Y', '1990-01-01', $2, 'M', 'P', $3, $2, 'CA-LACOLLE', $4, $5, $6, 'h', true)`,
            [
              id,
              citizenship,
              `R${String(i).padStart(7, '0')}`,
              new Date(Date.parse(admitUntil) - 90 * 86_400_000),
              category,
              admitUntil,
            ],
          );
          await ca.query(
            `INSERT INTO stays (entry_id, workflow_id, rule_id, category, admit_until, original_admit_until, status,
                                extension_status, exited_at, retain_until)
             VALUES ($1, $2, 'test', $3, $4, $4, 'awaiting_exit', $5, $6, '2040-01-01')`,
            [id, `stay-${id}`, category, admitUntil, extension, exitedAt],
          );
        }
      }
    });

    const overstaysCli = (format: string) =>
      cli(pair, [
        'report',
        'overstays',
        '--node',
        'ca',
        '--fiscal-year',
        String(FY),
        '--as-of',
        AS_OF,
        '--format',
        format,
      ]);

    /** The report's groups, computed here from the raw rows with the stay rules' own function. */
    async function independentGroups() {
      const { rows } = await ca.query<{
        citizenship: string;
        category: string;
        admit_until: string;
        extension_status: string | null;
        exited_at: Date | null;
      }>(
        `SELECT e.citizenship, s.category, to_char(s.admit_until, 'YYYY-MM-DD') AS admit_until, s.extension_status, s.exited_at
         FROM stays s JOIN entries e ON e.id = s.entry_id WHERE s.admit_until IS NOT NULL`,
      );
      const groups = new Map<string, { expected: number; inTime: number; out: number; inCountry: number }>();
      for (const r of rows) {
        if (r.admit_until < period.from || r.admit_until > period.to || r.admit_until >= AS_OF) continue;
        if (r.extension_status === 'pending') continue;
        const found = overstaysAsOf(
          {
            admitUntil: r.admit_until,
            extensionStatus: r.extension_status,
            exitedAt: r.exited_at?.toISOString() ?? null,
            departBy: null,
          },
          AS_OF,
        );
        const key = `${r.citizenship}/${r.category}`;
        const g = groups.get(key) ?? { expected: 0, inTime: 0, out: 0, inCountry: 0 };
        g.expected++;
        if (found.some((f) => f.kind === 'in_country')) g.inCountry++;
        else if (found.some((f) => f.kind === 'out_of_country')) g.out++;
        else g.inTime++;
        groups.set(key, g);
      }
      return groups;
    }

    test('its numbers equal counts computed from the database, with small cells withheld', async () => {
      const { code, stdout, stderr } = await overstaysCli('json');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout);
      expect(report.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
      const groups = await independentGroups();
      const all = [...groups.values()];
      const sum = (k: 'expected' | 'inTime' | 'out' | 'inCountry') => all.reduce((s, g) => s + g[k], 0);
      expect(report.total).toMatchObject({
        expected_departures: sum('expected'),
        in_time_departures: sum('inTime'),
        out_of_country_overstays: sum('out'),
        suspected_in_country_overstays: sum('inCountry'),
        total_overstays: sum('out') + sum('inCountry'),
      });
      expect(sum('expected')).toBeGreaterThan(20);

      const small = (n: number) => n > 0 && n < report.min_cell;
      const folded = new Map<string, { expected: number; inTime: number; out: number; inCountry: number }>();
      for (const [key, g] of groups) {
        const [citizenship, category] = key.split('/');
        if (g.expected < report.min_cell) {
          const f = folded.get(category) ?? { expected: 0, inTime: 0, out: 0, inCountry: 0 };
          for (const k of ['expected', 'inTime', 'out', 'inCountry'] as const) f[k] += g[k];
          folded.set(category, f);
          expect(
            report.rows.find(
              (r: { citizenship: string; category: string }) =>
                r.citizenship === citizenship && r.category === category,
            ),
          ).toBeUndefined();
          continue;
        }
        const row = report.rows.find(
          (r: { citizenship: string; category: string }) => r.citizenship === citizenship && r.category === category,
        );
        expect(row.expected_departures).toBe(g.expected);
        const withheld = [g.out, g.inCountry, g.out + g.inCountry].some(small);
        expect(row.suppressed).toBe(withheld);
        if (withheld) {
          expect([
            row.in_time_departures,
            row.out_of_country_overstays,
            row.suspected_in_country_overstays,
            row.total_overstay_rate,
          ]).toEqual([null, null, null, null]);
        } else {
          expect(row).toMatchObject({
            in_time_departures: g.inTime,
            out_of_country_overstays: g.out,
            suspected_in_country_overstays: g.inCountry,
            total_overstays: g.out + g.inCountry,
            total_overstay_rate: Math.round(((g.out + g.inCountry) / g.expected) * 10_000) / 100,
          });
        }
      }
      // JPN and MEX visitors (3 and 2) and IND temporary residents (1) are too small to show alone.
      expect(folded.size).toBeGreaterThan(0);
      for (const [category, f] of folded) {
        const other = report.rows.find(
          (r: { citizenship: string; category: string }) =>
            r.citizenship === OTHER_COUNTRIES && r.category === category,
        );
        expect(other.expected_departures).toBe(small(f.expected) ? null : f.expected);
      }
      // Personal data never reaches a report: no id, no document number.
      expect(stdout).not.toMatch(/rpt-|R000/);
    });

    test('CSV and HTML carry the definitions, the withheld marker and a chart', async () => {
      const csv = await overstaysCli('csv');
      expect(csv.code).toBe(0);
      expect(csv.stdout).toContain('# suspected_in_country_overstays: no departure recorded by the as-of day');
      expect(csv.stdout).toContain('<5');
      expect(csv.stdout.split('\n').filter((l) => l.startsWith('ALL,'))).toHaveLength(1);
      const html = await overstaysCli('html');
      expect(html.code).toBe(0);
      expect(html.stdout).toMatch(/<svg[^>]*aria-label="Total overstay rate/);
      expect(html.stdout).toContain('Entry/Exit Overstay Report');
      const bad = await cli(pair, ['report', 'overstays', '--node', 'ca', '--fiscal-year', '26']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--fiscal-year must be a year written YYYY');
      const { rows } = await ca.query("SELECT count(*) AS n FROM audit_log WHERE action = 'report.overstays'");
      expect(Number(rows[0].n)).toBeGreaterThanOrEqual(3);
    });
  });
});
