// Matching a set of partner records (exits) to own records (entries): block, score, assign one to
// one, and send what is uncertain or ambiguous to an operator's review list instead of guessing.
import { blockingKeys, prepareWithoutKeys, type MatchInput, type PreparedRecord } from './prepare';
import { scorePair, scorePrepared, type MatchEvidence } from './score';

export interface MatchOptions {
  /** Score (bits) at and above which an unambiguous pair is matched. */
  matchThreshold: number;
  /** Score (bits) at and above which a pair is worth an operator's look; below it, not the same person. */
  reviewThreshold: number;
  /** A competing candidate within this many bits of the best makes the match ambiguous. */
  ambiguityMargin: number;
  /** Blocks with more own records than this are skipped as uninformative (and counted). */
  maxBlockSize: number;
  /** How far (ms) an exit may precede the entry and still be taken as after it (clock disagreement). */
  clockToleranceMs: number;
}

/**
 * Thresholds chosen on the realistic-noise generator with seed 1 (see docs/matching.md) and checked on
 * other seeds: 2^20 ≈ a million to one for a match, 2^12 for a review.
 */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  matchThreshold: 20,
  reviewThreshold: 12,
  ambiguityMargin: 6,
  maxBlockSize: 5000,
  clockToleranceMs: 0,
};

/** How much surer than a match two records on one side must be to count as one traveller's two crossings. */
const SAME_TRAVELLER_EXTRA_BITS = 8;

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

/** Prepares both sides and matches them. */
export function matchRecords(own: MatchInput[], partner: MatchInput[], opts: Partial<MatchOptions> = {}): MatchResult {
  return matchPrepared(own.map(prepareWithoutKeys), partner.map(prepareWithoutKeys), opts);
}

/** Blocks in memory on the records' keys, scores every pair that shares a key, then resolves. */
export function matchPrepared(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  opts: Partial<MatchOptions> = {},
): MatchResult {
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
  const candidates: Candidate[] = [];
  let scoredPairs = 0;
  const oversized = new Set<string>();
  partner.forEach((p, pi) => {
    for (const key of p.keys.length > 0 ? p.keys : blockingKeys(p)) {
      const list = index.get(key);
      if (list === undefined) continue;
      if (list.length > o.maxBlockSize) {
        oversized.add(key);
        continue;
      }
      for (const oi of list) {
        if (seen[oi] === pi) continue;
        seen[oi] = pi;
        scoredPairs++;
        const score = scorePrepared(own[oi], p, o.clockToleranceMs);
        if (score >= o.reviewThreshold) candidates.push({ own: oi, partner: pi, score });
      }
    }
  });
  const result = resolveCandidates(own, partner, candidates, o);
  result.stats.scoredPairs = scoredPairs;
  result.stats.oversizedBlocksSkipped = oversized.size;
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
  greedy();
  // Repeat travellers: the same person scores alike against each of their stays, and noise decides
  // which is highest. Among candidates that are all confidently this person, timing decides: an exit
  // closes the latest entry before it, and an entry is closed by the first exit after it. A record
  // may be moved away from a counterpart whose time is unknown, never from one whose time fits.
  const timeless = (t: number) => t !== t;
  // Two records on the same side are one traveller's two crossings only when they plainly are one
  // person: a namesake with the same birth date and another passport is not.
  const sameTraveller = (x: PreparedRecord, y: PreparedRecord) =>
    scorePrepared(x, y, Infinity) >= o.matchThreshold + SAME_TRAVELLER_EXTRA_BITS;
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
    const { score, evidence } = scorePair(own[c.own], partner[c.partner], o.clockToleranceMs);
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
    } else if (c.score < o.matchThreshold || !identifiedBeyondSurnameAndBirthDate(pair.evidence)) {
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
  };
}
