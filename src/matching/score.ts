// Field-by-field comparison and the Fellegi–Sunter decision. Each field comparison yields one
// outcome (exact, one digit off, swapped, ...); each outcome has a weight log2(m/u), where m is the
// probability of that outcome when the two records are the same traveller and u when they are not.
// A pair's score is the sum of its weights: the log-likelihood ratio of "same person" in bits.
// The outcomes are kept as the evidence an operator sees for every match.
// Longer than 300 lines because the field comparisons and the function that sums them are the hot
// path (about a million pairs a second) and stay in one module: a call inside a module is direct,
// a call into another goes through that module's exports (a getter under tsx). The parameters they
// weigh with are in model.ts.
import { FIELDS, OUTCOME_NAMES, PRIOR_MODEL, type MatchField, type MatchModel, type Outcome } from './model';
import type { PreparedRecord } from './prepare';
import { editDistanceUpTo1, isPrefixOf, jaroWinkler, mayReach } from './similarity';

export {
  FIELDS,
  modelFrom,
  OUTCOME_NAMES,
  PRIOR_MODEL,
  PRIOR_OUTCOMES,
  weightTable,
  type MatchField,
  type MatchModel,
  type Outcome,
} from './model';

function code<F extends MatchField>(field: F, outcome: Outcome<F>): number {
  return OUTCOME_NAMES[FIELDS.indexOf(field)].indexOf(outcome as string);
}

const SURNAME = 0;
const FIRST = 1;
const MIDDLE = 2;
const DOB = 3;
const DOC = 4;
const CITIZENSHIP = 5;
const SEX = 6;

const S_MISSING = code('surname', 'missing');
const S_EXACT = code('surname', 'exact');
const S_PARTIAL = code('surname', 'truncated_or_partial');
const S_SIMILAR = code('surname', 'similar');
const S_SOMEWHAT = code('surname', 'somewhat_similar');
const S_DIFFERENT = code('surname', 'different');
const F_MISSING = code('first_name', 'missing');
const F_EXACT = code('first_name', 'exact');
const F_PARTIAL = code('first_name', 'truncated_or_partial');
const F_INITIAL = code('first_name', 'initial');
const F_SIMILAR = code('first_name', 'similar');
const F_SOMEWHAT = code('first_name', 'somewhat_similar');
const F_DIFFERENT = code('first_name', 'different');
const M_MISSING = code('middle_names', 'missing');
const M_EXACT = code('middle_names', 'exact');
const M_PARTIAL = code('middle_names', 'partial');
const M_DIFFERENT = code('middle_names', 'different');
const D_MISSING = code('date_of_birth', 'missing');
const D_EXACT = code('date_of_birth', 'exact');
const D_SWAPPED = code('date_of_birth', 'day_month_swapped');
const D_ONE_DIGIT = code('date_of_birth', 'one_digit_off');
const D_DIFFERENT = code('date_of_birth', 'different');
const N_MISSING = code('document', 'missing');
const N_EXACT = code('document', 'exact');
const N_TYPO = code('document', 'one_edit_bad_check_digit');
const N_NEIGHBOUR = code('document', 'one_edit_both_valid');
const N_OTHER = code('document', 'other_document');
const N_DIFFERENT = code('document', 'different');
const C_MISSING = code('citizenship', 'missing');
const C_SAME = code('citizenship', 'same');
const C_DIFFERENT = code('citizenship', 'different');
const X_MISSING = code('sex', 'missing');
const X_SAME = code('sex', 'same');
const X_DIFFERENT = code('sex', 'different');

/** Swapping surname and given name is a known error, but it costs a little: it is also how two people differ. */
const SWAP_PENALTY = 1.5;

const SIMILAR_JW = 0.92;
const SOMEWHAT_JW = 0.84;

function compareSurname(a: PreparedRecord, b: PreparedRecord): number {
  const sa = a.surname;
  const sb = b.surname;
  // The letter sets (in the record) decide without reading the strings when they differ: an empty
  // name has none, equal names have the same, a prefix's set is within the longer name's.
  const ma = a.surnameMask;
  const mb = b.surnameMask;
  if (ma === 0 || mb === 0) return S_MISSING;
  if (ma === mb && sa === sb) return S_EXACT;
  // MRZ truncation cuts the end of a long name; a compound surname may be written in part.
  if (
    ((ma & ~mb) === 0 && sa.length >= 4 && isPrefixOf(sa, sb)) ||
    ((mb & ~ma) === 0 && sb.length >= 4 && isPrefixOf(sb, sa))
  )
    return S_PARTIAL;
  if (a.surnameTokens.length > 1 || b.surnameTokens.length > 1) {
    for (const ta of a.surnameTokens) if (ta.length >= 3 && b.surnameTokens.includes(ta)) return S_PARTIAL;
  }
  if (!mayReach(sa, a.surnameMask, sb, b.surnameMask, SOMEWHAT_JW)) return S_DIFFERENT;
  const jw = jaroWinkler(sa, sb);
  return jw >= SIMILAR_JW ? S_SIMILAR : jw >= SOMEWHAT_JW ? S_SOMEWHAT : S_DIFFERENT;
}

function compareGiven(fa: string, fb: string, b: PreparedRecord, maskA = -1, maskB = -1): number {
  // With the letter sets (the straight comparison): empty names have none, equal names the same.
  if (maskA !== -1 ? maskA === 0 || maskB === 0 : fa === '' || fb === '') return F_MISSING;
  if ((maskA === maskB || maskA === -1) && fa === fb) return F_EXACT;
  if (fa.length === 1 || fb.length === 1) return fa[0] === fb[0] ? F_INITIAL : F_DIFFERENT;
  if ((fa.length >= 3 && isPrefixOf(fa, fb)) || (fb.length >= 3 && isPrefixOf(fb, fa))) return F_PARTIAL;
  const jw = maskA === -1 || mayReach(fa, maskA, fb, maskB, SOMEWHAT_JW) ? jaroWinkler(fa, fb) : 0;
  if (jw >= SIMILAR_JW) return F_SIMILAR;
  // The name a person goes by may be written as a middle name on the other side.
  if (b.middleTokens.includes(fa) || b.firstTokens.includes(fa)) return F_PARTIAL;
  return jw >= SOMEWHAT_JW ? F_SOMEWHAT : F_DIFFERENT;
}

function startsAlike(t: string, o: string): boolean {
  const t0 = t.charCodeAt(0);
  const t1 = t.charCodeAt(1);
  const o0 = o.charCodeAt(0);
  const o1 = o.charCodeAt(1);
  return t0 === o0 || t1 === o1 || t0 === o1 || t1 === o0;
}

function tokenCompatible(t: string, others: string[]): boolean {
  for (const o of others) {
    if (o === t) return true;
    if (t.length === 1 || o.length === 1 ? t[0] === o[0] : isPrefixOf(t, o) || isPrefixOf(o, t)) return true;
    // Jaro–Winkler only when the first two letters overlap: covers any one edit at the start, and
    // keeps unrelated middle names cheap.
    if (t.length > 3 && startsAlike(t, o) && jaroWinkler(t, o) >= SIMILAR_JW) return true;
  }
  return false;
}

function compareMiddle(a: PreparedRecord, b: PreparedRecord): number {
  // A dropped middle name is the commonest difference between two systems: it says nothing.
  if (a.middle === '' || b.middle === '') return M_MISSING;
  if (a.middle === b.middle) return M_EXACT;
  const short = a.middleTokens.length <= b.middleTokens.length ? a : b;
  const long = short === a ? b : a;
  for (const t of short.middleTokens)
    if (!tokenCompatible(t, long.middleTokens) && !tokenCompatible(t, long.firstTokens)) return M_DIFFERENT;
  return M_PARTIAL;
}

function compareDob(a: PreparedRecord, b: PreparedRecord): number {
  const va = a.dobValue;
  const vb = b.dobValue;
  if (va === 0 || vb === 0) return D_MISSING;
  if (va === vb) return D_EXACT;
  if (a.dobYear === b.dobYear && a.dobMonth === b.dobDay && a.dobDay === b.dobMonth) return D_SWAPPED;
  // The value is the eight digits yyyymmdd read as a number: compare digit by digit arithmetically.
  let x = va;
  let y = vb;
  let differing = 0;
  let at = -1; // position (from the right) of the first differing digit
  for (let i = 0; i < 8; i++, x = (x - (x % 10)) / 10, y = (y - (y % 10)) / 10) {
    if (x % 10 !== y % 10) {
      if (++differing > 2) return D_DIFFERENT;
      if (differing === 1) at = i;
      else if (i !== at + 1) return D_DIFFERENT;
    }
  }
  if (differing === 1) return D_ONE_DIGIT;
  // Two neighbouring digits transposed (1985-12-03 keyed as 1985-12-30) is one keying error.
  const digitA = (v: number, i: number) => Math.floor(v / 10 ** i) % 10;
  return digitA(va, at) === digitA(vb, at + 1) && digitA(va, at + 1) === digitA(vb, at) ? D_ONE_DIGIT : D_DIFFERENT;
}

function compareDocument(a: PreparedRecord, b: PreparedRecord): number {
  const la = a.docLength;
  const lb = b.docLength;
  if (la === 0 || lb === 0) return N_MISSING;
  const headSame = a.docHead === b.docHead;
  const tailSame = a.docTail === b.docTail;
  if (headSame && tailSame && la === lb && a.doc === b.doc) return N_EXACT;
  // Numbers one edit apart share their first or last four characters when both have 9 or more, their
  // bodies (without the check digit) the first or last three when both have 7 or more: when they do
  // not, the edit distance is 2 or more and the strings need not be read (scoring is memory-bound).
  const shortest = la < lb ? la : lb;
  if (headSame || tailSame || shortest < 9) {
    if (editDistanceUpTo1(a.doc, b.doc) === 1) return a.docValid && b.docValid ? N_NEIGHBOUR : N_TYPO;
  }
  // Both valid, bodies one edit apart: a consecutive number (the check digit differs with it), or a
  // keying error that some system "fixed" by recomputing the digit. Either way weak evidence.
  if (
    a.docValid &&
    b.docValid &&
    (a.docBodyHead === b.docBodyHead || a.docBodyTail === b.docBodyTail || shortest < 8) &&
    editDistanceUpTo1(a.doc, b.doc, la - 1, lb - 1) === 1
  )
    return N_NEIGHBOUR;
  // Travellers cross with different documents (passport one way, NEXUS card the other).
  if (
    differentCodes(a.docTypeCode, b.docTypeCode, a.docType, b.docType) ||
    differentCodes(a.issuerCode, b.issuerCode, a.issuer, b.issuer)
  )
    return N_OTHER;
  return N_DIFFERENT;
}

/** Both present and different (codes packed by `prepare`; -1: not a plain code, compared as strings). */
function differentCodes(x: number, y: number, xs: string, ys: string): boolean {
  if (x === 0 || y === 0) return false;
  if (x === -1 || y === -1) return xs !== ys;
  return x !== y;
}

/** Codes packed by `prepare` (0 missing, -1 not a plain code: compared as strings). */
function compareCode(
  x: number,
  y: number,
  xs: string,
  ys: string,
  missing: number,
  same: number,
  different: number,
): number {
  if (x === 0 || y === 0) return missing;
  if (x === -1 || y === -1) return xs === ys ? same : different;
  return x === y ? same : different;
}

/** Outcome codes of one pair; reused buffer, so the hot path allocates nothing. */
const outcomes = new Int8Array(FIELDS.length);
let swappedNames = false;

/** An exit recorded before the entry cannot close that stay. */
export const EXIT_BEFORE_ENTRY = -Infinity;

/** Term-frequency adjustments of the last pair (bits added to the surname and first-name weights). */
let surnameTfBits = 0;
let firstTfBits = 0;

/** A term-frequency adjustment is bounded: one name's rarity never outweighs a whole field. */
const TF_LIMIT = 6;

/**
 * Splink's term-frequency adjustment for an exact agreement on a value: log2(u_exact / tf(value)),
 * where u_exact is the field's average chance of agreement between two different people and tf(value)
 * that value's share of the records: agreeing on a rare name says more than agreeing on a common one.
 * `rarity` is -log2 tf(value), set per record by `applyTermFrequencies`; 0 = not known, no adjustment.
 */
function tfAdjustment(rarity: number, log2UExact: number): number {
  if (rarity === 0) return 0;
  const bits = log2UExact + rarity;
  return bits > TF_LIMIT ? TF_LIMIT : bits < -TF_LIMIT ? -TF_LIMIT : bits;
}

function fillOutcomes(own: PreparedRecord, partner: PreparedRecord, model: MatchModel): number {
  swappedNames = false;
  const w = model.weights;
  const wSurname = w[SURNAME];
  const wFirst = w[FIRST];
  let surname = compareSurname(own, partner);
  let first = compareGiven(own.first, partner.first, partner, own.firstMask, partner.firstMask);
  let names = wSurname[surname] + wFirst[first];
  // Swapped surname and given name: try the crossed comparison when the straight one is weak.
  // Only when a crossed pair at least sounds alike: random pairs skip it.
  if (
    surname !== S_EXACT &&
    surname !== S_PARTIAL &&
    first !== F_EXACT &&
    own.first !== '' &&
    partner.first !== '' &&
    (own.surnameCode === partner.firstCode || own.firstCode === partner.surnameCode)
  ) {
    const crossedSurname = nameOutcome(own.surname, partner.firstJoined);
    const crossedFirst = compareGiven(own.first, partner.surnameTokens[0] ?? '', partner);
    const crossed = wSurname[crossedSurname] + wFirst[crossedFirst] - SWAP_PENALTY;
    if (crossed > names) {
      surname = crossedSurname;
      first = crossedFirst;
      names = crossed;
      swappedNames = true;
    }
  }
  // Exact agreements weigh by the rarity of the own record's value (the value both records hold).
  surnameTfBits = surname === S_EXACT ? tfAdjustment(own.surnameRarity, model.tfBase[0]) : 0;
  firstTfBits = first === F_EXACT ? tfAdjustment(own.firstRarity, model.tfBase[1]) : 0;
  // Both exact: surname and given name go together by culture, so the pair is commoner than the
  // product of the two names' shares says. The shortfall (never a bonus) comes off the given name.
  if (surname === S_EXACT && first === F_EXACT && !swappedNames)
    firstTfBits += own.nameDependence < -TF_LIMIT ? -TF_LIMIT : own.nameDependence;
  outcomes[SURNAME] = surname;
  outcomes[FIRST] = first;
  outcomes[MIDDLE] = compareMiddle(own, partner);
  outcomes[DOB] = compareDob(own, partner);
  outcomes[DOC] = compareDocument(own, partner);
  outcomes[CITIZENSHIP] = compareCode(
    own.citizenshipCode,
    partner.citizenshipCode,
    own.citizenship,
    partner.citizenship,
    C_MISSING,
    C_SAME,
    C_DIFFERENT,
  );
  outcomes[SEX] = compareCode(own.sexCode, partner.sexCode, own.sex, partner.sex, X_MISSING, X_SAME, X_DIFFERENT);
  return (
    names +
    surnameTfBits +
    firstTfBits +
    w[MIDDLE][outcomes[MIDDLE]] +
    w[DOB][outcomes[DOB]] +
    w[DOC][outcomes[DOC]] +
    w[CITIZENSHIP][outcomes[CITIZENSHIP]] +
    w[SEX][outcomes[SEX]]
  );
}

/**
 * The outcome code of each field (index into `OUTCOME_NAMES[field]`) for one pair, written into
 * `out`: what expectation–maximisation counts. Compared with `model`'s weights (the swap check uses them).
 */
export function outcomeCodes(own: PreparedRecord, partner: PreparedRecord, out: Int8Array, model = PRIOR_MODEL): void {
  fillOutcomes(own, partner, model);
  out.set(outcomes);
}

function nameOutcome(x: string, y: string): number {
  if (x === '' || y === '') return S_MISSING;
  if (x === y) return S_EXACT;
  if ((x.length >= 4 && isPrefixOf(x, y)) || (y.length >= 4 && isPrefixOf(y, x))) return S_PARTIAL;
  const jw = jaroWinkler(x, y);
  return jw >= SIMILAR_JW ? S_SIMILAR : jw >= SOMEWHAT_JW ? S_SOMEWHAT : S_DIFFERENT;
}

function exitBeforeEntry(own: PreparedRecord, partner: PreparedRecord, toleranceMs: number): boolean {
  return (
    own.enteredAt === own.enteredAt &&
    partner.enteredAt === partner.enteredAt &&
    partner.enteredAt < own.enteredAt - toleranceMs
  );
}

/**
 * The score of an own record (an entry) against a partner record (an exit), in bits; the hot path
 * of matching. -Infinity when the exit is before the entry. `toleranceMs` allows for clocks that
 * disagree between the two agencies.
 */
export function scorePrepared(
  own: PreparedRecord,
  partner: PreparedRecord,
  toleranceMs = 0,
  model: MatchModel = PRIOR_MODEL,
): number {
  if (exitBeforeEntry(own, partner, toleranceMs)) return EXIT_BEFORE_ENTRY;
  return fillOutcomes(own, partner, model);
}

export interface FieldEvidence {
  outcome: string;
  weight: number;
}

/** Why two records were (or were not) joined: each field's outcome and its weight in bits. */
export interface MatchEvidence {
  fields: Record<MatchField, FieldEvidence>;
  /** Surname and given name were compared crossed; costs `swap_penalty` bits (the weights sum to the score). */
  swapped_names: boolean;
  swap_penalty: number;
  exit_before_entry: boolean;
}

export function scorePair(
  own: PreparedRecord,
  partner: PreparedRecord,
  toleranceMs = 0,
  model: MatchModel = PRIOR_MODEL,
): { score: number; evidence: MatchEvidence } {
  const before = exitBeforeEntry(own, partner, toleranceMs);
  const total = fillOutcomes(own, partner, model);
  const fields = {} as Record<MatchField, FieldEvidence>;
  FIELDS.forEach((field, i) => {
    const tf = i === SURNAME ? surnameTfBits : i === FIRST ? firstTfBits : 0;
    fields[field] = {
      outcome: OUTCOME_NAMES[i][outcomes[i]],
      weight: Math.round((model.weights[i][outcomes[i]] + tf) * 100) / 100,
    };
  });
  const score = before ? EXIT_BEFORE_ENTRY : Math.round(total * 100) / 100;
  return {
    score,
    evidence: {
      fields,
      swapped_names: swappedNames,
      swap_penalty: swappedNames ? -SWAP_PENALTY : 0,
      exit_before_entry: before,
    },
  };
}
