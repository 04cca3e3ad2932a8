import { healthCheck } from '../workflows/health';
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

  it('serves /health over HTTP', async () => {
    const res = await fetch(`${pair.US.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, country: 'US' });
    const missing = await fetch(`${pair.US.url}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no endpoint GET \/nope/);
  });
});
