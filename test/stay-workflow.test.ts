// The stay workflow under the time-skipping test server: stays of months finish in seconds. The
// worker runs the real stay activities on a real PostgreSQL database; exits are inserted into
// `exits` and signalled through the real client, as the exchange's ingest does.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Pool } from 'pg';
import { createStayActivities } from '../activities/stays';
import { addDays, addMonths, utcDay } from '../src/calendar';
import { readNodeConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { databaseUrl, ensureDatabase } from '../src/db/pool';
import { createLogger } from '../src/observability/log';
import type { NodeContext } from '../src/node/context';
import {
  decideExtensionUpdate,
  exitRecordedSignal,
  requestExtensionUpdate,
  stayStateQuery,
  stayWorkflowId,
  type ExitRecorded,
  type ExtensionRequest,
  type StayState,
} from '../src/stays/contract';
import { orderRemoval, startStays } from '../src/stays/start';
import type { stay } from '../workflows/stay';
import { writeHistoryFixture } from './support/replay';
import { startTestWorker, startTimeSkippingEnv, type RunningTestWorker } from './support/time-skipping';

const TASK_QUEUE = 'stays-time-skipping';
let env: TestWorkflowEnvironment;
let worker: RunningTestWorker;
let pool: Pool;
let ctx: NodeContext;

async function insertEntry(fields: {
  category?: string | null;
  citizenship?: string;
  enteredAt: string;
  admitUntil?: string | null;
}): Promise<string> {
  const id = `E-${crypto.randomBytes(6).toString('hex')}`;
  await pool.query(
    `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number,
                          document_issuer, port_of_entry, entered_at, category, admit_until, content_hash)
     VALUES ($1, 'TESTER', 'ALEX', '1980-02-29', $2, 'X', 'P', $3, $2, 'BLAINE-WA', $4, $5, $6, $1)`,
    [
      id,
      // MEX: a visitor for six months (8 CFR 214.2(b)); a VWP national would get 90 days (INA s.217).
      fields.citizenship ?? 'MEX',
      `P${crypto.randomInt(1e7)}`,
      fields.enteredAt,
      fields.category ?? null,
      fields.admitUntil ?? null,
    ],
  );
  return id;
}

let exitSeq = 0;
async function recordExit(
  entryId: string,
  exitedAt: string,
  exitId = `X-${++exitSeq}-${crypto.randomBytes(3).toString('hex')}`,
): Promise<ExitRecorded> {
  await pool.query(
    `INSERT INTO exits (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number,
                        document_issuer, port_of_entry, exited_at, batch_id, content_hash)
     VALUES ($1, 'TESTER', 'ALEX', '1980-02-29', 'MEX', 'X', 'P', 'P1', 'MEX', 'SURREY-BC', $2, 'B-1', $1)
     ON CONFLICT (id) DO UPDATE SET exited_at = EXCLUDED.exited_at, version = exits.version + 1`,
    [exitId, exitedAt],
  );
  const exit: ExitRecorded = { exitId, exitedAt, port: 'SURREY-BC', matchedBy: 'exact', score: 1 };
  await handleOf(entryId).signal(exitRecordedSignal, exit);
  return exit;
}

const handleOf = (entryId: string) => env.client.workflow.getHandle(stayWorkflowId('US', entryId));

/** Polls the stay's query (real time, which the test server does not skip) until `check` holds. */
async function stateWhen(entryId: string, check: (s: StayState) => boolean, what: string): Promise<StayState> {
  const deadline = Date.now() + 15_000;
  let last: StayState | undefined;
  while (Date.now() < deadline) {
    last = await handleOf(entryId).query(stayStateQuery);
    const row = await stayRow(entryId);
    // Settled: the database holds this revision and status (the workflow has finished its activities).
    if (check(last) && row && Number(row.revision) >= last.revision && row.status === last.status) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`stay ${entryId} never reached: ${what}; last state ${JSON.stringify(last)}`);
}

async function stayRow(entryId: string) {
  const { rows } = await pool.query(
    `SELECT status, to_char(admit_until, 'YYYY-MM-DD') AS admit_until, exit_id, days_over, removal_status,
            departure_confirmed_at, extension_status, revision FROM stays WHERE entry_id = $1`,
    [entryId],
  );
  return rows[0];
}

async function flags(entryId: string) {
  const { rows } = await pool.query(
    `SELECT kind, to_char(since, 'YYYY-MM-DD') AS since, days_over, exit_id, lifted_at, lifted_reason
     FROM overstays WHERE entry_id = $1 ORDER BY id`,
    [entryId],
  );
  return rows;
}

async function envNow(): Promise<number> {
  return env.currentTimeMs();
}

/** A visitor entering now (test server time), started through startStays; admitted six months. */
async function visitorStay(): Promise<{ entryId: string; admitUntil: string; enteredAt: string }> {
  const enteredAt = new Date((await envNow()) - 3_600_000).toISOString();
  const entryId = await insertEntry({ category: 'visitor', enteredAt });
  await startStays(ctx, [entryId]);
  await stateWhen(entryId, (s) => s.status === 'awaiting_exit', 'awaiting exit');
  return { entryId, admitUntil: addMonths(utcDay(enteredAt), 6), enteredAt };
}

/** Visibility follows the workflow's upsert shortly after; poll it. */
async function stayStatusAttribute(
  handle: { describe(): Promise<{ searchAttributes: Record<string, unknown> }> },
  expected: string,
): Promise<unknown> {
  const deadline = Date.now() + 10_000;
  let seen: unknown;
  while (Date.now() < deadline) {
    seen = (await handle.describe()).searchAttributes.StayStatus;
    if (JSON.stringify(seen) === JSON.stringify([expected])) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

beforeAll(async () => {
  const dbName = `t_staywf_${crypto.randomBytes(4).toString('hex')}`;
  await ensureDatabase(process.env.DATABASE_URL!, dbName);
  pool = new Pool({ connectionString: databaseUrl(process.env.DATABASE_URL!, dbName), max: 6 });
  await migrate(pool);
  env = await startTimeSkippingEnv();
  const { config } = readNodeConfig('US', {
    US_TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    US_TASK_QUEUE: TASK_QUEUE,
    US_STAY_TASK_QUEUE: TASK_QUEUE, // one worker here serves both
  });
  ctx = {
    config,
    pool,
    temporal: env.client,
    clock: { now: () => new Date() },
    log: createLogger({ node: 'US', suite: 'stay-workflow' }),
  };
  worker = await startTestWorker(env, TASK_QUEUE, createStayActivities(ctx));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
  await pool?.end();
});

describe('stay workflow (time-skipping server, real PostgreSQL)', () => {
  it('closes a stay as compliant when the exit comes within the admission period', async () => {
    const { entryId, admitUntil } = await visitorStay();
    await env.sleep('40 days');
    const exit = await recordExit(entryId, new Date(await envNow()).toISOString());
    const state = await stateWhen(entryId, (s) => s.status === 'compliant', 'compliant');
    expect(state.exit?.exitId).toBe(exit.exitId);
    expect(state.admitUntil).toBe(admitUntil);
    expect(await stayRow(entryId)).toMatchObject({ status: 'compliant', exit_id: exit.exitId, days_over: null });
    await env.sleep('200 days'); // past admit-until: nothing is flagged for a traveller who left
    expect(await flags(entryId)).toEqual([]);
    expect((await handleOf(entryId).describe()).status.name).toBe('RUNNING'); // open for corrections
  });

  it('flags a suspected in-country overstay when the timer fires, then turns it out-of-country on a late exit', async () => {
    const { entryId, admitUntil } = await visitorStay();
    await env.sleep('213 days');
    await stateWhen(entryId, (s) => s.status === 'overstay', 'suspected overstay');
    expect(await stayRow(entryId)).toMatchObject({ status: 'overstay', admit_until: admitUntil });
    const [flag] = await flags(entryId);
    expect(flag).toMatchObject({ kind: 'in_country', since: admitUntil, lifted_at: null });
    expect(await stayStatusAttribute(handleOf(entryId), 'overstay')).toEqual(['overstay']);

    const exit = await recordExit(entryId, `${addDays(admitUntil, 10)}T15:00:00.000Z`);
    const state = await stateWhen(entryId, (s) => s.status === 'out_of_country_overstay', 'out-of-country overstay');
    expect(state.daysOver).toBe(10);
    const rows = await flags(entryId);
    expect(rows).toHaveLength(2); // the in-country suspicion is kept, lifted, next to the outcome
    expect(rows[0]).toMatchObject({ kind: 'in_country' });
    expect(rows[0].lifted_at).not.toBeNull();
    expect(rows[0].lifted_reason).toMatch(/out-of-country overstay of 10 days/);
    expect(rows[1]).toMatchObject({ kind: 'out_of_country', days_over: 10, exit_id: exit.exitId, lifted_at: null });
    expect(await stayStatusAttribute(handleOf(entryId), 'out_of_country_overstay')).toEqual([
      'out_of_country_overstay',
    ]);
    if (process.env.RECORD_HISTORY_FIXTURES === '1') {
      // The replay suite keeps this path's history from before each patch of it (docs/reliability.md).
      const name = process.env.STAY_FIXTURE_NAME ?? 'us-stay-late-exit';
      const history = await handleOf(entryId).fetchHistory();
      writeHistoryFixture(name, 'US', { workflowId: stayWorkflowId('US', entryId), workflowType: 'stay', history }, '');
    }
  });

  it('lifts a false flag when late partner data shows a timely exit, and re-evaluates corrected records', async () => {
    const { entryId, admitUntil } = await visitorStay();
    await env.sleep('213 days'); // partner outage: the exit arrives after the timer fired
    await stateWhen(entryId, (s) => s.status === 'overstay', 'suspected overstay');

    const exit = await recordExit(entryId, `${addDays(admitUntil, -3)}T09:00:00.000Z`);
    await stateWhen(entryId, (s) => s.status === 'compliant', 'compliant after late data');
    let rows = await flags(entryId);
    expect(rows).toHaveLength(1);
    expect(rows[0].lifted_at).not.toBeNull();
    expect(rows[0].lifted_reason).toMatch(/exit data arrived late/);

    // The partner corrects the record: same exit id, a date two days after admit-until.
    await recordExit(entryId, `${addDays(admitUntil, 2)}T09:00:00.000Z`, exit.exitId);
    const corrected = await stateWhen(
      entryId,
      (s) => s.status === 'out_of_country_overstay',
      'out-of-country after correction',
    );
    expect(corrected.daysOver).toBe(2);
    rows = await flags(entryId);
    expect(rows.filter((r) => r.kind === 'out_of_country' && r.lifted_at === null)).toHaveLength(1);

    // And corrects it back: the out-of-country flag is lifted, not deleted.
    await recordExit(entryId, `${admitUntil}T20:00:00.000Z`, exit.exitId);
    await stateWhen(entryId, (s) => s.status === 'compliant', 'compliant after second correction');
    rows = await flags(entryId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.lifted_at !== null)).toBe(true);
    expect(rows[1].lifted_reason).toMatch(/corrected exit data/);
  });

  it('validates extension applications and does not count a pending one as an overstay', async () => {
    const { entryId, admitUntil } = await visitorStay();
    const handle = handleOf(entryId);
    const later = addMonths(admitUntil, 3);
    const refusals: Array<[ExtensionRequest, RegExp]> = [
      [{ admitUntil: later, reason: '  ', decision: 'pending' }, /reason is required/],
      [
        { admitUntil: addDays(admitUntil, -1), reason: 'I-539', decision: 'pending' },
        /must be later than the current admit-until/,
      ],
      [{ admitUntil: '2027-02-30', reason: 'I-539', decision: 'pending' }, /real date/],
    ];
    for (const [request, message] of refusals) {
      const err = await handle.executeUpdate(requestExtensionUpdate, { args: [request] }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect(String((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message)).toMatch(message);
    }
    expect((await handle.query(stayStateQuery)).extension).toBeNull(); // nothing half-applied

    const pending = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ admitUntil: later, reason: 'I-539 receipt 123', decision: 'pending' }],
    });
    expect(pending.status).toBe('extension_pending');
    expect(await stayRow(entryId)).toMatchObject({ status: 'extension_pending', extension_status: 'pending' });

    await env.sleep('213 days'); // past the original admit-until, application still pending
    await stateWhen(entryId, (s) => s.status === 'extension_pending', 'still pending');
    expect(await flags(entryId)).toEqual([]);

    const refused = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ decision: 'refused', reason: 'denied' }],
    });
    expect(refused.extension?.status).toBe('refused');
    await stateWhen(entryId, (s) => s.status === 'overstay', 'overstay after refusal');
    expect(await flags(entryId)).toMatchObject([{ kind: 'in_country', since: admitUntil, lifted_at: null }]);
  });

  it('moves admit-until when an extension is granted', async () => {
    const { entryId, admitUntil } = await visitorStay();
    const later = addMonths(admitUntil, 2);
    const granted = await handleOf(entryId).executeUpdate(requestExtensionUpdate, {
      args: [{ admitUntil: later, reason: 'change of status approved', decision: 'granted' }],
    });
    expect(granted.admitUntil).toBe(later);
    expect(await stayRow(entryId)).toMatchObject({ status: 'awaiting_exit', admit_until: later });
    await env.sleep('213 days'); // past the original date, before the new one
    expect((await handleOf(entryId).query(stayStateQuery)).status).toBe('awaiting_exit');
    expect(await flags(entryId)).toEqual([]);
    await env.sleep('62 days');
    await stateWhen(entryId, (s) => s.status === 'overstay', 'overstay after the extended date');
    expect(await flags(entryId)).toMatchObject([{ kind: 'in_country', since: later }]);
  });

  it('confirms the departure of a person under a removal order who leaves in time', async () => {
    const now = await envNow();
    const entryId = await insertEntry({
      category: 'permanent_resident',
      citizenship: 'MEX',
      enteredAt: new Date(now - 86_400_000).toISOString(),
    });
    await startStays(ctx, [entryId]);
    expect((await pool.query('SELECT has_stay FROM entries WHERE id = $1', [entryId])).rows[0].has_stay).toBe(false);

    const departBy = utcDay(now + 30 * 86_400_000);
    await orderRemoval(ctx, entryId, { orderId: 'RO-2026-001', departBy });
    await stateWhen(entryId, (s) => s.status === 'removal_pending', 'removal pending');
    expect((await pool.query('SELECT has_stay FROM entries WHERE id = $1', [entryId])).rows[0].has_stay).toBe(true);

    await env.sleep('10 days');
    const exit = await recordExit(entryId, new Date(await envNow()).toISOString());
    const state = await stateWhen(entryId, (s) => s.status === 'departed_under_removal', 'departed');
    expect(state.removal?.status).toBe('departed');
    const row = await stayRow(entryId);
    expect(row.departure_confirmed_at).not.toBeNull();
    const audit = await pool.query(
      `SELECT record_ids, details FROM audit_log WHERE action = 'removal.departure-confirmed' AND $1 = ANY(record_ids)`,
      [entryId],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].record_ids).toEqual([entryId, exit.exitId]);
    await env.sleep('30 days');
    expect(await flags(entryId)).toEqual([]);
  });

  it('flags a missed removal deadline and keeps the flag when the departure comes late', async () => {
    const now = await envNow();
    const entryId = await insertEntry({ category: 'visitor', enteredAt: new Date(now - 86_400_000).toISOString() });
    await startStays(ctx, [entryId]);
    const departBy = utcDay(now + 10 * 86_400_000);
    await orderRemoval(ctx, entryId, { orderId: 'RO-2026-002', departBy });
    await orderRemoval(ctx, entryId, { orderId: 'RO-2026-002', departBy }); // a repeat changes nothing
    await stateWhen(entryId, (s) => s.status === 'removal_pending', 'removal pending');
    await env.sleep('12 days');
    await stateWhen(entryId, (s) => s.status === 'removal_missed', 'removal missed');
    expect(await flags(entryId)).toMatchObject([{ kind: 'removal_missed', since: departBy, lifted_at: null }]);

    await recordExit(entryId, `${addDays(departBy, 5)}T12:00:00.000Z`);
    const state = await stateWhen(
      entryId,
      (s) => s.removal?.status === 'departed_late' && s.status === 'departed_under_removal',
      'departed late',
    );
    expect(state.status).toBe('departed_under_removal');
    expect(await flags(entryId)).toMatchObject([{ kind: 'removal_missed', days_over: 5, lifted_at: null }]);
    expect((await stayRow(entryId)).departure_confirmed_at).not.toBeNull();
  });

  it('refuses a malformed removal order with a clear message', async () => {
    const entryId = await insertEntry({ category: 'visitor', enteredAt: new Date(await envNow()).toISOString() });
    await expect(orderRemoval(ctx, entryId, { orderId: 'Jane Doe', departBy: '2027-01-01' })).rejects.toThrow(
      /orderId must be/,
    );
    await expect(orderRemoval(ctx, entryId, { orderId: 'RO-1', departBy: 'soon' })).rejects.toThrow(
      /departBy must be a real date/,
    );
    await expect(orderRemoval(ctx, 'E-missing', { orderId: 'RO-1', departBy: '2027-01-01' })).rejects.toThrow(
      /no entry E-missing/,
    );
  });

  it('ends the stay by itself when its data leaves retention (15 years after entry)', async () => {
    // An entry from almost 15 years ago (the test server stops runs after 10 years of its time). A US
    // visitor is kept 75 years by default, so this test configures a 15-year US rule.
    const rulesFile = path.join(os.tmpdir(), `retention-15y-${process.pid}.json`);
    fs.writeFileSync(rulesFile, JSON.stringify([{ node: 'US', years: 15, effectiveFrom: '2000-01-01' }]));
    process.env.US_RETENTION_RULES_FILE = rulesFile;
    const enteredAt = new Date((await envNow()) - (15 * 365 - 20) * 86_400_000).toISOString();
    const entryId = await insertEntry({ category: 'visitor', enteredAt });
    try {
      await startStays(ctx, [entryId]);
    } finally {
      delete process.env.US_RETENTION_RULES_FILE;
    }
    await recordExit(entryId, new Date(Date.parse(enteredAt) + 5 * 86_400_000).toISOString());
    await stateWhen(entryId, (s) => s.status === 'compliant', 'compliant');
    await env.sleep('25 days'); // past retain-until
    const result = await handleOf(entryId).result();
    expect(result.status).toBe('compliant');
    expect(result.retainUntil).toBe(addMonths(utcDay(enteredAt), 180));
    expect((await handleOf(entryId).describe()).status.name).toBe('COMPLETED');
  });

  it('continues as new when its history grows, carrying its state', async () => {
    // A stay started with a low threshold, so a dozen corrections make it continue as new.
    const enteredAt = new Date((await envNow()) - 3_600_000).toISOString();
    const entryId = await insertEntry({ category: 'visitor', enteredAt });
    const admitUntil = addMonths(utcDay(enteredAt), 6);
    const handle = handleOf(entryId);
    const firstRun = (
      await env.client.workflow.start<typeof stay>('stay', {
        workflowId: stayWorkflowId('US', entryId),
        taskQueue: TASK_QUEUE,
        args: [
          {
            country: 'US',
            entryId,
            category: 'visitor',
            ruleId: 'us.visitor',
            admitUntil,
            retainUntil: addMonths(utcDay(enteredAt), 180),
            continueAfterEvents: 30,
          },
        ],
      })
    ).firstExecutionRunId;
    let exitedAt = `${addDays(admitUntil, -40)}T10:00:00.000Z`;
    for (let i = 0; i < 12; i++) {
      exitedAt = `${addDays(admitUntil, -40 + i)}T10:00:00.000Z`;
      await handle.signal(exitRecordedSignal, { exitId: 'X-CAN', exitedAt, port: 'SURREY-BC', matchedBy: 'exact' });
      await stateWhen(entryId, (s) => s.exit?.exitedAt === exitedAt, `correction ${i}`);
    }
    // The test signals faster than a real stay is ever signalled, so the run may only find a quiet
    // moment (no signal arriving while it completes) after the last one: wait for it.
    // A run that took several signals without a quiet moment continues at the first one after them,
    // so wait for the latest run to be a short one.
    let described = await handle.describe();
    let history = await handle.fetchHistory();
    for (let i = 0; i < 100 && (described.runId === firstRun || history.events!.length >= 80); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      described = await handle.describe();
      history = await handle.fetchHistory();
    }
    expect(described.runId).not.toBe(firstRun);
    expect(described.status.name).toBe('RUNNING');
    expect(history.events!.length).toBeLessThan(80); // the latest run holds only its own events
    const state = await handle.query(stayStateQuery);
    expect(state).toMatchObject({ status: 'compliant', exit: { exitId: 'X-CAN', exitedAt } });
    expect(state.revision).toBeGreaterThan(12);
    expect(state.recent.length).toBeLessThanOrEqual(20);
    expect(history.events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
  });
});
