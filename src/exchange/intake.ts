// The receiving side's door: a signed batch from the partner is verified, stored atomically and
// idempotently, and handed to the ingest workflow; a signed acknowledgement of one of our own batches
// is verified and its per-record results recorded. Refusals say why and store nothing.
import crypto from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { writeAudit, LEGAL_BASIS } from '../db/audit';
import { partnerOf } from '../config';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { observeAcknowledgement, observeIntakeRefusal } from '../observability/metrics';
import { summaries } from '../observability/summaries';
import { BatchId, Direction, RecordCount } from '../temporal/search-attributes';
import { ingestBatch } from '../../workflows/ingest';
import { ackMismatch, resultsAsSent } from './ack-envelope';
import { ingestWorkflowId } from './batch';
import { ackReceivedSignal } from './cycle-contract';
import { countReceivedAgain, insertInboundBatch, lockInboundHash } from './inbound-store';
import { applyAck, lockBatchForAck } from './outbound-store';
import { openPartnerMessage } from './partner-message';
import { transportNow } from './signing';

export interface IntakeReply {
  status: number;
  body: Record<string, unknown>;
}

function refuse(ctx: NodeContext, kind: string, status: number, reason: string, remote: string): IntakeReply {
  // Security refusals are logged with the reason (never the body) and answered, never crashed on.
  ctx.log.warn(`${kind} refused`, { status, reason, remote });
  observeIntakeRefusal(ctx, kind, status, reason);
  return { status, body: { error: `${kind} refused: ${reason}` } };
}

// eslint-disable-next-line no-control-regex -- the NUL is what is looked for
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when any string in a parsed JSON value (keys included) holds a NUL or an unpaired surrogate. */
export function holdsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value);
  if (Array.isArray(value)) return value.some(holdsUnstorableText);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => UNSTORABLE_TEXT.test(k) || holdsUnstorableText(v));
  return false;
}

export function recordsHash(records: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(records)).digest('hex');
}

type Headers = Record<string, string | string[] | undefined>;

/** POST /intake/batches: verify, store once, start (or restart) ingest, which acknowledges. */
export async function receiveBatch(
  ctx: NodeContext,
  raw: string,
  headers: Headers,
  remote: string,
): Promise<IntakeReply> {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  const parties = { own, partner, partnerPublicKeys: ctx.config.partnerPublicKeys };
  const opened = openPartnerMessage('batch', raw, headers, parties, transportNow());
  if (!opened.ok) return refuse(ctx, 'batch', opened.status, opened.reason, remote);
  const batch = opened.message;
  const unstorable = batch.records.findIndex((r) => holdsUnstorableText(r));
  if (unstorable >= 0) {
    // PostgreSQL's text and jsonb cannot hold these, and no valid record contains them: refusing the
    // batch as a contract error (not a 5xx, which the sender would retry for ever) names the record.
    return refuse(
      ctx,
      'batch',
      400,
      `record ${unstorable} holds a NUL character or an unpaired UTF-16 surrogate, which no record field may contain; correct it at the sender and send a new batch`,
      remote,
    );
  }
  const hash = recordsHash(batch.records);
  const stored = await withTransaction(ctx.pool, async (client) => {
    const fresh = await insertInboundBatch(client, {
      batchId: batch.batch_id,
      sender: batch.sender,
      window: batch.cycle_window,
      contentHash: hash,
      records: batch.records,
      keyId: opened.keyId,
      at: ctx.clock.now(),
    });
    if (!fresh) {
      // Nothing is written before this check: a refused replay leaves the stored batch as it was.
      if ((await lockInboundHash(client, batch.batch_id)) !== hash) return 'replayed' as const;
      await countReceivedAgain(client, batch.batch_id);
    }
    await writeAudit(client, {
      actor: partner === 'US' ? 'cbp' : 'cbsa',
      action: fresh ? 'batch.received' : 'batch.received-again',
      legalBasis: LEGAL_BASIS[own],
      direction: `${partner}->${own}`,
      batchId: batch.batch_id,
      cycleWindow: batch.cycle_window,
      counts: { records: batch.records.length },
      details: { key_id: opened.keyId },
      at: ctx.clock.now(),
    });
    return fresh ? ('new' as const) : ('again' as const);
  });
  if (stored === 'replayed')
    return refuse(
      ctx,
      'batch',
      409,
      `replayed batch id ${batch.batch_id} with other content; a batch id is never reused, send new records in a new batch`,
      remote,
    );
  const duplicate = stored === 'again';
  try {
    // A retransmitted batch restarts ingest when the earlier one has finished: ingest is idempotent
    // and ends by acknowledging, so the sender gets its acknowledgement again.
    await ctx.temporal.workflow.start(ingestBatch, {
      workflowId: ingestWorkflowId(batch.batch_id),
      taskQueue: ctx.config.temporal.taskQueue,
      args: [{ batchId: batch.batch_id }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      staticSummary: summaries.ingest(batch.batch_id, partner, batch.records.length),
      staticDetails: summaries.ingestDetails,
      typedSearchAttributes: [
        { key: Direction, value: `${partner}-${own}` },
        { key: BatchId, value: batch.batch_id },
        { key: RecordCount, value: batch.records.length },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      ctx.log.error('ingest could not be started; the batch is stored and a retransmission restarts it', {
        batchId: batch.batch_id,
        error: (err as Error).name,
      });
      return { status: 503, body: { error: 'batch stored but ingest could not start; send it again later' } };
    }
  }
  ctx.log.info(duplicate ? 'batch received again' : 'batch received', {
    batchId: batch.batch_id,
    records: batch.records.length,
  });
  return { status: 202, body: { batch_id: batch.batch_id, records: batch.records.length, duplicate } };
}

/** POST /intake/acks: the partner's acknowledgement of one of our batches. Applied once; repeats are answered 200. */
export async function receiveAck(
  ctx: NodeContext,
  raw: string,
  headers: Headers,
  remote: string,
): Promise<IntakeReply> {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  const parties = { own, partner, partnerPublicKeys: ctx.config.partnerPublicKeys };
  const opened = openPartnerMessage('ack', raw, headers, parties, transportNow());
  if (!opened.ok) return refuse(ctx, 'acknowledgement', opened.status, opened.reason, remote);
  const ack = opened.message;
  // Nothing is written before the checks: a refused acknowledgement changes nothing.
  const outcome = await withTransaction(ctx.pool, async (client) => {
    const batch = await lockBatchForAck(client, ack.batch_id);
    if (!batch)
      return { refused: true, status: 404, reason: `unknown batch ${ack.batch_id}: this node never sent it` } as const;
    // Its body gone, the batch was acknowledged already: applyAck below stores nothing and answers a repeat.
    const mismatch = batch.sent === null ? undefined : ackMismatch(ack, batch.sent);
    if (mismatch) return { refused: true, status: 400, reason: mismatch } as const;
    const applied = await applyAck(
      client,
      {
        batchId: ack.batch_id,
        accepted: ack.accepted,
        rejected: ack.rejected,
        keyId: opened.keyId,
        results: batch.sent === null ? ack.results : resultsAsSent(ack, batch.sent),
      },
      ctx.clock.now(),
    );
    if (applied)
      await writeAudit(client, {
        actor: partner === 'US' ? 'cbp' : 'cbsa',
        action: 'batch.acknowledged',
        legalBasis: LEGAL_BASIS[own],
        direction: `${own}->${partner}`,
        batchId: ack.batch_id,
        cycleWindow: batch.cycle_window,
        counts: { accepted: ack.accepted, rejected: ack.rejected },
        at: ctx.clock.now(),
      });
    return { refused: false, workflowId: batch.workflow_id, applied } as const;
  });
  if (outcome.refused) return refuse(ctx, 'acknowledgement', outcome.status, outcome.reason, remote);
  const { workflowId, applied } = outcome;
  try {
    await ctx.temporal.workflow.getHandle(workflowId).signal(ackReceivedSignal, { batchId: ack.batch_id });
  } catch (err) {
    // The cycle may have finished (a repeated ack) or been stopped; it reads the stored ack when it runs.
    if (!(err instanceof WorkflowNotFoundError))
      ctx.log.warn('acknowledgement stored but the cycle could not be signalled', {
        batchId: ack.batch_id,
        error: (err as Error).name,
      });
  }
  if (applied) await observeAcknowledgement(ctx, ack.batch_id, ack.results);
  ctx.log.info(applied ? 'acknowledgement recorded' : 'acknowledgement received again', {
    batchId: ack.batch_id,
    accepted: ack.accepted,
    rejected: ack.rejected,
  });
  return { status: 200, body: { batch_id: ack.batch_id, applied } };
}
