// Acknowledge: sends the partner the signed per-record results of one of its batches
// (src/exchange/acknowledge.ts). Idempotent: the results are stored, so the same acknowledgement goes
// out however often it is sent.
import { sendAcknowledgement } from '../src/exchange/acknowledge';
import type { NodeContext } from '../src/node/context';

export function createAcknowledgeActivities(ctx: NodeContext) {
  return {
    sendAcknowledgement: (batchId: string) => sendAcknowledgement(ctx, batchId),
  };
}
