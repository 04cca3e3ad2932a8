// Purpose limitation: every read of traveller data through the API or CLI names one purpose from a
// fixed list, and the read is audited with who, when, what (record ids) and why.
import type { Pool, PoolClient } from 'pg';
import { writeAudit } from '../db/audit';

export const PURPOSES = {
  'overstay-review': 'reviewing a suspected overstay before any action',
  'removal-monitoring': 'confirming the departure of a person under a removal order',
  'residency-verification': 'verifying days of physical presence for a residency or citizenship application',
  correction: "acting on a traveller's request to correct a record",
} as const;
export type Purpose = keyof typeof PURPOSES;

const ALL_PURPOSES = Object.keys(PURPOSES) as Purpose[];

/**
 * The purposes each read of traveller data allows. A purpose opens only what it needs: acting on
 * a correction request opens the record and its stay, never a person's residency days.
 */
export const READ_PURPOSES = {
  record: ALL_PURPOSES,
  stay: ['overstay-review', 'removal-monitoring', 'correction'],
  evidence: ['overstay-review', 'removal-monitoring', 'correction'],
  overstays: ['overstay-review', 'removal-monitoring'],
  residency: ['residency-verification'],
  decode: ALL_PURPOSES,
} as const satisfies Record<string, readonly Purpose[]>;
export type TravellerRead = keyof typeof READ_PURPOSES;

export class PurposeError extends Error {
  constructor(raw: unknown, allowed: readonly Purpose[] = ALL_PURPOSES, read?: TravellerRead) {
    super(
      raw === undefined || raw === ''
        ? `a purpose is required to read traveller data; give one of: ${allowed.join(', ')}`
        : Object.prototype.hasOwnProperty.call(PURPOSES, String(raw)) && read
          ? `purpose "${String(raw)}" does not open ${read} data; give one of: ${allowed.join(', ')}`
          : `"${String(raw).slice(0, 40)}" is not a recognised purpose; give one of: ${allowed.join(', ')}`,
    );
    this.name = 'PurposeError';
  }
}

/** The purpose of a read; `read` narrows it to the purposes that read allows. */
export function requirePurpose(raw: unknown, read?: TravellerRead): Purpose {
  const allowed: readonly Purpose[] = read ? READ_PURPOSES[read] : ALL_PURPOSES;
  // Own keys only: `'toString' in PURPOSES` is true and must not pass as a purpose.
  if (
    typeof raw === 'string' &&
    Object.prototype.hasOwnProperty.call(PURPOSES, raw) &&
    allowed.includes(raw as Purpose)
  )
    return raw as Purpose;
  throw new PurposeError(raw, allowed, read);
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
