// A person named by an identity (a removal order): the one holding its document, or a new person
// known only by the identity. The identity is checked field by field first.
import type { Pool } from 'pg';
import { isIsoDate } from '../calendar';
import { writeAudit } from '../db/audit';
import { DOCUMENT_TYPES } from '../record/schema';
import { withTransaction } from '../db/pool';
import { findPerson } from './person-lookup';
import { PersonIndexError, newPersonId } from './person-rows';

export interface Identity {
  surname: unknown;
  first_name?: unknown;
  date_of_birth: unknown;
  citizenship: unknown;
  sex: unknown;
  document_type: unknown;
  document_number: unknown;
  document_issuer: unknown;
}

const IDENTITY_PATTERNS: Record<keyof Identity, [RegExp, string]> = {
  surname: [/^.{1,100}$/u, '1 to 100 characters'],
  first_name: [/^.{0,100}$/u, 'up to 100 characters'],
  date_of_birth: [/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD'],
  citizenship: [/^[A-Z]{3}$/, 'an ICAO 3-letter code'],
  sex: [/^[MFX]$/, 'M, F or X'],
  document_type: [
    new RegExp(`^(${Object.keys(DOCUMENT_TYPES).join('|')})$`),
    `one of ${Object.keys(DOCUMENT_TYPES).join(', ')}`,
  ],
  document_number: [/^[A-Z0-9]{1,20}$/, '1 to 20 letters and digits'],
  document_issuer: [/^[A-Z]{3}$/, 'an ICAO 3-letter code'],
};

/** The identity with each field checked and normalised; the problem names the field, never its value. */
export function checkIdentity(identity: unknown): Record<keyof Identity, string> {
  const given = identity && typeof identity === 'object' ? (identity as Record<string, unknown>) : {};
  const clean: Record<string, string> = {};
  for (const [field, [pattern, expected]] of Object.entries(IDENTITY_PATTERNS)) {
    const raw = given[field] ?? (field === 'first_name' ? '' : undefined);
    const value = typeof raw === 'string' ? raw.trim() : '';
    const normalised = field === 'surname' || field === 'first_name' ? value : value.toUpperCase();
    if (typeof raw !== 'string' || !pattern.test(normalised) || (field === 'date_of_birth' && !isIsoDate(normalised)))
      throw new PersonIndexError(`identity.${field} must be ${expected}`);
    clean[field] = normalised;
  }
  return clean as Record<keyof Identity, string>;
}

/**
 * The person an identity names: the one holding its document, or a new person known only by the
 * identity (a removal order on someone with no record on this node). Link pending records first.
 */
export async function personForIdentity(pool: Pool, identity: unknown, actor: string): Promise<string> {
  const clean = checkIdentity(identity);
  const found = await findPerson(pool, {
    documentNumber: clean.document_number,
    documentIssuer: clean.document_issuer,
  });
  return found?.personId ?? createPersonWithIdentity(pool, clean, actor);
}

/** A new person known only by an identity (a removal order on someone with no record on this node). */
export async function createPersonWithIdentity(pool: Pool, identity: unknown, actor: string): Promise<string> {
  const clean = checkIdentity(identity);
  return withTransaction(pool, async (client) => {
    const personId = newPersonId();
    await client.query('INSERT INTO persons (id) VALUES ($1)', [personId]);
    await client.query(
      `INSERT INTO person_identities (person_id, surname, first_name, date_of_birth, citizenship, sex, document_type,
                                      document_number, document_issuer, source, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'removal_order', $10)`,
      [
        personId,
        clean.surname,
        clean.first_name,
        clean.date_of_birth,
        clean.citizenship,
        clean.sex,
        clean.document_type,
        clean.document_number,
        clean.document_issuer,
        actor,
      ],
    );
    await writeAudit(client, { actor, action: 'person.identity-recorded', details: { person_id: personId } });
    return personId;
  });
}
