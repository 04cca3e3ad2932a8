// Every activity of a node, built from the node's context. A new capability adds its factory here;
// workflows see the merged type through `import type { NodeActivities }`.
import type { NodeContext } from '../src/node/context';
import { createHealthActivities } from './health';
import { createPurgeActivities } from './purge';

export function createActivities(ctx: NodeContext) {
  return {
    ...createHealthActivities(ctx),
    ...createPurgeActivities(ctx),
  };
}

export type NodeActivities = ReturnType<typeof createActivities>;
