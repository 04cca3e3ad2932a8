// Global one-to-one assignment of scored candidates, the timing rules for repeat travellers, and
// the decision: match, review (uncertain, ambiguous, claimed by another exit) or nothing.
import { assignOneToOne, type Candidate } from './assign';
import { reviewByRule } from './decide';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './options';
import type { PreparedRecord } from './prepare';
import { PRIOR_MODEL, scorePair, scorePrepared, type MatchEvidence, type MatchModel } from './score';

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

export type { Candidate } from './assign';

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
      reviewByRule(c.score, pair.evidence, o, byPartner.get(c.partner)!.length === 1 && byOwn.get(c.own)!.length === 1)
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
