// Collect: the exchange cycle's batch maker and its look at the stored acknowledgement. Idempotent:
// a retry of the same (cycle run, batch index) returns the same batch (src/exchange/collect.ts).
import { ackStatus, prepareBatch, type PrepareBatchInput } from '../src/exchange/collect';
import type { NodeContext } from '../src/node/context';

export function createCollectActivities(ctx: NodeContext) {
  return {
    /** Makes (or finds) the cycle's next batch; null when nothing is pending. */
    prepareBatch: (input: PrepareBatchInput) => prepareBatch(ctx, input),
    /** Whether the partner's acknowledgement of a batch is stored (read-only). */
    ackStatus: (batchId: string) => ackStatus(ctx, batchId),
  };
}
