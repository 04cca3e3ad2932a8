// The receiving side's door: a signed batch from the partner is verified, stored atomically and
// idempotently, and handed to the ingest workflow; a signed acknowledgement of one of our own batches
// is verified and its per-record results recorded. Refusals say why and store nothing.
import crypto from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { writeAudit, LEGAL_BASIS } from '../db/audit';
import { partnerOf } from '../config';
import type { NodeContext } from '../node/context';
import { observeAcknowledgement, observeIntakeRefusal } from '../observability/metrics';
import { summaries } from '../observability/summaries';
import { BatchId, Direction, RecordCount } from '../temporal/search-attributes';
import {
  ACK_RECEIVED_SIGNAL,
  AckEnvelopeSchema,
  BatchEnvelopeSchema,
  envelopeProblems,
  ingestWorkflowId,
} from './batch';
import { transportNow, verifyMessage } from './signing';

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

/** POST /intake/batches: verify, store once, start (or restart) ingest, which acknowledges. */
export async function receiveBatch(
  ctx: NodeContext,
  raw: string,
  headers: Record<string, string | string[] | undefined>,
  remote: string,
): Promise<IntakeReply> {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  const verified = verifyMessage('batch', raw, headers, ctx.config.partnerPublicKeys, transportNow());
  if (!verified.ok) return refuse(ctx, 'batch', verified.status, verified.reason, remote);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return refuse(ctx, 'batch', 400, 'body is not valid JSON', remote);
  }
  const parsed = BatchEnvelopeSchema.safeParse(json);
  if (!parsed.success)
    return refuse(ctx, 'batch', 400, `malformed batch: ${envelopeProblems(parsed.error).join('; ')}`, remote);
  const batch = parsed.data;
  if (batch.sender !== partner || batch.receiver !== own || !batch.batch_id.startsWith(`${partner}-${own}-`)) {
    return refuse(
      ctx,
      'batch',
      400,
      `wrong sender or receiver: this ${own} node takes batches from ${partner} to ${own} only`,
      remote,
    );
  }
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
  const client = await ctx.pool.connect();
  let duplicate = false;
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO inbound_batches (batch_id, sender, cycle_window, content_hash, record_count, records, key_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
      [
        batch.batch_id,
        batch.sender,
        batch.cycle_window,
        hash,
        batch.records.length,
        JSON.stringify(batch.records),
        verified.keyId,
        ctx.clock.now(),
      ],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await client.query<{ content_hash: string }>(
        'SELECT content_hash FROM inbound_batches WHERE batch_id = $1 FOR UPDATE',
        [batch.batch_id],
      );
      if (rows[0].content_hash !== hash) {
        await client.query('ROLLBACK');
        return refuse(
          ctx,
          'batch',
          409,
          `replayed batch id ${batch.batch_id} with other content; a batch id is never reused, send new records in a new batch`,
          remote,
        );
      }
      duplicate = true;
      await client.query('UPDATE inbound_batches SET receive_count = receive_count + 1 WHERE batch_id = $1', [
        batch.batch_id,
      ]);
    }
    await writeAudit(client, {
      actor: partner === 'US' ? 'cbp' : 'cbsa',
      action: duplicate ? 'batch.received-again' : 'batch.received',
      legalBasis: LEGAL_BASIS[own],
      direction: `${partner}->${own}`,
      batchId: batch.batch_id,
      cycleWindow: batch.cycle_window,
      counts: { records: batch.records.length },
      details: { key_id: verified.keyId },
      at: ctx.clock.now(),
    });
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  try {
    // A retransmitted batch restarts ingest when the earlier one has finished: ingest is idempotent
    // and ends by acknowledging, so the sender gets its acknowledgement again.
    await ctx.temporal.workflow.start('ingestBatch', {
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
  headers: Record<string, string | string[] | undefined>,
  remote: string,
): Promise<IntakeReply> {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  const verified = verifyMessage('ack', raw, headers, ctx.config.partnerPublicKeys, transportNow());
  if (!verified.ok) return refuse(ctx, 'acknowledgement', verified.status, verified.reason, remote);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return refuse(ctx, 'acknowledgement', 400, 'body is not valid JSON', remote);
  }
  const parsed = AckEnvelopeSchema.safeParse(json);
  if (!parsed.success)
    return refuse(
      ctx,
      'acknowledgement',
      400,
      `malformed acknowledgement: ${envelopeProblems(parsed.error).join('; ')}`,
      remote,
    );
  const ack = parsed.data;
  if (ack.sender !== partner || ack.receiver !== own || !ack.batch_id.startsWith(`${own}-${partner}-`)) {
    return refuse(
      ctx,
      'acknowledgement',
      400,
      `wrong sender or receiver: this ${own} node takes acknowledgements from ${partner} of its own batches only`,
      remote,
    );
  }
  const client = await ctx.pool.connect();
  let workflowId: string;
  let applied = false;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ workflow_id: string; record_count: number; cycle_window: string }>(
      'SELECT workflow_id, record_count, cycle_window FROM outbound_batches WHERE batch_id = $1 FOR UPDATE',
      [ack.batch_id],
    );
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      return refuse(ctx, 'acknowledgement', 404, `unknown batch ${ack.batch_id}: this node never sent it`, remote);
    }
    const batch = rows[0];
    workflowId = batch.workflow_id;
    const counted = {
      accepted: ack.results.filter((r) => r.status === 'accepted').length,
      rejected: ack.results.filter((r) => r.status === 'rejected').length,
    };
    if (
      ack.results.length !== batch.record_count ||
      counted.accepted !== ack.accepted ||
      counted.rejected !== ack.rejected
    ) {
      await client.query('ROLLBACK');
      return refuse(
        ctx,
        'acknowledgement',
        400,
        `acknowledgement of ${ack.batch_id} does not add up: ${ack.results.length} results for ${batch.record_count} records`,
        remote,
      );
    }
    const inserted = await client.query(
      'INSERT INTO outbound_acks (batch_id, received_at, accepted, rejected, key_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (batch_id) DO NOTHING',
      [ack.batch_id, ctx.clock.now(), ack.accepted, ack.rejected, verified.keyId],
    );
    if (inserted.rowCount === 1) {
      applied = true;
      // Only rows of this batch and of the version it carried change: a later correction in flight keeps its own row.
      await client.query(
        `UPDATE outbound_records o SET status = r.status, reason = r.reason, updated_at = $2
         FROM unnest($3::text[], $4::int[], $5::text[], $6::text[]) AS r(id, version, status, reason)
         WHERE o.batch_id = $1 AND o.entry_id = r.id AND o.version = r.version`,
        [
          ack.batch_id,
          ctx.clock.now(),
          ack.results.map((r) => r.id),
          ack.results.map((r) => r.version),
          ack.results.map((r) => r.status),
          ack.results.map((r) => (r.status === 'rejected' ? (r.reason ?? 'rejected without a reason') : null)),
        ],
      );
      await client.query(
        'UPDATE outbound_batches SET acked_at = $2, accepted = $3, rejected = $4, body = NULL WHERE batch_id = $1',
        [ack.batch_id, ctx.clock.now(), ack.accepted, ack.rejected],
      );
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
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  try {
    await ctx.temporal.workflow.getHandle(workflowId).signal(ACK_RECEIVED_SIGNAL, { batchId: ack.batch_id });
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
