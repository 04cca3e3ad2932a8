// Every activity of a node, built from the node's context: what its workers register. A new
// capability adds its factory here. Workflows do not import this file: each proxies only the
// activities it uses, typed by their own factory (`ReturnType<typeof createIngestActivities>`).
import type { NodeContext } from '../src/node/context';
import type { PurgeFaults } from '../src/retention/purge';
import { createHealthActivities } from './health';
import { createCollectActivities } from './collect';
import { createTransmitActivities } from './transmit';
import { createIngestActivities } from './ingest';
import { createReconcileActivities } from './reconcile';
import { createAcknowledgeActivities } from './acknowledge';
import { createStayActivities } from './stays';
import { createPurgeActivities } from './purge';

/** Test seams, given by a test through startNode's options; production passes none. */
export interface ActivitySeams {
  purge?: PurgeFaults;
}

export function createActivities(ctx: NodeContext, seams: ActivitySeams = {}) {
  return {
    ...createHealthActivities(ctx),
    ...createCollectActivities(ctx),
    ...createTransmitActivities(ctx),
    ...createIngestActivities(ctx),
    ...createReconcileActivities(ctx),
    ...createAcknowledgeActivities(ctx),
    ...createStayActivities(ctx),
    ...createPurgeActivities(ctx, seams.purge),
  };
}

export type NodeActivities = ReturnType<typeof createActivities>;
