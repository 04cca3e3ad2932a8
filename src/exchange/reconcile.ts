// Reconcile: joins the exits of a batch to this node's own entries. Two steps:
// 1. exact, in SQL: same document number, date of birth and surname, entry before exit, the latest
//    such entry not matched already;
// 2. the matcher, for the exits step 1 left: blocking keys of both sides are stored as rows
//    (`entry_keys`, filled lazily for unmatched entries; `exit_keys` for the batch), PostgreSQL
//    generates candidate pairs with one join on key, and each page is scored and assigned one to one
//    (reconcile-decisions.ts). Pairs the matcher will not decide go to `match_review` for an operator
//    instead of being guessed.
// One to one with earlier matches, kept simple: candidate entries are those without a match whose
// entered_at precedes the exit (an entry matched by an earlier trip's exit is not taken again).
// Idempotent: matches are inserted once per exit, review rows upserted, keys recomputed per version.
// Paged and heartbeating for large batches.
import type { Pool } from 'pg';
import { LEGAL_BASIS, writeAudit } from '../db/audit';
import { BatchMatcher, DEFAULT_MATCH_OPTIONS, describeModel, type MatchModel, type MatchOptions } from '../matching';
import type { NodeContext } from '../node/context';
import { heartbeat } from '../temporal/heartbeat';
import { decidePage, prepareRow } from './reconcile-decisions';
import {
  countOpenEntries,
  insertExactMatches,
  insertScoredMatches,
  readCandidates,
  readEntriesToKey,
  readUnmatchedExits,
  replaceEntryKeys,
  replaceExitKeys,
  upsertReview,
} from './reconcile-store';

/** Records per page: keys computed, candidates fetched and scored per round trip. */
const PAGE = 2000;
/** Keys shared by more own entries than this are uninformative (a very common name): skipped. */
const MAX_BLOCK = DEFAULT_MATCH_OPTIONS.maxBlockSize;
/** The same for loose keys (an upper-case prefix: one field alone, names without a date; see prepare.ts isLooseKey). */
const MAX_LOOSE_BLOCK = DEFAULT_MATCH_OPTIONS.maxLooseBlockSize;

/** Inserts exact matches for the unmatched exits of a batch; returns how many it made. */
export const matchExits = insertExactMatches;

/**
 * Computes the keys of unmatched entries that precede the batch's latest exit and have none yet (or
 * only for an older version). Lazily: each entry is keyed once per version, so later batches reuse them.
 */
export async function keyOpenEntries(db: Pool, batchId: string): Promise<number> {
  let keyed = 0;
  for (;;) {
    const rows = await readEntriesToKey(db, batchId, PAGE);
    if (rows.length === 0) return keyed;
    await replaceEntryKeys(
      db,
      rows.map(prepareRow),
      rows.map((r) => r.version),
    );
    keyed += rows.length;
    heartbeat({ keyed });
  }
}

export interface ScoredMatching {
  matched: number;
  review: number;
  model: MatchModel;
  thresholds: { match: number; review: number };
}

/**
 * Scores, page by page, the exits of a batch that have no match against the candidate entries that
 * share a blocking key with them; writes matches (method 'matcher') and review items.
 */
export async function matchExitsScored(
  db: Pool,
  batchId: string,
  opts: MatchOptions = DEFAULT_MATCH_OPTIONS,
): Promise<ScoredMatching> {
  await keyOpenEntries(db, batchId);
  let matched = 0;
  let review = 0;
  let after = '';
  // The model is estimated once per ingest, on the batch's first page (up to PAGE exits and their
  // candidate entries), and scores every page of the batch: weights from the data at hand, per batch.
  // Each exit chooses among all entries still open, not only its candidates: the population the
  // thresholds are calibrated to.
  const matcher = new BatchMatcher(opts, await countOpenEntries(db, batchId));
  for (;;) {
    const exitRows = await readUnmatchedExits(db, batchId, after, PAGE);
    if (exitRows.length === 0) break;
    after = exitRows[exitRows.length - 1].id;
    const exits = exitRows.map(prepareRow);
    await replaceExitKeys(db, exits);
    const candidates = await readCandidates(
      db,
      exits.map((x) => x.id),
      { maxBlock: MAX_BLOCK, maxLooseBlock: MAX_LOOSE_BLOCK },
    );
    const page = { entries: candidates.entries.map(prepareRow), exits, pairs: candidates.pairs };
    const decided = decidePage(page, matcher);
    matched += await insertScoredMatches(db, decided.matches);
    await upsertReview(db, decided.review);
    review += decided.review.length;
    heartbeat({ after, matched, review });
  }
  return { matched, review, model: matcher.model, thresholds: matcher.thresholds };
}

/**
 * The model an ingest scored with, kept in the audit trail beside the batch: per field and outcome,
 * m, u and the weight in bits, and the thresholds. Aggregates only: no record appears in it.
 */
export async function auditMatchModel(ctx: NodeContext, batchId: string, scored: ScoredMatching): Promise<void> {
  const { model, thresholds } = scored;
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
  await writeAudit(ctx.pool, {
    actor: 'matcher',
    action: 'match.model-estimated',
    legalBasis: LEGAL_BASIS[ctx.config.country],
    batchId,
    details,
  });
}
