// Longer than 300 lines because the estimation (random-pair u, EM on the candidates, the priors and
// term frequencies) is one procedure whose steps share their counts; split, each would need them all.
// Weights from the data: the Fellegi–Sunter parameters of a run estimated on the records at hand,
// as Splink does. u (the chance of each outcome between two different people) is counted on random
// pairs of own and partner records, which are almost all different people; m (the chance of each
// outcome for the same person) and the share of candidate pairs that are the same person are fitted
// by expectation–maximisation on the candidate pairs blocking produced, beside the candidates' own
// u (they share a key, so they agree more than random pairs); the weights are log2(m / random-pair
// u), as Splink's are. Both start from, and are pulled towards, the priors of
// record-linkage practice by pseudo-counts (a maximum a posteriori estimate), so that a small batch
// scores as the priors say and a large one as its own data says.
import type { PreparedRecord } from './prepare';
import { FIELDS, modelFrom, OUTCOME_NAMES, outcomeCodes, PRIOR_MODEL, type MatchModel } from './score';

export interface EstimateOptions {
  /** Random own × partner pairs to count u on (all pairs when there are fewer). */
  randomPairs: number;
  /** Pseudo-counts of the prior: how many pairs' worth of evidence the priors of m and u weigh. */
  priorPairsM: number;
  priorPairsU: number;
  /** EM runs on the candidates of at most this many partner records (spread evenly over the run). */
  maxEmPartners: number;
  /** Most EM iterations; it stops earlier when m moves less than 1e-5. */
  maxIterations: number;
  /** Seed of the random-pair sample, so that a run is reproducible. */
  seed: number;
}

export const DEFAULT_ESTIMATE_OPTIONS: EstimateOptions = {
  randomPairs: 200_000,
  priorPairsM: 500,
  priorPairsU: 2000,
  maxEmPartners: 20_000,
  maxIterations: 60,
  seed: 1,
};

const MISSING = 0;
const BITS_PER_FIELD = 3;

function lcg(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

/**
 * The candidate pairs of (at most `maxPartners`, spread evenly) partner records, each as the index of
 * its outcome pattern, grouped by partner record (`groupEnds`: where each partner's pairs end).
 */
function candidatePatterns(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  candidates: ArrayLike<number>,
  maxPartners: number,
  model: MatchModel,
): { patternOf: Int32Array; patternKeys: number[]; groupEnds: number[]; total: number } {
  const byPartner = new Map<number, number[]>();
  const stride = Math.max(1, Math.ceil(partner.length / maxPartners));
  for (let i = 0; i < candidates.length; i += 2) {
    const p = candidates[i + 1];
    if (p % stride !== 0) continue;
    const list = byPartner.get(p);
    if (list) list.push(candidates[i]);
    else byPartner.set(p, [candidates[i]]);
  }
  const codes = new Int8Array(FIELDS.length);
  const index = new Map<number, number>();
  const patternKeys: number[] = [];
  const patternOf: number[] = [];
  const groupEnds: number[] = [];
  for (const [p, owns] of byPartner) {
    for (const oi of owns) {
      outcomeCodes(own[oi], partner[p], codes, model);
      let key = 0;
      for (let f = 0; f < FIELDS.length; f++) key |= codes[f] << (f * BITS_PER_FIELD);
      let q = index.get(key);
      if (q === undefined) {
        q = patternKeys.length;
        index.set(key, q);
        patternKeys.push(key);
      }
      patternOf.push(q);
    }
    groupEnds.push(patternOf.length);
  }
  // λ is a share of all candidates, sampled or not.
  return { patternOf: Int32Array.from(patternOf), patternKeys, groupEnds, total: patternOf.length };
}

/** Outcome vectors packed into one integer each, counted: EM iterates over distinct patterns, not pairs. */
function countPatterns(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  pairs: ArrayLike<number>,
  model: MatchModel,
): Map<number, number> {
  const codes = new Int8Array(FIELDS.length);
  const patterns = new Map<number, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    outcomeCodes(own[pairs[i]], partner[pairs[i + 1]], codes, model);
    let key = 0;
    for (let f = 0; f < FIELDS.length; f++) key |= codes[f] << (f * BITS_PER_FIELD);
    patterns.set(key, (patterns.get(key) ?? 0) + 1);
  }
  return patterns;
}

const outcomeOf = (key: number, f: number) => (key >>> (f * BITS_PER_FIELD)) & 7;

/** Per field, the share of each non-missing outcome among `counts`, pulled towards `prior` by `priorWeight` pairs. */
function smoothed(counts: number[][], prior: number[][], priorWeight: number): number[][] {
  return counts.map((row, f) => {
    const observed = row.reduce((a, b, j) => (j === MISSING ? a : a + b), 0);
    return row.map((n, j) => (j === MISSING ? 1 : (n + priorWeight * prior[f][j]) / (observed + priorWeight)));
  });
}

/**
 * Estimates a model from the records at hand. `candidates` holds own and partner indices in turn
 * (own0, partner0, own1, partner1, ...): the pairs blocking produced.
 */
export function estimateModel(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  candidates: ArrayLike<number>,
  opts: Partial<EstimateOptions> = {},
): MatchModel {
  const o = { ...DEFAULT_ESTIMATE_OPTIONS, ...opts };
  const prior = PRIOR_MODEL;
  if (own.length === 0 || partner.length === 0) return prior;
  // u: random pairs, or every pair when there are few records (the true pairs among them are taken
  // out below, by EM's probability that each is the same person).
  const all = own.length * partner.length;
  const sample: number[] = [];
  if (all <= o.randomPairs) {
    for (let i = 0; i < own.length; i++) for (let j = 0; j < partner.length; j++) sample.push(i, j);
  } else {
    const random = lcg(o.seed);
    for (let k = 0; k < o.randomPairs; k++)
      sample.push(Math.floor(random() * own.length), Math.floor(random() * partner.length));
  }
  const uCounts = FIELDS.map((_f, i) => prior.u[i].map(() => 0));
  const randomPatterns = countPatterns(own, partner, sample, prior);
  for (const [key, n] of randomPatterns) for (let f = 0; f < FIELDS.length; f++) uCounts[f][outcomeOf(key, f)] += n;
  const u = smoothed(uCounts, prior.u, o.priorPairsU);

  // m and λ: EM over the candidate pairs. Candidate pairs share a blocking key, so the different
  // people among them agree more often than random pairs do: EM fits their own u (uc) beside m, so
  // that they are not taken for the same person; the weights then use m with the random-pair u.
  // One to one: a partner record is at most one traveller's exit, so the E-step caps the match
  // probability summed over its candidates at 1. Without that, a large cluster of look-alikes (people
  // sharing a common first name or a surname) can pass for the matches and EM converges on it.
  const { patternOf, patternKeys, groupEnds, total } = candidatePatterns(
    own,
    partner,
    candidates,
    o.maxEmPartners,
    prior,
  );
  const k = patternKeys.length;
  const pmOf = new Float64Array(k);
  const posterior = new Float64Array(patternOf.length);
  let m = prior.m.map((row) => [...row]);
  let uc = u.map((row) => [...row]);
  let lambda = Math.min(0.5, Math.min(own.length, partner.length) / Math.max(1, total));
  let iterations = 0;
  for (; iterations < o.maxIterations && total > 0; iterations++) {
    for (let q = 0; q < k; q++) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < FIELDS.length; f++) {
        const j = outcomeOf(patternKeys[q], f);
        pm *= m[f][j];
        pu *= uc[f][j];
      }
      pmOf[q] = pm / (pm + pu);
    }
    const mass = new Float64Array(k);
    let start = 0;
    let matchMass = 0;
    for (const end of groupEnds) {
      let sum = 0;
      for (let i = start; i < end; i++) sum += posterior[i] = pmOf[patternOf[i]];
      const scale = sum > 1 ? 1 / sum : 1;
      for (let i = start; i < end; i++) mass[patternOf[i]] += posterior[i] * scale;
      matchMass += sum * scale;
      start = end;
    }
    const mCounts = FIELDS.map((_f, i) => prior.m[i].map(() => 0));
    const uCountsC = FIELDS.map((_f, i) => prior.m[i].map(() => 0));
    const perPattern = new Float64Array(k);
    for (let i = 0; i < patternOf.length; i++) perPattern[patternOf[i]]++;
    for (let q = 0; q < k; q++)
      for (let f = 0; f < FIELDS.length; f++) {
        mCounts[f][outcomeOf(patternKeys[q], f)] += mass[q];
        uCountsC[f][outcomeOf(patternKeys[q], f)] += perPattern[q] - mass[q];
      }
    const next = smoothed(mCounts, prior.m, o.priorPairsM);
    const moved = Math.max(...next.flatMap((row, f) => row.map((x, j) => Math.abs(x - m[f][j]))));
    m = next;
    uc = smoothed(uCountsC, u, o.priorPairsM);
    lambda = Math.min(0.999, Math.max(1e-6, matchMass / total));
    if (moved < 1e-5) break;
  }
  // The random pairs hold a few true pairs (about one in own × partner / matches): left in, they
  // would cap a strong agreement's weight at the prior odds. Each sampled pair's outcome pattern is
  // taken out in proportion to EM's probability that it is the same person.
  const uClean = smoothed(
    (() => {
      const counts = FIELDS.map((_f, i) => prior.u[i].map(() => 0));
      for (const [key, n] of randomPatterns) {
        let pm = lambda;
        let pu = 1 - lambda;
        for (let f = 0; f < FIELDS.length; f++) {
          pm *= m[f][outcomeOf(key, f)];
          pu *= uc[f][outcomeOf(key, f)];
        }
        const different = n * (1 - pm / (pm + pu));
        for (let f = 0; f < FIELDS.length; f++) counts[f][outcomeOf(key, f)] += different;
      }
      return counts;
    })(),
    prior.u,
    o.priorPairsU,
  );
  return modelFrom(m, uClean, {
    source: 'estimated',
    lambda: Math.round(lambda * 10000) / 10000,
    candidatePairs: candidates.length / 2,
    randomPairs: sample.length / 2,
    iterations,
  });
}

/** How many records' worth the average u_exact weighs in a name's term frequency (so few records mean no adjustment). */
const TF_PRIOR_RECORDS = 1000;

/**
 * Sets each record's `surnameRarity` and `firstRarity`: -log2 of the share of the `reference` records
 * (by default the records themselves, both sides) holding that value, smoothed towards the model's
 * average chance of agreement, so that a common name agreeing weighs less than a rare one (Splink's
 * term-frequency adjustment). The ingest counts on the batch's exits alone: its candidate entries
 * were chosen for sharing names with them and would make every name look common.
 */
export function applyTermFrequencies(
  records: PreparedRecord[][],
  model: MatchModel,
  reference: PreparedRecord[][] = records,
): void {
  const surnames = new Map<string, number>();
  const firsts = new Map<string, number>();
  const namePairs = new Map<string, number>();
  const pairOf = (r: PreparedRecord) => `${r.surname}|${r.first}`;
  let n = 0;
  for (const side of reference)
    for (const r of side) {
      n++;
      if (r.surname !== '') surnames.set(r.surname, (surnames.get(r.surname) ?? 0) + 1);
      if (r.first !== '') firsts.set(r.first, (firsts.get(r.first) ?? 0) + 1);
      if (r.surname !== '' && r.first !== '') namePairs.set(pairOf(r), (namePairs.get(pairOf(r)) ?? 0) + 1);
    }
  const uSurname = model.u[0][1];
  const uFirst = model.u[1][1];
  const rarity = (count: number, uExact: number) =>
    -Math.log2((count + TF_PRIOR_RECORDS * uExact) / (n + TF_PRIOR_RECORDS));
  // Surname and first name together against the product of their shares, each count without the two
  // records a true pair contributes itself (otherwise every matched name pair looks common), smoothed
  // towards independence: few records, no correction.
  const share = (count: number, prior: number) =>
    (Math.max(0, count - 2) + TF_PRIOR_RECORDS * prior) / (n + TF_PRIOR_RECORDS);
  const nameDependence = (r: PreparedRecord) => {
    const s = share(surnames.get(r.surname) ?? 0, uSurname);
    const f = share(firsts.get(r.first) ?? 0, uFirst);
    return Math.min(0, Math.log2((s * f) / share(namePairs.get(pairOf(r)) ?? 0, s * f)));
  };
  for (const side of records)
    for (const r of side) {
      r.surnameRarity = r.surname === '' ? 0 : rarity(surnames.get(r.surname) ?? 0, uSurname);
      r.firstRarity = r.first === '' ? 0 : rarity(firsts.get(r.first) ?? 0, uFirst);
      r.nameDependence = r.surname === '' || r.first === '' ? 0 : nameDependence(r);
    }
}

/** The model's parameters as a table, for `eval:match` and the ingest's audit. */
export function describeModel(
  model: MatchModel,
): Record<string, Record<string, { m: number; u: number; weight: number }>> {
  const out: Record<string, Record<string, { m: number; u: number; weight: number }>> = {};
  FIELDS.forEach((field, i) => {
    out[field] = {};
    model.m[i].forEach((m, j) => {
      if (j === MISSING) return;
      out[field][OUTCOME_NAMES[i][j]] = {
        m: Number(m.toPrecision(3)),
        u: Number(model.u[i][j].toPrecision(3)),
        weight: model.weights[i][j],
      };
    });
  });
  return out;
}
