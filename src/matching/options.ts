// The matcher's options and the calibration of its thresholds to the size of a run.
import type { MatchModel } from './score';

export interface MatchOptions {
  /** Score (bits) at and above which an unambiguous pair is matched. */
  matchThreshold: number;
  /** Score (bits) at and above which a pair is worth an operator's look; below it, not the same person. */
  reviewThreshold: number;
  /** A competing candidate within this many bits of the best makes the match ambiguous. */
  ambiguityMargin: number;
  /** Blocks with more own records than this are skipped as uninformative (and counted). */
  maxBlockSize: number;
  /** The same for loose keys (one field alone, or names without a date: `isLooseKey`), which common values make large. */
  maxLooseBlockSize: number;
  /** How far (ms) an exit may precede the entry and still be taken as after it (clock disagreement). */
  clockToleranceMs: number;
  /** Estimate m and u from the records at hand (EM) and adjust names by term frequency; false = the priors. */
  estimate: boolean;
  /**
   * The fewest travellers a partner record is taken to be choosing among. The thresholds above are
   * set for it; a run whose own × partner records per expected match is larger raises both thresholds
   * by log2 of the ratio, so that the posterior odds of a match stay the same (calibration).
   */
  minPopulation: number;
}

/**
 * Posterior odds calibration: a pair's score is log2 of its likelihood ratio against a random pair;
 * with a prior chance of 1 in `minPopulation` (10,000: a day's traffic at a busy port pair is tens of
 * thousands, DOMAIN.md) that a given entry is a given exit's, 13.3 bits is even odds (posterior 0.5,
 * the usual cut of Fellegi–Sunter linkage before one-to-one assignment) and 10.1 bits a posterior of
 * 0.1, worth an operator's look. The one-to-one assignment, the ambiguity margin and the rules below
 * (names alone, surname and birth date alone) guard what the per-pair posterior does not see.
 */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  matchThreshold: 13.3,
  reviewThreshold: 10.1,
  ambiguityMargin: 6,
  maxBlockSize: 5000,
  maxLooseBlockSize: 50,
  clockToleranceMs: 0,
  estimate: true,
  minPopulation: 10_000,
};

/**
 * Raises the thresholds by log2 of (own × partner records per expected match) / `minPopulation` when
 * that is larger: in a larger run each partner record has more namesakes to be mistaken for.
 * The expected number of matches is EM's share of same-person candidate pairs times their number
 * (or the smaller side when the model is the prior).
 */
export function calibratedOptions(
  model: MatchModel,
  ownCount: number,
  partnerCount: number,
  o: MatchOptions,
): MatchOptions {
  const expected = Math.max(
    1,
    model.source === 'estimated' ? model.lambda * model.candidatePairs : Math.min(ownCount, partnerCount),
  );
  const shift = Math.max(0, Math.log2((ownCount * partnerCount) / expected / o.minPopulation));
  const round = (x: number) => Math.round(x * 100) / 100;
  return { ...o, matchThreshold: round(o.matchThreshold + shift), reviewThreshold: round(o.reviewThreshold + shift) };
}
