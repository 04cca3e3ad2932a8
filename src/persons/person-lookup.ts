// Finding a person: by a person id, one of their entry or exit ids, or any document they crossed on;
// and what the index holds on them (crossings, links).
import type { Pool, PoolClient } from 'pg';
import { PersonIndexError, text, type RecordKind } from './person-rows';

export interface PersonRef {
  personId?: unknown;
  entryId?: unknown;
  exitId?: unknown;
  documentNumber?: unknown;
  documentIssuer?: unknown;
}

/**
 * The person a reference names: a person id, one of their entry or exit ids, or any document
 * (number and issuer) they crossed on. Null when no record on this node has it.
 */
export async function findPerson(
  db: Pool | PoolClient,
  ref: PersonRef,
): Promise<{ personId: string; by: string } | null> {
  const personId = text(ref.personId);
  if (personId !== undefined) {
    const { rows } = await db.query('SELECT id FROM persons WHERE id = $1', [personId]);
    return rows[0] ? { personId, by: 'person' } : null;
  }
  const entryId = text(ref.entryId);
  const exitId = text(ref.exitId);
  if (entryId !== undefined || exitId !== undefined) {
    const { rows } = await db.query<{ person_id: string }>(
      entryId !== undefined
        ? 'SELECT person_id FROM person_records WHERE entry_id = $1'
        : 'SELECT person_id FROM person_records WHERE exit_id = $1',
      [entryId ?? exitId],
    );
    return rows[0] ? { personId: rows[0].person_id, by: entryId !== undefined ? 'entry' : 'exit' } : null;
  }
  const number = text(ref.documentNumber)?.replace(/[\s-]/g, '').toUpperCase();
  const issuer = text(ref.documentIssuer)?.toUpperCase();
  if (!number || !issuer)
    throw new PersonIndexError(
      'identify the person by a person id, an entry or exit id, or a document number and issuer (both)',
    );
  const { rows } = await db.query<{ person_id: string }>(
    `SELECT DISTINCT p.person_id FROM person_records p
       LEFT JOIN entries e ON e.id = p.entry_id LEFT JOIN exits x ON x.id = p.exit_id
      WHERE (e.document_number = $1 AND e.document_issuer = $2) OR (x.document_number = $1 AND x.document_issuer = $2)
     UNION
     SELECT person_id FROM person_identities WHERE document_number = $1 AND document_issuer = $2`,
    [number, issuer],
  );
  if (rows.length > 1)
    throw new PersonIndexError(
      `that document is held by ${rows.length} persons on this node (after a split); name the person by id: ${rows.map((r) => r.person_id).join(', ')}`,
    );
  return rows[0] ? { personId: rows[0].person_id, by: 'document' } : null;
}

export interface PersonCrossing {
  id: string;
  kind: RecordKind;
  at: Date;
  port: string;
}

/** Every entry and exit linked to the person, oldest first. */
export async function personCrossings(db: Pool | PoolClient, personId: string): Promise<PersonCrossing[]> {
  const { rows } = await db.query<PersonCrossing>(
    `SELECT e.id, 'entry' AS kind, e.entered_at AS at, e.port_of_entry AS port
       FROM person_records p JOIN entries e ON e.id = p.entry_id WHERE p.person_id = $1
     UNION ALL
     SELECT x.id, 'exit' AS kind, x.exited_at AS at, x.port_of_entry AS port
       FROM person_records p JOIN exits x ON x.id = p.exit_id WHERE p.person_id = $1
     ORDER BY at, kind, id`,
    [personId],
  );
  return rows;
}

/** The person's links, for an operator: ids, methods, confidences and field outcomes, never values. */
export async function personLinks(db: Pool | PoolClient, personId: string) {
  const { rows } = await db.query(
    `SELECT COALESCE(entry_id, exit_id) AS record_id, CASE WHEN entry_id IS NULL THEN 'exit' ELSE 'entry' END AS kind,
            method, confidence, evidence, linked_by, linked_at
       FROM person_records WHERE person_id = $1 ORDER BY linked_at, record_id`,
    [personId],
  );
  return rows;
}
