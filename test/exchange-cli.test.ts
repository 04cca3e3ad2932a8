// The operator commands against two running nodes: simulate, import, exchange run (twice),
// backfill, rejected, and the exchange schedule. The CLI runs as a real child process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { ensureExchangeSchedules, exchangeScheduleId } from '../src/exchange/schedules';
import { simulateTraffic } from '../src/simulator/generate';
import { runGentleSimulator } from '../src/simulator/post';
import { cli, lastJson } from './support/cli';
import { pairWithPools, type PairWithPools } from './support/nodes';

describe('exchange CLI', () => {
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

  it('simulates, imports, runs a window once (the second run sends nothing), backfills and lists rejections', async () => {
    const sim = await cli(pair, [
      'simulate',
      '--from',
      '2026-11-20',
      '--days',
      '2',
      '--per-day',
      '40',
      '--seed',
      '3',
      '--returns-until',
      '2026-11-23T00:00:00Z',
      '--us-url',
      pair.US.urls.capture,
      '--ca-url',
      pair.CA.urls.capture,
    ]);
    expect(sim.code).toBe(0);
    const expected = simulateTraffic({
      from: '2026-11-20',
      days: 2,
      perDay: 40,
      seed: 3,
      returnsUntil: '2026-11-23T00:00:00Z',
    });
    // Returns home up to 2026-11-22 are captured although the simulated days end on 2026-11-21.
    expect(expected.US.length + expected.CA.length).toBeGreaterThan(
      Object.values(simulateTraffic({ from: '2026-11-20', days: 2, perDay: 40, seed: 3 })).flat().length,
    );
    expect(lastJson(sim.stdout)).toMatchObject({ captured: { US: expected.US.length, CA: expected.CA.length } });

    // Import: a file with two good lines, one bad line; the bad one is reported by line number, without its values.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ee-import-')), 'entries.jsonl');
    const extra = simulateTraffic({ from: '2026-11-21', days: 1, perDay: 20, seed: 99 }).US.slice(0, 2);
    const bad = { ...extra[0], id: 'import-bad', document_number: 'ZZ9999$990', port_of_entry: 'CA-LACOLLE' };
    fs.writeFileSync(file, [JSON.stringify(extra[0]), JSON.stringify(bad), JSON.stringify(extra[1]), ''].join('\n'));
    const imported = await cli(pair, ['import', file, '--node', 'us']);
    expect(lastJson(imported.stdout)).toMatchObject({ node: 'US', stored: 2, invalid: 1 });
    expect(imported.stderr).toMatch(/line 2: .*document_number must be letters A-Z and digits 0-9 only/);
    expect(imported.stderr).not.toMatch(/ZZ9999\$990/);
    expect(imported.code).toBe(1);

    const run = await cli(pair, ['exchange', 'run', '--from', 'US', '--to', 'CA', '--window', '2026-11-20']);
    expect(run.code).toBe(0);
    const first = lastJson(run.stdout);
    expect(first.workflow_id).toBe('exchange-US-CA-2026-11-20');
    const dayEnd = Date.parse('2026-11-21T00:00:00Z');
    expect(first.sent).toBe(expected.US.filter((e) => Date.parse(e.entered_at) < dayEnd).length);
    expect(first).toMatchObject({ accepted: first.sent, rejected: 0 });
    const future = await cli(pair, ['exchange', 'run', '--from', 'US', '--to', 'CA', '--window', '2099-01-01']);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/window 2099-01-01 has not begun yet/);
    const again = lastJson(
      (await cli(pair, ['exchange', 'run', '--from', 'US', '--to', 'CA', '--window', '2026-11-20'])).stdout,
    );
    expect(again).toMatchObject({ workflow_id: 'exchange-US-CA-2026-11-20', sent: 0, accepted: 0, rejected: 0 });

    // A record the partner refuses, then backfill of the next days picks up the rest and reports it.
    await us.query(
      `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer, port_of_entry, entered_at, content_hash)
       VALUES ('cli-reject', 'Öztürk', 'Ayşe', '1985-06-07', 'TUR', 'F', 'P', 'TR#12345', 'TUR', 'US-DERBY-LINE', '2026-11-21T12:00:00Z', 'legacy')`,
    );
    const backfill = await cli(pair, [
      'exchange',
      'backfill',
      '--from',
      'US',
      '--to',
      'CA',
      '--start',
      '2026-11-21',
      '--end',
      '2026-11-22',
    ]);
    expect(backfill.code).toBe(0);
    const lines = backfill.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.workflow_id).slice(0, 2)).toEqual([
      'exchange-US-CA-2026-11-21',
      'exchange-US-CA-2026-11-22',
    ]);
    expect(lines[2]).toMatchObject({ windows: 2, rejected: 1 });
    expect(await ca.query('SELECT count(*)::int AS n FROM exits').then((r) => r.rows[0].n)).toBe(
      expected.US.length + 2,
    );

    const rejected = await cli(pair, ['exchange', 'rejected', '--node', 'us']);
    const rows = rejected.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'cli-reject', version: 1, batch_id: 'US-CA-2026-11-21-0001' });
    expect(rows[0].reason).toMatch(/document_number must be letters A-Z and digits 0-9 only/);
    expect(rejected.stdout).not.toMatch(/Öztürk|TR#12345/);
  });

  it('trickles gentle traffic into both nodes until stopped', async () => {
    const count = async (db: Pool) =>
      Number(await db.query('SELECT count(*) AS n FROM entries').then((r) => r.rows[0].n));
    const before = { US: await count(us), CA: await count(ca) };
    const stop = new AbortController();
    const errors: Error[] = [];
    const running = runGentleSimulator({
      targets: {
        US: { url: pair.US.urls.capture, portTokens: pair.US.config.portTokens },
        CA: { url: pair.CA.urls.capture, portTokens: pair.CA.config.portTokens },
      },
      signal: stop.signal,
      tickMs: 100,
      tripsPerTick: 4,
      onError: (e) => errors.push(e),
    });
    await new Promise((r) => setTimeout(r, 1500));
    stop.abort();
    await running;
    expect(errors).toEqual([]);
    expect((await count(us)) - before.US).toBeGreaterThan(0);
    expect((await count(ca)) - before.CA).toBeGreaterThan(0);
    const { rows } = await us.query<{ entered_at: Date }>('SELECT max(entered_at) AS entered_at FROM entries');
    expect(Math.abs(rows[0].entered_at.getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('creates the exchange schedule from configuration, and updates it in place', async () => {
    const client = pair.US.ctx.temporal;
    const id = await ensureExchangeSchedules(client, pair.US.config, {
      env: { EXCHANGE_INTERVAL: '5m' },
      paused: true,
    });
    expect(id).toBe(exchangeScheduleId(pair.US.config));
    const described = await client.schedule.getHandle(id).describe();
    expect(described.spec.intervals?.[0].every).toBe(300_000);
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.state.paused).toBe(true);
    await ensureExchangeSchedules(client, pair.US.config, { env: { EXCHANGE_DAILY_AT: '03:30' } });
    const daily = await client.schedule.getHandle(id).describe();
    expect(daily.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 3, end: 3, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    });
    expect(daily.state.paused).toBe(true);
    await client.schedule.getHandle(id).delete();
  });

  it('a backfill from the schedule runs the past windows the scheduled times stand for', async () => {
    const client = pair.US.ctx.temporal;
    const id = await ensureExchangeSchedules(client, pair.US.config, {
      env: { EXCHANGE_DAILY_AT: '02:00', EXCHANGE_TIMEZONE: 'UTC', EXCHANGE_ACK_TIMEOUT: '3s' },
      paused: true,
    });
    await client.schedule.getHandle(id).backfill({
      start: new Date('2026-10-02T00:00:00Z'),
      end: new Date('2026-10-03T23:00:00Z'),
      overlap: ScheduleOverlapPolicy.ALLOW_ALL,
    });
    const found = new Set<string>();
    for (let i = 0; i < 100 && found.size < 2; i++) {
      for await (const wf of client.workflow.list({
        query: "WorkflowType = 'exchangeCycle' AND CycleWindow STARTS_WITH '2026-10-0'",
      }))
        found.add(wf.workflowId);
      if (found.size < 2) await new Promise((r) => setTimeout(r, 200));
    }
    expect([...found].sort()).toEqual(['exchange-US-CA-2026-10-01', 'exchange-US-CA-2026-10-02']);
    await client.schedule.getHandle(id).delete();
  });

  it("a triggered schedule runs the cycle of the window that just ended, under the window's own id", async () => {
    const client = pair.US.ctx.temporal;
    const id = await ensureExchangeSchedules(client, pair.US.config, {
      env: { EXCHANGE_INTERVAL: '5m', EXCHANGE_ACK_TIMEOUT: '3s' },
      paused: true,
    });
    const before = Date.now();
    await client.schedule.getHandle(id).trigger();
    let cycleId: string | undefined;
    for (let i = 0; i < 100 && !cycleId; i++) {
      for await (const wf of client.workflow.list({
        query: "WorkflowType = 'exchangeCycle' AND CycleWindow STARTS_WITH '20'",
      })) {
        if (/^exchange-US-CA-\d{4}-\d{2}-\d{2}T\d{4}$/.test(wf.workflowId)) cycleId = wf.workflowId;
      }
      if (!cycleId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(cycleId).toBeDefined();
    const result = (await client.workflow.getHandle(cycleId!).result()) as {
      sent: number;
      accepted: number;
      rejected: number;
    };
    expect(result).toMatchObject({ accepted: result.sent, rejected: 0 });
    // The window is the five minutes before the trigger.
    const windowStart = Date.parse(
      `${cycleId!.slice('exchange-US-CA-'.length, -5)}T${cycleId!.slice(-4, -2)}:${cycleId!.slice(-2)}:00Z`,
    );
    expect(before - windowStart).toBeGreaterThanOrEqual(0);
    expect(before - windowStart).toBeLessThan(11 * 60_000);
    // Everything captured before the window's end (the gentle traffic above included) has gone.
    const pending = await us.query(
      'SELECT count(*)::int AS n FROM entries WHERE sent_version < version AND entered_at < $1',
      [new Date(windowStart + 5 * 60_000)],
    );
    expect(pending.rows[0].n).toBe(0);
    await client.schedule.getHandle(id).delete();
  });
});
