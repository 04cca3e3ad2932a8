// Reading one traveller record for an operator: an own entry or a partner's record (an exit),
// as plain JSON with dates as text. Callers audit the read with its purpose (purpose.ts).
import type { Pool, PoolClient } from 'pg';
import { PERSON_COLUMNS } from '../record/columns';
import type { RecordKind } from '../retention/rules';

const COMMON = `id, ${PERSON_COLUMNS}, version`;

export async function readEntryRow(
  db: Pool | PoolClient,
  id: string,
  lock = false,
): Promise<Record<string, unknown> | undefined> {
  const { rows } = await db.query(
    `SELECT ${COMMON}, to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS entered_at, category,
            to_char(admit_until, 'YYYY-MM-DD') AS admit_until, has_stay
       FROM entries WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function readRecord(
  db: Pool | PoolClient,
  id: string,
): Promise<{ kind: RecordKind; record: Record<string, unknown> } | undefined> {
  const entry = await readEntryRow(db, id);
  if (entry) return { kind: 'entry', record: entry };
  const { rows } = await db.query(
    `SELECT ${COMMON}, to_char(exited_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS exited_at, batch_id FROM exits WHERE id = $1`,
    [id],
  );
  return rows[0] ? { kind: 'exit', record: rows[0] } : undefined;
}
