// Collect: turns the next page of pending in-scope entries into a batch with a fixed body and a
// deterministic id. Idempotent: a retry of the same (cycle run, batch index) returns the same batch,
// and a batch of this window left unacknowledged by an earlier run is taken over, not made again.
import { ApplicationFailure } from '@temporalio/activity';
import type { PoolClient } from 'pg';
import type { Country } from '../src/config';
import { BATCH_FORMAT, batchIdFor, directionLabel, type BatchEnvelope } from '../src/exchange/batch';
import type { NodeContext } from '../src/node/context';
import { toExchangeRecord, type ExchangeRecord } from '../src/record/schema';
import { localDateAtPort } from '../src/record/local-day';
import { PORTS } from '../src/record/ports';
import { loadScopePhases } from '../src/config/scope';
import { isInScope, scopeSqlCondition } from '../src/scope/rules';

export interface PrepareBatchInput {
  from: Country;
  to: Country;
  window: string;
  /** Records captured before this instant are due (ISO 8601). */
  windowEnd: string;
  workflowId: string;
  /** Identifies the cycle run chain (first run id); with batchIndex it makes this call idempotent. */
  runKey: string;
  batchIndex: number;
  batchSize: number;
}

export interface PreparedBatch {
  batchId: string;
  recordCount: number;
  /** True when this batch was made by an earlier run of the same window and is being taken over. */
  adopted: boolean;
}

export interface AckState {
  acked: boolean;
  accepted: number;
  rejected: number;
}

interface EntryRow extends Omit<ExchangeRecord, 'entered_at'> {
  entered_at: Date;
  version: number;
}

async function existingBatch(db: PoolClient, input: PrepareBatchInput): Promise<PreparedBatch | undefined> {
  const own = await db.query<{ batch_id: string; record_count: number }>(
    'SELECT batch_id, record_count FROM outbound_batches WHERE run_key = $1 AND batch_index = $2',
    [input.runKey, input.batchIndex],
  );
  if (own.rows[0]) return { batchId: own.rows[0].batch_id, recordCount: own.rows[0].record_count, adopted: false };
  const orphan = await db.query<{ batch_id: string; record_count: number }>(
    `UPDATE outbound_batches SET run_key = $3, batch_index = $4, workflow_id = $5
     WHERE batch_id = (SELECT batch_id FROM outbound_batches WHERE direction = $1 AND cycle_window = $2 AND acked_at IS NULL AND abandoned_at IS NULL AND run_key <> $3
                       ORDER BY seq LIMIT 1)
     RETURNING batch_id, record_count`,
    [directionLabel(input.from, input.to), input.window, input.runKey, input.batchIndex, input.workflowId],
  );
  if (orphan.rows[0])
    return { batchId: orphan.rows[0].batch_id, recordCount: orphan.rows[0].record_count, adopted: true };
  return undefined;
}

export function createCollectActivities(ctx: NodeContext) {
  return {
    /** Makes (or finds) the cycle's next batch; null when nothing is pending. */
    async prepareBatch(input: PrepareBatchInput): Promise<PreparedBatch | null> {
      if (input.from !== ctx.config.country)
        throw new Error(`this is the ${ctx.config.country} node; it cannot send ${input.from}'s records`);
      const direction = directionLabel(input.from, input.to);
      let phases: ReturnType<typeof loadScopePhases>;
      try {
        phases = loadScopePhases();
      } catch (err) {
        // A broken scope file will not fix itself on retry: fail the cycle with the problems listed.
        throw ApplicationFailure.nonRetryable((err as Error).message, 'ScopeConfiguration');
      }
      const client = await ctx.pool.connect();
      try {
        await client.query('BEGIN');
        // One batch maker per direction at a time, so two cycles never put one record in two batches.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`exchange-collect-${direction}`]);
        const existing = await existingBatch(client, input);
        if (existing) {
          await client.query('COMMIT');
          return existing;
        }
        const scope = scopeSqlCondition(phases, 3);
        const { rows } = await client.query<EntryRow>(
          `SELECT e.id, e.surname, e.first_name, e.middle_names, to_char(e.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
                  e.citizenship, e.sex, e.document_type, e.document_number, e.document_issuer, e.port_of_entry,
                  e.entered_at, e.version
           FROM entries e
           WHERE e.sent_version < e.version AND e.entered_at < $1::timestamptz AND ${scope.sql}
           ORDER BY e.entered_at, e.id
           LIMIT $2
           FOR UPDATE`,
          [input.windowEnd, input.batchSize, ...scope.params],
        );
        // The same rule again in code: an out-of-scope record must never leave, whatever the SQL says.
        // Judged on the local day at the port; a legacy row with a code the table lacks falls back to its UTC day.
        const localDay = (r: EntryRow) =>
          PORTS.has(r.port_of_entry)
            ? localDateAtPort(r.entered_at.toISOString(), r.port_of_entry)
            : r.entered_at.toISOString().slice(0, 10);
        const due = rows.filter((r) => isInScope(r, localDay(r), phases));
        if (due.length === 0) {
          await client.query('COMMIT');
          return null;
        }
        const { rows: seqRows } = await client.query<{ next: number }>(
          'SELECT COALESCE(max(seq), 0) + 1 AS next FROM outbound_batches WHERE direction = $1 AND cycle_window = $2',
          [direction, input.window],
        );
        const batchId = batchIdFor(direction, input.window, seqRows[0].next);
        const envelope: BatchEnvelope = {
          format: BATCH_FORMAT,
          batch_id: batchId,
          sender: input.from,
          receiver: input.to,
          cycle_window: input.window,
          created_at: ctx.clock.now().toISOString(),
          records: due.map((r) => ({
            version: r.version,
            record: toExchangeRecord({ ...r, entered_at: r.entered_at.toISOString() }),
          })),
        };
        await client.query(
          `INSERT INTO outbound_batches (batch_id, direction, cycle_window, seq, run_key, batch_index, workflow_id, record_count, body, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            batchId,
            direction,
            input.window,
            seqRows[0].next,
            input.runKey,
            input.batchIndex,
            input.workflowId,
            due.length,
            JSON.stringify(envelope),
            ctx.clock.now(),
          ],
        );
        await client.query(
          `INSERT INTO outbound_records (entry_id, version, batch_id, status, updated_at)
           SELECT id, version, $1, 'sent', $4 FROM unnest($2::text[], $3::int[]) AS r(id, version)
           ON CONFLICT (entry_id, version) DO NOTHING`,
          [batchId, due.map((r) => r.id), due.map((r) => r.version), ctx.clock.now()],
        );
        await client.query(
          `UPDATE entries e SET sent_version = r.version FROM unnest($1::text[], $2::int[]) AS r(id, version)
           WHERE e.id = r.id AND e.sent_version < r.version`,
          [due.map((r) => r.id), due.map((r) => r.version)],
        );
        await client.query('COMMIT');
        return { batchId, recordCount: due.length, adopted: false };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },

    /** Whether the partner's acknowledgement of a batch is stored (read-only). */
    async ackStatus(batchId: string): Promise<AckState> {
      const { rows } = await ctx.pool.query<{
        acked_at: Date | null;
        accepted: number | null;
        rejected: number | null;
      }>('SELECT acked_at, accepted, rejected FROM outbound_batches WHERE batch_id = $1', [batchId]);
      const row = rows[0];
      if (!row) throw new Error(`batch ${batchId} is not in outbound_batches`);
      return { acked: row.acked_at !== null, accepted: row.accepted ?? 0, rejected: row.rejected ?? 0 };
    },
  };
}
