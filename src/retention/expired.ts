// The database side of retention: which records have passed (or will soon pass) their retention
// date on a given day. Shared by the purge, its dry run and the warning list, so all three agree.
import type { Pool, PoolClient } from 'pg';
import type { Country } from '../config';
import { endOfLocalDay } from '../record/local-day';
import { addDaysToInstant, addYears } from '../calendar';
import {
  cutoffsFor,
  expiresAt,
  RECORD_KINDS,
  type RecordKind,
  type RetentionCategory,
  type RetentionRule,
} from './rules';
import { RECORD_SOURCES } from './targets';

type Db = Pool | PoolClient;

/**
 * SQL selecting `id`, `category`, `anchor` and `held` of the records of `kind` anchored at or before
 * their category's cutoff. Parameters: $1 categories, $2 cutoffs. `activeHoldsOnly` leaves held out.
 */
function expiredSql(
  node: Country,
  kind: RecordKind,
  opts: { excludeHeld: boolean; limitParam?: number; lock?: boolean },
): string {
  const source = RECORD_SOURCES[kind];
  // A hold keeps the record and its matched pair: an entry held for a case keeps the exit that
  // closed its stay (and the other way round), so the evidence of the pair survives the purge.
  const [self, other, otherKind] =
    kind === 'entry' ? ['entry_id', 'exit_id', 'exit'] : ['exit_id', 'entry_id', 'entry'];
  const held = `(EXISTS (SELECT 1 FROM legal_holds h WHERE h.record_id = r.id AND h.kind = '${kind}' AND h.released_at IS NULL)
    OR EXISTS (SELECT 1 FROM matches m JOIN legal_holds h ON h.record_id = m.${other} AND h.kind = '${otherKind}' AND h.released_at IS NULL
                WHERE m.${self} = r.id))`;
  return `SELECT r.id, c.category, r.${source.anchorColumn} AS anchor, ${held} AS held,
                 to_char(r.local_date, 'YYYY-MM-DD') AS local_date, r.time_zone
            FROM ${source.table} r
            JOIN unnest($1::text[], $2::timestamptz[]) AS c(category, cutoff) ON c.category = ${source.categorySql(node)}
           WHERE ${pastRetentionSql(source.anchorColumn)} ${opts.excludeHeld ? `AND NOT ${held}` : ''}
           ORDER BY r.id ${opts.limitParam ? `LIMIT $${opts.limitParam}` : ''} ${opts.lock ? 'FOR UPDATE OF r SKIP LOCKED' : ''}`;
}

/**
 * Local days (docs/rules.md): a record is kept through the whole local day its retention ends on,
 * at its port (`local_date`, `time_zone`, migration 060). Rows without them fall back to the instant.
 */
function pastRetentionSql(anchorColumn: string): string {
  return `CASE WHEN r.local_date IS NOT NULL AND r.time_zone IS NOT NULL
                THEN r.local_date < (c.cutoff AT TIME ZONE r.time_zone)::date
                ELSE r.${anchorColumn} <= c.cutoff END`;
}

function cutoffParams(rules: RetentionRule[], node: Country, kind: RecordKind, asOf: Date): [string[], Date[]] {
  const cutoffs = cutoffsFor(rules, node, kind, asOf);
  return [cutoffs.map((c) => c.category), cutoffs.map((c) => c.cutoff)];
}

/** Up to `limit` ids of records past retention on `asOf` and not held, locked for this transaction. */
export async function lockExpiredPage(
  db: PoolClient,
  rules: RetentionRule[],
  node: Country,
  kind: RecordKind,
  asOf: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    expiredSql(node, kind, { excludeHeld: true, limitParam: 3, lock: true }),
    [...cutoffParams(rules, node, kind, asOf), limit],
  );
  return rows.map((r) => r.id);
}

export interface DueRecord {
  id: string;
  kind: RecordKind;
  category: RetentionCategory;
  expiresAt: Date;
  held: boolean;
}

/** Records whose retention ends on or before `until` (held ones included, flagged). */
export async function recordsDueBy(
  db: Db,
  rules: RetentionRule[],
  node: Country,
  until: Date,
  asOf: Date = until,
): Promise<DueRecord[]> {
  const due: DueRecord[] = [];
  for (const kind of RECORD_KINDS) {
    // The rules in force on `asOf` decide; cutoffs are taken at `until`.
    const cutoffs = cutoffsFor(rules, node, kind, asOf);
    const { rows } = await db.query<{
      id: string;
      category: RetentionCategory;
      anchor: Date;
      held: boolean;
      local_date: string | null;
      time_zone: string | null;
    }>(expiredSql(node, kind, { excludeHeld: false }), [
      cutoffs.map((c) => c.category),
      cutoffs.map((c) => new Date(c.cutoff.getTime() + (until.getTime() - asOf.getTime()))),
    ]);
    const years = new Map(cutoffs.map((c) => [c.category, c.years]));
    for (const row of rows)
      due.push({
        id: row.id,
        kind,
        category: row.category,
        held: row.held,
        // Kept through the local day its period ends at the port (docs/rules.md, "Retention").
        expiresAt:
          row.local_date && row.time_zone
            ? new Date(endOfLocalDay(addYears(row.local_date, years.get(row.category)!), row.time_zone))
            : expiresAt(row.anchor, years.get(row.category)!),
      });
  }
  return due.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.id.localeCompare(b.id));
}

/** The warning list: records to be erased within `withinDays` of `asOf` (and any overdue but held). */
export async function retentionWarnings(
  db: Db,
  rules: RetentionRule[],
  node: Country,
  asOf: Date,
  withinDays: number,
): Promise<DueRecord[]> {
  return recordsDueBy(db, rules, node, addDaysToInstant(asOf, withinDays), asOf);
}
