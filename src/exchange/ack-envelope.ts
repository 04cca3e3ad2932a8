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

/** An entry version a batch of ours carried, at its position in the batch. */
export interface SentRecord {
  id: string;
  version: number;
}

/**
 * Why an acknowledgement of one of our batches cannot be right, or undefined: it must give one
 * result per record, at each position of the batch once, each naming the id and version that the
 * batch carried at that position (a result the partner could not tie to an id, id null, must be a
 * rejection), and counts that agree with its results. Counts alone are not enough: a signed ack
 * naming ids outside the batch, or one id twice, would clear the batch and leave its real records
 * `sent` for ever (issue 26). `sent` is the batch as stored, in order.
 */
export function ackMismatch(ack: AckEnvelope, sent: SentRecord[]): string | undefined {
  const accepted = ack.results.filter((r) => r.status === 'accepted').length;
  const rejected = ack.results.filter((r) => r.status === 'rejected').length;
  const what = `acknowledgement of ${ack.batch_id}`;
  if (ack.results.length !== sent.length || accepted !== ack.accepted || rejected !== ack.rejected)
    return `${what} does not add up: ${ack.results.length} results for ${sent.length} records`;
  const seen = new Set<number>();
  for (const [index, result] of ack.results.entries()) {
    const record = sent[result.position];
    if (record === undefined) return `${what}: result ${index} names position ${result.position}, outside the batch`;
    if (seen.has(result.position)) return `${what}: position ${result.position} has more than one result`;
    seen.add(result.position);
    if (result.id === null) {
      if (result.status !== 'rejected')
        return `${what}: result ${index} accepts a record without naming it; only a rejection may lack an id`;
      continue;
    }
    if (result.id !== record.id || result.version !== record.version)
      return `${what}: result ${index} names a record or version the batch did not carry at position ${result.position}`;
  }
  return undefined;
}

/** The results with each one's id and version taken from our own batch at its position, so every record gets its verdict. */
export function resultsAsSent(ack: AckEnvelope, sent: SentRecord[]): AckEnvelope['results'] {
  return ack.results.map((r) => ({ ...r, id: sent[r.position].id, version: sent[r.position].version }));
}
