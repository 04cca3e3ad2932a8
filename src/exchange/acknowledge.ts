// Acknowledge: sends the partner the signed per-record results of one of its batches. Idempotent:
// the results are stored, so the same acknowledgement goes out however often it is sent.
import { LEGAL_BASIS, writeAudit } from '../db/audit';
import { partnerOf } from '../config';
import type { NodeContext } from '../node/context';
import { buildAck } from './ack-envelope';
import { markAckSent, readBatchWindow, readVerdicts } from './inbound-store';
import { postSigned } from './post-signed';

export async function sendAcknowledgement(
  ctx: NodeContext,
  batchId: string,
): Promise<{ accepted: number; rejected: number }> {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  const cycleWindow = await readBatchWindow(ctx.pool, batchId);
  if (cycleWindow === undefined) throw new Error(`batch ${batchId} is not stored`);
  const verdicts = await readVerdicts(ctx.pool, batchId);
  const ack = buildAck(batchId, own, partner, ctx.clock.now(), verdicts);
  await postSigned(ctx, 'ack', '/intake/acks', JSON.stringify(ack), `acknowledgement of ${batchId}`);
  await markAckSent(ctx.pool, batchId, ctx.clock.now());
  await writeAudit(ctx.pool, {
    actor: ctx.config.agency,
    action: 'ack.sent',
    legalBasis: LEGAL_BASIS[own],
    direction: `${partner}->${own}`,
    batchId,
    cycleWindow,
    counts: { accepted: ack.accepted, rejected: ack.rejected },
    at: ctx.clock.now(),
  });
  return { accepted: ack.accepted, rejected: ack.rejected };
}
