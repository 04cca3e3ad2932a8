// The receiving side's tables: inbound_batches (each partner batch, its records until acknowledged),
// inbound_results (the per-record verdicts the acknowledgement carries) and exits (the partner's
// records as stored). Every query on them is here; callers bring the transaction.
import type { Queryable } from '../db/pool';
import { PERSON_FIELDS } from '../record/columns';
import type { RecordVerdict, ScreenedRecord, StoredExitVersion } from './ingest-decisions';

export interface NewInboundBatch {
  batchId: string;
  sender: string;
  window: string;
  contentHash: string;
  records: unknown[];
  keyId: string;
  at: Date;
}

/** Stores a received batch once; false when its id is stored already. */
export async function insertInboundBatch(db: Queryable, b: NewInboundBatch): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO inbound_batches (batch_id, sender, cycle_window, content_hash, record_count, records, key_id, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
    [b.batchId, b.sender, b.window, b.contentHash, b.records.length, JSON.stringify(b.records), b.keyId, b.at],
  );
  return inserted.rowCount !== 0;
}

export async function lockInboundHash(db: Queryable, batchId: string): Promise<string> {
  const { rows } = await db.query<{ content_hash: string }>(
    'SELECT content_hash FROM inbound_batches WHERE batch_id = $1 FOR UPDATE',
    [batchId],
  );
  return rows[0].content_hash;
}

export async function countReceivedAgain(db: Queryable, batchId: string): Promise<void> {
  await db.query('UPDATE inbound_batches SET receive_count = receive_count + 1 WHERE batch_id = $1', [batchId]);
}

/**
 * Locks a stored batch for ingest: its records, null once acknowledged (the results stand), or
 * undefined when no such batch is stored.
 */
export async function lockInboundRecords(
  db: Queryable,
  batchId: string,
): Promise<{ records: Array<{ version: number; record: unknown }> | null } | undefined> {
  const { rows } = await db.query<{ records: Array<{ version: number; record: unknown }> | null }>(
    'SELECT records FROM inbound_batches WHERE batch_id = $1 FOR UPDATE',
    [batchId],
  );
  return rows[0];
}

export async function countStoredVerdicts(
  db: Queryable,
  batchId: string,
): Promise<{ records: number; accepted: number }> {
  const { rows } = await db.query<{ records: string; accepted: string }>(
    "SELECT count(*) AS records, count(*) FILTER (WHERE status = 'accepted') AS accepted FROM inbound_results WHERE batch_id = $1",
    [batchId],
  );
  return { records: Number(rows[0].records), accepted: Number(rows[0].accepted) };
}

export async function lockStoredExits(db: Queryable, ids: string[]): Promise<StoredExitVersion[]> {
  const { rows } = await db.query<StoredExitVersion>(
    'SELECT id, version, content_hash FROM exits WHERE id = ANY($1::text[]) FOR UPDATE',
    [ids],
  );
  return rows;
}

/** The exits columns a batch writes, in the order of the unnest below; exited_at is the partner's entered_at. */
const EXIT_COLUMNS = ['id', ...PERSON_FIELDS, 'exited_at', 'content_hash', 'version'];
const SQL_TYPE: Record<string, string> = { date_of_birth: 'date', exited_at: 'timestamptz', version: 'int' };
const EXIT_SOURCE = `unnest(${EXIT_COLUMNS.map((c, i) => `$${i + 1}::${SQL_TYPE[c] ?? 'text'}[]`).join(', ')}) AS r(${EXIT_COLUMNS.join(', ')})`;
const BATCH_PARAM = `$${EXIT_COLUMNS.length + 1}`;

function exitArrays(list: ScreenedRecord[]): unknown[][] {
  return [
    list.map((v) => v.record.id),
    ...PERSON_FIELDS.map((f) => list.map((v) => v.record[f])),
    list.map((v) => v.record.entered_at),
    list.map((v) => v.hash),
    list.map((v) => v.version),
  ];
}

export async function insertExits(db: Queryable, batchId: string, list: ScreenedRecord[]): Promise<void> {
  if (list.length === 0) return;
  await db.query(
    `INSERT INTO exits (${EXIT_COLUMNS.join(', ')}, batch_id)
     SELECT r.*, ${BATCH_PARAM} FROM ${EXIT_SOURCE} ON CONFLICT (id) DO NOTHING`,
    [...exitArrays(list), batchId],
  );
}

/** Applies corrections (higher versions only) and drops their matches: a corrected exit is reconciled afresh. */
export async function correctExits(db: Queryable, batchId: string, list: ScreenedRecord[]): Promise<void> {
  if (list.length === 0) return;
  const assignments = EXIT_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = r.${c}`);
  await db.query(
    `UPDATE exits x SET ${assignments.join(', ')}, batch_id = ${BATCH_PARAM}
     FROM ${EXIT_SOURCE} WHERE x.id = r.id AND x.version < r.version`,
    [...exitArrays(list), batchId],
  );
  await db.query('DELETE FROM matches WHERE exit_id = ANY($1::text[])', [list.map((c) => c.record.id)]);
}

export async function saveVerdicts(db: Queryable, batchId: string, verdicts: RecordVerdict[], at: Date): Promise<void> {
  await db.query(
    `INSERT INTO inbound_results (batch_id, position, record_id, version, status, reason)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[])
     ON CONFLICT (batch_id, position) DO UPDATE SET record_id = EXCLUDED.record_id, version = EXCLUDED.version,
       status = EXCLUDED.status, reason = EXCLUDED.reason`,
    [
      batchId,
      verdicts.map((r) => r.position),
      verdicts.map((r) => r.id),
      verdicts.map((r) => r.version),
      verdicts.map((r) => r.status),
      verdicts.map((r) => r.reason),
    ],
  );
  await db.query('UPDATE inbound_batches SET ingested_at = COALESCE(ingested_at, $2) WHERE batch_id = $1', [
    batchId,
    at,
  ]);
}

export async function readBatchWindow(db: Queryable, batchId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ cycle_window: string }>(
    'SELECT cycle_window FROM inbound_batches WHERE batch_id = $1',
    [batchId],
  );
  return rows[0]?.cycle_window;
}

export async function readVerdicts(db: Queryable, batchId: string): Promise<RecordVerdict[]> {
  const { rows } = await db.query<RecordVerdict>(
    'SELECT position, record_id AS id, version, status, reason FROM inbound_results WHERE batch_id = $1 ORDER BY position',
    [batchId],
  );
  return rows;
}

/** The acknowledgement went out: the copy of the records is no longer needed (verdicts and exits remain). */
export async function markAckSent(db: Queryable, batchId: string, at: Date): Promise<void> {
  await db.query('UPDATE inbound_batches SET ack_sent_at = $2, records = NULL WHERE batch_id = $1', [batchId, at]);
}
