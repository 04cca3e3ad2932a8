// Transmit: POSTs a stored batch, signed now, to the partner's intake (src/exchange/transmit.ts).
// Idempotent by batch id: the body never changes, so the partner recognises a retransmission.
import { transmitBatch } from '../src/exchange/transmit';
import type { NodeContext } from '../src/node/context';

export function createTransmitActivities(ctx: NodeContext) {
  return {
    transmitBatch: (input: { batchId: string; attempt: number }) => transmitBatch(ctx, input),
  };
}
