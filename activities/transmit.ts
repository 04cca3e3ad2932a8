// Transmit: POSTs a stored batch, signed now, to the partner's intake. Idempotent by batch id: the
// body never changes, so the partner recognises a retransmission. Network errors and 5xx are thrown
// for Temporal to retry with backoff; a 4xx is the partner refusing the contract and is not retried.
import { ApplicationFailure } from '@temporalio/activity';
import { LEGAL_BASIS, writeAudit } from '../src/db/audit';
import { partnerOf } from '../src/config';
import { signMessage, transportNow } from '../src/exchange/signing';
import { withTransaction } from '../src/db/pool';
import type { NodeContext } from '../src/node/context';
import { observeTransmit } from '../src/observability/metrics';

export const PARTNER_REFUSED = 'PartnerRefused';

export interface TransmitResult {
  status: number;
  duplicate: boolean;
}

/** POSTs a signed message; throws retryably on network errors and 5xx, non-retryably on 4xx. */
export async function postSigned(
  ctx: NodeContext,
  kind: 'batch' | 'ack',
  path: string,
  body: string,
  what: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  if (!ctx.config.signingKey)
    throw ApplicationFailure.nonRetryable(`no signing key: set ${ctx.config.country}_SIGNING_KEY`, 'Misconfigured');
  const headers = signMessage(kind, body, ctx.config.signingKey, ctx.config.signingKeyId, transportNow());
  let response: Response;
  try {
    response = await fetch(`${ctx.config.partnerUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      // A redirect would send the signed batch somewhere the partner never named: refused.
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new Error(`partner unreachable at ${ctx.config.partnerUrl} sending ${what}: ${(err as Error).message}`);
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  // 5xx, a rate limit (429) and a timeout (408) pass: retried with backoff, never taken as a refusal.
  if (response.status >= 500 || response.status === 429 || response.status === 408)
    throw new Error(`partner answered ${response.status} to ${what}: ${String(json.error ?? '')}`);
  if (response.status >= 400) {
    throw ApplicationFailure.nonRetryable(
      `partner refused ${what} (${response.status}): ${String(json.error ?? 'no reason given')}`,
      PARTNER_REFUSED,
    );
  }
  return { status: response.status, json };
}

/**
 * A batch the partner refused as a whole: never counted as sent. Its records become rejected with
 * the partner's reason (listed by `exchange rejected` and GET /exchange/rejected), in one
 * transaction. The body stays for a rerun of the window once the cause is fixed; purge clears it
 * after BATCH_COPY_MAX_DAYS whatever happens (`exchange resend` then gives the records back).
 */
async function recordRefusal(ctx: NodeContext, batchId: string, reason: string): Promise<void> {
  const why = reason.slice(0, 300);
  await withTransaction(ctx.pool, async (client) => {
    await client.query('UPDATE outbound_batches SET refused_at = $2, refusal_reason = $3 WHERE batch_id = $1', [
      batchId,
      ctx.clock.now(),
      why,
    ]);
    const marked = await client.query(
      `UPDATE outbound_records SET status = 'rejected', reason = $2, updated_at = $3 WHERE batch_id = $1 AND status = 'sent'`,
      [batchId, `batch refused by the partner: ${why}`, ctx.clock.now()],
    );
    await writeAudit(client, {
      actor: ctx.config.agency,
      action: 'batch.refused',
      batchId,
      counts: { records: marked.rowCount ?? 0 },
      details: { reason: why },
    });
  });
  ctx.log.warn('batch refused by the partner; its records are listed as rejected', { batchId });
}

export function createTransmitActivities(ctx: NodeContext) {
  return {
    async transmitBatch(input: { batchId: string; attempt: number }): Promise<TransmitResult> {
      const { rows } = await ctx.pool.query<{
        body: string | null;
        acked_at: Date | null;
        cycle_window: string;
        record_count: number;
      }>('SELECT body, acked_at, cycle_window, record_count FROM outbound_batches WHERE batch_id = $1', [
        input.batchId,
      ]);
      if (!rows[0])
        throw ApplicationFailure.nonRetryable(`batch ${input.batchId} is not in outbound_batches`, 'UnknownBatch');
      // Acknowledged meanwhile (the body is cleared then): nothing left to send.
      if (rows[0].body === null && rows[0].acked_at !== null) return { status: 200, duplicate: true };
      if (rows[0].body === null)
        throw ApplicationFailure.nonRetryable(
          `batch ${input.batchId} was never acknowledged and its copy is gone (refused and abandoned, or cleared by retention); ` +
            `its records are listed by \`exchange rejected\`; \`exchange resend --batch ${input.batchId}\` gives them to the next cycle`,
          'BatchCopyCleared',
        );
      const { status, json } = await postSigned(
        ctx,
        'batch',
        '/intake/batches',
        rows[0].body,
        `batch ${input.batchId}`,
      ).catch(async (err: unknown) => {
        if (err instanceof ApplicationFailure && err.type === PARTNER_REFUSED)
          await recordRefusal(ctx, input.batchId, err.message);
        throw err;
      });
      const own = ctx.config.country;
      await ctx.pool.query(
        `UPDATE outbound_batches SET send_count = send_count + 1, first_sent_at = COALESCE(first_sent_at, $2), last_sent_at = $2,
                refused_at = NULL, refusal_reason = NULL WHERE batch_id = $1`,
        [input.batchId, ctx.clock.now()],
      );
      // Taken this time (after a fix): the records of an earlier refusal await the acknowledgement again.
      await ctx.pool.query(
        `UPDATE outbound_records SET status = 'sent', reason = NULL WHERE batch_id = $1 AND status = 'rejected' AND reason LIKE 'batch refused by the partner:%'`,
        [input.batchId],
      );
      await writeAudit(ctx.pool, {
        actor: ctx.config.agency,
        action: input.attempt > 1 ? 'batch.resent' : 'batch.sent',
        legalBasis: LEGAL_BASIS[own],
        direction: `${own}->${partnerOf(own)}`,
        batchId: input.batchId,
        cycleWindow: rows[0].cycle_window,
        counts: { records: rows[0].record_count },
        details: { attempt: input.attempt, partner_status: status },
        at: ctx.clock.now(),
      });
      observeTransmit(ctx, input.attempt, rows[0].record_count);
      ctx.log.info('batch transmitted', {
        batchId: input.batchId,
        attempt: input.attempt,
        records: rows[0].record_count,
      });
      return { status, duplicate: json.duplicate === true };
    },
  };
}
