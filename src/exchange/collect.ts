// Collect: turns the next page of pending in-scope entries into a batch with a fixed body and a
// deterministic id. Idempotent: a retry of the same (cycle run, batch index) returns the same batch,
// and a batch of this window left unacknowledged by an earlier run is taken over, not made again.
import { ApplicationFailure } from '@temporalio/activity';
import type { Country } from '../config';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { loadScopePhases } from '../config/scope';
import { scopeSqlCondition } from '../scope/rules';
import { NON_RETRYABLE } from '../temporal/retry-policies';
import { batchIdFor, directionLabel } from './batch';
import { batchEnvelope, dueForExchange } from './collect-decisions';
import {
  adoptOrphanBatch,
  batchOfRun,
  insertOutboundBatch,
  lockCollection,
  lockPendingEntries,
  nextBatchSeq,
  readAckState,
} from './outbound-store';

export interface PrepareBatchInput {
  from: Country;
  to: Country;
  window: string;
  /** Records captured before this instant are due (ISO 8601). */
  windowEnd: string;
  workflowId: string;
  /** Identifies the cycle run chain (first run id); with batchIndex it makes this call idempotent. */
  runKey: string;
  batchIndex: number;
  batchSize: number;
}

export interface PreparedBatch {
  batchId: string;
  recordCount: number;
  /** True when this batch was made by an earlier run of the same window and is being taken over. */
  adopted: boolean;
}

export interface AckState {
  acked: boolean;
  accepted: number;
  rejected: number;
}

/** Makes (or finds) the cycle's next batch; null when nothing is pending. */
export async function prepareBatch(ctx: NodeContext, input: PrepareBatchInput): Promise<PreparedBatch | null> {
  if (input.from !== ctx.config.country)
    throw new Error(`this is the ${ctx.config.country} node; it cannot send ${input.from}'s records`);
  const direction = directionLabel(input.from, input.to);
  let phases: ReturnType<typeof loadScopePhases>;
  try {
    phases = loadScopePhases();
  } catch (err) {
    // A broken scope file will not fix itself on retry: fail the cycle with the problems listed.
    throw ApplicationFailure.nonRetryable((err as Error).message, NON_RETRYABLE.scopeConfiguration);
  }
  return withTransaction(ctx.pool, async (client) => {
    await lockCollection(client, direction);
    const own = await batchOfRun(client, input.runKey, input.batchIndex);
    if (own) return { batchId: own.batch_id, recordCount: own.record_count, adopted: false };
    const orphan = await adoptOrphanBatch(client, { direction, ...input });
    if (orphan) return { batchId: orphan.batch_id, recordCount: orphan.record_count, adopted: true };
    const pending = await lockPendingEntries(client, input.windowEnd, input.batchSize, scopeSqlCondition(phases, 3));
    const due = dueForExchange(pending, phases);
    if (due.length === 0) return null;
    const seq = await nextBatchSeq(client, direction, input.window);
    const batchId = batchIdFor(direction, input.window, seq);
    const envelope = batchEnvelope({ batchId, ...input, createdAt: ctx.clock.now() }, due);
    await insertOutboundBatch(client, {
      batchId,
      direction,
      window: input.window,
      seq,
      runKey: input.runKey,
      batchIndex: input.batchIndex,
      workflowId: input.workflowId,
      body: JSON.stringify(envelope),
      records: due.map((r) => ({ id: r.id, version: r.version })),
      at: ctx.clock.now(),
    });
    return { batchId, recordCount: due.length, adopted: false };
  });
}

/** Whether the partner's acknowledgement of a batch is stored (read-only). */
export async function ackStatus(ctx: NodeContext, batchId: string): Promise<AckState> {
  const row = await readAckState(ctx.pool, batchId);
  if (!row) throw new Error(`batch ${batchId} is not in outbound_batches`);
  return { acked: row.acked_at !== null, accepted: row.accepted ?? 0, rejected: row.rejected ?? 0 };
}
