// The purge's writes: batch copies cleared, dependent rows and records deleted, and the check that a
// purge run was closed already. Reading what is due lives in expired.ts, the dependants in targets.ts.
import type { Queryable } from '../db/pool';
import type { RecordKind } from './rules';

/**
 * Days a batch copy may outlive its batch when nothing else cleared it (never acknowledged, partner
 * gone): an exchange cycle resends for hours, not weeks, so a month-old copy serves no one.
 */
export const BATCH_COPY_MAX_DAYS = 30;

/**
 * Clears the batch copies that still hold any of `ids` (outbound bodies for entries, received
 * records for exits), and every copy older than BATCH_COPY_MAX_DAYS. Returns how many were cleared.
 */
export async function clearBatchCopies(db: Queryable, kind: RecordKind, ids: string[]): Promise<number> {
  const cleared =
    kind === 'entry'
      ? await db.query(
          `UPDATE outbound_batches SET body = NULL
            WHERE body IS NOT NULL
              AND (batch_id IN (SELECT batch_id FROM outbound_records WHERE entry_id = ANY($1))
                   OR created_at < now() - make_interval(days => $2))`,
          [ids, BATCH_COPY_MAX_DAYS],
        )
      : await db.query(
          `UPDATE inbound_batches SET records = NULL
            WHERE records IS NOT NULL
              AND (EXISTS (SELECT 1 FROM jsonb_array_elements(records) e WHERE e->'record'->>'id' = ANY($1))
                   OR received_at < now() - make_interval(days => $2))`,
          [ids, BATCH_COPY_MAX_DAYS],
        );
  return cleared.rowCount ?? 0;
}

/** Of these entries, the ones a stay workflow watches. */
export async function entriesWithStay(db: Queryable, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM entries WHERE id = ANY($1) AND has_stay', [ids]);
  return rows.map((r) => r.id);
}

/** Deletes the rows of a table whose `column` holds one of these ids; returns how many. */
export async function deleteRowsOf(db: Queryable, table: string, column: string, ids: string[]): Promise<number> {
  const deleted = await db.query(`DELETE FROM ${table} WHERE ${column} = ANY($1)`, [ids]);
  return deleted.rowCount ?? 0;
}

/** Counts the rows of one table that hang off any of several id lists (a match joins an entry and an exit: once). */
export async function countRowsOf(
  db: Queryable,
  table: string,
  links: Array<{ column: string; ids: string[] }>,
): Promise<number> {
  const where = links.map((link, i) => `${link.column} = ANY($${i + 1})`).join(' OR ');
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
    links.map((l) => l.ids),
  );
  return Number(rows[0].n);
}

export async function purgeRunRecorded(db: Queryable, purgeId: string): Promise<boolean> {
  const seen = await db.query(`SELECT 1 FROM audit_log WHERE action = 'purge.run' AND details->>'purgeId' = $1`, [
    purgeId,
  ]);
  return Boolean(seen.rowCount);
}
