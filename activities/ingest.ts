// Ingest: validates each record of a stored inbound batch and stores the accepted ones as exits
// (src/exchange/ingest.ts; what each record becomes: src/exchange/ingest-decisions.ts). Idempotent:
// running it again gives the same per-record results and changes nothing.
import { storeExits } from '../src/exchange/ingest';
import type { NodeContext } from '../src/node/context';

export function createIngestActivities(ctx: NodeContext) {
  return {
    storeExits: (batchId: string) => storeExits(ctx, batchId),
  };
}
