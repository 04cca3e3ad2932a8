// The person index on a node, in PostgreSQL: links each entry and exit to one person, finds a
// person by any of their documents, and lets an operator merge (from the review list) or split
// persons, audited. The evidence is weighed by ./evidence.ts; rows hold ids, scores and field
// outcomes only. Linking runs on demand (before every person lookup, and `persons link`), in
// chunks, oldest records first, one linker at a time (advisory lock).
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { isIsoDate } from '../calendar';
import { writeAudit } from '../db/audit';
import { DOCUMENT_TYPES } from '../record/schema';
import { withTransaction } from '../db/pool';
import { confirmPersonRemovals } from './removal';
import {
  decideLink,
  personEvidence,
  preparePersonRecord,
  type PersonRecord,
  type PreparedPersonRecord,
} from './evidence';

const LINK_LOCK = 7_420_170;
const CHUNK = 5000;

export class PersonIndexError extends Error {
  override name = 'PersonIndexError';
}

export type RecordKind = 'entry' | 'exit';
const recordKey = (kind: RecordKind, id: string) => `${kind}:${id}`;
const newPersonId = () => `P-${randomUUID()}`;

const RECORD_COLUMNS = `id, surname, first_name, date_of_birth::text AS date_of_birth, citizenship, sex, document_type,
  document_number, document_issuer`;

interface RecordRow {
  kind: RecordKind | 'identity';
  id: string;
  surname: string;
  first_name: string;
  date_of_birth: string;
  citizenship: string;
  sex: string;
  document_type: string;
  document_number: string;
  document_issuer: string;
  person_id?: string;
}

const toRecord = (r: RecordRow): PersonRecord => ({
  kind: r.kind,
  id: r.id,
  surname: r.surname,
  firstName: r.first_name,
  dateOfBirth: r.date_of_birth,
  citizenship: r.citizenship,
  sex: r.sex,
  documentType: r.document_type,
  documentNumber: r.document_number,
  documentIssuer: r.document_issuer,
});

export interface LinkRunResult {
  records: number;
  linked: number;
  new_persons: number;
  review_items: number;
}

/** Links every record that has no person yet. Idempotent; safe to run from several processes. */
export async function linkPendingRecords(pool: Pool): Promise<LinkRunResult> {
  const total: LinkRunResult = { records: 0, linked: 0, new_persons: 0, review_items: 0 };
  for (;;) {
    const run = await withTransaction(pool, (client) => linkChunk(client));
    total.records += run.records;
    total.linked += run.linked;
    total.new_persons += run.new_persons;
    total.review_items += run.review_items;
    if (run.records < CHUNK) return total;
  }
}

async function linkChunk(client: PoolClient): Promise<LinkRunResult> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [LINK_LOCK]);
  const pending = (
    await client.query<RecordRow & { kind: RecordKind; at: Date }>(
      `SELECT * FROM (
         SELECT 'entry' AS kind, ${RECORD_COLUMNS}, entered_at AS at FROM entries e
          WHERE NOT EXISTS (SELECT 1 FROM person_records p WHERE p.entry_id = e.id)
         UNION ALL
         SELECT 'exit' AS kind, ${RECORD_COLUMNS}, exited_at AS at FROM exits x
          WHERE NOT EXISTS (SELECT 1 FROM person_records p WHERE p.exit_id = x.id)
       ) pending ORDER BY at, kind, id LIMIT $1`,
      [CHUNK],
    )
  ).rows;
  const result: LinkRunResult = { records: pending.length, linked: 0, new_persons: 0, review_items: 0 };
  if (pending.length === 0) return result;

  // The exchange's own matches (exit <-> entry) are evidence too, and reach past a mistyped birth date.
  const matched = new Map<string, Set<string>>();
  const matchRows = (
    await client.query<{ entry_id: string; exit_id: string }>(
      'SELECT entry_id, exit_id FROM matches WHERE exit_id = ANY($1) OR entry_id = ANY($2)',
      [
        pending.filter((r) => r.kind === 'exit').map((r) => r.id),
        pending.filter((r) => r.kind === 'entry').map((r) => r.id),
      ],
    )
  ).rows;
  const addMatch = (key: string, other: string) => {
    if (!matched.has(key)) matched.set(key, new Set());
    matched.get(key)!.add(other);
  };
  for (const m of matchRows) {
    addMatch(recordKey('exit', m.exit_id), m.entry_id);
    addMatch(recordKey('entry', m.entry_id), m.exit_id);
  }

  // Candidates: linked records sharing a birth date or a document number, or matched by the exchange.
  const dobs = [...new Set(pending.map((r) => r.date_of_birth))];
  const docs = [...new Set(pending.map((r) => r.document_number))];
  const matchedIds = matchRows.flatMap((m) => [m.entry_id, m.exit_id]);
  const linked = (
    await client.query<RecordRow>(
      `SELECT 'entry' AS kind, ${RECORD_COLUMNS}, p.person_id
         FROM person_records p JOIN entries e ON e.id = p.entry_id
        WHERE e.date_of_birth = ANY($1::date[]) OR e.document_number = ANY($2) OR e.id = ANY($3)
       UNION ALL
       SELECT 'exit' AS kind, ${RECORD_COLUMNS}, p.person_id
         FROM person_records p JOIN exits x ON x.id = p.exit_id
        WHERE x.date_of_birth = ANY($1::date[]) OR x.document_number = ANY($2) OR x.id = ANY($3)
       UNION ALL
       SELECT 'identity' AS kind, 'identity-' || id, surname, first_name, date_of_birth::text, citizenship, sex,
              document_type, document_number, document_issuer, person_id
         FROM person_identities WHERE date_of_birth = ANY($1::date[]) OR document_number = ANY($2)`,
      [dobs, docs, matchedIds],
    )
  ).rows;

  const recordsOf = new Map<string, PreparedPersonRecord[]>();
  const personOfId = new Map<string, string>(); // record id (either kind) -> person, for matched counterparts
  const byDob = new Map<number, Set<string>>();
  const byDocument = new Map<string, Set<string>>();
  const index = (personId: string, r: PreparedPersonRecord) => {
    if (!recordsOf.has(personId)) recordsOf.set(personId, []);
    recordsOf.get(personId)!.push(r);
    personOfId.set(r.id, personId);
    if (!byDob.has(r.dob)) byDob.set(r.dob, new Set());
    byDob.get(r.dob)!.add(personId);
    if (!byDocument.has(r.document)) byDocument.set(r.document, new Set());
    byDocument.get(r.document)!.add(personId);
  };
  for (const row of linked) index(row.person_id!, preparePersonRecord(toRecord(row)));

  const newPersons: string[] = [];
  const links: Array<{
    kind: RecordKind;
    id: string;
    personId: string;
    method: string;
    confidence: number;
    evidence: object;
  }> = [];
  const reviews: Array<{
    kind: RecordKind;
    id: string;
    candidate: string;
    reason: string;
    score: number;
    confidence: number;
    evidence: object;
  }> = [];
  for (const row of pending) {
    const record = preparePersonRecord(toRecord(row));
    const matchedWith = matched.get(recordKey(row.kind, row.id)) ?? new Set<string>();
    const candidatePersons = new Set<string>([
      ...(byDob.get(record.dob) ?? []),
      ...(byDocument.get(record.document) ?? []),
    ]);
    for (const other of matchedWith) if (personOfId.has(other)) candidatePersons.add(personOfId.get(other)!);
    const candidates = [];
    for (const personId of candidatePersons) {
      const evidence = personEvidence(record, recordsOf.get(personId) ?? [], matchedWith);
      if (evidence) candidates.push({ personId, evidence });
    }
    const decision = decideLink(candidates);
    if (decision.kind === 'link') {
      links.push({
        kind: row.kind,
        id: row.id,
        personId: decision.personId,
        method: 'evidence',
        confidence: decision.evidence.confidence,
        evidence: {
          score: decision.evidence.score,
          against: decision.evidence.against,
          fields: decision.evidence.fields,
        },
      });
      index(decision.personId, record);
      result.linked += 1;
    } else {
      const personId = newPersonId();
      newPersons.push(personId);
      links.push({ kind: row.kind, id: row.id, personId, method: 'first_record', confidence: 1, evidence: {} });
      index(personId, record);
      result.new_persons += 1;
      for (const r of decision.review) {
        reviews.push({
          kind: row.kind,
          id: row.id,
          candidate: r.personId,
          reason: r.reason,
          score: r.evidence.score,
          confidence: r.evidence.confidence,
          evidence: { against: r.evidence.against, fields: r.evidence.fields },
        });
        result.review_items += 1;
      }
    }
  }

  await client.query('INSERT INTO persons (id) SELECT unnest($1::text[])', [newPersons]);
  await client.query(
    `INSERT INTO person_records (person_id, entry_id, exit_id, method, confidence, evidence)
     SELECT u.person_id, CASE WHEN u.kind = 'entry' THEN u.id END, CASE WHEN u.kind = 'exit' THEN u.id END,
            u.method, u.confidence, u.evidence
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::real[], $6::jsonb[])
         AS u(person_id, kind, id, method, confidence, evidence)`,
    [
      links.map((l) => l.personId),
      links.map((l) => l.kind),
      links.map((l) => l.id),
      links.map((l) => l.method),
      links.map((l) => l.confidence),
      links.map((l) => JSON.stringify(l.evidence)),
    ],
  );
  await client.query(
    `INSERT INTO person_link_review (entry_id, exit_id, candidate_person, reason, score, confidence, evidence)
     SELECT CASE WHEN u.kind = 'entry' THEN u.id END, CASE WHEN u.kind = 'exit' THEN u.id END,
            u.candidate, u.reason, u.score, u.confidence, u.evidence
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::real[], $6::real[], $7::jsonb[])
         AS u(kind, id, candidate, reason, score, confidence, evidence)
     ON CONFLICT DO NOTHING`,
    [
      reviews.map((r) => r.kind),
      reviews.map((r) => r.id),
      reviews.map((r) => r.candidate),
      reviews.map((r) => r.reason),
      reviews.map((r) => r.score),
      reviews.map((r) => r.confidence),
      reviews.map((r) => JSON.stringify(r.evidence)),
    ],
  );
  const withExits = [...new Set(links.filter((l) => l.kind === 'exit').map((l) => l.personId))];
  await confirmPersonRemovals(client, withExits);
  return result;
}

export interface PersonRef {
  personId?: unknown;
  entryId?: unknown;
  exitId?: unknown;
  documentNumber?: unknown;
  documentIssuer?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

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

function checkReason(reason: unknown): string {
  const r = typeof reason === 'string' ? reason.trim() : '';
  if (r.length < 3 || r.length > 500) throw new PersonIndexError('a reason of 3 to 500 characters is required');
  return r;
}

/**
 * Splits records off a person into a new person (a wrong link undone), audited. The records keep
 * their new person: the linker never moves a linked record again.
 */
export async function splitPerson(
  pool: Pool,
  req: { personId: string; recordIds: string[]; actor: string; reason: unknown },
): Promise<{ person_id: string; new_person_id: string; moved: string[] }> {
  const reason = checkReason(req.reason);
  if (req.recordIds.length === 0) throw new PersonIndexError('name at least one record id to split off');
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ record_id: string }>(
      'SELECT COALESCE(entry_id, exit_id) AS record_id FROM person_records WHERE person_id = $1 FOR UPDATE',
      [req.personId],
    );
    const held = new Set(rows.map((r) => r.record_id));
    if (held.size === 0)
      throw new PersonIndexError(`no person ${req.personId} on this node; find one with: persons show`);
    const foreign = req.recordIds.filter((id) => !held.has(id));
    if (foreign.length) throw new PersonIndexError(`record(s) ${foreign.join(', ')} are not linked to ${req.personId}`);
    if (req.recordIds.length >= held.size)
      throw new PersonIndexError(
        'a split must leave at least one record with the person; split the others off instead',
      );
    const newId = newPersonId();
    await client.query('INSERT INTO persons (id) VALUES ($1)', [newId]);
    await client.query(
      `UPDATE person_records SET person_id = $2, method = 'operator_split', confidence = 1,
              evidence = jsonb_build_object('split_from', $1::text, 'reason', $5::text), linked_by = $3, linked_at = now()
        WHERE person_id = $1 AND COALESCE(entry_id, exit_id) = ANY($4)`,
      [req.personId, newId, req.actor, req.recordIds, reason],
    );
    await writeAudit(client, {
      actor: req.actor,
      action: 'person.split',
      recordIds: req.recordIds,
      counts: { records: req.recordIds.length },
      details: { from_person: req.personId, to_person: newId },
    });
    return { person_id: req.personId, new_person_id: newId, moved: req.recordIds };
  });
}

/** The review list: records the index would not link by itself, with the candidate person. */
export async function personReviewList(db: Pool | PoolClient) {
  const { rows } = await db.query(
    `SELECT r.id AS review_id, COALESCE(r.entry_id, r.exit_id) AS record_id,
            CASE WHEN r.entry_id IS NULL THEN 'exit' ELSE 'entry' END AS kind,
            p.person_id AS record_person, r.candidate_person, r.reason, r.score, r.confidence, r.evidence
       FROM person_link_review r
       JOIN person_records p ON p.entry_id = r.entry_id OR p.exit_id = r.exit_id
      WHERE r.decision IS NULL AND p.person_id <> r.candidate_person
      ORDER BY r.created_at, r.id`,
  );
  return rows;
}

/**
 * An operator's decision on a review item: 'merged' moves every record of the record's person (and
 * their removal orders) to the candidate person; 'rejected' leaves them apart. Audited either way.
 */
export async function decidePersonReview(
  pool: Pool,
  req: { reviewId: string; decision: unknown; actor: string; reason: unknown },
): Promise<{ review_id: string; decision: 'merged' | 'rejected'; person_id: string; moved: number }> {
  const reason = checkReason(req.reason);
  if (req.decision !== 'merged' && req.decision !== 'rejected')
    throw new PersonIndexError('the decision must be merged or rejected');
  const decision = req.decision;
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ record_person: string; candidate_person: string; decision: string | null }>(
      `SELECT p.person_id AS record_person, r.candidate_person, r.decision
         FROM person_link_review r JOIN person_records p ON p.entry_id = r.entry_id OR p.exit_id = r.exit_id
        WHERE r.id = $1 FOR UPDATE OF r`,
      [req.reviewId],
    );
    const item = rows[0];
    if (!item)
      throw new PersonIndexError(`no review item ${req.reviewId}; list them with: persons review --node us|ca`);
    if (item.decision) throw new PersonIndexError(`review item ${req.reviewId} was already ${item.decision}`);
    let moved = 0;
    let personId = item.record_person;
    if (decision === 'merged' && item.record_person !== item.candidate_person) {
      const res = await client.query(
        `UPDATE person_records SET person_id = $2, method = 'operator_merge', confidence = 1,
                evidence = evidence || jsonb_build_object('merged_from', $1::text, 'review_id', $3::bigint), linked_by = $4, linked_at = now()
          WHERE person_id = $1`,
        [item.record_person, item.candidate_person, req.reviewId, req.actor],
      );
      moved = res.rowCount ?? 0;
      await client.query('UPDATE person_removal_orders SET person_id = $2 WHERE person_id = $1', [
        item.record_person,
        item.candidate_person,
      ]);
      personId = item.candidate_person;
      await confirmPersonRemovals(client, [personId]);
    }
    await client.query(
      'UPDATE person_link_review SET decision = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1',
      [req.reviewId, decision, req.actor, reason],
    );
    await writeAudit(client, {
      actor: req.actor,
      action: `person.review-${decision}`,
      counts: { records: moved },
      details: { review_id: Number(req.reviewId), from_person: item.record_person, to_person: item.candidate_person },
    });
    return { review_id: req.reviewId, decision, person_id: personId, moved };
  });
}

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
