// The sending side's tables: outbound_batches (one row per batch, its body until acknowledged),
// outbound_records (each entry version a batch carried, with the partner's verdict) and outbound_acks
// (the acknowledgements received). Every query on them is here; callers bring the transaction.
import type { Queryable } from '../db/pool';
import { PERSON_COLUMNS } from '../record/columns';
import type { AckResult, DirectionLabel } from './batch';
import type { PendingEntryRecord } from './collect-decisions';

/** The outbound_batches columns the cycle reads back about a batch it made. */
const BATCH_COLUMNS = 'batch_id, record_count';

export interface StoredBatchRef {
  batch_id: string;
  record_count: number;
}

/** The batch a cycle run already made at this index (a retried collect), if any. */
export async function batchOfRun(
  db: Queryable,
  runKey: string,
  batchIndex: number,
): Promise<StoredBatchRef | undefined> {
  const { rows } = await db.query<StoredBatchRef>(
    `SELECT ${BATCH_COLUMNS} FROM outbound_batches WHERE run_key = $1 AND batch_index = $2`,
    [runKey, batchIndex],
  );
  return rows[0];
}

/** Takes over the oldest unacknowledged, unabandoned batch of this window made by another run. */
export async function adoptOrphanBatch(
  db: Queryable,
  at: { direction: DirectionLabel; window: string; runKey: string; batchIndex: number; workflowId: string },
): Promise<StoredBatchRef | undefined> {
  const { rows } = await db.query<StoredBatchRef>(
    `UPDATE outbound_batches SET run_key = $3, batch_index = $4, workflow_id = $5
     WHERE batch_id = (SELECT batch_id FROM outbound_batches WHERE direction = $1 AND cycle_window = $2 AND acked_at IS NULL AND abandoned_at IS NULL AND run_key <> $3
                       ORDER BY seq LIMIT 1)
     RETURNING ${BATCH_COLUMNS}`,
    [at.direction, at.window, at.runKey, at.batchIndex, at.workflowId],
  );
  return rows[0];
}

/** One batch maker per direction at a time, so two cycles never put one record in two batches. */
export async function lockCollection(db: Queryable, direction: DirectionLabel): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`exchange-collect-${direction}`]);
}

/**
 * Locks the next entries not yet sent at their current version, captured before `windowEnd` and
 * matching the scope condition (`scope.sql` numbers its parameters from $3).
 */
export async function lockPendingEntries(
  db: Queryable,
  windowEnd: string,
  limit: number,
  scope: { sql: string; params: unknown[] },
): Promise<PendingEntryRecord[]> {
  const { rows } = await db.query<PendingEntryRecord>(
    `SELECT e.id, ${PERSON_COLUMNS}, e.entered_at, e.version
     FROM entries e
     WHERE e.sent_version < e.version AND e.entered_at < $1::timestamptz AND ${scope.sql}
     ORDER BY e.entered_at, e.id
     LIMIT $2
     FOR UPDATE`,
    [windowEnd, limit, ...scope.params],
  );
  return rows;
}

export async function nextBatchSeq(db: Queryable, direction: DirectionLabel, window: string): Promise<number> {
  const { rows } = await db.query<{ next: number }>(
    'SELECT COALESCE(max(seq), 0) + 1 AS next FROM outbound_batches WHERE direction = $1 AND cycle_window = $2',
    [direction, window],
  );
  return rows[0].next;
}

export interface NewOutboundBatch {
  batchId: string;
  direction: DirectionLabel;
  window: string;
  seq: number;
  runKey: string;
  batchIndex: number;
  workflowId: string;
  body: string;
  /** The entry versions the batch carries. */
  records: Array<{ id: string; version: number }>;
  at: Date;
}

/** Stores a new batch, its records as sent, and moves each entry's sent_version up to what it carries. */
export async function insertOutboundBatch(db: Queryable, b: NewOutboundBatch): Promise<void> {
  const ids = b.records.map((r) => r.id);
  const versions = b.records.map((r) => r.version);
  await db.query(
    `INSERT INTO outbound_batches (batch_id, direction, cycle_window, seq, run_key, batch_index, workflow_id, record_count, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [b.batchId, b.direction, b.window, b.seq, b.runKey, b.batchIndex, b.workflowId, b.records.length, b.body, b.at],
  );
  await db.query(
    `INSERT INTO outbound_records (entry_id, version, batch_id, status, updated_at)
     SELECT id, version, $1, 'sent', $4 FROM unnest($2::text[], $3::int[]) AS r(id, version)
     ON CONFLICT (entry_id, version) DO NOTHING`,
    [b.batchId, ids, versions, b.at],
  );
  await db.query(
    `UPDATE entries e SET sent_version = r.version FROM unnest($1::text[], $2::int[]) AS r(id, version)
     WHERE e.id = r.id AND e.sent_version < r.version`,
    [ids, versions],
  );
}

export interface BatchAckRow {
  acked_at: Date | null;
  accepted: number | null;
  rejected: number | null;
}

export async function readAckState(db: Queryable, batchId: string): Promise<BatchAckRow | undefined> {
  const { rows } = await db.query<BatchAckRow>(
    'SELECT acked_at, accepted, rejected FROM outbound_batches WHERE batch_id = $1',
    [batchId],
  );
  return rows[0];
}

export interface BatchToSend {
  body: string | null;
  acked_at: Date | null;
  cycle_window: string;
  record_count: number;
}

export async function readBatchToSend(db: Queryable, batchId: string): Promise<BatchToSend | undefined> {
  const { rows } = await db.query<BatchToSend>(
    'SELECT body, acked_at, cycle_window, record_count FROM outbound_batches WHERE batch_id = $1',
    [batchId],
  );
  return rows[0];
}

/** What a record of a batch refused as a whole says it was rejected for; recordSend recognises it by this. */
const REFUSED_PREFIX = 'batch refused by the partner:';

/** A send the partner took: counted, any earlier refusal cleared, its records awaiting the acknowledgement again. */
export async function recordSend(db: Queryable, batchId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE outbound_batches SET send_count = send_count + 1, first_sent_at = COALESCE(first_sent_at, $2), last_sent_at = $2,
            refused_at = NULL, refusal_reason = NULL WHERE batch_id = $1`,
    [batchId, at],
  );
  await db.query(
    `UPDATE outbound_records SET status = 'sent', reason = NULL WHERE batch_id = $1 AND status = 'rejected' AND reason LIKE '${REFUSED_PREFIX}%'`,
    [batchId],
  );
}

/** A batch refused as a whole: the batch marked, its sent records rejected with the reason. Returns how many. */
export async function recordRefusal(db: Queryable, batchId: string, why: string, at: Date): Promise<number> {
  await db.query('UPDATE outbound_batches SET refused_at = $2, refusal_reason = $3 WHERE batch_id = $1', [
    batchId,
    at,
    why,
  ]);
  const marked = await db.query(
    `UPDATE outbound_records SET status = 'rejected', reason = $2, updated_at = $3 WHERE batch_id = $1 AND status = 'sent'`,
    [batchId, `${REFUSED_PREFIX} ${why}`, at],
  );
  return marked.rowCount ?? 0;
}

export interface BatchBeingAcked {
  workflow_id: string;
  record_count: number;
  cycle_window: string;
  /** The entry versions the batch carried, in batch order; null once acknowledged (its body is cleared then). */
  sent: Array<{ id: string; version: number }> | null;
}

export async function lockBatchForAck(db: Queryable, batchId: string): Promise<BatchBeingAcked | undefined> {
  const { rows } = await db.query<Omit<BatchBeingAcked, 'sent'> & { body: string | null }>(
    'SELECT workflow_id, record_count, cycle_window, body FROM outbound_batches WHERE batch_id = $1 FOR UPDATE',
    [batchId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { body, ...batch } = row;
  if (body === null) return { ...batch, sent: null };
  const envelope = JSON.parse(body) as { records: Array<{ version: number; record: { id: string } }> };
  return { ...batch, sent: envelope.records.map((r) => ({ id: r.record.id, version: r.version })) };
}

/**
 * Stores an acknowledgement once: false when one is stored already. The first one sets each record's
 * verdict (only rows of this batch and of the version it carried: a later correction in flight keeps
 * its own row) and clears the batch body.
 */
export async function applyAck(
  db: Queryable,
  ack: { batchId: string; accepted: number; rejected: number; keyId: string; results: AckResult[] },
  at: Date,
): Promise<boolean> {
  const inserted = await db.query(
    'INSERT INTO outbound_acks (batch_id, received_at, accepted, rejected, key_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (batch_id) DO NOTHING',
    [ack.batchId, at, ack.accepted, ack.rejected, ack.keyId],
  );
  if (inserted.rowCount !== 1) return false;
  await db.query(
    `UPDATE outbound_records o SET status = r.status, reason = r.reason, updated_at = $2
     FROM unnest($3::text[], $4::int[], $5::text[], $6::text[]) AS r(id, version, status, reason)
     WHERE o.batch_id = $1 AND o.entry_id = r.id AND o.version = r.version`,
    [
      ack.batchId,
      at,
      ack.results.map((r) => r.id),
      ack.results.map((r) => r.version),
      ack.results.map((r) => r.status),
      ack.results.map((r) => (r.status === 'rejected' ? (r.reason ?? 'rejected without a reason') : null)),
    ],
  );
  await db.query(
    'UPDATE outbound_batches SET acked_at = $2, accepted = $3, rejected = $4, body = NULL WHERE batch_id = $1',
    [ack.batchId, at, ack.accepted, ack.rejected],
  );
  return true;
}
