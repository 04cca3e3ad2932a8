// Transmit: POSTs a stored batch, signed now, to the partner's intake. Idempotent by batch id: the
// body never changes, so the partner recognises a retransmission. Network errors and 5xx are thrown
// for Temporal to retry with backoff; a 4xx is the partner refusing the contract and is not retried.
import { ApplicationFailure } from '@temporalio/activity';
import { LEGAL_BASIS, writeAudit } from '../db/audit';
import { partnerOf } from '../config';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { observeTransmit } from '../observability/metrics';
import { NON_RETRYABLE } from '../temporal/retry-policies';
import { readBatchToSend, recordRefusal, recordSend } from './outbound-store';
import { isPartnerRefusal, postSigned } from './post-signed';

export interface TransmitResult {
  status: number;
  duplicate: boolean;
}

/**
 * A batch the partner refused as a whole: never counted as sent. Its records become rejected with
 * the partner's reason (listed by `exchange rejected` and GET /exchange/rejected), in one
 * transaction. The body stays for a rerun of the window once the cause is fixed; purge clears it
 * after BATCH_COPY_MAX_DAYS whatever happens (`exchange resend` then gives the records back).
 */
async function refused(ctx: NodeContext, batchId: string, reason: string): Promise<void> {
  const why = reason.slice(0, 300);
  await withTransaction(ctx.pool, async (client) => {
    const records = await recordRefusal(client, batchId, why, ctx.clock.now());
    await writeAudit(client, {
      actor: ctx.config.agency,
      action: 'batch.refused',
      batchId,
      counts: { records },
      details: { reason: why },
    });
  });
  ctx.log.warn('batch refused by the partner; its records are listed as rejected', { batchId });
}

export async function transmitBatch(
  ctx: NodeContext,
  input: { batchId: string; attempt: number },
): Promise<TransmitResult> {
  const batch = await readBatchToSend(ctx.pool, input.batchId);
  if (!batch)
    throw ApplicationFailure.nonRetryable(
      `batch ${input.batchId} is not in outbound_batches`,
      NON_RETRYABLE.unknownBatch,
    );
  // Acknowledged meanwhile (the body is cleared then): nothing left to send.
  if (batch.body === null && batch.acked_at !== null) return { status: 200, duplicate: true };
  if (batch.body === null)
    throw ApplicationFailure.nonRetryable(
      `batch ${input.batchId} was never acknowledged and its copy is gone (refused and abandoned, or cleared by retention); ` +
        `its records are listed by \`exchange rejected\`; \`exchange resend --batch ${input.batchId}\` gives them to the next cycle`,
      NON_RETRYABLE.batchCopyCleared,
    );
  const { status, json } = await postSigned(
    ctx,
    'batch',
    '/intake/batches',
    batch.body,
    `batch ${input.batchId}`,
  ).catch(async (err: unknown) => {
    if (isPartnerRefusal(err)) await refused(ctx, input.batchId, err.message);
    throw err;
  });
  const own = ctx.config.country;
  // Taken this time (after a fix, say): the records of an earlier refusal await the acknowledgement again.
  await recordSend(ctx.pool, input.batchId, ctx.clock.now());
  await writeAudit(ctx.pool, {
    actor: ctx.config.agency,
    action: input.attempt > 1 ? 'batch.resent' : 'batch.sent',
    legalBasis: LEGAL_BASIS[own],
    direction: `${own}->${partnerOf(own)}`,
    batchId: input.batchId,
    cycleWindow: batch.cycle_window,
    counts: { records: batch.record_count },
    details: { attempt: input.attempt, partner_status: status },
    at: ctx.clock.now(),
  });
  observeTransmit(ctx, input.attempt, batch.record_count);
  ctx.log.info('batch transmitted', { batchId: input.batchId, attempt: input.attempt, records: batch.record_count });
  return { status, duplicate: json.duplicate === true };
}
