// Quality figures of one matching run against known truth: precision, recall, the review list's own
// precision, and blocking's pair completeness (share of true pairs blocking let through) and
// reduction ratio (share of all own × partner pairs it spared).
import { blockCandidates, matchPrepared, type MatchOptions, type MatchResult } from '../match';
import { prepareWithoutKeys, type MatchInput } from '../prepare';
import { generate, type GeneratedData } from './generator';
import { generateIndependent } from './models';

/**
 * The noise models: the two-agency generator at two levels, and two models written apart from it in
 * the four-field shape of an outside evaluation (see models.ts).
 */
export const NOISE_MODELS = ['realistic', 'harsh', 'replace', 'missing'] as const;
export type NoiseModel = (typeof NOISE_MODELS)[number];

export function generateFor(model: NoiseModel, pairs: number, seed: number): GeneratedData {
  return model === 'realistic' || model === 'harsh'
    ? generate({ pairs, level: model, seed })
    : generateIndependent({ pairs, model, seed });
}

export interface QualityFigures {
  model: NoiseModel;
  seed: number;
  true_pairs: number;
  own_records: number;
  partner_records: number;
  matched: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  review: number;
  review_containing_true_pair: number;
  /** Of the review list, the share that is the true pair (how much an operator's look is worth). */
  review_precision: number;
  scored_pairs: number;
  candidates_per_partner_record: number;
  pair_completeness: number;
  reduction_ratio: number;
  match_threshold: number;
  review_threshold: number;
  seconds: number;
}

const round = (x: number, digits = 5) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Precision, recall and F1 of a list of matched pairs against the truth (partner id → own id). */
export function pairFigures(
  matches: Array<{ own_id: string; partner_id: string }>,
  truth: Map<string, string>,
): { matched: number; correct: number; precision: number; recall: number; f1: number } {
  let correct = 0;
  for (const m of matches) if (truth.get(m.partner_id) === m.own_id) correct++;
  const precision = matches.length === 0 ? 1 : correct / matches.length;
  const recall = truth.size === 0 ? 1 : correct / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { matched: matches.length, correct, precision: round(precision), recall: round(recall), f1: round(f1) };
}

/** Share of true pairs that blocking makes candidates, and share of all pairs it spares. */
export function blockingFigures(
  own: MatchInput[],
  partner: MatchInput[],
  truth: Map<string, string>,
  opts: Partial<MatchOptions> = {},
): { pairs: number; pair_completeness: number; reduction_ratio: number } {
  const o = own.map(prepareWithoutKeys);
  const p = partner.map(prepareWithoutKeys);
  const { pairs } = blockCandidates(o, p, opts);
  let found = 0;
  for (let i = 0; i < pairs.length; i += 2) if (truth.get(p[pairs[i + 1]].id) === o[pairs[i]].id) found++;
  const n = pairs.length / 2;
  return {
    pairs: n,
    pair_completeness: round(truth.size === 0 ? 1 : found / truth.size),
    reduction_ratio: round(1 - n / Math.max(1, own.length * partner.length), 7),
  };
}

export function measureQuality(
  model: NoiseModel,
  pairs: number,
  seed: number,
  opts: Partial<MatchOptions> = {},
): QualityFigures & { result: MatchResult; data: GeneratedData } {
  const data = generateFor(model, pairs, seed);
  const started = process.hrtime.bigint();
  // As the `match` command does: records prepared without stored keys, matched in memory.
  const result = matchPrepared(data.own.map(prepareWithoutKeys), data.partner.map(prepareWithoutKeys), opts);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const figures = pairFigures(result.matches, data.truth);
  const reviewTrue = result.review.filter((r) => data.truth.get(r.partner_id) === r.own_id).length;
  const blocking = blockingFigures(data.own, data.partner, data.truth, opts);
  return {
    model,
    seed,
    true_pairs: data.truth.size,
    own_records: data.own.length,
    partner_records: data.partner.length,
    ...figures,
    review: result.review.length,
    review_containing_true_pair: reviewTrue,
    review_precision: round(result.review.length === 0 ? 1 : reviewTrue / result.review.length, 4),
    scored_pairs: result.stats.scoredPairs,
    candidates_per_partner_record: round(result.stats.scoredPairs / Math.max(1, data.partner.length), 2),
    pair_completeness: blocking.pair_completeness,
    reduction_ratio: blocking.reduction_ratio,
    match_threshold: result.thresholds.match,
    review_threshold: result.thresholds.review,
    seconds: round(seconds, 2),
    result,
    data,
  };
}
