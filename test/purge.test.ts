// Retention and purge against the real Temporal server and PostgreSQL, with the node clock moved
// years ahead: expired records leave the database and Temporal, held ones stay, the warning list
// is right, the dry run agrees, and a purge crashed or stopped halfway resumes exactly.
import type { Pool } from 'pg';
import { msToTs } from '@temporalio/common/lib/time';
import { previewPurge } from '../src/retention/preview';
import type { PurgeFaults } from '../src/retention/purge';
import { placeHold, releaseHold, listHolds } from '../src/retention/holds';
import { retentionWarnings } from '../src/retention/expired';
import { DEFAULT_RETENTION_RULES } from '../src/retention/rules';
import { ensurePurgeSchedule } from '../src/retention/schedule';
import { stayWorkflowId } from '../src/stays/contract';
import { purgeExpiredRecords } from '../workflows/purge';
import { assertionPool, isolatedPairEnv, startTestNode, type TestNode } from './support/nodes';

const FUTURE = new Date('2036-06-01T00:00:00Z');
const SURNAME = 'ZWIRNER-OKONKWO';

interface Row {
  id: string;
  category?: string | null;
  at: string;
  citizenship?: string;
  documentType?: string;
  hasStay?: boolean;
}

async function insertEntries(db: Pool, rows: Row[]): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
         port_of_entry, entered_at, category, content_hash, has_stay)
       VALUES ($1, $2, 'ADA', '1970-03-04', $3, 'F', $4, 'L898902C3', $3, 'US-BLAINE-PH', $5, $6, 'h', $7)`,
      [r.id, SURNAME, r.citizenship ?? 'USA', r.documentType ?? 'P', r.at, r.category ?? null, r.hasStay ?? false],
    );
  }
}

async function insertExits(db: Pool, rows: Row[]): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO exits (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
         port_of_entry, exited_at, batch_id, content_hash)
       VALUES ($1, $2, 'ADA', '1970-03-04', $3, 'F', $4, 'L898902C3', $6, 'CA-PACIFIC-HWY', $5, 'b-1', 'h')`,
      // A PR card here is a US green card (issued by USA): only that makes a US permanent resident (docs/rules.md).
      [
        r.id,
        SURNAME,
        r.citizenship ?? 'USA',
        r.documentType ?? 'P',
        r.at,
        r.documentType === 'PR' ? 'USA' : (r.citizenship ?? 'USA'),
      ],
    );
  }
}

const ids = async (db: Pool, table: string) =>
  (await db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => r.id);

describe('retention and purge', () => {
  let env: Record<string, string>;
  let us: TestNode;
  let second: TestNode | undefined;
  let db: Pool;
  // Faults the resume test injects into the US node's purge pages, given to its activity factory.
  const purgeFaults: PurgeFaults = {};

  beforeAll(async () => {
    env = await isolatedPairEnv();
    us = await startTestNode('US', env, { activitySeams: { purge: purgeFaults } });
    db = assertionPool(us);
  });
  afterAll(async () => {
    await db?.end();
    await second?.shutdown();
    await us?.shutdown();
  });

  it('warns ahead, previews, and purges database rows and Temporal stays past retention; a hold keeps its record', async () => {
    await insertEntries(db, [
      { id: 'a-citizen-2020', category: 'citizen', at: '2020-05-01T10:00:00Z', hasStay: true }, // expires 2035: gone
      { id: 'a-visitor-2020', category: 'visitor', citizenship: 'DEU', at: '2020-05-01T10:00:00Z' }, // 75 years: stays
      { id: 'a-pr-2021', category: 'permanent_resident', citizenship: 'MEX', at: '2021-08-01T00:00:00Z' }, // expires 2036-08-01: warned
      { id: 'a-held-2019', category: 'citizen', at: '2019-01-01T00:00:00Z' }, // expired but held
    ]);
    await insertExits(db, [
      { id: 'x-citizen-2020', citizenship: 'USA', at: '2020-06-01T00:00:00Z' }, // own citizen: 15 years: gone
      { id: 'x-pr-2020', citizenship: 'IND', documentType: 'PR', at: '2020-06-01T00:00:00Z' }, // PR card: 15 years: gone
      { id: 'x-visitor-2020', citizenship: 'CAN', at: '2020-06-01T00:00:00Z' }, // unknown category: 75 years: stays
    ]);
    await db.query(
      `INSERT INTO matches (entry_id, exit_id, method, score)
       VALUES ('a-citizen-2020', 'x-citizen-2020', 'exact', 1), ('a-visitor-2020', 'x-visitor-2020', 'scored', 0.9)`,
    );
    await placeHold(us.ctx.pool, {
      recordId: 'a-held-2019',
      kind: 'entry',
      reason: 'case 2036-117, court order',
      placedBy: 'op-7',
    });
    await expect(
      placeHold(us.ctx.pool, { recordId: 'nope', kind: 'entry', reason: 'case 1', placedBy: 'op-7' }),
    ).rejects.toThrow(/no entry record with id "nope"/);
    expect(
      (await placeHold(us.ctx.pool, { recordId: 'a-held-2019', kind: 'entry', reason: 'again', placedBy: 'op-7' }))
        .created,
    ).toBe(false);

    // A running stay workflow watching the expired entry (no worker polls its queue: it just waits).
    const stayId = stayWorkflowId('US', 'a-citizen-2020');
    await us.ctx.temporal.workflow.start('stay', {
      workflowId: stayId,
      taskQueue: `idle-${us.config.temporal.namespace}`,
      args: [{ entryId: 'a-citizen-2020' }],
    });

    us.clock.setNow(FUTURE);
    const rules = DEFAULT_RETENTION_RULES.filter((r) => r.node === 'US');
    const warnings = await retentionWarnings(us.ctx.pool, rules, 'US', FUTURE, 90);
    expect(warnings.map((w) => [w.id, w.held])).toEqual([
      ['a-held-2019', true],
      ['a-citizen-2020', false],
      ['x-citizen-2020', false],
      ['x-pr-2020', false],
      ['a-pr-2021', false],
    ]);
    // Kept through the local day its 15 years end at Blaine (Pacific time): 2021-08-01T00:00Z was 31 July there (docs/rules.md).
    expect(warnings.find((w) => w.id === 'a-pr-2021')!.expiresAt.toISOString()).toBe('2036-08-01T07:00:00.000Z');
    expect((await retentionWarnings(us.ctx.pool, rules, 'US', FUTURE, 30)).map((w) => w.id)).not.toContain('a-pr-2021');

    const preview = await previewPurge(us.ctx.pool, us.config, FUTURE, { verbose: true });
    expect(preview.records).toEqual({ entry: { citizen: 1 }, exit: { citizen: 1, permanent_resident: 1 } });
    expect(preview.tables).toEqual({
      entries: 1,
      exits: 2,
      matches: 1,
      inbound_results: 0,
      outbound_records: 0,
      entry_keys: 0,
      entry_keys_version: 0,
      exit_keys: 0,
      match_review: 0,
      overstays: 0,
      person_link_review: 0,
      person_records: 0,
      stays: 0,
    });
    expect(preview.held).toBe(1);
    expect(preview.ids).toEqual({ entry: ['a-citizen-2020'], exit: ['x-citizen-2020', 'x-pr-2020'] });
    expect(await ids(db, 'entries')).toHaveLength(4); // a dry run removes nothing

    const report = await us.ctx.temporal.workflow.execute(purgeExpiredRecords, {
      workflowId: 'purge-us-test-1',
      taskQueue: us.config.temporal.taskQueue,
      args: [{}],
    });
    expect(new Date(report.asOf).getTime() - FUTURE.getTime()).toBeGreaterThanOrEqual(0);
    expect(new Date(report.asOf).getTime() - FUTURE.getTime()).toBeLessThan(60_000);
    expect(report.removed).toMatchObject({ entries: 1, exits: 2, matches: 1 });
    expect(report.staysEnded).toBe(1);

    expect(await ids(db, 'entries')).toEqual(['a-held-2019', 'a-pr-2021', 'a-visitor-2020']);
    expect(await ids(db, 'exits')).toEqual(['x-visitor-2020']);
    expect((await db.query('SELECT entry_id FROM matches')).rows).toEqual([{ entry_id: 'a-visitor-2020' }]);

    // Gone from Temporal too: the stay was terminated and its execution deleted.
    const stayGone = async () => {
      try {
        const d = await us.ctx.temporal.workflow.getHandle(stayId).describe();
        return d.status.name !== 'RUNNING';
      } catch (err) {
        return /not found/i.test(String(err));
      }
    };
    expect(await stayGone()).toBe(true);

    // The audit keeps ids and counts, never personal data.
    const audit = await db.query(
      `SELECT action, record_ids, counts, details FROM audit_log WHERE action LIKE 'purge.%' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['purge.page', 'purge.page', 'purge.run']);
    expect(audit.rows[0].record_ids).toEqual(['a-citizen-2020']);
    expect(audit.rows[2].counts).toMatchObject({ entries: 1, exits: 2, matches: 1, staysEnded: 1 });
    const auditText = JSON.stringify((await db.query('SELECT * FROM audit_log')).rows);
    expect(auditText).not.toContain(SURNAME);
    expect(auditText).not.toContain('L898902C3');
    expect(auditText).not.toContain('1970-03-04');

    // Released, the held record goes in the next purge.
    await releaseHold(us.ctx.pool, { recordId: 'a-held-2019', kind: 'entry', releasedBy: 'op-7' });
    expect(await listHolds(us.ctx.pool)).toEqual([]);
    expect(await listHolds(us.ctx.pool, { includeReleased: true })).toHaveLength(1);
    await expect(
      releaseHold(us.ctx.pool, { recordId: 'a-held-2019', kind: 'entry', releasedBy: 'op-7' }),
    ).rejects.toThrow(/no active hold/);
    const next = await us.ctx.temporal.workflow.execute(purgeExpiredRecords, {
      workflowId: 'purge-us-test-2',
      taskQueue: us.config.temporal.taskQueue,
      args: [{}],
    });
    expect(next.removed).toMatchObject({ entries: 1, exits: 0, matches: 0 });
    expect(await ids(db, 'entries')).toEqual(['a-pr-2021', 'a-visitor-2020']);
  });

  it('a purge crashed after a commit and with its worker stopped halfway resumes: nothing skipped, nothing removed twice', async () => {
    const expired = Array.from({ length: 9 }, (_, i) => `r-${String(i).padStart(2, '0')}`);
    await insertEntries(
      db,
      expired.map((id) => ({ id, category: 'citizen', at: '2019-02-02T00:00:00Z' })),
    );
    const keep = 'r-keep';
    await insertEntries(db, [{ id: keep, category: 'citizen', at: '2030-01-01T00:00:00Z' }]);

    let pages = 0;
    let crashedAfterCommit = false;
    let stoppedWorker = false;
    // Page 1 commits, then the activity dies before reporting: its result is lost, its work is not.
    purgeFaults.afterCommit = () => {
      if (!crashedAfterCommit) {
        crashedAfterCommit = true;
        throw new Error('injected crash after commit');
      }
    };
    // On the 3rd page the whole worker is stopped, as if the node process was killed between pages.
    purgeFaults.beforePage = () => {
      pages++;
      if (pages === 3 && !stoppedWorker) {
        stoppedWorker = true;
        us.worker!.shutdown();
        throw new Error('injected: worker stopping');
      }
    };
    const handle = await us.ctx.temporal.workflow.start(purgeExpiredRecords, {
      workflowId: 'purge-us-resume',
      taskQueue: us.config.temporal.taskQueue,
      args: [{ pageSize: 2 }],
    });
    // Wait until the worker has stopped with the purge half done.
    for (let i = 0; i < 100 && us.worker!.getState() !== 'STOPPED'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(us.worker!.getState()).toBe('STOPPED');
    const left = (await ids(db, 'entries')).filter((id) => id.startsWith('r-0'));
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(expired.length);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // A new worker (a restarted node) picks the purge up where it stood.
    second = await startTestNode('US', env, { http: false });
    const report = await handle.result();
    expect(await ids(db, 'entries')).toEqual(['a-pr-2021', 'a-visitor-2020', keep]);
    const pagesAudited = await db.query<{ record_ids: string[]; counts: { entries: number } }>(
      `SELECT record_ids, counts FROM audit_log WHERE action = 'purge.page' AND details->>'purgeId' LIKE 'purge-us-resume/%' ORDER BY id`,
    );
    const purgedIds = pagesAudited.rows.flatMap((r) => r.record_ids);
    expect([...purgedIds].sort()).toEqual(expired); // every one, once
    expect(pagesAudited.rows.reduce((n, r) => n + r.counts.entries, 0)).toBe(expired.length);
    expect(report.removed.entries).toBe(expired.length - 2); // the crashed page's result was lost...
    const run = await db.query(
      `SELECT counts FROM audit_log WHERE action = 'purge.run' AND details->>'purgeId' LIKE 'purge-us-resume/%'`,
    );
    expect(run.rows).toHaveLength(1);
    // ...but the audit of pages, written in the same transaction as the deletes, is complete.
    // The injected activity failures are in the history encoded: message and stack are ciphertext.
    const history = await us.ctx.temporal.workflowService.getWorkflowExecutionHistory({
      namespace: us.config.temporal.namespace,
      execution: { workflowId: 'purge-us-resume' },
    });
    // A retried activity's last failure is recorded on its started event.
    const failures = history
      .history!.events!.map((e) => e.activityTaskStartedEventAttributes?.lastFailure)
      .filter((f) => !!f);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure!.message).toBe('Encoded failure');
      expect(Buffer.from(failure!.encodedAttributes!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    }
    expect(JSON.stringify(history.history)).not.toMatch(/injected/);
  });

  it('creates the daily purge schedule once and sets the namespace history retention to match', async () => {
    // A namespace keeping closed histories 90 days is lowered to the node's 30-day ceiling.
    const namespace = us.config.temporal.namespace;
    await us.ctx.temporal.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: msToTs('90 days') },
    });
    const first = await ensurePurgeSchedule(us.ctx.temporal, us.config);
    const again = await ensurePurgeSchedule(us.ctx.temporal, us.config);
    expect(first).toMatchObject({ scheduleId: 'purge-us', created: true });
    expect(first.historyRetention).toMatchObject({ namespace, retentionDays: 30, ceilingDays: 30, changed: true });
    expect(again.created).toBe(false);
    expect(again.historyRetention).toMatchObject({ retentionDays: 30, changed: false });
    const ns = await us.ctx.temporal.workflowService.describeNamespace({ namespace });
    expect(Number(ns.config!.workflowExecutionRetentionTtl!.seconds)).toBe(30 * 86_400);
    const described = await us.ctx.temporal.schedule.getHandle('purge-us').describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'purgeExpiredRecords' });
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }] });
    await us.ctx.temporal.schedule.getHandle('purge-us').delete();
  });
});
