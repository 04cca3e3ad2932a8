// Correction of an own entry: amend the row, bump its version, recompute its content hash and audit
// the reason and the NAMES of the fields changed, all in one transaction. The exchange sends every
// entry whose version is above what the partner accepted in its next cycle, as a correction of the
// same record id. Idempotent per request only in effect: a repeated identical correction changes
// nothing and is refused as such.
import type { Pool } from 'pg';
import { writeAudit } from '../src/db/audit';
import type { NodeContext } from '../src/node/context';
import { applyCorrection, contentHash, CorrectionError } from '../src/privacy/correction';
import { readEntryRow } from '../src/privacy/records';

export interface CorrectionRequest {
  recordId: string;
  changes: Record<string, unknown>;
  reason: string;
  actor: string;
  via: 'api' | 'cli';
}

export interface CorrectionResult {
  recordId: string;
  version: number;
  fields: string[];
}

export async function correctEntry(pool: Pool, request: CorrectionRequest): Promise<CorrectionResult> {
  const reason = (request.reason ?? '').trim();
  if (reason.length < 3 || reason.length > 500)
    throw new CorrectionError(['a correction needs a reason of 3 to 500 characters (the request reference)']);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const row = await readEntryRow(client, request.recordId, true);
    if (!row) {
      const exit = await client.query('SELECT 1 FROM exits WHERE id = $1', [request.recordId]);
      throw new CorrectionError([
        exit.rowCount
          ? `record "${request.recordId.slice(0, 64)}" is the partner's (an exit); the partner agency corrects it and sends the correction`
          : `no entry with id "${request.recordId.slice(0, 64)}" on this node`,
      ]);
    }
    const { id: _id, version, has_stay: _hasStay, ...current } = row;
    const { entry, changedFields } = applyCorrection({ id: request.recordId, ...current }, request.changes);
    const newVersion = Number(version) + 1;
    await client.query(
      `UPDATE entries SET surname = $2, first_name = $3, middle_names = $4, date_of_birth = $5, citizenship = $6, sex = $7,
         document_type = $8, document_number = $9, document_issuer = $10, port_of_entry = $11, entered_at = $12,
         category = $13, admit_until = $14, content_hash = $15, version = $16
       WHERE id = $1`,
      [
        request.recordId,
        entry.surname,
        entry.first_name,
        entry.middle_names,
        entry.date_of_birth,
        entry.citizenship,
        entry.sex,
        entry.document_type,
        entry.document_number,
        entry.document_issuer,
        entry.port_of_entry,
        entry.entered_at,
        entry.category ?? null,
        entry.admit_until ?? null,
        contentHash(entry),
        newVersion,
      ],
    );
    await writeAudit(client, {
      actor: request.actor,
      action: 'record.corrected',
      purpose: 'correction',
      recordIds: [request.recordId],
      counts: { fields: changedFields.length },
      details: { fields: changedFields.join(','), reason, version: newVersion, via: request.via },
    });
    await client.query('COMMIT');
    return { recordId: request.recordId, version: newVersion, fields: changedFields };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function createCorrectionActivities(ctx: NodeContext) {
  return {
    /** A correction requested through a workflow (none yet; HTTP and CLI call correctEntry directly). */
    async correctEntry(request: CorrectionRequest): Promise<CorrectionResult> {
      return correctEntry(ctx.pool, request);
    },
  };
}
