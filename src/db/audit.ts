// The audit trail: every disclosure (a batch sent or received, a record shown to an operator)
// writes one row. Rows carry ids and counts only; callers never pass personal data here.
import type { Pool, PoolClient } from 'pg';
import type { Queryable } from './pool';

export interface AuditEntry {
  actor: string;
  action: string;
  purpose?: string;
  legalBasis?: string;
  direction?: string;
  batchId?: string;
  cycleWindow?: string;
  recordIds?: string[];
  counts?: Record<string, number>;
  details?: Record<string, string | number | boolean | null>;
  at?: Date;
}

export const LEGAL_BASIS = {
  US: 'Beyond the Border Action Plan; CBP-CBSA Entry/Exit MOU 2019; 8 U.S.C. 1365b',
  CA: 'Customs Act s.92(1) and s.93; Exit Information Regulations SOR/2019-241; CBSA-CBP Entry/Exit MOU 2019',
} as const;

export async function writeAudit(db: Pool | PoolClient, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (at, actor, action, purpose, legal_basis, direction, batch_id, cycle_window, record_ids, counts, details)
     VALUES (COALESCE($1, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.at ?? null,
      entry.actor,
      entry.action,
      entry.purpose ?? null,
      entry.legalBasis ?? null,
      entry.direction ?? null,
      entry.batchId ?? null,
      entry.cycleWindow ?? null,
      entry.recordIds ?? [],
      JSON.stringify(entry.counts ?? {}),
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** Where the chain stands: the number of rows and the hash of the last one (migration 110). */
export interface AuditChainHead {
  seq: number;
  rowHash: string;
}

export type AuditChainCheck =
  { ok: true; rows: number; head: AuditChainHead } | { ok: false; rows: number; seq: number; problem: string };

const GENESIS_HASH = '0'.repeat(64);
const VERIFY_PAGE = 10_000;

export async function readAuditChainHead(db: Queryable): Promise<AuditChainHead> {
  const { rows } = await db.query<{ seq: string; row_hash: string }>('SELECT seq, row_hash FROM audit_chain_head');
  return rows[0] ? { seq: Number(rows[0].seq), rowHash: rows[0].row_hash } : { seq: 0, rowHash: GENESIS_HASH };
}

/**
 * Walks the audit chain in order and names the first row that was altered (its hash no longer
 * matches its content), inserted (it does not follow the row before it) or missing (a gap in the
 * sequence, or the head counting rows past the last one). Reads a page at a time, so a long trail
 * never sits in memory whole.
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditChainCheck> {
  const head = await readAuditChainHead(db);
  let previous: AuditChainHead = { seq: 0, rowHash: GENESIS_HASH };
  for (;;) {
    const { rows } = await db.query<{
      id: string;
      seq: string;
      prev_hash: string;
      row_hash: string;
      recomputed: string;
    }>(
      `SELECT a.id, a.seq, a.prev_hash, a.row_hash, audit_row_hash(a) AS recomputed
         FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT ${VERIFY_PAGE}`,
      [previous.seq],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (problem: string, at = seq): AuditChainCheck => ({
        ok: false,
        rows: previous.seq,
        seq: at,
        problem,
      });
      if (seq !== previous.seq + 1)
        return fail(
          `audit row ${previous.seq + 1} is missing (the chain jumps from row ${previous.seq} to ${seq})`,
          previous.seq + 1,
        );
      if (row.prev_hash !== previous.rowHash)
        return fail(
          `audit row ${seq} (id ${row.id}) does not follow row ${previous.seq}: inserted, or row ${previous.seq} rewritten`,
        );
      if (row.recomputed !== row.row_hash)
        return fail(`audit row ${seq} (id ${row.id}) was altered: its content no longer matches its hash`);
      previous = { seq, rowHash: row.row_hash };
    }
    if (rows.length < VERIFY_PAGE) break;
  }
  if (previous.seq !== head.seq || previous.rowHash !== head.rowHash)
    return {
      ok: false,
      rows: previous.seq,
      seq: previous.seq + 1,
      problem: `audit rows ${previous.seq + 1} to ${head.seq} are missing: the chain's head counts ${head.seq} rows`,
    };
  return { ok: true, rows: previous.seq, head };
}
