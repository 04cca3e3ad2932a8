// Telling each matched stay that its traveller left. Signalled by SIGNAL_CONCURRENCY lanes, each
// taking the next stay as soon as its last signal is answered (no chunk waits for its slowest signal);
// marked signalled every SIGNAL_CONCURRENCY stays, so a retry after a crash re-signals at most a few
// (the stay treats a repeat as a correction to the same exit). A stay that no longer runs is skipped.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { NodeContext } from '../node/context';
import { exitRecordedSignal, stayWorkflowId } from '../stays/contract';
import { heartbeat } from '../temporal/heartbeat';
import { exitSignalOf } from './reconcile-decisions';
import { markSignalled, readUnsignalledMatches } from './reconcile-store';

/** Stay signals in flight at once. */
const SIGNAL_CONCURRENCY = 32;

/**
 * Signals the stays of the batch's matches not yet signalled; returns how many were signalled and how
 * long the phase took (wall time, all lanes: the benchmark compares it with the bare Temporal ceiling).
 */
export async function signalMatchedStays(
  ctx: NodeContext,
  batchId: string,
): Promise<{ signalled: number; signalMs: number; signalStartedAt: Date }> {
  const rows = await readUnsignalledMatches(ctx.pool, batchId);
  const signalStartedAt = new Date();
  const signalStarted = process.hrtime.bigint();
  let signalled = 0;
  let next = 0;
  let unmarked: string[] = [];
  const mark = async (exitIds: string[]) => {
    if (exitIds.length === 0) return;
    await markSignalled(ctx.pool, exitIds);
    heartbeat({ signalled });
  };
  const lane = async () => {
    for (let i = next++; i < rows.length; i = next++) {
      const row = rows[i];
      try {
        await ctx.temporal.workflow
          .getHandle(stayWorkflowId(ctx.config.country, row.entry_id))
          .signal(exitRecordedSignal, exitSignalOf(row));
        signalled++;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      unmarked.push(row.exit_id);
      if (unmarked.length >= SIGNAL_CONCURRENCY) {
        const batch = unmarked;
        unmarked = [];
        await mark(batch);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIGNAL_CONCURRENCY, rows.length) }, lane));
  await mark(unmarked);
  const signalMs = Math.round(Number(process.hrtime.bigint() - signalStarted) / 1e5) / 10;
  return { signalled, signalMs, signalStartedAt };
}
