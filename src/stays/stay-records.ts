// What a stay workflow writes to the node database, as services its activities call: its state, the
// overstay flags (raised, lifted, or replaced in one transaction) and a confirmed departure under a
// removal order. Idempotent as the store is (src/stays/store.ts).
import { writeAudit } from '../db/audit';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { insertFlag, liftFlags, markDepartureConfirmed, type FlagOverstay, type LiftOverstay } from './store';

export interface DepartureConfirmed {
  entryId: string;
  orderId: string;
  exitId: string;
  exitedAt: string;
  onTime: boolean;
  at: string;
}

/** Raises (or, for a corrected exit, updates) the standing flag of one kind on an entry. */
export async function flagOverstay(ctx: NodeContext, f: FlagOverstay): Promise<void> {
  await insertFlag(ctx.pool, f);
  ctx.log.info('overstay flagged', { entryId: f.entryId, kind: f.kind, daysOver: f.daysOver });
}

/** Lifts standing flags (never deletes them): the history of the suspicion and its correction stays. */
export async function liftOverstay(ctx: NodeContext, l: LiftOverstay): Promise<number> {
  const lifted = await liftFlags(ctx.pool, l);
  if (lifted) ctx.log.info('overstay flag lifted', { entryId: l.entryId, kinds: l.kinds.join(','), reason: l.reason });
  return lifted;
}

/**
 * Lifts some flags and raises another in one transaction (a late exit turning a suspected
 * in-country overstay into an out-of-country one), so the overstay list never shows both or neither.
 */
export async function replaceOverstayFlag(
  ctx: NodeContext,
  r: { lift: LiftOverstay; flag: FlagOverstay },
): Promise<number> {
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
}

/** Records that a person under a removal order left, with an audit row for the authorities. */
export async function confirmDeparture(ctx: NodeContext, d: DepartureConfirmed): Promise<void> {
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
}
