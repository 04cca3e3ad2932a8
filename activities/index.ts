// Every activity of a node, built from the node's context. A new capability adds its factory here;
// workflows see the merged type through `import type { NodeActivities }`.
import type { NodeContext } from '../src/node/context';
import { createHealthActivities } from './health';
import { createCollectActivities } from './collect';
import { createTransmitActivities } from './transmit';
import { createIngestActivities } from './ingest';
import { createReconcileActivities } from './reconcile';
import { createAcknowledgeActivities } from './acknowledge';
import { createStayActivities } from './stays';
import { createPurgeActivities } from './purge';

export function createActivities(ctx: NodeContext) {
  return {
    ...createHealthActivities(ctx),
    ...createCollectActivities(ctx),
    ...createTransmitActivities(ctx),
    ...createIngestActivities(ctx),
    ...createReconcileActivities(ctx),
    ...createAcknowledgeActivities(ctx),
    ...createStayActivities(ctx),
    ...createPurgeActivities(ctx),
  };
}

export type NodeActivities = ReturnType<typeof createActivities>;
