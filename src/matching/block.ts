// Blocking in memory: which own–partner pairs are compared at all (the keys are in prepare.ts).
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './options';
import { blockingKeys, isLooseKey, type PreparedRecord } from './prepare';

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
 * Of the candidate pairs (own, partner, own, …), those whose records share an identifying key
 * (`isIdentifyingKey`), in the same layout: for candidates that came from elsewhere than
 * `blockCandidates` (the ingest's SQL join on the same keys).
 */
export function identifyingPairs(
  own: PreparedRecord[],
  partner: PreparedRecord[],
  pairs: ArrayLike<number>,
): Int32Array {
  const identifyingKeys = new Map<PreparedRecord, Set<string>>();
  const keysOf = (r: PreparedRecord) => {
    let keys = identifyingKeys.get(r);
    if (keys === undefined) {
      keys = new Set((r.keys.length > 0 ? r.keys : blockingKeys(r)).filter(isIdentifyingKey));
      identifyingKeys.set(r, keys);
    }
    return keys;
  };
  const out = new PairList();
  for (let i = 0; i < pairs.length; i += 2) {
    const ownKeys = keysOf(own[pairs[i]]);
    if (ownKeys.size === 0) continue;
    for (const key of keysOf(partner[pairs[i + 1]]))
      if (ownKeys.has(key)) {
        out.push(pairs[i], pairs[i + 1]);
        break;
      }
  }
  return out.view();
}
