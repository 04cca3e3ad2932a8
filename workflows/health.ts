// Health check: the smallest end-to-end proof that a node's namespace, worker and database work.
import { proxyActivities } from '@temporalio/workflow';
import type { NodeActivities } from '../activities';

const { checkDatabase } = proxyActivities<NodeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export async function healthCheck(): Promise<{ ok: true; report: Awaited<ReturnType<typeof checkDatabase>> }> {
  const report = await checkDatabase();
  return { ok: true, report };
}
