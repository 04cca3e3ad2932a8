// Purpose limitation: every read of traveller data through the API or CLI names one purpose from a
// fixed list, and the read is audited with who, when, what (record ids) and why.
import type { Pool, PoolClient } from 'pg';
import { writeAudit } from '../audit';

export const PURPOSES = {
  'overstay-review': 'reviewing a suspected overstay before any action',
  'removal-monitoring': 'confirming the departure of a person under a removal order',
  'residency-verification': 'verifying days of physical presence for a residency or citizenship application',
  correction: "acting on a traveller's request to correct a record",
} as const;
export type Purpose = keyof typeof PURPOSES;

export class PurposeError extends Error {
  constructor(raw: unknown) {
    super(
      raw === undefined || raw === ''
        ? `a purpose is required to read traveller data; give one of: ${Object.keys(PURPOSES).join(', ')}`
        : `"${String(raw).slice(0, 40)}" is not a recognised purpose; give one of: ${Object.keys(PURPOSES).join(', ')}`,
    );
    this.name = 'PurposeError';
  }
}

export function requirePurpose(raw: unknown): Purpose {
  // Own keys only: `'toString' in PURPOSES` is true and must not pass as a purpose.
  if (typeof raw === 'string' && Object.prototype.hasOwnProperty.call(PURPOSES, raw)) return raw as Purpose;
  throw new PurposeError(raw);
}

/** Audits one read of traveller data. Call it in the same transaction that reads, where there is one. */
export async function auditRead(
  db: Pool | PoolClient,
  read: { actor: string; purpose: Purpose; what: string; recordIds: string[]; via: 'api' | 'cli' },
): Promise<void> {
  await writeAudit(db, {
    actor: read.actor,
    action: `read.${read.what}`,
    purpose: read.purpose,
    recordIds: read.recordIds,
    counts: { records: read.recordIds.length },
    details: { via: read.via },
  });
}
