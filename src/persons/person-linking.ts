// Linking: each entry and exit without a person is weighed against the persons it could belong to
// (./evidence.ts) and linked, given a new person, or sent to the review list. Runs on demand (before
// every person lookup, and `persons link`), in chunks, oldest records first, one linker at a time
// (advisory lock), so several processes can call it safely.
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../db/pool';
import { confirmPersonRemovals } from './removal';
import { decideLink, personEvidence, preparePersonRecord, type PreparedPersonRecord } from './evidence';
import { RECORD_COLUMNS, newPersonId, recordKey, toRecord, type RecordKind, type RecordRow } from './person-rows';

const LINK_LOCK = 7_420_170;
const CHUNK = 5000;

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
