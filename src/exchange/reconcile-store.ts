// Reconciliation's tables: matches (an exit joined to an own entry, with its evidence), match_review
// (pairs left to an operator), entry_keys / entry_keys_version / exit_keys (the matcher's blocking keys
// as rows, so PostgreSQL finds candidate pairs with one join). Every query on them is here.
import type { Pool } from 'pg';
import { withTransaction, type Queryable } from '../db/pool';
import type { MatchedPair, PreparedRecord, ReviewItem } from '../matching';
import { PERSON_COLUMNS } from '../record/columns';
import type { MatchRecordRow, UnsignalledMatch } from './reconcile-decisions';

/** Own entries a batch's exits may match: not matched yet, and captured before the batch's latest exit. */
const OPEN_ENTRY = `e.entered_at < (SELECT max(exited_at) FROM exits WHERE batch_id = $1)
          AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.entry_id = e.id)`;

/**
 * Inserts exact matches for the unmatched exits of a batch (same document number, date of birth and
 * surname; the latest entry before the exit not matched already); returns how many it made.
 */
export async function insertExactMatches(db: Queryable, batchId: string): Promise<number> {
  const result = await db.query(
    `INSERT INTO matches (exit_id, entry_id, method, score, evidence)
     SELECT DISTINCT ON (x.id) x.id, e.id, 'exact', 1,
            jsonb_build_object('rule', 'same document_number, date_of_birth and surname; entry before exit',
                               'entry_version', e.version, 'exit_version', x.version)
     FROM exits x
     JOIN entries e ON e.document_number = x.document_number AND e.date_of_birth = x.date_of_birth
                   AND lower(e.surname) = lower(x.surname) AND e.entered_at < x.exited_at
     WHERE x.batch_id = $1 AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.exit_id = x.id)
       AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.entry_id = e.id)
     ORDER BY x.id, e.entered_at DESC
     ON CONFLICT (exit_id) DO NOTHING`,
    [batchId],
  );
  return result.rowCount ?? 0;
}

/** Open entries without keys for their current version, a page at a time. */
export async function readEntriesToKey(
  db: Queryable,
  batchId: string,
  limit: number,
): Promise<Array<MatchRecordRow & { version: number }>> {
  const { rows } = await db.query<MatchRecordRow & { version: number }>(
    `SELECT e.id, ${PERSON_COLUMNS}, e.entered_at AS at, e.version FROM entries e
        WHERE ${OPEN_ENTRY}
          AND NOT EXISTS (SELECT 1 FROM entry_keys_version v WHERE v.entry_id = e.id AND v.version = e.version)
        LIMIT $2`,
    [batchId, limit],
  );
  return rows;
}

async function insertKeys(db: Queryable, table: 'entry_keys' | 'exit_keys', records: PreparedRecord[]): Promise<void> {
  const ids: string[] = [];
  const keys: string[] = [];
  for (const r of records)
    for (const k of r.keys) {
      ids.push(r.id);
      keys.push(k);
    }
  const idColumn = table === 'entry_keys' ? 'entry_id' : 'exit_id';
  await db.query(
    `INSERT INTO ${table} (${idColumn}, key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [ids, keys],
  );
}

/** Replaces the keys of these entries and records the version they were computed for, in one transaction. */
export async function replaceEntryKeys(pool: Pool, records: PreparedRecord[], versions: number[]): Promise<void> {
  const ids = records.map((r) => r.id);
  await withTransaction(pool, async (client) => {
    await client.query('DELETE FROM entry_keys WHERE entry_id = ANY($1::text[])', [ids]);
    await insertKeys(client, 'entry_keys', records);
    await client.query(
      `INSERT INTO entry_keys_version (entry_id, version) SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (entry_id) DO UPDATE SET version = excluded.version`,
      [ids, versions],
    );
  });
}

export async function replaceExitKeys(db: Queryable, exits: PreparedRecord[]): Promise<void> {
  await db.query('DELETE FROM exit_keys WHERE exit_id = ANY($1::text[])', [exits.map((x) => x.id)]);
  await insertKeys(db, 'exit_keys', exits);
}

export async function countOpenEntries(db: Queryable, batchId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM entries e WHERE ${OPEN_ENTRY}`, [batchId]);
  return Number(rows[0].n);
}

/** The batch's exits without a match, after `after` in id order, a page at a time. */
export async function readUnmatchedExits(
  db: Queryable,
  batchId: string,
  after: string,
  limit: number,
): Promise<MatchRecordRow[]> {
  const { rows } = await db.query<MatchRecordRow>(
    `SELECT x.id, ${PERSON_COLUMNS}, x.exited_at AS at FROM exits x
        WHERE x.batch_id = $1 AND x.id > $2 AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.exit_id = x.id)
        ORDER BY x.id LIMIT $3`,
    [batchId, after, limit],
  );
  return rows;
}

/**
 * Candidate pairs of these exits (sharing a key, entry unmatched and before the exit; keys shared by
 * more entries than the block limits skipped) and the entries they name, read in one snapshot.
 */
export async function readCandidates(
  pool: Pool,
  exitIds: string[],
  limits: { maxBlock: number; maxLooseBlock: number },
): Promise<{ pairs: Array<{ exit_id: string; entry_id: string }>; entries: MatchRecordRow[] }> {
  return withTransaction(pool, async (client) => {
    await client.query("SET LOCAL work_mem = '64MB'");
    const { rows: pairs } = await client.query<{ exit_id: string; entry_id: string }>(
      `SELECT DISTINCT xk.exit_id, ek.entry_id
           FROM exit_keys xk
           JOIN entry_keys ek ON ek.key = xk.key
           JOIN exits x ON x.id = xk.exit_id
           JOIN entries e ON e.id = ek.entry_id
          WHERE xk.exit_id = ANY($1::text[]) AND e.entered_at < x.exited_at
            AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.entry_id = e.id)
            AND (SELECT count(*) FROM (SELECT 1 FROM entry_keys c WHERE c.key = xk.key LIMIT $2 + 1) s)
                <= CASE WHEN ascii(xk.key) BETWEEN 65 AND 90 THEN $3 ELSE $2 END`,
      [exitIds, limits.maxBlock, limits.maxLooseBlock],
    );
    const entryIds = [...new Set(pairs.map((p) => p.entry_id))];
    const { rows: entries } = await client.query<MatchRecordRow>(
      `SELECT e.id, ${PERSON_COLUMNS}, e.entered_at AS at FROM entries e WHERE e.id = ANY($1::text[])`,
      [entryIds],
    );
    return { pairs, entries };
  });
}

/** Stores the matcher's matches (one per exit); returns how many were new. */
export async function insertScoredMatches(db: Queryable, matches: MatchedPair[]): Promise<number> {
  if (matches.length === 0) return 0;
  const inserted = await db.query(
    `INSERT INTO matches (exit_id, entry_id, method, score, evidence)
         SELECT x, e, 'matcher', s, ev FROM unnest($1::text[], $2::text[], $3::real[], $4::jsonb[]) AS t(x, e, s, ev)
         ON CONFLICT (exit_id) DO NOTHING`,
    [
      matches.map((m) => m.partner_id),
      matches.map((m) => m.own_id),
      matches.map((m) => m.score),
      matches.map((m) => JSON.stringify(m.evidence)),
    ],
  );
  return inserted.rowCount ?? 0;
}

/** Stores (or refreshes) the pairs left to an operator. */
export async function upsertReview(db: Queryable, review: ReviewItem[]): Promise<void> {
  if (review.length === 0) return;
  await db.query(
    `INSERT INTO match_review (exit_id, entry_id, reason, score, evidence, competitor_id, competitor_score)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::real[], $5::jsonb[], $6::text[], $7::real[])
         ON CONFLICT (exit_id, entry_id) DO UPDATE SET reason = excluded.reason, score = excluded.score,
           evidence = excluded.evidence, competitor_id = excluded.competitor_id,
           competitor_score = excluded.competitor_score`,
    [
      review.map((r) => r.partner_id),
      review.map((r) => r.own_id),
      review.map((r) => r.reason),
      review.map((r) => (Number.isFinite(r.score) ? r.score : -1000)),
      review.map((r) => JSON.stringify(r.evidence)),
      review.map((r) => r.competitor?.own_id ?? r.competitor?.partner_id ?? null),
      review.map((r) => r.competitor?.score ?? null),
    ],
  );
}

export async function countBatchExits(db: Queryable, batchId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM exits WHERE batch_id = $1', [batchId]);
  return Number(rows[0].n);
}

/** The batch's matches whose entry has a stay that has not been told yet. */
export async function readUnsignalledMatches(db: Queryable, batchId: string): Promise<UnsignalledMatch[]> {
  const { rows } = await db.query<UnsignalledMatch>(
    `SELECT m.exit_id, m.entry_id, m.method, m.score, x.exited_at, x.port_of_entry
         FROM matches m JOIN exits x ON x.id = m.exit_id JOIN entries e ON e.id = m.entry_id
         WHERE x.batch_id = $1 AND e.has_stay AND m.stay_signalled_at IS NULL`,
    [batchId],
  );
  return rows;
}

export async function markSignalled(db: Queryable, exitIds: string[]): Promise<void> {
  await db.query('UPDATE matches SET stay_signalled_at = now() WHERE exit_id = ANY($1::text[])', [exitIds]);
}
