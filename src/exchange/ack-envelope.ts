// The acknowledgement of a partner batch, both ways: built from the stored per-record verdicts when
// this node acknowledges, and checked for adding up when the partner acknowledges one of ours. Pure
// (test/unit/ack-envelope.test.ts).
import type { Country } from '../config';
import { ACK_FORMAT, type AckEnvelope } from './batch';
import type { RecordVerdict } from './ingest-decisions';

export function buildAck(
  batchId: string,
  own: Country,
  partner: Country,
  at: Date,
  verdicts: RecordVerdict[],
): AckEnvelope {
  const accepted = verdicts.filter((r) => r.status === 'accepted').length;
  return {
    format: ACK_FORMAT,
    batch_id: batchId,
    sender: own,
    receiver: partner,
    acknowledged_at: at.toISOString(),
    accepted,
    rejected: verdicts.length - accepted,
    results: verdicts.map((r) => ({
      position: r.position,
      id: r.id,
      version: r.version,
      status: r.status,
      ...(r.reason ? { reason: r.reason } : {}),
    })),
  };
}

/** Why an acknowledgement of one of our batches cannot be right (one result per record, counts agreeing), or undefined. */
export function ackMismatch(ack: AckEnvelope, recordCount: number): string | undefined {
  const accepted = ack.results.filter((r) => r.status === 'accepted').length;
  const rejected = ack.results.filter((r) => r.status === 'rejected').length;
  if (ack.results.length === recordCount && accepted === ack.accepted && rejected === ack.rejected) return undefined;
  return `acknowledgement of ${ack.batch_id} does not add up: ${ack.results.length} results for ${recordCount} records`;
}
