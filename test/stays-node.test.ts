// Stays on a real node: the real Temporal dev server, the node's worker and HTTP service, its
// PostgreSQL database. startStays starts a stay once for an entry that needs one and never for a
// citizen; a traveller from a simulated past day who never left shows in the overstay list (HTTP and
// CLI) and is flagged in Temporal; a late exit makes it out-of-country; evidence and residency reads
// need a purpose and are audited.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Pool } from 'pg';
import { addDays, addMonths, daysBetween, utcDay } from '../src/calendar';
import { exitRecordedSignal, stayStateQuery, stayWorkflowId, type StayState } from '../src/stays/contract';
import { signalStayExit, startStays } from '../src/stays/start';
import { assertionPool, isolatedPairEnv, operatorAuth, startTestNode, type TestNode } from './support/nodes';

const EVENT_TYPE = temporal.api.enums.v1.EventType;
let env: Record<string, string>;
let US: TestNode;
let db: Pool;

async function insertEntries(
  rows: Array<{ id: string; citizenship: string; category?: string; enteredAt: string; document?: string }>,
): Promise<void> {
  await db.query(
    `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number,
                          document_issuer, port_of_entry, entered_at, category, content_hash)
     SELECT u.id, 'TESTER', 'SAM', '1975-05-05', u.citizenship, 'F', 'P', u.document, u.citizenship, 'BLAINE-WA', u.entered_at, u.category, u.id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS u(id, citizenship, category, entered_at, document)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.citizenship),
      rows.map((r) => r.category ?? null),
      rows.map((r) => r.enteredAt),
      rows.map((r) => r.document ?? `D${r.id}`),
    ],
  );
}

const api = (pathname: string, init: RequestInit & { token?: string | null } = {}) =>
  fetch(`${US.urls.operator}${pathname}`, {
    ...init,
    headers: {
      ...(init.token === null
        ? {}
        : init.token
          ? { authorization: `Bearer ${init.token}` }
          : operatorAuth(US, 'administrator')),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });

async function stateWhen(entryId: string, check: (s: StayState) => boolean, what: string): Promise<StayState> {
  const handle = US.ctx.temporal.workflow.getHandle(stayWorkflowId('US', entryId));
  const deadline = Date.now() + 60_000;
  let last: StayState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(stayStateQuery).catch(() => undefined);
    // Settled: the stays row holds this status and revision (the workflow finished its activities).
    const { rows } = await db.query('SELECT status, revision FROM stays WHERE entry_id = $1', [entryId]);
    if (last && check(last) && rows[0]?.status === last.status && rows[0].revision >= last.revision) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stay ${entryId} never reached ${what}: ${JSON.stringify(last)}`);
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
  env = await isolatedPairEnv();
  US = await startTestNode('US', env);
  db = assertionPool(US);
}, 60_000);

afterAll(async () => {
  await db?.end();
  await US?.shutdown();
});

describe('startStays on a real node', () => {
  it('starts a stay once for a visitor and never for a citizen', async () => {
    const now = US.clock.now().toISOString();
    await insertEntries([
      { id: 'V-1', citizenship: 'CAN', enteredAt: now },
      { id: 'C-1', citizenship: 'USA', enteredAt: now },
    ]);
    await startStays(US.ctx, ['V-1', 'C-1', 'NO-SUCH-ENTRY']);
    const handle = US.ctx.temporal.workflow.getHandle(stayWorkflowId('US', 'V-1'));
    const first = await handle.describe();
    expect(first.status.name).toBe('RUNNING');
    // Stays run on their own queue, apart from the exchange cycles.
    expect(first.taskQueue).toBe(US.config.temporal.stayTaskQueue);
    expect(first.taskQueue).not.toBe(US.config.temporal.taskQueue);
    expect(first.searchAttributes).toMatchObject({ NodeCountry: ['US'], StayCategory: ['visitor'] });
    await expect(US.ctx.temporal.workflow.getHandle(stayWorkflowId('US', 'C-1')).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );

    await startStays(US.ctx, ['V-1', 'C-1']); // a second call does nothing
    await db.query('UPDATE entries SET has_stay = false WHERE id = $1', ['V-1']); // as after a crash before the flag was set
    await startStays(US.ctx, ['V-1']);
    expect((await handle.describe()).runId).toBe(first.runId);
    const { rows } = await db.query('SELECT id, has_stay FROM entries ORDER BY id');
    expect(rows).toEqual([
      { id: 'C-1', has_stay: false },
      { id: 'V-1', has_stay: true },
    ]);
    const stays = await db.query(
      `SELECT entry_id, rule_id, to_char(admit_until, 'YYYY-MM-DD') AS admit_until FROM stays`,
    );
    expect(stays.rows).toEqual([{ entry_id: 'V-1', rule_id: 'us.visitor', admit_until: addMonths(utcDay(now), 6) }]);
  });

  it('starts a stay eagerly on its own worker with its opening state recorded: one workflow task, no activity', async () => {
    await insertEntries([{ id: 'V-EAGER', citizenship: 'CAN', enteredAt: US.clock.now().toISOString() }]);
    const logged: Array<Record<string, unknown>> = [];
    const log = {
      ...US.ctx.log,
      info: (msg: string, fields?: Record<string, unknown>) => logged.push({ msg, ...fields }),
    };
    await startStays({ ...US.ctx, log }, ['V-EAGER']);
    // The start came back with the first workflow task, which the node's stay worker ran.
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'stays started', started: 1, eager: 1 }));
    // The opening state is in the database before the workflow runs (written with the start) ...
    const row = await db.query("SELECT status, revision, updated_at FROM stays WHERE entry_id = 'V-EAGER'");
    expect(row.rows[0]).toMatchObject({ status: 'awaiting_exit', revision: 1 });
    expect(row.rows[0].updated_at).toBeInstanceOf(Date);
    // ... so the first run publishes nothing: one workflow task, then the admission timer.
    const handle = US.ctx.temporal.workflow.getHandle(stayWorkflowId('US', 'V-EAGER'));
    let types: string[] = [];
    for (let i = 0; i < 100 && !types.includes('EVENT_TYPE_TIMER_STARTED'); i++) {
      const { events } = await handle.fetchHistory();
      types = events!.map((e) => String(e.eventType ? EVENT_TYPE[e.eventType] : ''));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(types).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_TIMER_STARTED',
    ]);
    expect(await handle.query(stayStateQuery)).toMatchObject({ status: 'awaiting_exit', revision: 1 });
    // Its first change is published as before.
    const exitedAt = US.clock.now().toISOString();
    await signalStayExit(US.ctx, 'V-EAGER', { exitId: 'X-EAGER', exitedAt, port: 'SURREY-BC', matchedBy: 'exact' });
    expect(await stateWhen('V-EAGER', (s) => s.status === 'compliant', 'compliant')).toMatchObject({ revision: 2 });
  });

  it('still runs a stay started on the main queue before stays had their own', async () => {
    const now = US.clock.now().toISOString();
    await insertEntries([{ id: 'OLD-1', citizenship: 'CAN', enteredAt: now }]);
    // As the node did before: stays started on the main queue. Both workers register every
    // workflow and activity, so such a stay runs on (its activities included).
    const temporal = { ...US.ctx.config.temporal, stayTaskQueue: US.config.temporal.taskQueue };
    await startStays({ ...US.ctx, config: { ...US.ctx.config, temporal } }, ['OLD-1']);
    const handle = US.ctx.temporal.workflow.getHandle(stayWorkflowId('US', 'OLD-1'));
    // An exit in time: the workflow closes the stay and its activity saves it, both on the main queue.
    const exitedAt = new Date(US.clock.now().getTime() + 86_400_000).toISOString();
    expect(
      await signalStayExit(US.ctx, 'OLD-1', { exitId: 'X-OLD-1', exitedAt, port: 'SURREY-BC', matchedBy: 'exact' }),
    ).toBe(true);
    const state = await stateWhen('OLD-1', (s) => s.status === 'compliant', 'the stay closed as compliant');
    expect(state.exit?.exitId).toBe('X-OLD-1');
    expect((await handle.describe()).taskQueue).toBe(US.config.temporal.taskQueue);
  });

  it('starts stays for a thousand entries in one call', async () => {
    const now = US.clock.now().toISOString();
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: `B-${i}`,
      citizenship: i % 5 === 0 ? 'USA' : 'MEX',
      enteredAt: now,
    }));
    await insertEntries(rows);
    const started = Date.now();
    await startStays(
      US.ctx,
      rows.map((r) => r.id),
    );
    const ms = Date.now() - started;
    const { rows: counted } = await db.query(
      `SELECT count(*) FILTER (WHERE has_stay)::int AS watched, count(*)::int AS total FROM entries WHERE id LIKE 'B-%'`,
    );
    expect(counted[0]).toEqual({ watched: 800, total: 1000 });
    console.log(`startStays: 1000 entries (800 stays started) in ${ms} ms`);
  });
});

describe('overstays, evidence and residency on a real node', () => {
  const entryId = 'PAST-1';
  const enteredAt = new Date(Date.now() - 220 * 86_400_000).toISOString(); // a simulated day seven months ago
  const admitUntil = addMonths(utcDay(enteredAt), 6);

  beforeAll(async () => {
    // MEX: a visitor for six months (8 CFR 214.2(b)); a VWP national (FRA) would get 90 days (INA s.217).
    await insertEntries([{ id: entryId, citizenship: 'MEX', enteredAt, document: 'PX1234567' }]);
    await startStays(US.ctx, [entryId]);
  });

  it('flags the traveller who never left, in Temporal and in the overstay list', async () => {
    await stateWhen(entryId, (s) => s.status === 'overstay', 'overstay');
    expect(
      await stayStatusAttribute(US.ctx.temporal.workflow.getHandle(stayWorkflowId('US', entryId)), 'overstay'),
    ).toEqual(['overstay']);

    const today = utcDay(US.clock.now());
    expect((await api(`/overstays?as_of=${today}&purpose=overstay-review`, { token: null })).status).toBe(401);
    expect((await api('/overstays?as_of=2026-13-01&purpose=overstay-review')).status).toBe(400);
    // The list is about travellers: no purpose, or one that does not open it, is refused.
    expect((await api(`/overstays?as_of=${today}`)).status).toBe(400);
    expect((await api(`/overstays?as_of=${today}&purpose=residency-verification`)).status).toBe(400);
    const res = await api(`/overstays?as_of=${today}&purpose=overstay-review`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { overstays: Array<Record<string, unknown>> };
    const line = body.overstays.find((o) => o.entry_id === entryId);
    expect(line).toMatchObject({
      stay_id: stayWorkflowId('US', entryId),
      kind: 'in_country',
      admit_until: admitUntil,
      category: 'visitor',
    });
    expect(line!.days_over).toBeGreaterThan(0);
    expect(line!.flagged_at).not.toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/TESTER|PX1234567|1975-05-05/); // ids and dates only
  });

  it('lists the same over the CLI, one JSON line per overstay', async () => {
    const cli = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        'overstays',
        '--node',
        'us',
        '--as-of',
        utcDay(US.clock.now()),
        '--purpose',
        'overstay-review',
        '--json',
      ],
      {
        env: { ...process.env, ...env, LOG_SILENT: '1' },
        cwd: path.join(__dirname, '..'),
      },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.entry_id === entryId)).toMatchObject({ kind: 'in_country', admit_until: admitUntil });
  });

  it('refuses a CLI evidence read without a purpose, and audits one with it', async () => {
    const cli = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], {
        env: { ...process.env, ...env, LOG_SILENT: '1' },
        cwd: path.join(__dirname, '..'),
      });
    const refused = await run(['stay', 'evidence', '--node', 'us', '--entry', entryId]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/--purpose: a purpose is required/);
    const { stdout } = await run([
      'stay',
      'evidence',
      '--node',
      'us',
      '--entry',
      entryId,
      '--purpose',
      'overstay-review',
      '--operator',
      'cli-officer',
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ entry: { id: entryId }, admission: { rule: { id: 'us.visitor' } } });
    const audit = await db.query(
      `SELECT purpose, details FROM audit_log WHERE action = 'read.stay-evidence' AND actor = 'cli-officer'`,
    );
    expect(audit.rows).toEqual([{ purpose: 'overstay-review', details: { via: 'cli' } }]);
  });

  it('turns the flag out-of-country when the late exit arrives', async () => {
    const exitedAt = `${addDays(admitUntil, 4)}T10:00:00.000Z`;
    await db.query(
      `INSERT INTO exits (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer, port_of_entry, exited_at, batch_id, content_hash)
       VALUES ('CA-EXIT-1', 'TESTER', 'SAM', '1975-05-05', 'MEX', 'F', 'P', 'PX1234567', 'MEX', 'SURREY-BC', $1, 'B-9', 'h')`,
      [exitedAt],
    );
    await US.ctx.temporal.workflow
      .getHandle(stayWorkflowId('US', entryId))
      .signal(exitRecordedSignal, { exitId: 'CA-EXIT-1', exitedAt, port: 'SURREY-BC', matchedBy: 'exact' });
    const state = await stateWhen(entryId, (s) => s.status === 'out_of_country_overstay', 'out-of-country');
    const noStay = { exitId: 'CA-EXIT-2', exitedAt, port: 'SURREY-BC', matchedBy: 'exact' as const };
    expect(await signalStayExit(US.ctx, 'B-0', noStay)).toBe(false); // a citizen: no stay to tell
    expect(state.daysOver).toBe(4);
    const body = (await (await api(`/overstays?as_of=${utcDay(US.clock.now())}&purpose=overstay-review`)).json()) as {
      overstays: Array<Record<string, unknown>>;
    };
    expect(body.overstays.filter((o) => o.entry_id === entryId)).toEqual([
      expect.objectContaining({ kind: 'out_of_country', days_over: 4, exit_id: 'CA-EXIT-1' }),
    ]);
  });

  it('opens the evidence only with a purpose, and audits it', async () => {
    const refused = await api(`/evidence/${entryId}`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/purpose is required/);
    expect((await api(`/evidence/${entryId}?purpose=curiosity`)).status).toBe(400);
    expect((await api(`/evidence/${entryId}?purpose=overstay-review`, { token: 'x'.repeat(48) })).status).toBe(401);

    const res = await api(`/evidence/${entryId}?purpose=overstay-review`);
    expect(res.status).toBe(200);
    const evidence = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON body, asserted field by field
    expect(evidence.entry).toMatchObject({ id: entryId, document_number: 'PX1234567' });
    expect(evidence.admission).toMatchObject({
      rule: { id: 'us.visitor' },
      admit_until: admitUntil,
      admit_until_from: 'rule',
    });
    expect(evidence.admission.rule.source).toMatch(/six months/);
    expect(evidence.exit_search.candidates.map((c: { id: string }) => c.id)).toEqual(['CA-EXIT-1']);
    expect(
      evidence.overstay_flags.map((f: { kind: string; lifted_at: string | null }) => [f.kind, f.lifted_at === null]),
    ).toEqual([
      ['in_country', false],
      ['out_of_country', true],
    ]);
    const audit = await db.query(
      `SELECT actor, purpose, record_ids FROM audit_log WHERE action = 'read.stay-evidence' AND actor = 'demo-administrator'`,
    );
    expect(audit.rows).toEqual([
      { actor: 'demo-administrator', purpose: 'overstay-review', record_ids: [entryId, 'CA-EXIT-1'] },
    ]);
    expect((await api('/evidence/NOPE?purpose=overstay-review')).status).toBe(404);

    // Once the reconciliation has matched the exit, the evidence shows its row (method, score, evidence).
    await db.query(
      `INSERT INTO matches (exit_id, entry_id, method, score, evidence, matched_at)
       VALUES ('CA-EXIT-1', $1, 'exact', 1, '{"document_number":"same"}', now())`,
      [entryId],
    );
    const withMatches = (await (await api(`/evidence/${entryId}?purpose=overstay-review`)).json()) as {
      exit_search: { source: string; candidates: Array<{ id: string; method: string; evidence: unknown }> };
    };
    expect(withMatches.exit_search.source).toBe('matches');
    expect(withMatches.exit_search.candidates).toEqual([
      expect.objectContaining({ id: 'CA-EXIT-1', method: 'exact', evidence: { document_number: 'same' } }),
    ]);
    await db.query(`DELETE FROM matches WHERE exit_id = 'CA-EXIT-1'`);
  });

  it('verifies residency over HTTP with a purpose, refusing the wrong node and a missing purpose', async () => {
    const body = {
      rule: 'us-naturalization',
      as_of: utcDay(US.clock.now()),
      pr_since: '2015-01-01',
      document_number: 'PX1234567',
      document_issuer: 'MEX',
    };
    const refused = await api('/residency', { method: 'POST', body: JSON.stringify(body) });
    expect(refused.status).toBe(400);
    const wrongNode = await api('/residency', {
      method: 'POST',
      body: JSON.stringify({ ...body, rule: 'ca-pr', purpose: 'residency-verification' }),
    });
    expect(((await wrongNode.json()) as { error: string }).error).toMatch(/verified on the CA node/);

    const res = await api('/residency', {
      method: 'POST',
      body: JSON.stringify({ ...body, purpose: 'residency-verification' }),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON body, asserted field by field
    expect(report.person).toMatchObject({ by: 'document', records: 2, entries: 1, exits: 1 });
    // Present from the entry day to the exit day, both included (docs/residency.md).
    expect(report.days_present).toBe(daysBetween(utcDay(enteredAt), addDays(admitUntil, 4)) + 1);
    expect(report.absences).toEqual([expect.objectContaining({ exit_day: addDays(admitUntil, 4), return_day: null })]);
    expect(report.meets).toBe(false);
    const audit = await db.query(`SELECT purpose, record_ids FROM audit_log WHERE action = 'read.residency'`);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].record_ids.sort()).toEqual(['CA-EXIT-1', entryId]);
  });

  it('takes extension applications and removal orders over HTTP, with clear refusals', async () => {
    const now = US.clock.now().toISOString();
    await insertEntries([{ id: 'EXT-1', citizenship: 'GBR', enteredAt: now }]);
    await startStays(US.ctx, ['EXT-1']);
    await stateWhen('EXT-1', (s) => s.status === 'awaiting_exit', 'awaiting exit');
    const bad = await api('/stays/EXT-1/extension', {
      method: 'POST',
      body: JSON.stringify({ admitUntil: utcDay(now), reason: 'x', decision: 'pending' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/must be later than the current admit-until/);
    const until = addMonths(utcDay(now), 9);
    const ok = await api('/stays/EXT-1/extension', {
      method: 'POST',
      body: JSON.stringify({ admitUntil: until, reason: 'I-539 filed', decision: 'pending' }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as StayState).status).toBe('extension_pending');

    expect((await api('/stays/C-1?purpose=overstay-review')).status).toBe(404); // a citizen has no stay
    const order = await api('/stays/C-1/removal-order', {
      method: 'POST',
      body: JSON.stringify({ orderId: 'RO-77', departBy: addDays(utcDay(now), 30) }),
    });
    expect(order.status).toBe(202);
    const state = await stateWhen('C-1', (s) => s.status === 'removal_pending', 'removal pending');
    expect(state.removal).toMatchObject({ orderId: 'RO-77' });
    const badOrder = await api('/stays/C-1/removal-order', {
      method: 'POST',
      body: JSON.stringify({ orderId: 'Sam Tester', departBy: 'tomorrow' }),
    });
    expect(badOrder.status).toBe(400);
  });
});
