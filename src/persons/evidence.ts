// Does a record belong to a person the node already knows? The evidence a US ADIS-style person
// index weighs: names, date of birth, citizenship, sex, the person's document history (issuer and
// number), and the exchange's own match of an exit with an entry. The matcher's normalisation and
// similarity (src/matching) are reused, so "MÜLLER" and "MUELLER" agree here as they do there.
// Pure: the database module feeds it records and stores its decision and evidence.
//
// Field outcomes carry no values, only how the fields compare, so evidence can be shown and stored
// beside ids without personal data.
import { birthDate, countryCode, documentNumber, nameTokens, sexCode } from '../matching/normalise';
import { jaroWinkler } from '../matching/similarity';

export interface PersonRecord {
  /** An identity: what an operator recorded of a person with no record yet (a removal order). */
  kind: 'entry' | 'exit' | 'identity';
  id: string;
  surname: string;
  firstName: string;
  dateOfBirth: string;
  citizenship: string;
  sex: string;
  documentType: string;
  documentNumber: string;
  documentIssuer: string;
}

export interface PreparedPersonRecord {
  kind: 'entry' | 'exit' | 'identity';
  id: string;
  surname: string;
  first: string;
  dob: number;
  citizenship: string;
  sex: string;
  /** Issuer and number of the document, the key of the person's document history. */
  document: string;
  /** Issuer and type of the document: a person holds one passport of an issuer at a time. */
  documentKind: string;
}

export function preparePersonRecord(r: PersonRecord): PreparedPersonRecord {
  const first = nameTokens(r.firstName);
  return {
    kind: r.kind,
    id: r.id,
    surname: nameTokens(r.surname).join(''),
    first: first[0] ?? '',
    dob: birthDate(r.dateOfBirth).value,
    citizenship: countryCode(r.citizenship),
    sex: sexCode(r.sex),
    document: `${countryCode(r.documentIssuer)}:${documentNumber(r.documentNumber)}`,
    documentKind: `${countryCode(r.documentIssuer)}:${r.documentType.trim().toUpperCase()}`,
  };
}

/** Weights in bits: agreement on a rare value is strong evidence, disagreement on a stable field against. */
export const PERSON_WEIGHTS = {
  // Another document of the same issuer and type (a second passport of one country) under the same
  // names and birth date is a renewal or a namesake; these fields cannot tell which, so it lands in
  // the review band unless more evidence (the exchange's match) adds to it. A different kind of
  // document (a PR card or a NEXUS card beside a passport) is what one person carries.
  document: { same: 8, new_document: 0, same_kind_new_number: -3 },
  date_of_birth: { same: 6, different: -8 },
  surname: { same: 4, similar: 2, swapped: 3, different: -6 },
  first_name: { same: 3, similar: 1.5, initial: 0.5, missing: 0, different: -4 },
  // Dual nationals cross on either passport: a different citizenship is weak evidence against.
  citizenship: { same: 1, different: -2, missing: 0 },
  sex: { same: 0.5, different: -3, missing: 0 },
  // The exchange matched this exit with one of the person's entries (src/matching): it decided they
  // are one crossing, so with agreeing names it links even past a mistyped birth date.
  exchange_match: { matched: 12, none: 0 },
} as const;
type Outcomes = { [F in keyof typeof PERSON_WEIGHTS]: keyof (typeof PERSON_WEIGHTS)[F] };

/** At or above: linked automatically. Between: an operator decides (review). Below: not this person. */
export const LINK_THRESHOLD = 12;
export const REVIEW_THRESHOLD = 8;
/** Review items one record may open at most (its strongest candidates). */
export const MAX_REVIEW_CANDIDATES = 3;

export interface PersonEvidence {
  score: number;
  /** 0..1, a logistic reading of the score centred between the two thresholds. */
  confidence: number;
  /** The person's record the evidence was strongest against. */
  against: string;
  fields: Outcomes;
}

const SIMILAR = 0.9;

function compareRecords(r: PreparedPersonRecord, p: PreparedPersonRecord, matchedWith: Set<string>): PersonEvidence {
  const swapped = r.surname !== '' && r.surname === p.first && r.first === p.surname && r.surname !== r.first;
  const fields: Outcomes = {
    document:
      r.document === p.document && !r.document.endsWith(':')
        ? 'same'
        : r.documentKind === p.documentKind
          ? 'same_kind_new_number'
          : 'new_document',
    date_of_birth: r.dob !== 0 && r.dob === p.dob ? 'same' : 'different',
    surname: swapped
      ? 'swapped'
      : r.surname === p.surname && r.surname !== ''
        ? 'same'
        : jaroWinkler(r.surname, p.surname) >= SIMILAR
          ? 'similar'
          : 'different',
    first_name:
      r.first === '' || p.first === ''
        ? 'missing'
        : swapped || r.first === p.first
          ? 'same'
          : jaroWinkler(r.first, p.first) >= SIMILAR
            ? 'similar'
            : r.first[0] === p.first[0] && (r.first.length === 1 || p.first.length === 1)
              ? 'initial'
              : 'different',
    citizenship: !r.citizenship || !p.citizenship ? 'missing' : r.citizenship === p.citizenship ? 'same' : 'different',
    sex: !r.sex || !p.sex || r.sex === 'X' || p.sex === 'X' ? 'missing' : r.sex === p.sex ? 'same' : 'different',
    exchange_match: matchedWith.has(p.id) ? 'matched' : 'none',
  };
  let score = 0;
  for (const [field, outcome] of Object.entries(fields))
    score += (PERSON_WEIGHTS as Record<string, Record<string, number>>)[field][outcome];
  return { score, confidence: confidenceOf(score), against: p.id, fields };
}

export function confidenceOf(score: number): number {
  const centre = (LINK_THRESHOLD + REVIEW_THRESHOLD) / 2;
  return Math.round(1000 / (1 + 2 ** -(score - centre))) / 1000;
}

/**
 * The evidence that `record` belongs to the person whose records are `personRecords`: the strongest
 * comparison with any one of them (a renewed passport agrees with the old one on names and birth
 * date, not on the number). `matchedWith` holds the ids of own records the exchange matched it with.
 */
export function personEvidence(
  record: PreparedPersonRecord,
  personRecords: PreparedPersonRecord[],
  matchedWith: Set<string> = new Set(),
): PersonEvidence | null {
  let best: PersonEvidence | null = null;
  for (const p of personRecords) {
    if (p.id === record.id && p.kind === record.kind) continue;
    const e = compareRecords(record, p, matchedWith);
    if (!best || e.score > best.score) best = e;
  }
  return best;
}

export type LinkDecision =
  | { kind: 'link'; personId: string; evidence: PersonEvidence }
  | { kind: 'new'; review: Array<{ personId: string; evidence: PersonEvidence; reason: 'uncertain' | 'ambiguous' }> };

/**
 * Links to the one person the evidence points to; never merges silently: two persons above the link
 * threshold (ambiguous), or one between the thresholds (uncertain), make a new person for the record
 * and a review item per candidate for an operator.
 */
export function decideLink(candidates: Array<{ personId: string; evidence: PersonEvidence }>): LinkDecision {
  const strong = candidates
    .filter((c) => c.evidence.score >= LINK_THRESHOLD)
    .sort((a, b) => b.evidence.score - a.evidence.score);
  // One strong candidate links only when no other person is plausible too: a renewed passport puts
  // the true person in the review band, and a namesake above the link threshold must not win alone.
  const plausible = candidates.filter((c) => c.evidence.score >= REVIEW_THRESHOLD);
  if (strong.length === 1 && plausible.length === 1)
    return { kind: 'link', personId: strong[0].personId, evidence: strong[0].evidence };
  if (strong.length === 1)
    return {
      kind: 'new',
      review: plausible
        .sort((a, b) => b.evidence.score - a.evidence.score)
        .slice(0, MAX_REVIEW_CANDIDATES)
        .map((c) => ({ ...c, reason: 'ambiguous' as const })),
    };
  // The strongest few candidates are enough for an operator; a very common name must not put one
  // review item per namesake on the list.
  if (strong.length > 1)
    return {
      kind: 'new',
      review: strong.slice(0, MAX_REVIEW_CANDIDATES).map((c) => ({ ...c, reason: 'ambiguous' as const })),
    };
  const uncertain = candidates
    .filter((c) => c.evidence.score >= REVIEW_THRESHOLD)
    .sort((a, b) => b.evidence.score - a.evidence.score)
    .slice(0, MAX_REVIEW_CANDIDATES);
  return { kind: 'new', review: uncertain.map((c) => ({ ...c, reason: 'uncertain' as const })) };
}
