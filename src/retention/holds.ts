// Legal holds: an operator keeps a named record past its retention date (litigation, an open
// investigation, a traveller's pending request) until the hold is released. Holds carry the record
// id, kind and a reason; placing and releasing are audited with the id only.
import { withTransaction } from '../db/pool';
import type { Pool } from 'pg';
import { writeAudit } from '../db/audit';
import type { RecordKind } from './rules';
import { RECORD_SOURCES } from './targets';

export interface LegalHold {
  id: number;
  record_id: string;
  kind: RecordKind;
  reason: string;
  placed_by: string;
  placed_at: Date;
  released_at: Date | null;
  released_by: string | null;
}

export class HoldError extends Error {}

export async function placeHold(
  pool: Pool,
  hold: { recordId: string; kind: RecordKind; reason: string; placedBy: string; at?: Date },
): Promise<{ hold: LegalHold; created: boolean }> {
  const reason = hold.reason.trim();
  if (reason.length < 3 || reason.length > 500)
    throw new HoldError('a hold needs a reason of 3 to 500 characters (a case number, a request id)');
  const source = RECORD_SOURCES[hold.kind];
  // The hold and its audit row commit together, or neither does (issue 26).
  return withTransaction(pool, async (client) => {
    const exists = await client.query(`SELECT 1 FROM ${source.table} WHERE id = $1`, [hold.recordId]);
    if (exists.rowCount === 0)
      throw new HoldError(
        `no ${hold.kind} record with id "${hold.recordId.slice(0, 64)}" on this node (a hold names an existing record)`,
      );
    const inserted = await client.query<LegalHold>(
      `INSERT INTO legal_holds (record_id, kind, reason, placed_by, placed_at) VALUES ($1, $2, $3, $4, COALESCE($5, now()))
       ON CONFLICT (record_id, kind) WHERE released_at IS NULL DO NOTHING RETURNING *`,
      [hold.recordId, hold.kind, reason, hold.placedBy, hold.at ?? null],
    );
    if (inserted.rowCount === 0) {
      const active = await client.query<LegalHold>(
        'SELECT * FROM legal_holds WHERE record_id = $1 AND kind = $2 AND released_at IS NULL',
        [hold.recordId, hold.kind],
      );
      return { hold: active.rows[0], created: false };
    }
    await writeAudit(client, {
      actor: hold.placedBy,
      action: 'hold.placed',
      recordIds: [hold.recordId],
      details: { kind: hold.kind, hold: inserted.rows[0].id },
    });
    return { hold: inserted.rows[0], created: true };
  });
}

export async function releaseHold(
  pool: Pool,
  release: { recordId: string; kind: RecordKind; releasedBy: string; at?: Date },
): Promise<LegalHold> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<LegalHold>(
      `UPDATE legal_holds SET released_at = COALESCE($3, now()), released_by = $4
        WHERE record_id = $1 AND kind = $2 AND released_at IS NULL RETURNING *`,
      [release.recordId, release.kind, release.at ?? null, release.releasedBy],
    );
    if (rows.length === 0)
      throw new HoldError(
        `no active hold on ${release.kind} "${release.recordId.slice(0, 64)}"; see: npx entry-exit holds list`,
      );
    await writeAudit(client, {
      actor: release.releasedBy,
      action: 'hold.released',
      recordIds: [release.recordId],
      details: { kind: release.kind, hold: rows[0].id },
    });
    return rows[0];
  });
}

export async function listHolds(pool: Pool, opts: { includeReleased?: boolean } = {}): Promise<LegalHold[]> {
  const { rows } = await pool.query<LegalHold>(
    `SELECT * FROM legal_holds ${opts.includeReleased ? '' : 'WHERE released_at IS NULL'} ORDER BY placed_at, id`,
  );
  return rows;
}
