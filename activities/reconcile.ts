// Reconcile: joins the exits of a batch to this node's own entries and tells each matched stay that
// its traveller left. Two steps:
// 1. exact, in SQL: same document number, date of birth and surname, entry before exit, the latest
//    such entry not matched already;
// 2. the matcher, for the exits step 1 left: blocking keys of both sides are stored as rows
//    (`entry_keys`, filled lazily for unmatched entries; `exit_keys` for the batch), PostgreSQL
//    generates candidate pairs with one join on key, and the activity scores them (`scorePrepared`)
//    and assigns one to one (`resolveCandidates`). Pairs the matcher will not decide go to
//    `match_review` for an operator instead of being guessed.
// One to one with earlier matches, kept simple: candidate entries are those without a match whose
// entered_at precedes the exit (an entry matched by an earlier trip's exit is not taken again).
// Idempotent: matches are inserted once per exit, review rows upserted, keys recomputed per version;
// stays are signalled until marked signalled. Paged and heartbeating for large batches.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool, PoolClient } from 'pg';
import { LEGAL_BASIS, writeAudit } from '../src/audit';
import {
  BatchMatcher,
  DEFAULT_MATCH_OPTIONS,
  describeModel,
  prepare,
  type MatchModel,
  type MatchOptions,
  type PreparedRecord,
} from '../src/matching';
import type { NodeContext } from '../src/node/context';
import { observeReconcile } from '../src/observability/metrics';
import { EXIT_RECORDED_SIGNAL, stayWorkflowId, type ExitRecorded } from '../src/stays/contract';

export interface ReconcileCounts {
  exits: number;
  matched: number;
  /** Of `matched`, how many the scored matcher made (the rest are exact). */
  matchedByMatcher: number;
  /** Pairs sent to the review list. */
  review: number;
  signalled: number;
  /** Milliseconds the stay-signalling phase took (wall time, all lanes). */
  signalMs: number;
}

/** Records per page: keys computed, candidates fetched and scored per round trip. */
const PAGE = 2000;
/** Keys shared by more own entries than this are uninformative (a very common name): skipped. */
const MAX_BLOCK = DEFAULT_MATCH_OPTIONS.maxBlockSize;
/** The same for loose keys (an upper-case prefix: one field alone, names without a date; see prepare.ts isLooseKey). */
const MAX_LOOSE_BLOCK = DEFAULT_MATCH_OPTIONS.maxLooseBlockSize;
/** Stay signals in flight at once. */
const SIGNAL_CONCURRENCY = 32;

function beat(detail?: unknown): void {
  // Outside an activity (a script or test calling the functions directly) there is nothing to tell.
  try {
    Context.current().heartbeat(detail);
  } catch {
    /* not in an activity */
  }
}

/** Inserts exact matches for the unmatched exits of a batch; returns how many it made. */
export async function matchExits(db: Pool, batchId: string): Promise<number> {
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

const RECORD_COLUMNS = `surname, first_name, middle_names, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  citizenship, sex, document_type, document_number, document_issuer, port_of_entry`;

interface RecordRow {
  id: string;
  surname: string;
  first_name: string;
  middle_names: string;
  date_of_birth: string;
  citizenship: string;
  sex: string;
  document_type: string;
  document_number: string;
  document_issuer: string;
  port_of_entry: string;
  at: Date;
}

function prepareRow(row: RecordRow): PreparedRecord {
  return prepare({ ...row, entered_at: row.at.toISOString() });
}

async function insertKeys(
  db: Pool | PoolClient,
  table: 'entry_keys' | 'exit_keys',
  records: PreparedRecord[],
): Promise<void> {
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

/**
 * Computes the keys of unmatched entries that precede the batch's latest exit and have none yet (or
 * only for an older version). Lazily: each entry is keyed once per version, so later batches reuse them.
 */
export async function keyOpenEntries(db: Pool, batchId: string): Promise<number> {
  let keyed = 0;
  for (;;) {
    const { rows } = await db.query<RecordRow & { version: number }>(
      `SELECT e.id, ${RECORD_COLUMNS}, e.entered_at AS at, e.version FROM entries e
        WHERE e.entered_at < (SELECT max(exited_at) FROM exits WHERE batch_id = $1)
          AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.entry_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM entry_keys_version v WHERE v.entry_id = e.id AND v.version = e.version)
        LIMIT $2`,
      [batchId, PAGE],
    );
    if (rows.length === 0) return keyed;
    const records = rows.map(prepareRow);
    const ids = rows.map((r) => r.id);
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM entry_keys WHERE entry_id = ANY($1::text[])', [ids]);
      await insertKeys(client, 'entry_keys', records);
      await client.query(
        `INSERT INTO entry_keys_version (entry_id, version) SELECT * FROM unnest($1::text[], $2::int[])
         ON CONFLICT (entry_id) DO UPDATE SET version = excluded.version`,
        [ids, rows.map((r) => r.version)],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
    keyed += rows.length;
    beat({ keyed });
  }
}

/**
 * Scores, page by page, the exits of a batch that have no match against the candidate entries that
 * share a blocking key with them; writes matches (method 'matcher') and review items.
 */
export async function matchExitsScored(
  db: Pool,
  batchId: string,
  opts: MatchOptions = DEFAULT_MATCH_OPTIONS,
): Promise<{ matched: number; review: number; model: MatchModel; thresholds: { match: number; review: number } }> {
  await keyOpenEntries(db, batchId);
  let matched = 0;
  let review = 0;
  let after = '';
  // Each exit chooses among all entries still open, not only its candidates: the population the
  // thresholds are calibrated to.
  const { rows: open } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM entries e
      WHERE e.entered_at < (SELECT max(exited_at) FROM exits WHERE batch_id = $1)
        AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.entry_id = e.id)`,
    [batchId],
  );
  const matcher = new BatchMatcher(opts, Number(open[0].n));
  for (;;) {
    const { rows: exitRows } = await db.query<RecordRow>(
      `SELECT x.id, ${RECORD_COLUMNS}, x.exited_at AS at FROM exits x
        WHERE x.batch_id = $1 AND x.id > $2 AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.exit_id = x.id)
        ORDER BY x.id LIMIT $3`,
      [batchId, after, PAGE],
    );
    if (exitRows.length === 0) break;
    after = exitRows[exitRows.length - 1].id;
    const exits = exitRows.map(prepareRow);
    const exitIds = exits.map((x) => x.id);
    await db.query('DELETE FROM exit_keys WHERE exit_id = ANY($1::text[])', [exitIds]);
    await insertKeys(db, 'exit_keys', exits);

    // Candidate pairs: share a key, entry unmatched and before the exit; common keys skipped.
    const client = await db.connect();
    let pairs: Array<{ exit_id: string; entry_id: string }>;
    let entryRows: RecordRow[];
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL work_mem = '64MB'");
      ({ rows: pairs } = await client.query<{ exit_id: string; entry_id: string }>(
        `SELECT DISTINCT xk.exit_id, ek.entry_id
           FROM exit_keys xk
           JOIN entry_keys ek ON ek.key = xk.key
           JOIN exits x ON x.id = xk.exit_id
           JOIN entries e ON e.id = ek.entry_id
          WHERE xk.exit_id = ANY($1::text[]) AND e.entered_at < x.exited_at
            AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.entry_id = e.id)
            AND (SELECT count(*) FROM (SELECT 1 FROM entry_keys c WHERE c.key = xk.key LIMIT $2 + 1) s)
                <= CASE WHEN ascii(xk.key) BETWEEN 65 AND 90 THEN $3 ELSE $2 END`,
        [exitIds, MAX_BLOCK, MAX_LOOSE_BLOCK],
      ));
      const entryIds = [...new Set(pairs.map((p) => p.entry_id))];
      ({ rows: entryRows } = await client.query<RecordRow>(
        `SELECT e.id, ${RECORD_COLUMNS}, e.entered_at AS at FROM entries e WHERE e.id = ANY($1::text[])`,
        [entryIds],
      ));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
    const entries = entryRows.map(prepareRow);
    const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
    const exitIndex = new Map(exits.map((x, i) => [x.id, i]));
    // Grouped by exit: EM's one-to-one constraint counts each exit's candidates together.
    const indexPairs = pairs
      .map((p) => [entryIndex.get(p.entry_id)!, exitIndex.get(p.exit_id)!] as const)
      .sort((x, y) => x[1] - y[1]);
    const result = matcher.matchPage(entries, exits, indexPairs.flat());
    if (result.matches.length > 0) {
      const inserted = await db.query(
        `INSERT INTO matches (exit_id, entry_id, method, score, evidence)
         SELECT x, e, 'matcher', s, ev FROM unnest($1::text[], $2::text[], $3::real[], $4::jsonb[]) AS t(x, e, s, ev)
         ON CONFLICT (exit_id) DO NOTHING`,
        [
          result.matches.map((m) => m.partner_id),
          result.matches.map((m) => m.own_id),
          result.matches.map((m) => m.score),
          result.matches.map((m) => JSON.stringify(m.evidence)),
        ],
      );
      matched += inserted.rowCount ?? 0;
    }
    if (result.review.length > 0) {
      await db.query(
        `INSERT INTO match_review (exit_id, entry_id, reason, score, evidence, competitor_id, competitor_score)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::real[], $5::jsonb[], $6::text[], $7::real[])
         ON CONFLICT (exit_id, entry_id) DO UPDATE SET reason = excluded.reason, score = excluded.score,
           evidence = excluded.evidence, competitor_id = excluded.competitor_id,
           competitor_score = excluded.competitor_score`,
        [
          result.review.map((r) => r.partner_id),
          result.review.map((r) => r.own_id),
          result.review.map((r) => r.reason),
          result.review.map((r) => (Number.isFinite(r.score) ? r.score : -1000)),
          result.review.map((r) => JSON.stringify(r.evidence)),
          result.review.map((r) => r.competitor?.own_id ?? r.competitor?.partner_id ?? null),
          result.review.map((r) => r.competitor?.score ?? null),
        ],
      );
      review += result.review.length;
    }
    beat({ after, matched, review });
  }
  return {
    matched,
    review,
    model: matcher.model,
    thresholds: matcher.thresholds,
  };
}

/**
 * The model an ingest scored with, kept in the audit trail beside the batch: per field and outcome,
 * m, u and the weight in bits, and the thresholds. Aggregates only: no record appears in it.
 */
async function auditModel(
  db: Pool,
  batchId: string,
  model: MatchModel,
  thresholds: { match: number; review: number },
  legalBasis: string,
): Promise<void> {
  const details: Record<string, string | number | boolean | null> = {
    source: model.source,
    lambda: model.lambda,
    candidate_pairs: model.candidatePairs,
    random_pairs: model.randomPairs,
    em_iterations: model.iterations,
    match_threshold: thresholds.match,
    review_threshold: thresholds.review,
  };
  for (const [field, outcomes] of Object.entries(describeModel(model)))
    for (const [outcome, x] of Object.entries(outcomes))
      details[`${field}.${outcome}`] = `m ${x.m} u ${x.u} w ${x.weight}`;
  await writeAudit(db, { actor: 'matcher', action: 'match.model-estimated', legalBasis, batchId, details });
}

export function createReconcileActivities(ctx: NodeContext) {
  return {
    async reconcileExits(batchId: string): Promise<ReconcileCounts> {
      const exact = await matchExits(ctx.pool, batchId);
      const scored = await matchExitsScored(ctx.pool, batchId);
      await auditModel(ctx.pool, batchId, scored.model, scored.thresholds, LEGAL_BASIS[ctx.config.country]);
      const { rows: exits } = await ctx.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM exits WHERE batch_id = $1',
        [batchId],
      );
      const { rows } = await ctx.pool.query<{
        exit_id: string;
        entry_id: string;
        method: string;
        score: number;
        exited_at: Date;
        port_of_entry: string;
      }>(
        `SELECT m.exit_id, m.entry_id, m.method, m.score, x.exited_at, x.port_of_entry
         FROM matches m JOIN exits x ON x.id = m.exit_id JOIN entries e ON e.id = m.entry_id
         WHERE x.batch_id = $1 AND e.has_stay AND m.stay_signalled_at IS NULL`,
        [batchId],
      );
      // Signalled by SIGNAL_CONCURRENCY lanes, each taking the next stay as soon as its last signal is
      // answered (no chunk waits for its slowest signal); marked signalled every SIGNAL_CONCURRENCY
      // stays, so a retry after a crash re-signals at most a few (the stay treats a repeat as a correction
      // to the same exit). The phase is timed: the benchmark compares it with the bare Temporal ceiling.
      const signalStartedAt = new Date();
      const signalStarted = process.hrtime.bigint();
      let signalled = 0;
      let next = 0;
      let unmarked: string[] = [];
      const mark = async (exitIds: string[]) => {
        if (exitIds.length === 0) return;
        await ctx.pool.query('UPDATE matches SET stay_signalled_at = now() WHERE exit_id = ANY($1::text[])', [exitIds]);
        beat({ signalled });
      };
      const lane = async () => {
        for (let i = next++; i < rows.length; i = next++) {
          const row = rows[i];
          const exit: ExitRecorded = {
            exitId: row.exit_id,
            exitedAt: row.exited_at.toISOString(),
            port: row.port_of_entry,
            matchedBy: row.method === 'exact' ? 'exact' : 'matcher',
            score: row.score,
          };
          try {
            await ctx.temporal.workflow
              .getHandle(stayWorkflowId(ctx.config.country, row.entry_id))
              .signal(EXIT_RECORDED_SIGNAL, exit);
            signalled++;
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
          }
          unmarked.push(row.exit_id);
          if (unmarked.length >= SIGNAL_CONCURRENCY) {
            const batch = unmarked;
            unmarked = [];
            await mark(batch);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(SIGNAL_CONCURRENCY, rows.length) }, lane));
      await mark(unmarked);
      const signalMs = Math.round(Number(process.hrtime.bigint() - signalStarted) / 1e5) / 10;
      const counts = {
        exits: Number(exits[0].n),
        matched: exact + scored.matched,
        matchedByMatcher: scored.matched,
        review: scored.review,
        signalled,
        signalMs,
      };
      observeReconcile(ctx, counts);
      ctx.log.info('exits reconciled', { batchId, ...counts, signalStartedAt: signalStartedAt.toISOString() });
      return counts;
    },
  };
}
