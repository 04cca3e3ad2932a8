// The stay workflow's adapters to the node database. Each is idempotent: keyed by entry id (and
// kind), a retry or a replay after continue-as-new writes nothing twice.
import type { PoolClient } from 'pg';
import { writeAudit } from '../src/db/audit';
import { withTransaction } from '../src/db/pool';
import type { NodeContext } from '../src/node/context';
import type { OverstayKind } from '../src/stays/rules';
import type { StayState } from '../src/stays/contract';

export interface FlagOverstay {
  entryId: string;
  kind: OverstayKind;
  since: string;
  daysOver: number | null;
  exitId: string | null;
  /** Workflow time of the flag, ISO 8601. */
  at: string;
}

export interface LiftOverstay {
  entryId: string;
  kinds: OverstayKind[];
  reason: string;
  at: string;
}

export interface DepartureConfirmed {
  entryId: string;
  orderId: string;
  exitId: string;
  exitedAt: string;
  onTime: boolean;
  at: string;
}

type Queryable = Pick<PoolClient, 'query'>;

/** Raises a flag, or updates the standing one of that kind (idempotent on entry and kind). */
async function insertFlag(db: Queryable, f: FlagOverstay): Promise<void> {
  await db.query(
    `INSERT INTO overstays (entry_id, kind, since, days_over, exit_id, flagged_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (entry_id, kind) WHERE lifted_at IS NULL
     DO UPDATE SET since = EXCLUDED.since, days_over = EXCLUDED.days_over, exit_id = EXCLUDED.exit_id`,
    [f.entryId, f.kind, f.since, f.daysOver, f.exitId, f.at],
  );
}

async function liftFlags(db: Queryable, l: LiftOverstay): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE overstays SET lifted_at = $3, lifted_reason = $4
     WHERE entry_id = $1 AND kind = ANY($2) AND lifted_at IS NULL`,
    [l.entryId, l.kinds, l.at, l.reason],
  );
  return rowCount ?? 0;
}

export function createStayActivities(ctx: NodeContext) {
  return {
    /** Writes the stay's current state to `stays`; a write older than the stored revision is ignored. */
    async saveStay(input: { workflowId: string; state: StayState; at: string }): Promise<void> {
      const s = input.state;
      await ctx.pool.query(
        `INSERT INTO stays (entry_id, workflow_id, rule_id, category, admit_until, original_admit_until, status,
                            extension_status, extension_until, exit_id, exited_at, days_over, removal_order_id,
                            depart_by, removal_status, retain_until, revision, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
         ON CONFLICT (entry_id) DO UPDATE SET
           admit_until = EXCLUDED.admit_until, original_admit_until = EXCLUDED.original_admit_until,
           status = EXCLUDED.status, extension_status = EXCLUDED.extension_status,
           extension_until = EXCLUDED.extension_until, exit_id = EXCLUDED.exit_id, exited_at = EXCLUDED.exited_at,
           days_over = EXCLUDED.days_over, removal_order_id = EXCLUDED.removal_order_id,
           depart_by = EXCLUDED.depart_by, removal_status = EXCLUDED.removal_status,
           revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
         WHERE stays.revision < EXCLUDED.revision`,
        [
          s.entryId,
          input.workflowId,
          s.ruleId,
          s.category,
          s.admitUntil,
          s.originalAdmitUntil,
          s.status,
          s.extension?.status ?? null,
          s.extension?.admitUntil ?? null,
          s.exit?.exitId ?? null,
          s.exit?.exitedAt ?? null,
          s.daysOver,
          s.removal?.orderId ?? null,
          s.removal?.departBy ?? null,
          s.removal?.status ?? null,
          s.retainUntil,
          s.revision,
          input.at,
        ],
      );
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
        const { rowCount } = await client.query(
          `UPDATE stays SET departure_confirmed_at = $2
           WHERE entry_id = $1 AND departure_confirmed_at IS DISTINCT FROM $2`,
          [d.entryId, d.at],
        );
        if (rowCount) {
          await writeAudit(client, {
            actor: 'system',
            action: 'removal.departure-confirmed',
            recordIds: [d.entryId, d.exitId],
            details: { orderId: d.orderId, onTime: d.onTime, exitedAt: d.exitedAt },
          });
        }
      });
      ctx.log.info('removal departure confirmed', { entryId: d.entryId, orderId: d.orderId, onTime: d.onTime });
    },
  };
}
