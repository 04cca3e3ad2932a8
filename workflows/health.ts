// Health check: the smallest end-to-end proof that a node's namespace, worker and database work.
import { proxyActivities } from '@temporalio/workflow';
import type { createHealthActivities } from '../activities/health';
import { HEALTH_RETRY } from '../src/temporal/retry-policies';

const { checkDatabase } = proxyActivities<ReturnType<typeof createHealthActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: HEALTH_RETRY,
});

export async function healthCheck(): Promise<{ ok: true; report: Awaited<ReturnType<typeof checkDatabase>> }> {
  const report = await checkDatabase();
  return { ok: true, report };
}
