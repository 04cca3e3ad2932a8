// String comparators used on the hot path of scoring: allocation-free after module load.

const MAX_LEN = 64;
const flagsA = new Uint8Array(MAX_LEN);
const flagsB = new Uint8Array(MAX_LEN);

/**
 * Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 prefix characters). Strings longer
 * than 64 characters are compared on their first 64, which no name token reaches.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = Math.min(a.length, MAX_LEN);
  const lb = Math.min(b.length, MAX_LEN);
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = Math.min(i + window + 1, lb);
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** a[i..la) equals b[j..lb), compared in place (no substring allocation). */
function sameTail(a: string, i: number, la: number, b: string, j: number, lb: number): boolean {
  if (la - i !== lb - j) return false;
  for (; i < la; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/**
 * Damerau–Levenshtein distance (optimal string alignment) capped at 2: returns 0, 1, or 2 meaning
 * "two or more". Linear time, no allocation; used for document numbers, where one edit is a keying
 * error. `la`/`lb` compare only a prefix of each (the number without its check digit).
 */
export function editDistanceUpTo1(a: string, b: string, la = a.length, lb = b.length): 0 | 1 | 2 {
  if (Math.abs(la - lb) > 1) return 2;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return 0;
  if (la === lb) {
    // One substitution, or one transposition of neighbours.
    if (sameTail(a, i + 1, la, b, i + 1, lb)) return 1;
    if (
      i + 1 < la &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      sameTail(a, i + 2, la, b, i + 2, lb)
    )
      return 1;
    return 2;
  }
  // One insertion or deletion.
  return la > lb ? (sameTail(a, i + 1, la, b, i, lb) ? 1 : 2) : sameTail(a, i, la, b, i + 1, lb) ? 1 : 2;
}

/** True when the shorter is a prefix of the longer: MRZ truncation, or an initial for a name. */
export function isPrefixOf(short: string, long: string): boolean {
  return short.length > 0 && short.length < long.length && long.startsWith(short);
}

/** Bit i set when letter A+i occurs: a precomputable summary for `mayReach`. */
export function letterMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 65;
    if (c >= 0 && c < 26) mask |= 1 << c;
  }
  return mask;
}

/**
 * False when Jaro–Winkler of `a` and `b` cannot reach `threshold`: characters whose letter the other
 * string lacks can never match, which bounds the Jaro similarity from above. Cheap (one pass, no
 * window), so most unrelated pairs skip the full comparison.
 */
export function mayReach(a: string, maskA: number, b: string, maskB: number, threshold: number): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return false;
  let inB = 0;
  for (let i = 0; i < la; i++) if (maskB & (1 << (a.charCodeAt(i) - 65))) inB++;
  let inA = 0;
  for (let i = 0; i < lb; i++) if (maskA & (1 << (b.charCodeAt(i) - 65))) inA++;
  const m = Math.min(inA, inB);
  if (m === 0) return false;
  const jaro = (m / la + m / lb + 1) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro) >= threshold;
}
