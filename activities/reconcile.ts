// Reconcile: joins the exits of a batch to this node's own entries (exactly, then with the matcher:
// src/exchange/reconcile.ts) and tells each matched stay that its traveller left
// (src/exchange/signal-stays.ts). Idempotent: matches are inserted once per exit, review rows
// upserted; stays are signalled until marked signalled. Paged and heartbeating for large batches.
import { auditMatchModel, matchExits, matchExitsScored } from '../src/exchange/reconcile';
import { countBatchExits } from '../src/exchange/reconcile-store';
import { signalMatchedStays } from '../src/exchange/signal-stays';
import type { NodeContext } from '../src/node/context';
import { observeReconcile } from '../src/observability/metrics';

export interface ReconcileCounts {
  exits: number;
  matched: number;
  /** Of `matched`, how many the scored matcher made (the rest are exact). */
  matchedByMatcher: number;
  /** Pairs sent to the review list. */
  review: number;
  signalled: number;
  /** Milliseconds the stay-signalling phase took (wall time, all lanes). */
  signalMs: number;
}

export function createReconcileActivities(ctx: NodeContext) {
  return {
    async reconcileExits(batchId: string): Promise<ReconcileCounts> {
      const exact = await matchExits(ctx.pool, batchId);
      const scored = await matchExitsScored(ctx.pool, batchId);
      await auditMatchModel(ctx, batchId, scored);
      const exits = await countBatchExits(ctx.pool, batchId);
      const { signalled, signalMs, signalStartedAt } = await signalMatchedStays(ctx, batchId);
      const counts = {
        exits,
        matched: exact + scored.matched,
        matchedByMatcher: scored.matched,
        review: scored.review,
        signalled,
        signalMs,
      };
      observeReconcile(ctx, counts);
      ctx.log.info('exits reconciled', { batchId, ...counts, signalStartedAt: signalStartedAt.toISOString() });
      return counts;
    },
  };
}
