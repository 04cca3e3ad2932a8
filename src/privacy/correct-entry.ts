// Correction of an own entry: amend the row, bump its version, recompute its content hash and audit
// the reason and the NAMES of the fields changed, all in one transaction. The exchange sends every
// entry whose version is above what the partner accepted in its next cycle, as a correction of the
// same record id. Idempotent per request only in effect: a repeated identical correction changes
// nothing and is refused as such.
import type { Pool } from 'pg';
import { writeAudit } from '../db/audit';
import { withTransaction, type Queryable } from '../db/pool';
import { PERSON_FIELDS } from '../record/columns';
import type { CapturedEntry } from '../record/schema';
import { applyCorrection, contentHash, CorrectionError } from './correction';
import { readEntryRow } from './records';

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

/** The columns a correction rewrites: every agreed field, the admission, and the hash and version that follow. */
const CORRECTED_COLUMNS = [
  ...PERSON_FIELDS,
  'entered_at',
  'category',
  'admit_until',
  'content_hash',
  'version',
] as const;

async function updateEntry(db: Queryable, id: string, entry: CapturedEntry, version: number): Promise<void> {
  const values: Record<(typeof CORRECTED_COLUMNS)[number], unknown> = {
    ...entry,
    category: entry.category ?? null,
    admit_until: entry.admit_until ?? null,
    content_hash: contentHash(entry),
    version,
  };
  await db.query(`UPDATE entries SET ${CORRECTED_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`, [
    id,
    ...CORRECTED_COLUMNS.map((c) => values[c]),
  ]);
}

export async function correctEntry(pool: Pool, request: CorrectionRequest): Promise<CorrectionResult> {
  const reason = (request.reason ?? '').trim();
  if (reason.length < 3 || reason.length > 500)
    throw new CorrectionError(['a correction needs a reason of 3 to 500 characters (the request reference)']);
  return withTransaction(pool, async (client) => {
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
    await updateEntry(client, request.recordId, entry, newVersion);
    await writeAudit(client, {
      actor: request.actor,
      action: 'record.corrected',
      purpose: 'correction',
      recordIds: [request.recordId],
      counts: { fields: changedFields.length },
      details: { fields: changedFields.join(','), reason, version: newVersion, via: request.via },
    });
    return { recordId: request.recordId, version: newVersion, fields: changedFields };
  });
}
