// Transmit: POSTs a stored batch, signed now, to the partner's intake. Idempotent by batch id: the
// body never changes, so the partner recognises a retransmission. Network errors and 5xx are thrown
// for Temporal to retry with backoff; a 4xx is the partner refusing the contract and is not retried.
import { ApplicationFailure } from '@temporalio/activity';
import { LEGAL_BASIS, writeAudit } from '../src/audit';
import { partnerOf } from '../src/config';
import { signMessage, transportNow } from '../src/exchange/signing';
import type { NodeContext } from '../src/node/context';

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
  if (response.status >= 500)
    throw new Error(`partner answered ${response.status} to ${what}: ${String(json.error ?? '')}`);
  if (response.status >= 400) {
    throw ApplicationFailure.nonRetryable(
      `partner refused ${what} (${response.status}): ${String(json.error ?? 'no reason given')}`,
      PARTNER_REFUSED,
    );
  }
  return { status: response.status, json };
}

export function createTransmitActivities(ctx: NodeContext) {
  return {
    async transmitBatch(input: { batchId: string; attempt: number }): Promise<TransmitResult> {
      const { rows } = await ctx.pool.query<{ body: string | null; cycle_window: string; record_count: number }>(
        'SELECT body, cycle_window, record_count FROM outbound_batches WHERE batch_id = $1',
        [input.batchId],
      );
      if (!rows[0])
        throw ApplicationFailure.nonRetryable(`batch ${input.batchId} is not in outbound_batches`, 'UnknownBatch');
      // Acknowledged meanwhile (the body is cleared then): nothing left to send.
      if (rows[0].body === null) return { status: 200, duplicate: true };
      const { status, json } = await postSigned(
        ctx,
        'batch',
        '/intake/batches',
        rows[0].body,
        `batch ${input.batchId}`,
      );
      const own = ctx.config.country;
      await ctx.pool.query(
        `UPDATE outbound_batches SET send_count = send_count + 1, first_sent_at = COALESCE(first_sent_at, $2), last_sent_at = $2 WHERE batch_id = $1`,
        [input.batchId, ctx.clock.now()],
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
      ctx.log.info('batch transmitted', {
        batchId: input.batchId,
        attempt: input.attempt,
        records: rows[0].record_count,
      });
      return { status, duplicate: json.duplicate === true };
    },
  };
}
