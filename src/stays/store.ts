// The stays' tables: stays (each watched entry's current state, written by its workflow) and overstays
// (the flags: raised, updated for a corrected exit, lifted but never deleted). Every write is
// idempotent: keyed by entry id (and kind), a retry or a replay after continue-as-new writes nothing twice.
import type { Queryable } from '../db/pool';
import type { StayState } from './contract';
import type { OverstayKind } from './rules';

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

/** The stays columns in the order saveStay binds them; the first four and retain_until never change once written. */
const STAY_COLUMNS = [
  'entry_id',
  'workflow_id',
  'rule_id',
  'category',
  'admit_until',
  'original_admit_until',
  'status',
  'extension_status',
  'extension_until',
  'exit_id',
  'exited_at',
  'days_over',
  'removal_order_id',
  'depart_by',
  'removal_status',
  'retain_until',
  'revision',
  'updated_at',
] as const;
const FIXED_ON_INSERT = new Set(['entry_id', 'workflow_id', 'rule_id', 'category', 'retain_until']);

/** Writes a stay's current state; a write older than the stored revision is ignored. */
export async function saveStay(db: Queryable, workflowId: string, s: StayState, at: string): Promise<void> {
  const updated = STAY_COLUMNS.filter((c) => !FIXED_ON_INSERT.has(c)).map((c) => `${c} = EXCLUDED.${c}`);
  await db.query(
    `INSERT INTO stays (${STAY_COLUMNS.join(', ')})
     VALUES (${STAY_COLUMNS.map((_, i) => `$${i + 1}`).join(',')})
     ON CONFLICT (entry_id) DO UPDATE SET ${updated.join(', ')}
     WHERE stays.revision < EXCLUDED.revision`,
    [
      s.entryId,
      workflowId,
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
      at,
    ],
  );
}

/** Raises a flag, or updates the standing one of that kind (idempotent on entry and kind). */
export async function insertFlag(db: Queryable, f: FlagOverstay): Promise<void> {
  await db.query(
    `INSERT INTO overstays (entry_id, kind, since, days_over, exit_id, flagged_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (entry_id, kind) WHERE lifted_at IS NULL
     DO UPDATE SET since = EXCLUDED.since, days_over = EXCLUDED.days_over, exit_id = EXCLUDED.exit_id`,
    [f.entryId, f.kind, f.since, f.daysOver, f.exitId, f.at],
  );
}

/** Lifts the standing flags of these kinds; returns how many. */
export async function liftFlags(db: Queryable, l: LiftOverstay): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE overstays SET lifted_at = $3, lifted_reason = $4
     WHERE entry_id = $1 AND kind = ANY($2) AND lifted_at IS NULL`,
    [l.entryId, l.kinds, l.at, l.reason],
  );
  return rowCount ?? 0;
}

/** Marks the departure of a person under a removal order; false when it was marked at this time already. */
export async function markDepartureConfirmed(db: Queryable, entryId: string, at: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE stays SET departure_confirmed_at = $2
           WHERE entry_id = $1 AND departure_confirmed_at IS DISTINCT FROM $2`,
    [entryId, at],
  );
  return Boolean(rowCount);
}
