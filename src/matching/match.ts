// Matching a set of partner records (exits) to own records (entries): block, score, assign one to
// one, and send what is uncertain or ambiguous to an operator's review list instead of guessing.
import { assignOneToOne } from './assign';
import { applyTermFrequencies, estimateModel } from './em';
import { blockingKeys, isLooseKey, prepareWithoutKeys, type MatchInput, type PreparedRecord } from './prepare';
import { PRIOR_MODEL, scorePair, scorePrepared, type MatchEvidence, type MatchModel } from './score';

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

/**
 * Two records on one side count as one traveller's two crossings at this score under the prior
 * weights (not the run's estimate: EM cannot tell a twin's next passport number from a keying error
 * in one's own, and timing must never move an exit between twins).
 */
const SAME_TRAVELLER_BITS = 28;

export interface MatchedPair {
  own_id: string;
  partner_id: string;
  score: number;
  evidence: MatchEvidence;
}

export type ReviewReason = 'uncertain' | 'ambiguous' | 'claimed_by_other';

export interface ReviewItem extends MatchedPair {
  reason: ReviewReason;
  /** For `ambiguous` and `claimed_by_other`: the record that competes, and its score. */
  competitor?: { own_id?: string; partner_id?: string; score: number };
}

export interface MatchStats {
  own: number;
  partner: number;
  scoredPairs: number;
  candidates: number;
  oversizedBlocksSkipped: number;
}

export interface MatchResult {
  matches: MatchedPair[];
  review: ReviewItem[];
  stats: MatchStats;
  /** The parameters the run scored with (estimated or the priors) and the calibrated thresholds. */
  model: MatchModel;
  thresholds: { match: number; review: number };
}

/** A scored candidate pair, by index into the own and partner arrays. */
export interface Candidate {
  own: number;
  partner: number;
  score: number;
}

/**
 * Surname and birth date are shared by twins: a match also needs the first name or the document to
 * have been compared (present on both sides). Otherwise an operator decides.
 */
function identifiedBeyondSurnameAndBirthDate(evidence: MatchEvidence): boolean {
  return evidence.fields.first_name.outcome !== 'missing' || evidence.fields.document.outcome !== 'missing';
}

/**
 * The same document number and date of birth on both records is the same traveller even when the
 * name was written differently (a married name, another romanisation, a name keyed into the wrong
 * field): a document number is issued to one person. A match, with the evidence showing it.
 */
function documentAndBirthDateAgree(evidence: MatchEvidence): boolean {
  return evidence.fields.document.outcome === 'exact' && evidence.fields.date_of_birth.outcome === 'exact';
}

/** How much surer than a match a pair must be when it has a sibling's pattern (see `siblingPattern`). */
const SIBLING_EXTRA_BITS = 8;

/**
 * Only names agree — not the document, even approximately, nor the date of birth beyond one digit
 * (a birth date one digit off weighs about a bit: among the namesakes of a large run, some are born
 * one digit apart; at 100,000 travellers such pairs were half the false matches). Names alone
 * never identify a traveller: namesakes (two people of one name crossing in the same days) look the
 * same, and the weights overrate them, because surname and given name are not independent (they go
 * together by culture), so the product of their u probabilities understates how often two different
 * people share both. At 100,000 travellers such pairs were most false matches, whatever the margin.
 * Always an operator's decision.
 */
function namesOnly(evidence: MatchEvidence): boolean {
  const dob = evidence.fields.date_of_birth.outcome;
  const doc = evidence.fields.document.outcome;
  return (
    (dob === 'different' || dob === 'missing') &&
    doc !== 'exact' &&
    doc !== 'one_edit_bad_check_digit' &&
    doc !== 'one_edit_both_valid'
  );
}

/**
 * The given names disagree and the document does not agree (exactly or by one keying error):
 * siblings and twins share surname, birth date or both, and a twin's passport is often the next
 * number of the same batch. A score just above the threshold is not enough.
 */
function siblingPattern(evidence: MatchEvidence): boolean {
  const doc = evidence.fields.document.outcome;
  return evidence.fields.first_name.outcome === 'different' && doc !== 'exact' && doc !== 'one_edit_bad_check_digit';
}

/** Prepares both sides and matches them. */
export function matchRecords(own: MatchInput[], partner: MatchInput[], opts: Partial<MatchOptions> = {}): MatchResult {
  return matchPrepared(own.map(prepareWithoutKeys), partner.map(prepareWithoutKeys), opts);
}

/** Candidate pairs as blocking yields them: own and partner indices in turn, each pair once. */
export interface Blocked {
  pairs: Int32Array;
  /**
   * The pairs that share an identifying key (the document number or the whole date of birth:
   * `isIdentifyingKey`), in the same layout: what EM learns from (see `matchPrepared`).
   */
  identifying: Int32Array;
  oversizedBlocksSkipped: number;
}

/**
 * Keys holding a whole identifier: the document number (`d:`) or the full date of birth (`b:`, `D:`).
 * The others (`S:`, `P:` names alone; `M:`, `Y:` names with part of a date) propose pairs that agree
 * on names by construction.
 */
export function isIdentifyingKey(key: string): boolean {
  return key.startsWith('d:') || key.startsWith('b:') || key.startsWith('D:');
}

/** A growable list of index pairs. */
class PairList {
  data = new Int32Array(1 << 16);
  n = 0;
  push(a: number, b: number): void {
    if (this.n + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.n++] = a;
    this.data[this.n++] = b;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.n);
  }
}

/** Blocks in memory on the records' keys: every own–partner pair that shares a key, once. */
export function blockCandidates(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  opts: Partial<MatchOptions> = {},
): Blocked {
  const o = { ...DEFAULT_MATCH_OPTIONS, ...opts };
  const index = new Map<string, number[]>();
  own.forEach((r, i) => {
    for (const key of r.keys.length > 0 ? r.keys : blockingKeys(r)) {
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
  });
  const seen = new Int32Array(own.length).fill(-1);
  const pairs = new PairList();
  const identifying = new PairList();
  const oversized = new Set<string>();
  partner.forEach((p, pi) => {
    const keys = p.keys.length > 0 ? p.keys : blockingKeys(p);
    // Identifying keys first, so that a pair they propose counts as identifying.
    for (const identifyingPass of [true, false])
      for (const key of keys) {
        if (isIdentifyingKey(key) !== identifyingPass) continue;
        const list = index.get(key);
        if (list === undefined) continue;
        if (list.length > (isLooseKey(key) ? o.maxLooseBlockSize : o.maxBlockSize)) {
          oversized.add(key);
          continue;
        }
        for (const oi of list) {
          if (seen[oi] === pi) continue;
          seen[oi] = pi;
          pairs.push(oi, pi);
          if (identifyingPass) identifying.push(oi, pi);
        }
      }
  });
  return { pairs: pairs.view(), identifying: identifying.view(), oversizedBlocksSkipped: oversized.size };
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
  const calibrated = calibratedOptions(model, own.length, partner.length, o);
  const candidates: Candidate[] = [];
  const { pairs } = blocked;
  for (let i = 0; i < pairs.length; i += 2) {
    const score = scorePrepared(own[pairs[i]], partner[pairs[i + 1]], o.clockToleranceMs, model);
    if (score >= calibrated.reviewThreshold) candidates.push({ own: pairs[i], partner: pairs[i + 1], score });
  }
  const result = resolveCandidates(own, partner, candidates, calibrated, model);
  result.stats.scoredPairs = pairs.length / 2;
  result.stats.oversizedBlocksSkipped = blocked.oversizedBlocksSkipped;
  return result;
}

/**
 * One-to-one assignment of scored candidates (for instance those a SQL join on blocking keys
 * produced and `scorePrepared` scored): greedy by score, ties to the exit nearest after the entry.
 * A pair goes to review when its score is below the match threshold, when only surname and birth
 * date could be compared, or when a free competitor scores within the ambiguity margin. A competitor whose stay the timing rules out is no competitor:
 * an earlier entry of the same person was closed by an earlier exit, and a later exit belongs to a
 * later stay.
 */
export function resolveCandidates(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  candidates: Candidate[],
  opts: Partial<MatchOptions> = {},
  model: MatchModel = PRIOR_MODEL,
): MatchResult {
  const o = { ...DEFAULT_MATCH_OPTIONS, ...opts };
  const usable = candidates.filter((c) => c.score >= o.reviewThreshold);
  const gap = (c: Candidate) => {
    const g = partner[c.partner].enteredAt - own[c.own].enteredAt;
    return g === g ? g : Number.MAX_VALUE;
  };
  usable.sort((x, y) => y.score - x.score || gap(x) - gap(y));
  const ownTaken = new Int32Array(own.length).fill(-1);
  const partnerTaken = new Int32Array(partner.length).fill(-1);
  const byOwn = new Map<number, Candidate[]>();
  const byPartner = new Map<number, Candidate[]>();
  for (const c of usable) {
    (byOwn.get(c.own) ?? byOwn.set(c.own, []).get(c.own)!).push(c);
    (byPartner.get(c.partner) ?? byPartner.set(c.partner, []).get(c.partner)!).push(c);
  }
  const before = (x: number, y: number) => x === x && y === y && x < y;
  const scoreOf = new Map<number, number>(); // partner → score of its assigned pair
  const take = (c: Candidate) => {
    ownTaken[c.own] = c.partner;
    partnerTaken[c.partner] = c.own;
    scoreOf.set(c.partner, c.score);
  };
  const greedy = () => {
    for (const c of usable) if (ownTaken[c.own] === -1 && partnerTaken[c.partner] === -1) take(c);
  };
  // The assignment that maximises the summed log-likelihood over each connected group of candidates
  // (each exit to at most one entry and back); greedy by score only where a group is too large.
  for (const c of assignOneToOne(usable, gap, o.reviewThreshold)) take(c);
  greedy();
  // Repeat travellers: the same person scores alike against each of their stays, and noise decides
  // which is highest. Among candidates that are all confidently this person, timing decides: an exit
  // closes the latest entry before it, and an entry is closed by the first exit after it. A record
  // may be moved away from a counterpart whose time is unknown, never from one whose time fits.
  const timeless = (t: number) => t !== t;
  // Two records on the same side are one traveller's two crossings only when they plainly are one
  // person: a namesake with the same birth date and another passport is not.
  const sameTraveller = (x: PreparedRecord, y: PreparedRecord) =>
    scorePrepared(x, y, Infinity, PRIOR_MODEL) >= SAME_TRAVELLER_BITS;
  const confidentlySame = (altScore: number, x: PreparedRecord, y: PreparedRecord) =>
    altScore >= o.matchThreshold && sameTraveller(x, y);
  const release = (pi: number) => {
    const oi = partnerTaken[pi];
    if (oi === -1) return;
    ownTaken[oi] = -1;
    partnerTaken[pi] = -1;
    scoreOf.delete(pi);
  };
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (let pi = 0; pi < partner.length; pi++) {
      const oi = partnerTaken[pi];
      if (oi === -1) continue;
      const exit = partner[pi].enteredAt;
      const entry = own[oi].enteredAt;
      let better: Candidate | undefined;
      for (const other of byPartner.get(pi)!) {
        if (other.own === oi || !confidentlySame(other.score, own[oi], own[other.own])) continue;
        const holder = ownTaken[other.own];
        if (holder !== -1 && !timeless(partner[holder].enteredAt)) continue;
        const otherEntry = own[other.own].enteredAt;
        if (
          before(entry, otherEntry) &&
          !before(exit, otherEntry) &&
          (!better || before(own[better.own].enteredAt, otherEntry))
        )
          better = other;
      }
      if (!better) {
        for (const other of byOwn.get(oi)!) {
          if (other.partner === pi || !confidentlySame(other.score, partner[pi], partner[other.partner])) continue;
          const holder = partnerTaken[other.partner];
          if (holder !== -1 && !timeless(own[holder].enteredAt)) continue;
          const otherExit = partner[other.partner].enteredAt;
          if (
            before(otherExit, exit) &&
            !before(otherExit, entry) &&
            (!better || before(otherExit, partner[better.partner].enteredAt))
          )
            better = other;
        }
      }
      if (better) {
        release(pi);
        release(better.partner);
        if (ownTaken[better.own] !== -1) release(ownTaken[better.own]);
        take(better);
        changed = true;
      }
    }
    if (!changed) break;
    greedy();
  }
  const assigned: Candidate[] = [];
  for (let pi = 0; pi < partner.length; pi++) {
    const oi = partnerTaken[pi];
    if (oi !== -1) assigned.push(byPartner.get(pi)!.find((c) => c.own === oi)!);
  }

  const matches: MatchedPair[] = [];
  const review: ReviewItem[] = [];
  const pairOf = (c: Candidate): MatchedPair => {
    const { score, evidence } = scorePair(own[c.own], partner[c.partner], o.clockToleranceMs, model);
    return { own_id: own[c.own].id, partner_id: partner[c.partner].id, score, evidence };
  };
  for (const c of assigned) {
    const entry = own[c.own].enteredAt;
    const exit = partner[c.partner].enteredAt;
    let rival: Candidate | undefined;
    let rivalIsOwn = false;
    for (const other of byPartner.get(c.partner)!) {
      if (other.own === c.own || ownTaken[other.own] !== -1) continue;
      // An earlier stay of the same traveller, ended before this entry: no competitor.
      if (before(own[other.own].enteredAt, entry) && sameTraveller(own[other.own], own[c.own])) continue;
      if (!rival || other.score > rival.score) [rival, rivalIsOwn] = [other, true];
    }
    for (const other of byOwn.get(c.own)!) {
      if (other.partner === c.partner || partnerTaken[other.partner] !== -1) continue;
      // A later exit of the same traveller, after this stay ended: no competitor.
      if (before(exit, partner[other.partner].enteredAt) && sameTraveller(partner[other.partner], partner[c.partner]))
        continue;
      if (!rival || other.score > rival.score) [rival, rivalIsOwn] = [other, false];
    }
    const pair = pairOf(c);
    if (rival && rival.score >= c.score - o.ambiguityMargin) {
      const rivalScore = Math.round(rival.score * 100) / 100;
      const competitor = rivalIsOwn
        ? { own_id: own[rival.own].id, score: rivalScore }
        : { partner_id: partner[rival.partner].id, score: rivalScore };
      review.push({ ...pair, reason: 'ambiguous', competitor });
    } else if (
      (c.score < o.matchThreshold && !documentAndBirthDateAgree(pair.evidence)) ||
      namesOnly(pair.evidence) ||
      (c.score < o.matchThreshold + SIBLING_EXTRA_BITS && siblingPattern(pair.evidence)) ||
      !identifiedBeyondSurnameAndBirthDate(pair.evidence)
    ) {
      review.push({ ...pair, reason: 'uncertain' });
    } else {
      matches.push(pair);
    }
  }
  // A partner record left without a partner although it scored as a match: two exits claim one stay.
  for (const [pi, list] of byPartner) {
    if (partnerTaken[pi] !== -1) continue;
    const best = list.reduce((x, y) => (y.score > x.score ? y : x));
    if (best.score < o.matchThreshold) continue;
    const holder = ownTaken[best.own];
    review.push({
      ...pairOf(best),
      reason: 'claimed_by_other',
      competitor:
        holder === -1
          ? undefined
          : { partner_id: partner[holder].id, score: Math.round(scoreOf.get(holder)! * 100) / 100 },
    });
  }
  return {
    matches,
    review,
    stats: {
      own: own.length,
      partner: partner.length,
      scoredPairs: 0,
      candidates: usable.length,
      oversizedBlocksSkipped: 0,
    },
    model,
    thresholds: { match: o.matchThreshold, review: o.reviewThreshold },
  };
}
