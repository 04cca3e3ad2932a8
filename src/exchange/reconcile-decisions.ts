// What reconciliation does with a page of candidates, decided without the database: the records
// prepared for the matcher, the model fitted on the batch's first page, each candidate pair scored
// and the page resolved one to one into matches and review items; and the signal a matched stay
// receives. Pure (test/unit/reconcile-decisions.test.ts); reconcile.ts reads and stores around it.
import {
  applyTermFrequencies,
  calibratedOptions,
  estimateModel,
  prepare,
  PRIOR_MODEL,
  resolveCandidates,
  scorePrepared,
  type Candidate,
  type MatchModel,
  type MatchOptions,
  type MatchResult,
  type PreparedRecord,
} from '../matching';
import type { PersonField } from '../record/columns';
import type { ExitRecorded } from '../stays/contract';

/** An entry or an exit as read for matching: its id, the agreed person fields and when it happened. */
export type MatchRecordRow = Record<'id' | PersonField, string> & { at: Date };

export function prepareRow(row: MatchRecordRow): PreparedRecord {
  return prepare({ ...row, entered_at: row.at.toISOString() });
}

/** The model a batch is scored with (estimated on its first page) and the thresholds calibrated to it. */
export interface FittedModel {
  model: MatchModel;
  calibrated: MatchOptions;
}

/**
 * Scores one page's candidate pairs (an exit and an own entry sharing a blocking key) and resolves
 * them one to one. On the first page (`fitted` undefined) the model is estimated from the page (or
 * the prior taken) and the thresholds calibrated to the population each exit chooses among: all
 * entries still open, not only its candidates.
 */
export function decidePage(
  page: { entries: PreparedRecord[]; exits: PreparedRecord[]; pairs: Array<{ exit_id: string; entry_id: string }> },
  openEntries: number,
  opts: MatchOptions,
  fitted: FittedModel | undefined,
): { fitted: FittedModel; result: MatchResult } {
  const { entries, exits, pairs } = page;
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const exitIndex = new Map(exits.map((x, i) => [x.id, i]));
  // Grouped by exit: EM's one-to-one constraint counts each exit's candidates together.
  const indexPairs = pairs
    .map((p) => [entryIndex.get(p.entry_id)!, exitIndex.get(p.exit_id)!] as const)
    .sort((x, y) => x[1] - y[1]);
  if (fitted === undefined) {
    const model = opts.estimate ? estimateModel(entries, exits, indexPairs.flat()) : PRIOR_MODEL;
    fitted = { model, calibrated: calibratedOptions(model, Math.max(openEntries, entries.length), exits.length, opts) };
  }
  const { model, calibrated } = fitted;
  if (opts.estimate) applyTermFrequencies([entries, exits], model, [exits]);
  const candidates: Candidate[] = [];
  for (const [own, partner] of indexPairs) {
    const score = scorePrepared(entries[own], exits[partner], opts.clockToleranceMs, model);
    if (score >= calibrated.reviewThreshold) candidates.push({ own, partner, score });
  }
  return { fitted, result: resolveCandidates(entries, exits, candidates, calibrated, model) };
}

/** A match still to be told to its stay. */
export interface UnsignalledMatch {
  exit_id: string;
  entry_id: string;
  method: string;
  score: number;
  exited_at: Date;
  port_of_entry: string;
}

/** The signal a matched stay receives: the exit, where, and how it was joined (evidence stays in matches). */
export function exitSignalOf(row: UnsignalledMatch): ExitRecorded {
  return {
    exitId: row.exit_id,
    exitedAt: row.exited_at.toISOString(),
    port: row.port_of_entry,
    matchedBy: row.method === 'exact' ? 'exact' : 'matcher',
    score: row.score,
  };
}
