// Graceful shutdown of a real node process: SIGTERM while activities are in flight. The activities
// are held in flight deterministically by a table lock the test takes on the node's own database
// (the activity's query waits on it), so "in flight" is a fact, not a race.
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { healthCheck } from '../../workflows/health';
import { startProcessPair, sleep, waitFor, type ProcessPair } from '../support/processes';

const GRACE_MS = 10_000; // shutdownGraceTime in src/node/node.ts
const DRAIN_DEADLINE_MS = 15_000; // DRAIN_DEADLINE_MS in src/node/main.ts

describe('graceful shutdown of a node process (SIGTERM)', () => {
  let pair: ProcessPair;
  let client: Client;

  beforeAll(async () => {
    pair = await startProcessPair('shutdown', { startNodes: false });
    await pair.US.start();
    client = await pair.client('US');
  });
  afterAll(async () => {
    await pair?.stop();
  });

  async function holdTable(table: string): Promise<PgClient> {
    const lock = new PgClient({ connectionString: pair.databaseUrl('US') });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return lock;
  }

  async function startedActivities(ids: string[]): Promise<number> {
    let started = 0;
    for (const id of ids) {
      const d = await client.workflow.getHandle(id).describe();
      const raw = d.raw.pendingActivities ?? [];
      started += raw.filter((a) => String(a.state) === '2' || String(a.state).endsWith('STARTED')).length;
    }
    return started;
  }

  it('finishes in-flight activities, stops HTTP first, exits 0 within the grace time', async () => {
    const lock = await holdTable('schema_migrations');
    const ids = Array.from({ length: 4 }, (_, i) => `shutdown-health-${i}`);
    let signalledAt = 0;
    try {
      for (const id of ids)
        await client.workflow.start(healthCheck, { workflowId: id, taskQueue: pair.taskQueue('US') });
      await waitFor('all activities in flight', async () => (await startedActivities(ids)) === ids.length, 30_000);

      const url = pair.US.url!;
      expect((await fetch(`${url}/health`)).status).toBe(200);
      signalledAt = Date.now();
      pair.US.child!.kill('SIGTERM');

      // HTTP stops taking requests while the worker is still draining (the process is alive).
      const refused = await waitFor(
        'HTTP to refuse requests',
        async () => {
          try {
            const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
            return res.status === 503 ? 'status 503' : false;
          } catch (err) {
            return `connection refused (${(err as { cause?: { code?: string } }).cause?.code ?? 'error'})`;
          }
        },
        5_000,
        50,
      );
      expect(pair.US.running()).toBe(true);
      console.log(
        `shutdown: HTTP refused (${refused}) ${Date.now() - signalledAt} ms after SIGTERM; worker still draining`,
      );

      await sleep(1500);
      expect(pair.US.running()).toBe(true); // still waiting for its in-flight activities
      await lock.query('COMMIT');
    } finally {
      await lock.end();
    }
    const status = await pair.US.exited(GRACE_MS);
    expect(status).toEqual({ code: 0, signal: null });
    const drainedMs = Date.now() - signalledAt;

    // Each activity completed on its first attempt, in the process that was shutting down.
    await pair.US.start();
    for (const id of ids) {
      const handle = client.workflow.getHandle(id);
      const result = await handle.result();
      expect(result.ok).toBe(true);
      const history = await handle.fetchHistory();
      const kinds = (history.events ?? []).map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')));
      expect(kinds.filter((k) => k === 'activityTaskCompletedEventAttributes')).toHaveLength(1);
      expect(kinds).not.toContain('activityTaskFailedEventAttributes');
      expect(kinds).not.toContain('activityTaskTimedOutEventAttributes');
      const started = (history.events ?? []).find((e) => e.activityTaskStartedEventAttributes);
      expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(1);
    }
    console.log(
      `shutdown: ${ids.length} in-flight activities finished on attempt 1; process exited 0 ${drainedMs} ms after SIGTERM`,
    );
  });

  it('exits (non-zero, past the drain deadline) when an activity is stuck, and the work resumes after restart', async () => {
    const lock = await holdTable('schema_migrations');
    const id = 'shutdown-stuck';
    let exitMs = 0;
    try {
      await client.workflow.start(healthCheck, { workflowId: id, taskQueue: pair.taskQueue('US') });
      await waitFor('the activity in flight', async () => (await startedActivities([id])) === 1, 30_000);
      const signalledAt = Date.now();
      pair.US.child!.kill('SIGTERM');
      const status = await pair.US.exited(DRAIN_DEADLINE_MS + 5_000);
      exitMs = Date.now() - signalledAt;
      // A stuck activity must not keep the process alive for ever (src/node/main.ts drain deadline).
      expect(status).toEqual({ code: 1, signal: null });
      expect(exitMs).toBeGreaterThanOrEqual(GRACE_MS);
      expect(pair.US.tail(5)).toMatch(/shutdown did not finish in time/);
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
    await pair.US.start();
    const handle = client.workflow.getHandle(id);
    expect((await handle.result()).ok).toBe(true);
    const history = await handle.fetchHistory();
    const started = (history.events ?? []).find((e) => e.activityTaskStartedEventAttributes);
    const attempt = started?.activityTaskStartedEventAttributes?.attempt ?? 0;
    expect(attempt).toBeGreaterThanOrEqual(2); // the stuck attempt timed out; a retry finished it
    console.log(
      `shutdown: stuck activity: process exited 1 ${exitMs} ms after SIGTERM (deadline ${DRAIN_DEADLINE_MS} ms); ` +
        `completed on attempt ${attempt} after restart`,
    );
  });
});
