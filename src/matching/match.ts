// Matching a set of partner records (exits) to own records (entries): block, score, assign one to
// one, and send what is uncertain or ambiguous to an operator's review list instead of guessing.
import { blockCandidates, identifyingPairs } from './block';
import { applyTermFrequencies, estimateModel } from './em';
import { calibratedOptions, DEFAULT_MATCH_OPTIONS, type MatchOptions } from './options';
import { prepareWithoutKeys, type MatchInput, type PreparedRecord } from './prepare';
import { resolveCandidates, type Candidate, type MatchResult } from './resolve';
import { PRIOR_MODEL, scorePrepared, type MatchModel } from './score';

export { blockCandidates, identifyingPairs, isIdentifyingKey, type Blocked } from './block';
export { calibratedOptions, DEFAULT_MATCH_OPTIONS, type MatchOptions } from './options';
export {
  resolveCandidates,
  type Candidate,
  type MatchedPair,
  type MatchResult,
  type MatchStats,
  type ReviewItem,
  type ReviewReason,
} from './resolve';

/** Prepares both sides and matches them. */
export function matchRecords(own: MatchInput[], partner: MatchInput[], opts: Partial<MatchOptions> = {}): MatchResult {
  return matchPrepared(own.map(prepareWithoutKeys), partner.map(prepareWithoutKeys), opts);
}

/**
 * Blocks, estimates the model from the records at hand (unless `estimate` is false), scores every
 * candidate pair, calibrates the thresholds to the run's size and assigns one to one.
 */
export function matchPrepared(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  opts: Partial<MatchOptions> = {},
): MatchResult {
  const o = { ...DEFAULT_MATCH_OPTIONS, ...opts };
  const blocked = blockCandidates(own, partner, o);
  // EM learns from the pairs that share the document number or the whole date of birth, not from those
  // names brought together: those agree on names by construction (Splink likewise learns a field's m
  // from pairs blocked on another field), and where names repeat (a large run, a small population of
  // names) they outnumber the true pairs: at 100,000 travellers EM took "the same names" for "the same
  // person" (m of a different birth date 0.4) and sent 850 true pairs to review as ambiguous.
  const model = o.estimate ? estimateModel(own, partner, blocked.identifying) : PRIOR_MODEL;
  if (o.estimate) applyTermFrequencies([own, partner], model);
  const result = scoreAndAssign(
    own,
    partner,
    blocked.pairs,
    calibratedOptions(model, own.length, partner.length, o),
    model,
  );
  result.stats.oversizedBlocksSkipped = blocked.oversizedBlocksSkipped;
  return result;
}

/** Scores candidate pairs (own, partner, own, …) with the model and assigns one to one at the calibrated thresholds. */
function scoreAndAssign(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  pairs: ArrayLike<number>,
  calibrated: MatchOptions,
  model: MatchModel,
): MatchResult {
  const candidates: Candidate[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const score = scorePrepared(own[pairs[i]], partner[pairs[i + 1]], calibrated.clockToleranceMs, model);
    if (score >= calibrated.reviewThreshold) candidates.push({ own: pairs[i], partner: pairs[i + 1], score });
  }
  const result = resolveCandidates(own, partner, candidates, calibrated, model);
  result.stats.scoredPairs = pairs.length / 2;
  return result;
}

/**
 * The matcher of one ingested batch, page by page, as `matchPrepared` matches a run: the candidate
 * pairs come from the ingest's SQL join on the same blocking keys. The model is estimated once, on
 * the first page (EM on the pairs that share an identifying key, as `matchPrepared` does; u on random
 * pairs of the two), and scores every page; the thresholds are calibrated once, to the entries still
 * open (each exit chooses among all of them, not only its candidates). Term frequencies are counted
 * on each page's exits: its candidate entries were chosen for sharing names with them.
 */
export class BatchMatcher {
  private estimated: MatchModel | undefined;
  private calibrated: MatchOptions;

  constructor(
    private readonly opts: MatchOptions,
    private readonly openEntries: number,
  ) {
    this.calibrated = opts;
  }

  /** Scores and assigns one page: `pairs` holds entry and exit indices in turn. */
  matchPage(entries: PreparedRecord[], exits: PreparedRecord[], pairs: ArrayLike<number>): MatchResult {
    if (this.estimated === undefined) {
      this.estimated = this.opts.estimate
        ? estimateModel(entries, exits, identifyingPairs(entries, exits, pairs))
        : PRIOR_MODEL;
      this.calibrated = calibratedOptions(
        this.estimated,
        Math.max(this.openEntries, entries.length),
        exits.length,
        this.opts,
      );
    }
    if (this.opts.estimate) applyTermFrequencies([entries, exits], this.estimated, [exits]);
    return scoreAndAssign(entries, exits, pairs, this.calibrated, this.estimated);
  }

  /** The model the batch scored with (the priors before the first page). */
  get model(): MatchModel {
    return this.estimated ?? PRIOR_MODEL;
  }

  get thresholds(): { match: number; review: number } {
    return { match: this.calibrated.matchThreshold, review: this.calibrated.reviewThreshold };
  }
}
