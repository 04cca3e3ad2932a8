// The person index's evidence (src/persons/evidence.ts): which records are one person across
// documents (a renewed passport; a green card one way and a passport the other; a NEXUS card), which
// are left to an operator, and which are someone else. Pure: no server.
import {
  decideLink,
  LINK_THRESHOLD,
  MAX_REVIEW_CANDIDATES,
  personEvidence,
  preparePersonRecord,
  REVIEW_THRESHOLD,
  type PersonRecord,
} from '../../src/persons/evidence';

let seq = 0;
const rec = (over: Partial<PersonRecord> = {}): PersonRecord => ({
  kind: 'entry',
  id: `R${++seq}`,
  surname: 'Müller',
  firstName: 'Anna Lena',
  dateOfBirth: '1982-07-14',
  citizenship: 'DEU',
  sex: 'F',
  documentType: 'P',
  documentNumber: 'C01X00T47',
  documentIssuer: 'DEU',
  ...over,
});
const evidence = (a: PersonRecord, ...person: PersonRecord[]) =>
  personEvidence(preparePersonRecord(a), person.map(preparePersonRecord))!;

describe('person evidence', () => {
  it('a renewed passport (new number, same issuer and type) goes to an operator: a renewal and a namesake look alike', () => {
    const e = evidence(rec({ documentNumber: 'C77Y11Z42' }), rec());
    expect(e.fields).toMatchObject({
      document: 'same_kind_new_number',
      surname: 'same',
      first_name: 'same',
      date_of_birth: 'same',
    });
    expect(e.score).toBeGreaterThanOrEqual(REVIEW_THRESHOLD);
    expect(e.score).toBeLessThan(LINK_THRESHOLD);
    expect(decideLink([{ personId: 'P-1', evidence: e }])).toMatchObject({
      kind: 'new',
      review: [{ personId: 'P-1', reason: 'uncertain' }],
    });
    // The exchange's own match of the crossing settles it.
    const matched = personEvidence(
      preparePersonRecord(rec({ documentNumber: 'C77Y11Z42' })),
      [preparePersonRecord(rec({ id: 'E-9' }))],
      new Set(['E-9']),
    )!;
    expect(matched.score).toBeGreaterThanOrEqual(LINK_THRESHOLD);
  });

  it('one strong candidate does not win alone while another person is plausible too (review, never a silent merge)', () => {
    const strong = evidence(rec({ documentType: 'TT', documentNumber: 'NX7654321', documentIssuer: 'CAN' }), rec());
    const renewal = evidence(rec({ documentNumber: 'C77Y11Z42' }), rec());
    expect(strong.score).toBeGreaterThanOrEqual(LINK_THRESHOLD);
    expect(renewal.score).toBeGreaterThanOrEqual(REVIEW_THRESHOLD);
    const decision = decideLink([
      { personId: 'P-strong', evidence: strong },
      { personId: 'P-renewal', evidence: renewal },
    ]);
    expect(decision).toMatchObject({
      kind: 'new',
      review: [
        { personId: 'P-strong', reason: 'ambiguous' },
        { personId: 'P-renewal', reason: 'ambiguous' },
      ],
    });
    // Alone, the strong candidate links.
    expect(decideLink([{ personId: 'P-strong', evidence: strong }])).toMatchObject({ kind: 'link' });
  });

  it('a very common identity opens review items for its strongest few candidates only', () => {
    const namesake = evidence(rec({ documentNumber: 'C77Y11Z42' }), rec());
    const candidates = Array.from({ length: 50 }, (_, i) => ({ personId: `P-${i}`, evidence: namesake }));
    const decision = decideLink(candidates);
    expect(decision.kind).toBe('new');
    expect(decision.kind === 'new' && decision.review.length).toBe(MAX_REVIEW_CANDIDATES);
  });

  it("a green card (US-issued PR card) and the person's own passport are one person", () => {
    const passport = rec({ kind: 'exit', surname: 'MUELLER', firstName: 'ANNA' }); // MRZ transliteration, no middle name
    const greenCard = rec({ documentType: 'PR', documentNumber: 'SRC1234567890', documentIssuer: 'USA' });
    const e = evidence(passport, greenCard);
    expect(e.fields).toMatchObject({
      document: 'new_document',
      surname: 'same',
      first_name: 'same',
      citizenship: 'same',
    });
    expect(decideLink([{ personId: 'P-1', evidence: e }])).toMatchObject({ kind: 'link', personId: 'P-1' });
  });

  it("a NEXUS card with the same person on it links; the exchange's match is strong evidence", () => {
    const nexus = rec({
      documentType: 'TT',
      documentNumber: 'NX1234567',
      documentIssuer: 'CAN',
      dateOfBirth: '1982-07-41',
    });
    // A mistyped birth date alone would keep them apart; the exchange matched this exit with the entry.
    const without = evidence(nexus, rec({ id: 'E-1' }));
    expect(without.score).toBeLessThan(REVIEW_THRESHOLD);
    const withMatch = personEvidence(
      preparePersonRecord(nexus),
      [preparePersonRecord(rec({ id: 'E-1' }))],
      new Set(['E-1']),
    )!;
    expect(withMatch.fields.exchange_match).toBe('matched');
    expect(withMatch.score).toBeGreaterThanOrEqual(LINK_THRESHOLD);
  });

  it('someone else with the same birth date is not linked', () => {
    const other = rec({ surname: 'Okafor', firstName: 'Chinedu', sex: 'M', citizenship: 'NGA', documentIssuer: 'NGA' });
    const e = evidence(other, rec());
    expect(e.score).toBeLessThan(REVIEW_THRESHOLD);
    expect(decideLink([{ personId: 'P-1', evidence: e }])).toEqual({ kind: 'new', review: [] });
  });

  it('the same document with another birth date is left to an operator (uncertain)', () => {
    const e = evidence(rec({ dateOfBirth: '1983-07-14' }), rec());
    expect(e.fields).toMatchObject({ document: 'same', date_of_birth: 'different' });
    expect(e.score).toBeGreaterThanOrEqual(REVIEW_THRESHOLD);
    expect(e.score).toBeLessThan(LINK_THRESHOLD);
    const decision = decideLink([{ personId: 'P-1', evidence: e }]);
    expect(decision).toMatchObject({ kind: 'new', review: [{ personId: 'P-1', reason: 'uncertain' }] });
  });

  it('two persons who both fit are never merged silently (ambiguous)', () => {
    // A trusted-traveller card beside a passport: strong evidence for each of two persons.
    const e1 = evidence(rec({ documentType: 'TT', documentNumber: 'NX7654321', documentIssuer: 'CAN' }), rec());
    const decision = decideLink([
      { personId: 'P-1', evidence: e1 },
      { personId: 'P-2', evidence: e1 },
    ]);
    expect(decision.kind).toBe('new');
    expect(decision.kind === 'new' && decision.review.map((r) => r.reason)).toEqual(['ambiguous', 'ambiguous']);
  });

  it('swapped names and a first-name initial still point to the person; the evidence has no values', () => {
    const swapped = evidence(rec({ surname: 'Anna', firstName: 'Müller' }), rec());
    expect(swapped.fields.surname).toBe('swapped');
    const initial = evidence(rec({ firstName: 'A' }), rec());
    expect(initial.fields.first_name).toBe('initial');
    expect(JSON.stringify([swapped, initial])).not.toMatch(/MUL|ANNA|1982|C01X/i);
    expect(initial.confidence).toBeGreaterThan(0);
    expect(initial.confidence).toBeLessThan(1);
  });
});
