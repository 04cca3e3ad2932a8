// The stay workflow's adapters to the node database (queries: src/stays/store.ts). Each is
// idempotent: keyed by entry id (and kind), a retry or a replay after continue-as-new writes nothing twice.
import { writeAudit } from '../src/audit';
import { withTransaction } from '../src/db/pool';
import type { NodeContext } from '../src/node/context';
import type { StayState } from '../src/stays/contract';
import {
  insertFlag,
  liftFlags,
  markDepartureConfirmed,
  saveStay,
  type FlagOverstay,
  type LiftOverstay,
} from '../src/stays/store';

export type { FlagOverstay, LiftOverstay };

export interface DepartureConfirmed {
  entryId: string;
  orderId: string;
  exitId: string;
  exitedAt: string;
  onTime: boolean;
  at: string;
}

export type StayActivities = ReturnType<typeof createStayActivities>;

export function createStayActivities(ctx: NodeContext) {
  return {
    /** Writes the stay's current state to `stays`; a write older than the stored revision is ignored. */
    async saveStay(input: { workflowId: string; state: StayState; at: string }): Promise<void> {
      await saveStay(ctx.pool, input.workflowId, input.state, input.at);
    },

    /** Raises (or, for a corrected exit, updates) the standing flag of one kind on an entry. */
    async flagOverstay(f: FlagOverstay): Promise<void> {
      await insertFlag(ctx.pool, f);
      ctx.log.info('overstay flagged', { entryId: f.entryId, kind: f.kind, daysOver: f.daysOver });
    },

    /** Lifts standing flags (never deletes them): the history of the suspicion and its correction stays. */
    async liftOverstay(l: LiftOverstay): Promise<number> {
      const lifted = await liftFlags(ctx.pool, l);
      if (lifted)
        ctx.log.info('overstay flag lifted', { entryId: l.entryId, kinds: l.kinds.join(','), reason: l.reason });
      return lifted;
    },

    /**
     * Lifts some flags and raises another in one transaction (a late exit turning a suspected
     * in-country overstay into an out-of-country one), so the overstay list never shows both or neither.
     */
    async replaceOverstayFlag(r: { lift: LiftOverstay; flag: FlagOverstay }): Promise<number> {
      const lifted = await withTransaction(ctx.pool, async (client) => {
        const n = await liftFlags(client, r.lift);
        await insertFlag(client, r.flag);
        return n;
      });
      ctx.log.info('overstay flag replaced', {
        entryId: r.flag.entryId,
        lifted: r.lift.kinds.join(','),
        kind: r.flag.kind,
        daysOver: r.flag.daysOver,
      });
      return lifted;
    },

    /** Records that a person under a removal order left, with an audit row for the authorities. */
    async confirmDeparture(d: DepartureConfirmed): Promise<void> {
      await withTransaction(ctx.pool, async (client) => {
        if (await markDepartureConfirmed(client, d.entryId, d.at))
          await writeAudit(client, {
            actor: 'system',
            action: 'removal.departure-confirmed',
            recordIds: [d.entryId, d.exitId],
            details: { orderId: d.orderId, onTime: d.onTime, exitedAt: d.exitedAt },
          });
      });
      ctx.log.info('removal departure confirmed', { entryId: d.entryId, orderId: d.orderId, onTime: d.onTime });
    },
  };
}
