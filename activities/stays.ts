// The stay workflow's adapters to the node database (src/stays/stay-records.ts, queries in
// src/stays/store.ts). Each is idempotent: keyed by entry id (and kind), a retry or a replay after
// continue-as-new writes nothing twice.
import type { NodeContext } from '../src/node/context';
import type { StayState } from '../src/stays/contract';
import {
  confirmDeparture,
  flagOverstay,
  liftOverstay,
  replaceOverstayFlag,
  type DepartureConfirmed,
} from '../src/stays/stay-records';
import { saveStay, type FlagOverstay, type LiftOverstay } from '../src/stays/store';

export type { DepartureConfirmed, FlagOverstay, LiftOverstay };

export type StayActivities = ReturnType<typeof createStayActivities>;

export function createStayActivities(ctx: NodeContext) {
  return {
    /** Writes the stay's current state to `stays`; a write older than the stored revision is ignored. */
    saveStay: (input: { workflowId: string; state: StayState; at: string }) =>
      saveStay(ctx.pool, input.workflowId, input.state, input.at),
    flagOverstay: (f: FlagOverstay) => flagOverstay(ctx, f),
    liftOverstay: (l: LiftOverstay) => liftOverstay(ctx, l),
    replaceOverstayFlag: (r: { lift: LiftOverstay; flag: FlagOverstay }) => replaceOverstayFlag(ctx, r),
    confirmDeparture: (d: DepartureConfirmed) => confirmDeparture(ctx, d),
  };
}
