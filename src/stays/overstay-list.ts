// The node's list of suspected overstays for its authorities (like the EU Entry/Exit System's): one
// line per overstay as of a day, computed from the stays' current data (so a late exit or a granted
// extension shows at once) and joined with the flag the stay workflow raised, if it did. Ids, dates
// and categories only: no personal data leaves through the list.
import type { Pool } from 'pg';
import { overstaysAsOf, type OverstayKind } from './rules';

export interface OverstayLine {
  stay_id: string;
  entry_id: string;
  category: string;
  admit_until: string | null;
  kind: OverstayKind;
  /** The date the overstay is counted from: admit-until, or the removal order's depart-by. */
  since: string;
  days_over: number;
  exit_id: string | null;
  /** When the stay workflow flagged it; null when the list sees it before the workflow did. */
  flagged_at: string | null;
  status: string;
}

interface Row {
  entry_id: string;
  workflow_id: string;
  category: string;
  admit_until: string | null;
  extension_status: string | null;
  exit_id: string | null;
  exited_at: Date | null;
  exit_day: string | null;
  depart_by: string | null;
  status: string;
  flags: Array<{ kind: OverstayKind; flagged_at: string }> | null;
}

/** The departure's local day at the port that recorded it (migration 060), else its UTC day. */
const EXIT_DAY = `COALESCE(x.local_date, (s.exited_at AT TIME ZONE 'UTC')::date)`;

export async function listOverstays(pool: Pool, asOf: string, opts: { limit?: number } = {}): Promise<OverstayLine[]> {
  const { rows } = await pool.query<Row>(
    `SELECT s.entry_id, s.workflow_id, s.category, to_char(s.admit_until, 'YYYY-MM-DD') AS admit_until,
            s.extension_status, s.exit_id, s.exited_at, to_char(s.depart_by, 'YYYY-MM-DD') AS depart_by, s.status,
            to_char(${EXIT_DAY}, 'YYYY-MM-DD') AS exit_day,
            (SELECT json_agg(json_build_object('kind', o.kind, 'flagged_at', o.flagged_at))
               FROM overstays o WHERE o.entry_id = s.entry_id AND o.lifted_at IS NULL) AS flags
     FROM stays s LEFT JOIN exits x ON x.id = s.exit_id
     WHERE (s.admit_until < $1::date AND s.extension_status IS DISTINCT FROM 'pending'
            AND (s.exited_at IS NULL OR ${EXIT_DAY} > s.admit_until))
        OR (s.depart_by < $1::date AND (s.exited_at IS NULL OR ${EXIT_DAY} > s.depart_by))
     ORDER BY s.admit_until NULLS LAST, s.entry_id
     LIMIT $2`,
    [asOf, opts.limit ?? 100_000],
  );
  const lines: OverstayLine[] = [];
  for (const row of rows) {
    const found = overstaysAsOf(
      {
        admitUntil: row.admit_until,
        extensionStatus: row.extension_status,
        exitedAt: row.exited_at?.toISOString() ?? null,
        exitDay: row.exit_day,
        departBy: row.depart_by,
      },
      asOf,
    );
    for (const o of found) {
      const flag = row.flags?.find((f) => f.kind === o.kind);
      lines.push({
        stay_id: row.workflow_id,
        entry_id: row.entry_id,
        category: row.category,
        admit_until: row.admit_until,
        kind: o.kind,
        since: o.since,
        days_over: o.daysOver,
        exit_id: o.kind === 'in_country' ? null : row.exit_id,
        flagged_at: flag ? new Date(flag.flagged_at).toISOString() : null,
        status: row.status,
      });
    }
  }
  return lines;
}
