// The Fellegi–Sunter parameters: per field, the comparison outcomes with their m and u
// probabilities (the priors of record-linkage practice, and the model a run estimates, em.ts), and
// the weights log2(m/u) in bits that scoring (score.ts) sums.
export const FIELDS = [
  'surname',
  'first_name',
  'middle_names',
  'date_of_birth',
  'document',
  'citizenship',
  'sex',
] as const;
export type MatchField = (typeof FIELDS)[number];

/**
 * Per field, each outcome with its m and u probability. The values are priors from published
 * record-linkage practice and border-data error rates (typos ~1-3% per name, date errors ~1%,
 * documents differing when a traveller crosses with another document), not fitted to the test
 * generator; `u` is the chance of the outcome between two different people who share a blocking key
 * or are drawn at random. See docs/matching.md.
 */
export const PRIOR_OUTCOMES = {
  surname: {
    missing: [1, 1],
    exact: [0.88, 0.003],
    truncated_or_partial: [0.04, 0.002],
    similar: [0.05, 0.003],
    somewhat_similar: [0.02, 0.01],
    different: [0.01, 0.982],
  },
  first_name: {
    missing: [1, 1],
    exact: [0.87, 0.01],
    truncated_or_partial: [0.04, 0.005],
    initial: [0.01, 0.0025],
    similar: [0.06, 0.005],
    somewhat_similar: [0.02, 0.02],
    different: [0.01, 0.96],
  },
  middle_names: {
    missing: [1, 1],
    exact: [0.85, 0.02],
    partial: [0.1, 0.03],
    different: [0.05, 0.95],
  },
  date_of_birth: {
    missing: [1, 1],
    exact: [0.96, 0.00006],
    day_month_swapped: [0.006, 0.00006],
    one_digit_off: [0.02, 0.0015],
    different: [0.014, 0.998],
  },
  document: {
    missing: [1, 1],
    exact: [0.85, 0.000004],
    // One edit and a check digit that fails: a keying error in a number that was the same.
    one_edit_bad_check_digit: [0.015, 0.00002],
    // One edit with both check digits right: more often the next number of a family member's or twin's passport.
    one_edit_both_valid: [0.002, 0.001],
    other_document: [0.1, 0.4],
    different: [0.033, 0.6],
  },
  citizenship: {
    missing: [1, 1],
    same: [0.97, 0.3],
    different: [0.03, 0.7],
  },
  sex: {
    missing: [1, 1],
    same: [0.98, 0.5],
    different: [0.02, 0.5],
  },
} as const satisfies Record<MatchField, Record<string, readonly [number, number]>>;

const OUTCOMES = PRIOR_OUTCOMES;
export type Outcome<F extends MatchField> = keyof (typeof OUTCOMES)[F];

// Outcome names and weights in arrays indexed by small integers: the hot path sums numbers.
export const OUTCOME_NAMES: string[][] = FIELDS.map((f) => Object.keys(OUTCOMES[f]));

/**
 * The Fellegi–Sunter parameters a run scores with: per field, per outcome (in `OUTCOME_NAMES` order),
 * m = P(outcome | same traveller), u = P(outcome | two different travellers), and the weight
 * log2(m/u) in bits. The `missing` outcome always weighs 0. `estimateModel` (em.ts) fits m by
 * expectation–maximisation and u from random pairs of the records at hand; `PRIOR_MODEL` is where it
 * starts and what it falls back to when the records are too few to say more.
 */
export interface MatchModel {
  m: number[][];
  u: number[][];
  weights: Float64Array[];
  /** Where the parameters come from: 'prior' (record-linkage practice) or 'estimated' (EM on the run). */
  source: 'prior' | 'estimated';
  /** Share of candidate pairs EM took for the same traveller, and how many candidate pairs it saw. */
  lambda: number;
  candidatePairs: number;
  /** Random pairs the u probabilities were counted on. */
  randomPairs: number;
  /** EM iterations until the m probabilities moved less than 1e-5. */
  iterations: number;
  /** log2 of u for an exact surname and first name: the base of the term-frequency adjustment. */
  tfBase: Float64Array;
}

export function modelFrom(
  m: number[][],
  u: number[][],
  extra: Omit<MatchModel, 'm' | 'u' | 'weights' | 'tfBase'>,
): MatchModel {
  // Surname and first name are fields 0 and 1, their exact outcome index 1 (see PRIOR_OUTCOMES).
  const tfBase = Float64Array.of(Math.log2(u[0][1]), Math.log2(u[1][1]));
  const weights = FIELDS.map(
    (_f, i) => new Float64Array(m[i].map((mi, j) => (j === 0 ? 0 : Math.round(Math.log2(mi / u[i][j]) * 100) / 100))),
  );
  return { m, u, weights, tfBase, ...extra };
}

export const PRIOR_MODEL: MatchModel = modelFrom(
  FIELDS.map((f) => Object.values(OUTCOMES[f]).map(([m]) => m)),
  FIELDS.map((f) => Object.values(OUTCOMES[f]).map(([, u]) => u)),
  { source: 'prior', lambda: 0, candidatePairs: 0, randomPairs: 0, iterations: 0 },
);
/** The weight table in bits (of the prior, or of an estimated model), for documentation and operators. */
export function weightTable(model: MatchModel = PRIOR_MODEL): Record<MatchField, Record<string, number>> {
  const out = {} as Record<MatchField, Record<string, number>>;
  FIELDS.forEach((field, i) => {
    out[field] = Object.fromEntries(OUTCOME_NAMES[i].map((name, j) => [name, model.weights[i][j]]));
  });
  return out;
}
