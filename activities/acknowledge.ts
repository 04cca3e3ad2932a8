// Acknowledge: sends the partner the signed per-record results of one of its batches. Idempotent:
// the results are stored, so the same acknowledgement goes out however often it is sent.
import { LEGAL_BASIS, writeAudit } from '../src/db/audit';
import { partnerOf } from '../src/config';
import { ACK_FORMAT, type AckEnvelope } from '../src/exchange/batch';
import type { NodeContext } from '../src/node/context';
import { postSigned } from './transmit';

export function createAcknowledgeActivities(ctx: NodeContext) {
  return {
    async sendAcknowledgement(batchId: string): Promise<{ accepted: number; rejected: number }> {
      const own = ctx.config.country;
      const partner = partnerOf(own);
      const { rows: batch } = await ctx.pool.query<{ cycle_window: string }>(
        'SELECT cycle_window FROM inbound_batches WHERE batch_id = $1',
        [batchId],
      );
      if (!batch[0]) throw new Error(`batch ${batchId} is not stored`);
      const { rows } = await ctx.pool.query<{
        position: number;
        record_id: string | null;
        version: number | null;
        status: 'accepted' | 'rejected';
        reason: string | null;
      }>(
        'SELECT position, record_id, version, status, reason FROM inbound_results WHERE batch_id = $1 ORDER BY position',
        [batchId],
      );
      const accepted = rows.filter((r) => r.status === 'accepted').length;
      const ack: AckEnvelope = {
        format: ACK_FORMAT,
        batch_id: batchId,
        sender: own,
        receiver: partner,
        acknowledged_at: ctx.clock.now().toISOString(),
        accepted,
        rejected: rows.length - accepted,
        results: rows.map((r) => ({
          position: r.position,
          id: r.record_id,
          version: r.version,
          status: r.status,
          ...(r.reason ? { reason: r.reason } : {}),
        })),
      };
      await postSigned(ctx, 'ack', '/intake/acks', JSON.stringify(ack), `acknowledgement of ${batchId}`);
      // Taken: the copy of the records in the batch is no longer needed (results and exits remain).
      await ctx.pool.query('UPDATE inbound_batches SET ack_sent_at = $2, records = NULL WHERE batch_id = $1', [
        batchId,
        ctx.clock.now(),
      ]);
      await writeAudit(ctx.pool, {
        actor: ctx.config.agency,
        action: 'ack.sent',
        legalBasis: LEGAL_BASIS[own],
        direction: `${partner}->${own}`,
        batchId,
        cycleWindow: batch[0].cycle_window,
        counts: { accepted: ack.accepted, rejected: ack.rejected },
        at: ctx.clock.now(),
      });
      return { accepted: ack.accepted, rejected: ack.rejected };
    },
  };
}
