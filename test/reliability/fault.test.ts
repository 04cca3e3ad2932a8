// Fault injection over many exchange cycles between two real node processes on a private Temporal
// dev server (file-persisted) and a private PostgreSQL. While the cycles run, the suite SIGKILLs a
// node at random moments (collect, transmit, ingest, acknowledge), restarts Temporal and PostgreSQL,
// cuts the partner link for several acknowledgement timeouts, and delivers acknowledgements late,
// twice and out of order. After recovery both databases must show: every in-scope record received
// exactly once, every acknowledgement reconciled, no stay closed twice, no overstay flag lost.
//
// Size: FAULT_CYCLES (default 20 directional cycles = 10 daily windows x 2 directions), FAULT_PER_DAY
// trips a day (default 10), FAULT_SEED for a reproducible fault schedule (printed).
import type { Client } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient, Pool } from 'pg';
import { PROJECT_ROOT, type Country } from '../../src/config';
import { cycleWorkflowId, directionLabel, parseWindow } from '../../src/exchange/batch';
import { isInScope } from '../../src/scope/rules';
import { dataConverterFor } from '../../src/temporal/data-converter';
import { simulateTraffic, type SimulatedEntry } from '../../src/simulator/generate';
import { seededRandom } from '../../src/simulator/random';
import type { CycleOptions } from '../../src/exchange/cycle-contract';
import { healthCheck } from '../../workflows/health';
import { purgeExpiredRecords } from '../../workflows/purge';
import {
  failOverDeadWorker,
  startProcessPair,
  sleep,
  waitFor,
  type NodeProcess,
  type ProcessPair,
} from '../support/processes';
import { collectHistories, replayAll, writeHistoryFixtures } from '../support/replay';
import { postEntries, recordsByPort } from '../support/capture';

const CYCLES = Math.max(20, Number(process.env.FAULT_CYCLES ?? 20));
const WINDOWS = Math.ceil(CYCLES / 2);
const PER_DAY = Number(process.env.FAULT_PER_DAY ?? 10);
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 1_000_000));
const FIRST_DAY = '2026-09-01';
// The exchange's timers, shortened: an acknowledgement is awaited 2 s (10 minutes by default) before
// the batch is sent again. A link cut of 6 ack timeouts is, in default time, an hour.
const ACK_TIMEOUT_MS = 2_000;
const CYCLE_OPTIONS: Partial<CycleOptions> = { batchSize: 7, ackTimeout: `${ACK_TIMEOUT_MS} ms`, ackOverdueAfter: 3 };
const LINK_CUT_MS = 6 * ACK_TIMEOUT_MS;
const LATE_ACK_MS = Math.round(2.5 * ACK_TIMEOUT_MS);

const FAULTS = [
  'kill-sender-collect',
  'restart-temporal',
  'kill-receiver-ingest',
  'cut-link',
  'kill-sender-transmit',
  'restart-postgres',
  'kill-receiver-acknowledge',
  'late-acks',
  'kill-both',
] as const;
type Fault = (typeof FAULTS)[number];
// FAULT_ONLY=restart-postgres,cut-link runs only those faults (to chase one kind of failure).
const ENABLED_FAULTS: readonly Fault[] = process.env.FAULT_ONLY
  ? FAULTS.filter((f) => process.env.FAULT_ONLY!.split(',').includes(f))
  : FAULTS;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

jest.setTimeout(20 * 60_000);

describe(`fault injection over ${WINDOWS * 2} exchange cycles (seed ${SEED})`, () => {
  let pair: ProcessPair;
  const clients = {} as Record<Country, Client>;
  const pools = {} as Record<Country, Pool>;
  const rand = seededRandom(SEED);
  const counts = {
    kills: 0,
    unexpectedExits: 0,
    temporalRestarts: 0,
    postgresRestarts: 0,
    linkCuts: 0,
    lateAckWindows: 0,
    ackReplays: 0,
    ackReplaysStale: 0,
    attemptsFailedOver: 0,
    missedTargets: 0,
  };
  const killedDuring: Record<string, number> = {};
  const deadPids: Array<{ country: Country; pid: number }> = [];
  let lastSweep = 0;

  /** Attempts a dead worker had started but that only showed as started after it was killed. */
  async function sweepDeadWorkers(): Promise<void> {
    if (process.env.FAULT_NO_FAILOVER === '1' || Date.now() - lastSweep < 5_000) return;
    lastSweep = Date.now();
    for (const { country, pid } of deadPids)
      counts.attemptsFailedOver += await failOverDeadWorker(clients[country], pid, [
        'exchangeCycle',
        'ingestBatch',
      ]).catch(() => 0);
  }

  beforeAll(async () => {
    pair = await startProcessPair('fault', { relays: true });
    for (const c of ['US', 'CA'] as Country[]) {
      clients[c] = await pair.client(c);
      pools[c] = new Pool({ connectionString: pair.databaseUrl(c), max: 2 });
      pools[c].on('error', () => undefined); // the suite restarts PostgreSQL under this pool
    }
  });
  let passed = false;
  afterAll(async () => {
    if (!passed && pair) {
      // Keep what explains a failure (CI uploads test-artifacts/): both nodes' logs and Temporal's.
      const dir = path.join(PROJECT_ROOT, 'test-artifacts', `fault-seed-${SEED}`);
      fs.mkdirSync(dir, { recursive: true });
      for (const file of ['node-us.log', 'node-ca.log', 'temporal.log'])
        fs.copyFileSync(path.join(pair.workDir, file), path.join(dir, file));
      console.warn(`fault suite failed: logs kept in ${dir}; reproduce with FAULT_SEED=${SEED} FAULT_CYCLES=${CYCLES}`);
    }
    for (const pool of Object.values(pools)) await pool.end().catch(() => undefined);
    await pair?.stop();
  });

  /** A supervisor's job: a node that died by itself is counted and started again. */
  async function superviseNodes(): Promise<void> {
    for (const node of [pair.US, pair.CA]) {
      if (!node.running()) {
        counts.unexpectedExits++;
        if (node.child?.pid) deadPids.push({ country: node.country, pid: node.child.pid });
        console.warn(`fault: ${node.country} node was not running; log tail:\n${node.tail(8)}`);
        await node.start();
      }
    }
  }

  async function capture(node: NodeProcess, records: SimulatedEntry[]): Promise<void> {
    for (const [port, mine] of recordsByPort(records)) {
      for (let i = 0; i < mine.length; i += 500) {
        const body = { records: mine.slice(i, i + 500) };
        await waitFor(
          `${node.country} capture`,
          async () => {
            const res = await postEntries({ config: pair.config[node.country], urls: node.urls }, body, { port });
            if (res.status >= 500) return false;
            if (res.status >= 300) throw new Error(`capture refused ${res.status}: ${await res.text()}`);
            return true;
          },
          60_000,
          500,
        );
      }
    }
  }

  /** The activities a node's running cycle and ingest workflows have in flight (for the report). */
  async function inFlight(country: Country): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const wf of clients[country].workflow.list({ query: 'ExecutionStatus="Running"' })) {
        if (wf.type !== 'exchangeCycle' && wf.type !== 'ingestBatch') continue;
        const d = await clients[country].workflow.getHandle(wf.workflowId).describe();
        for (const a of d.raw.pendingActivities ?? []) if (a.activityType?.name) names.push(a.activityType.name);
      }
    } catch {
      // Visibility is best effort while things restart.
    }
    return names;
  }

  /** For a failure message: what each running cycle and ingest is waiting on. */
  async function pendingActivities(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const c of ['US', 'CA'] as Country[]) {
      try {
        for await (const wf of clients[c].workflow.list({ query: 'ExecutionStatus="Running"' })) {
          if (wf.type !== 'exchangeCycle' && wf.type !== 'ingestBatch') continue;
          const d = await clients[c].workflow.getHandle(wf.workflowId).describe();
          out[`${c} ${wf.workflowId}`] = (d.raw.pendingActivities ?? []).map((a) => ({
            type: a.activityType?.name,
            state: a.state,
            attempt: a.attempt,
            worker: a.lastWorkerIdentity,
          }));
        }
      } catch (err) {
        out[c] = String(err);
      }
    }
    return out;
  }

  async function kill(node: NodeProcess): Promise<void> {
    const during = await inFlight(node.country);
    const pid = node.child!.pid!;
    deadPids.push({ country: node.country, pid });
    await node.kill('SIGKILL');
    counts.kills++;
    if (process.env.FAULT_NO_FAILOVER !== '1')
      counts.attemptsFailedOver += await failOverDeadWorker(clients[node.country], pid, [
        'exchangeCycle',
        'ingestBatch',
      ]);
    for (const name of during.length ? during : ['(between activities)'])
      killedDuring[name] = (killedDuring[name] ?? 0) + 1;
  }

  /** Holds a table in ACCESS EXCLUSIVE mode so the activity that needs it stays in flight. */
  async function holdTable(country: Country, table: string): Promise<() => Promise<void>> {
    const db = new PgClient({ connectionString: pair.databaseUrl(country) });
    await db.connect();
    await db.query('BEGIN');
    await db.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return async () => {
      await db.query('ROLLBACK').catch(() => undefined);
      await db.end().catch(() => undefined);
    };
  }

  /** The relay that carries `country`'s calls to its partner. */
  const relayFrom = (country: Country) => (country === 'US' ? pair.links!.toCA : pair.links!.toUS);

  /**
   * Makes one activity stay in flight (a table lock, or the partner link holding the request open),
   * waits until Temporal shows it running on `node`, SIGKILLs the node there, and starts it again.
   */
  async function killDuring(
    node: NodeProcess,
    activity: string,
    hold: () => Promise<() => Promise<void>>,
  ): Promise<() => Promise<void>> {
    const release = await hold();
    return async () => {
      try {
        await waitFor(
          `${activity} in flight on ${node.country}`,
          async () => (await inFlight(node.country)).includes(activity),
          20_000,
          100,
        );
        await kill(node);
      } catch {
        counts.missedTargets++; // the window had nothing for that activity to do
      } finally {
        await release();
      }
      await sleep(Math.floor(rand() * 1500));
      if (!node.running()) await node.start();
    };
  }

  /** Sets a fault up before the window's cycles start; returns what to do once they run. */
  async function prepare(fault: Fault): Promise<() => Promise<void>> {
    const sender: Country = rand() < 0.5 ? 'US' : 'CA';
    const receiver: Country = sender === 'US' ? 'CA' : 'US';
    switch (fault) {
      case 'kill-sender-collect':
        return killDuring(pair[sender], 'prepareBatch', () => holdTable(sender, 'outbound_records'));
      case 'kill-sender-transmit':
        return killDuring(pair[sender], 'transmitBatch', async () => {
          relayFrom(sender).hang = /^\/intake\/batches/;
          return async () => relayFrom(sender).releaseHung();
        });
      case 'kill-receiver-ingest':
        return killDuring(pair[receiver], 'storeExits', () => holdTable(receiver, 'exits'));
      case 'kill-receiver-acknowledge':
        return killDuring(pair[receiver], 'sendAcknowledgement', async () => {
          relayFrom(receiver).hang = /^\/intake\/acks/;
          return async () => relayFrom(receiver).releaseHung();
        });
      case 'kill-both':
        return async () => {
          await sleep(Math.floor(rand() * 2500));
          await Promise.all([kill(pair.US), kill(pair.CA)]);
          await Promise.all([pair.US.start(), pair.CA.start()]);
        };
      case 'restart-temporal':
        return async () => {
          await sleep(Math.floor(rand() * 1500));
          await pair.temporal.restart();
          counts.temporalRestarts++;
        };
      case 'restart-postgres':
        return async () => {
          await sleep(Math.floor(rand() * 1500));
          await pair.postgres.restart();
          counts.postgresRestarts++;
        };
      case 'cut-link':
        return async () => {
          await sleep(Math.floor(rand() * 1000));
          pair.links!.toCA.mode = 'cut';
          pair.links!.toUS.mode = 'cut';
          await sleep(LINK_CUT_MS);
          pair.links!.toCA.mode = 'open';
          pair.links!.toUS.mode = 'open';
          counts.linkCuts++;
        };
      case 'late-acks':
        pair.links!.toCA.holdAcksMs = LATE_ACK_MS;
        pair.links!.toUS.holdAcksMs = LATE_ACK_MS;
        counts.lateAckWindows++;
        return async () => undefined;
    }
  }

  async function waitForCycle(country: Country, window: string): Promise<void> {
    const id = cycleWorkflowId(directionLabel(country, country === 'US' ? 'CA' : 'US'), window);
    await waitFor(
      `cycle ${id}`,
      async () => {
        await superviseNodes();
        await sweepDeadWorkers();
        const d = await clients[country].workflow.getHandle(id).describe();
        if (d.status.name === 'COMPLETED') return true;
        if (d.status.name !== 'RUNNING' && d.status.name !== 'CONTINUED_AS_NEW')
          throw Object.assign(new Error(`cycle ${id} ended ${d.status.name}`), { fatal: true });
        return false;
      },
      180_000,
      500,
    ).catch(async (err) => {
      throw new Error(
        `${err.message}\npending: ${JSON.stringify(await pendingActivities())}\n` +
          `US log:\n${pair.US.tail(10)}\nCA log:\n${pair.CA.tail(10)}`,
      );
    });
  }

  async function startCycle(country: Country, window: string): Promise<void> {
    const to: Country = country === 'US' ? 'CA' : 'US';
    const parsed = parseWindow(window);
    await waitFor(`start of ${country} cycle ${window}`, async () => {
      await clients[country].workflow
        .start('exchangeCycle', {
          workflowId: cycleWorkflowId(directionLabel(country, to), window),
          taskQueue: pair.taskQueue(country),
          args: [{ from: country, to, window: parsed.label, windowEnd: parsed.end, options: CYCLE_OPTIONS }],
        })
        .catch((err: Error) => {
          if (err.name !== 'WorkflowExecutionAlreadyStartedError') throw err;
        });
      return true;
    });
  }

  /** Plays captured acknowledgements again, exact bytes, out of order, straight to their receiver. */
  async function replayAcks(n: number): Promise<void> {
    const links = [
      { captured: pair.links!.toUS.acks, target: pair.US },
      { captured: pair.links!.toCA.acks, target: pair.CA },
    ];
    for (let i = 0; i < n; i++) {
      const { captured, target } = links[Math.floor(rand() * links.length)];
      if (captured.length === 0) continue;
      const ack = captured[Math.floor(rand() * captured.length)];
      const res = await fetch(`${target.urls!.partner}${ack.path}`, {
        method: 'POST',
        headers: ack.headers,
        body: ack.body,
      });
      const body = (await res.json()) as { applied?: boolean; error?: string };
      // A captured (genuine) ack refused for its signature can only be stale: the answer does not say which.
      if (res.status === 401 && /bad signature/.test(body.error ?? '')) {
        counts.ackReplaysStale++; // older than the signature window: refused, as it should be
        continue;
      }
      expect({ status: res.status, body }).toEqual({ status: 200, body: expect.objectContaining({ applied: false }) });
      counts.ackReplays++;
    }
  }

  it('loses nothing, duplicates nothing, and reconciles every acknowledgement', async () => {
    const traffic = simulateTraffic({ from: FIRST_DAY, days: WINDOWS, perDay: PER_DAY, seed: SEED });
    const byDay = new Map<string, Record<Country, SimulatedEntry[]>>();
    for (const c of ['US', 'CA'] as Country[]) {
      for (const e of traffic[c]) {
        const day = new Date(e.entered_at).toISOString().slice(0, 10);
        const bucket = byDay.get(day) ?? { US: [], CA: [] };
        bucket[c].push(e);
        byDay.set(day, bucket);
      }
    }
    const started = Date.now();
    const lastDay = addDays(FIRST_DAY, WINDOWS); // catch-up window, no fault
    const faultsRun: Record<string, number> = {};
    for (let w = 0; w <= WINDOWS; w++) {
      const window = addDays(FIRST_DAY, w);
      const fault: Fault | 'none' = window === lastDay ? 'none' : ENABLED_FAULTS[(w + SEED) % ENABLED_FAULTS.length];
      faultsRun[fault] = (faultsRun[fault] ?? 0) + 1;
      await superviseNodes();
      const bucket = byDay.get(window) ?? { US: [], CA: [] };
      // Entries on days before the first window (none) or after the catch-up day (none) would be missed.
      await capture(pair.US, bucket.US);
      await capture(pair.CA, bucket.CA);
      const inject = fault === 'none' ? undefined : await prepare(fault);
      await Promise.all([startCycle('US', window), startCycle('CA', window)]);
      await inject?.();
      await superviseNodes();
      await Promise.all([waitForCycle('US', window), waitForCycle('CA', window)]);
      pair.links!.toCA.holdAcksMs = 0;
      pair.links!.toUS.holdAcksMs = 0;
      await replayAcks(3);
    }
    const cyclesMs = Date.now() - started;

    // ---- After recovery: nothing in flight any more.
    await superviseNodes();
    for (const c of ['US', 'CA'] as Country[]) {
      await waitFor(
        `${c}: no ingest or cycle running`,
        async () => {
          for await (const wf of clients[c].workflow.list({ query: 'ExecutionStatus="Running"' }))
            if (wf.type === 'ingestBatch' || wf.type === 'exchangeCycle') return false;
          return true;
        },
        120_000,
        1000,
      );
    }

    const checked = {
      records: 0,
      batches: 0,
      acks: 0,
      stays: 0,
      exitsOnStays: 0,
      inCountryFlags: 0,
      outOfCountryFlags: 0,
    };
    for (const [from, to] of [
      ['US', 'CA'],
      ['CA', 'US'],
    ] as Array<[Country, Country]>) {
      const sender = pools[from];
      const receiver = pools[to];
      const captured = traffic[from];
      const inScope = captured.filter((e) => isInScope(e, new Date(e.entered_at).toISOString().slice(0, 10)));
      // Everything captured is stored once on the sender.
      const stored = await sender.query<{ id: string }>('SELECT id FROM entries');
      expect(new Set(stored.rows.map((r) => r.id))).toEqual(new Set(captured.map((e) => e.id)));

      // Received exactly once: the partner's exits are exactly the in-scope entries, and no record was
      // accepted in two different batches.
      const exits = await receiver.query<{ id: string }>('SELECT id FROM exits');
      expect(exits.rows.map((r) => r.id).sort()).toEqual(inScope.map((e) => e.id).sort());
      const twice = await receiver.query(
        `SELECT record_id FROM inbound_results WHERE status = 'accepted' GROUP BY record_id HAVING count(DISTINCT batch_id) > 1`,
      );
      expect(twice.rows).toEqual([]);
      const notInScope = captured.filter((e) => !inScope.includes(e)).map((e) => e.id);
      const leaked = await receiver.query('SELECT id FROM exits WHERE id = ANY($1)', [notInScope]);
      expect(leaked.rows).toEqual([]);

      // Every batch acknowledged and reconciled; every record's status settled as accepted.
      const batches = await sender.query<{ batch_id: string; acked: boolean; has_ack: boolean; accepted: number }>(
        `SELECT b.batch_id, b.acked_at IS NOT NULL AS acked, a.batch_id IS NOT NULL AS has_ack, b.accepted
         FROM outbound_batches b LEFT JOIN outbound_acks a USING (batch_id)`,
      );
      expect(batches.rows.filter((b) => !b.acked || !b.has_ack)).toEqual([]);
      const inbound = await receiver.query<{ batch_id: string; ack_sent: boolean }>(
        'SELECT batch_id, ack_sent_at IS NOT NULL AS ack_sent FROM inbound_batches',
      );
      expect(inbound.rows.map((b) => b.batch_id).sort()).toEqual(batches.rows.map((b) => b.batch_id).sort());
      expect(inbound.rows.filter((b) => !b.ack_sent)).toEqual([]);
      const statuses = await sender.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM outbound_records GROUP BY status',
      );
      expect(Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)]))).toEqual(
        inScope.length ? { accepted: inScope.length } : {},
      );
      expect(batches.rows.reduce((n, b) => n + Number(b.accepted), 0)).toBe(inScope.length);
      checked.records += inScope.length;
      checked.batches += batches.rows.length;
      checked.acks += batches.rows.filter((b) => b.has_ack).length;
    }

    // Stays: none closed twice, and every flag that is due is standing (the stay workflows catch up
    // after the faults, so this is awaited).
    for (const c of ['US', 'CA'] as Country[]) {
      const db = pools[c];
      const closedTwice = await db.query('SELECT entry_id FROM matches GROUP BY entry_id HAVING count(*) > 1');
      expect(closedTwice.rows).toEqual([]);
      await waitFor(
        `${c}: stays reflect every exit and every overstay`,
        async () => {
          const missingExit = await db.query(
            `SELECT m.entry_id FROM matches m JOIN stays s ON s.entry_id = m.entry_id
             WHERE s.exit_id IS DISTINCT FROM m.exit_id`,
          );
          const lostInCountry = await db.query(
            `SELECT s.entry_id FROM stays s
             WHERE s.admit_until < (now() AT TIME ZONE 'UTC')::date AND s.exit_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM overstays o WHERE o.entry_id = s.entry_id AND o.kind = 'in_country' AND o.lifted_at IS NULL)`,
          );
          const lostOutOfCountry = await db.query(
            `SELECT s.entry_id FROM stays s
             WHERE s.exit_id IS NOT NULL AND (s.exited_at AT TIME ZONE 'UTC')::date > s.admit_until
               AND NOT EXISTS (SELECT 1 FROM overstays o WHERE o.entry_id = s.entry_id AND o.kind = 'out_of_country'
                               AND o.exit_id = s.exit_id AND o.lifted_at IS NULL)`,
          );
          const problems = missingExit.rowCount! + lostInCountry.rowCount! + lostOutOfCountry.rowCount!;
          return problems === 0 ? true : false;
        },
        120_000,
        1000,
      );
      const stays = await db.query<{ n: string; exits: string }>(
        'SELECT count(*) AS n, count(exit_id) AS exits FROM stays',
      );
      const flags = await db.query<{ kind: string; n: string }>(
        'SELECT kind, count(*) AS n FROM overstays WHERE lifted_at IS NULL GROUP BY kind',
      );
      const flagCount = Object.fromEntries(flags.rows.map((r) => [r.kind, Number(r.n)]));
      checked.stays += Number(stays.rows[0].n);
      checked.exitsOnStays += Number(stays.rows[0].exits);
      checked.inCountryFlags += flagCount.in_country ?? 0;
      checked.outOfCountryFlags += flagCount.out_of_country ?? 0;
    }

    // No workflow of the exchange failed or was terminated on the way.
    for (const c of ['US', 'CA'] as Country[]) {
      for await (const wf of clients[c].workflow.list({
        query: 'ExecutionStatus="Failed" OR ExecutionStatus="Terminated" OR ExecutionStatus="TimedOut"',
      }))
        throw new Error(`${c}: workflow ${wf.type} ${wf.workflowId} ended ${wf.status.name}`);
    }

    const relays = pair.links!;
    console.log(
      `fault suite: seed ${SEED}, ${WINDOWS * 2 + 2} cycles (${WINDOWS + 1} windows x 2 directions) in ${Math.round(cyclesMs / 1000)} s; ` +
        `faults ${JSON.stringify(faultsRun)}; ${counts.kills} SIGKILLs during ${JSON.stringify(killedDuring)}, ` +
        `${counts.attemptsFailedOver} attempts of killed workers failed over, ${counts.missedTargets} targeted kills found nothing in flight, ${counts.unexpectedExits} unexpected node exits, ${counts.temporalRestarts} Temporal restarts, ${counts.postgresRestarts} PostgreSQL restarts, ` +
        `${counts.linkCuts} link cuts of ${LINK_CUT_MS / ACK_TIMEOUT_MS} ack timeouts, ${counts.lateAckWindows} windows of late acks ` +
        `(${relays.toCA.stats.duplicatedAcks + relays.toUS.stats.duplicatedAcks} delivered twice), ` +
        `${counts.ackReplays} acks replayed out of order (+${counts.ackReplaysStale} stale refused), ` +
        `${relays.toCA.stats.dropped + relays.toUS.stats.dropped} messages dropped by the link. ` +
        `CHECKED: ${checked.records} records received exactly once, ${checked.batches} batches / ${checked.acks} acks reconciled, ` +
        `${checked.stays} stays (${checked.exitsOnStays} closed once by an exit), ${checked.inCountryFlags} in-country and ` +
        `${checked.outOfCountryFlags} out-of-country overstay flags standing, 0 lost`,
    );
    // A node must survive every fault but a SIGKILL: dying by itself (say, on a database restart)
    // is a failure even though the supervisor here restarted it.
    expect(counts.unexpectedExits).toBe(0);
    passed = true;
  });

  it('replays every workflow history the suite produced with the current workflow code', async () => {
    // A purge run on each node, so its history is replayed too.
    for (const c of ['US', 'CA'] as Country[]) {
      await clients[c].workflow.execute(purgeExpiredRecords, {
        workflowId: `fault-purge-${c.toLowerCase()}`,
        taskQueue: pair.taskQueue(c),
        args: [{}],
      });
      await clients[c].workflow.execute(healthCheck, {
        workflowId: `fault-health-${c.toLowerCase()}`,
        taskQueue: pair.taskQueue(c),
      });
    }
    const totals: Record<string, number> = {};
    for (const c of ['US', 'CA'] as Country[]) {
      const histories = await collectHistories(clients[c], Number(process.env.REPLAY_PER_TYPE ?? 20));
      const summary = await replayAll(histories, {
        workflowBundlePath: process.env.TEST_WORKFLOW_BUNDLE!,
        dataConverter: dataConverterFor(pair.config[c], pair.env),
      });
      expect(summary.failures).toEqual([]);
      for (const [type, n] of Object.entries(summary.byType)) totals[type] = (totals[type] ?? 0) + n;
      if (process.env.RECORD_HISTORY_FIXTURES === '1') {
        const files = writeHistoryFixtures(c, histories, pair.env[`${c}_PAYLOAD_KEYS`]);
        console.log(`recorded ${files.length} history fixtures for ${c}`);
      }
    }
    for (const type of ['exchangeCycle', 'ingestBatch', 'stay', 'purgeExpiredRecords', 'healthCheck'])
      expect(totals[type]).toBeGreaterThan(0);
    console.log(`replay: ${JSON.stringify(totals)} histories replayed without nondeterminism`);
  });
});
