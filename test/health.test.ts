import { LIVENESS_BEAT_MS } from '../src/temporal/liveness';
import { healthCheck } from '../workflows/health';
import { cli, lastJson } from './support/cli';
import { startTestPair, type TestPair } from './support/nodes';

describe('health workflow, through the real Temporal server', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair();
  });
  afterAll(async () => pair?.stop());

  it.each(['US', 'CA'] as const)('runs in the %s namespace and reaches that node database', async (country) => {
    const node = pair[country];
    const result = await node.ctx.temporal.workflow.execute(healthCheck, {
      workflowId: `health-${country.toLowerCase()}-test`,
      taskQueue: node.config.temporal.taskQueue,
    });
    expect(result.ok).toBe(true);
    expect(result.report.country).toBe(country);
    expect(result.report.namespace).toBe(node.config.temporal.namespace);
    expect(result.report.migrations).toBeGreaterThanOrEqual(1);
    const described = await node.ctx.temporal.workflow.getHandle(`health-${country.toLowerCase()}-test`).describe();
    expect(described.status.name).toBe('COMPLETED');
  });

  it('has a worker on the stay queue too, separate from the main one', async () => {
    const { taskQueue, stayTaskQueue } = pair.US.config.temporal;
    expect(stayTaskQueue).not.toBe(taskQueue);
    const result = await pair.US.ctx.temporal.workflow.execute(healthCheck, {
      workflowId: 'health-us-stay-queue-test',
      taskQueue: stayTaskQueue,
      workflowExecutionTimeout: '30 seconds',
    });
    expect(result.ok).toBe(true);
    const described = await pair.US.ctx.temporal.workflow.getHandle('health-us-stay-queue-test').describe();
    expect(described.taskQueue).toBe(stayTaskQueue);
  });

  it('reports a running activity alive by heartbeats it does not send itself, so a dead worker is noticed', async () => {
    const node = pair.US;
    // The health activity waits while the table it reads is locked: an activity in flight.
    const lock = await node.ctx.pool.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE');
      const handle = await node.ctx.temporal.workflow.start(healthCheck, {
        workflowId: 'health-us-liveness-test',
        taskQueue: node.config.temporal.taskQueue,
      });
      let heartbeatAt: unknown;
      for (let i = 0; i < 40 && !heartbeatAt; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        heartbeatAt = (await handle.describe()).raw.pendingActivities?.[0]?.lastHeartbeatTime;
      }
      expect(heartbeatAt).toBeTruthy();
      await lock.query('ROLLBACK');
      expect((await handle.result()).ok).toBe(true);
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      lock.release();
    }
    expect(LIVENESS_BEAT_MS).toBeLessThan(10_000);
  });

  it('`entry-exit health` checks both task queues and prints one JSON line', async () => {
    const { taskQueue, stayTaskQueue } = pair.CA.config.temporal;
    const run = await cli(pair, ['health', '--node', 'ca']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = lastJson(run.stdout) as { ok: boolean; taskQueues: string[]; report: { country: string } };
    expect(report).toMatchObject({ ok: true, report: { country: 'CA' } });
    expect(report.taskQueues).toEqual([taskQueue, stayTaskQueue]);
  });

  it('serves /health over HTTP', async () => {
    for (const door of ['capture', 'partner', 'operator'] as const) {
      const res = await fetch(`${pair.US.urls[door]}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, country: 'US', door });
    }
    const missing = await fetch(`${pair.US.urls.operator}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no endpoint GET \/nope/);
  });
});
