// The audit trail: every disclosure (a batch sent or received, a record shown to an operator)
// writes one row. Rows carry ids and counts only; callers never pass personal data here.
import type { Pool, PoolClient } from 'pg';

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
