// Weights from the data, global one-to-one assignment, calibration and blocking for recall: the
// parts of the matcher that learn from the records at hand (issue 19). Pure logic, no server.
import { withCheckDigit } from '../../src/record/check-digit';
import {
  applyTermFrequencies,
  blockCandidates,
  calibratedOptions,
  DEFAULT_MATCH_OPTIONS,
  estimateModel,
  FIELDS,
  isLooseKey,
  matchRecords,
  prepare,
  prepareWithoutKeys,
  PRIOR_MODEL,
  scorePair,
  type Candidate,
  type MatchInput,
  type PreparedRecord,
} from '../../src/matching';
import { assignOneToOne } from '../../src/matching/assign';
import { outcomeCodes, OUTCOME_NAMES } from '../../src/matching/score';
import { generateFor } from '../../src/matching/eval/quality';

const DOB = FIELDS.indexOf('date_of_birth');
const DOC = FIELDS.indexOf('document');
const SURNAME = FIELDS.indexOf('surname');

/** The share of each outcome of one field among the given pairs, as the truth says (not EM). */
function empirical(own: PreparedRecord[], partner: PreparedRecord[], pairs: number[], field: number): number[] {
  const counts = OUTCOME_NAMES[field].map(() => 0);
  const codes = new Int8Array(FIELDS.length);
  for (let i = 0; i < pairs.length; i += 2) {
    outcomeCodes(own[pairs[i]], partner[pairs[i + 1]], codes);
    counts[codes[field]]++;
  }
  const observed = counts.reduce((a, b, j) => (j === 0 ? a : a + b), 0);
  return counts.map((n, j) => (j === 0 ? 1 : n / observed));
}

describe('weights estimated from the records at hand (EM)', () => {
  const data = generateFor('replace', 3000, 31);
  const own = data.own.map(prepareWithoutKeys);
  const partner = data.partner.map(prepareWithoutKeys);
  const blocked = blockCandidates(own, partner).pairs;
  // A light prior, so that what is tested is the estimator; the default prior (500 pairs) is tested below.
  const model = estimateModel(own, partner, blocked, { priorPairsM: 50 });
  const ownIndex = new Map(own.map((r, i) => [r.id, i]));
  const truePairs: number[] = [];
  partner.forEach((p, pi) => {
    const o = data.truth.get(p.id);
    if (o !== undefined) truePairs.push(ownIndex.get(o)!, pi);
  });

  it('recovers the match probabilities the truth shows, without being told the truth', () => {
    expect(model.source).toBe('estimated');
    // The exact-agreement rate of true pairs: within 6 points for date of birth and document, 12 for
    // the surname. Unsupervised EM cannot claim the hardest true pairs (two fields replaced), so its
    // match class agrees a little more than the truth does.
    for (const [field, tolerance] of [
      [DOB, 0.06],
      [DOC, 0.06],
      [SURNAME, 0.12],
    ]) {
      const truth = empirical(own, partner, truePairs, field);
      expect(Math.abs(model.m[field][1] - truth[1])).toBeLessThan(tolerance);
    }
    // The share of candidate pairs EM takes for the same person is near the true share.
    const trueShare = data.truth.size / (blocked.length / 2);
    expect(model.lambda).toBeGreaterThan(trueShare * 0.8);
    expect(model.lambda).toBeLessThan(trueShare * 1.2);
  });

  it('counts u on random pairs: exact agreement of date of birth is about 1 in 29,000 (1930-2010, 28 days)', () => {
    expect(model.u[DOB][1]).toBeGreaterThan(1 / 100_000);
    expect(model.u[DOB][1]).toBeLessThan(1 / 10_000);
    expect(model.weights[DOB][1]).toBeGreaterThan(12);
  });

  it('falls back to the priors when the records are too few to say more', () => {
    const few = [prepare({ id: 'a', surname: 'Ng', first_name: 'Wei', date_of_birth: '1980-01-01' })];
    const tiny = estimateModel(few, few, [0, 0]);
    FIELDS.forEach((_f, i) =>
      tiny.weights[i].forEach((w, j) => expect(Math.abs(w - PRIOR_MODEL.weights[i][j])).toBeLessThan(1.5)),
    );
  });
});

describe('term-frequency adjustment', () => {
  const person = (id: string, surname: string): MatchInput => ({
    id,
    surname,
    first_name: 'Anna',
    date_of_birth: '1970-05-06',
  });
  it('weighs an agreement on a rare surname more than on a common one', () => {
    const common = Array.from({ length: 300 }, (_, i) => prepare(person(`c${i}`, 'Smith')));
    const rare = prepare(person('r', 'Vanderstraeten'));
    const records = [...common, rare];
    applyTermFrequencies([records], PRIOR_MODEL);
    const onCommon = scorePair(common[0], common[1], 0, PRIOR_MODEL);
    const onRare = scorePair(rare, { ...rare, id: 'r2' }, 0, PRIOR_MODEL);
    expect(onRare.evidence.fields.surname.weight).toBeGreaterThan(onCommon.evidence.fields.surname.weight + 3);
    // The weights in the evidence still add up to the score.
    const sum = Object.values(onRare.evidence.fields).reduce((a, f) => a + f.weight, 0);
    expect(Math.abs(sum - onRare.score)).toBeLessThan(0.05);
  });
});

describe('names go together (name-pair dependence)', () => {
  // Surname and given name are not independent (they go together by culture): a pair that many
  // records hold together weighs less than its two names' shares say. Measured at 100,000 travellers:
  // without it, namesakes born one digit apart were 90 of 197 false matches (docs/matching.md).
  const surnames = ['Abel', 'Bauer', 'Cruz', 'Dahl', 'Eck', 'Frey', 'Gray', 'Hahn'];
  const firsts = ['Ada', 'Bea', 'Cleo', 'Dora', 'Eva', 'Fay', 'Gia', 'Hana'];
  const spread = surnames.flatMap((surname) =>
    firsts.flatMap((first_name) =>
      Array.from({ length: 5 }, (_, k) => prepare({ id: `${surname}${first_name}${k}`, surname, first_name })),
    ),
  );
  const together = Array.from({ length: 40 }, (_, k) =>
    prepare({ id: `n${k}`, surname: 'Nguyen', first_name: 'Thi', date_of_birth: '1980-02-03' }),
  );
  applyTermFrequencies([[...spread, ...together]], PRIOR_MODEL);
  it('takes bits off a name pair held together far more often than its names alone say', () => {
    expect(together[0].nameDependence).toBeLessThan(spread[0].nameDependence - 2);
    expect(spread[0].nameDependence).toBeLessThanOrEqual(0);
  });
  it('comes off the given name in the evidence, which still adds up to the score', () => {
    const withDependence = scorePair(together[0], together[1], 0, PRIOR_MODEL);
    const without = scorePair({ ...together[0], nameDependence: 0 }, together[1], 0, PRIOR_MODEL);
    expect(withDependence.evidence.fields.first_name.weight).toBeLessThan(
      without.evidence.fields.first_name.weight - 2,
    );
    const sum = Object.values(withDependence.evidence.fields).reduce((a, f) => a + f.weight, 0);
    expect(Math.abs(sum - withDependence.score)).toBeLessThan(0.05);
  });
});

describe('global one-to-one assignment', () => {
  it('takes the assignment with the larger total, where greedy by score would strand a record', () => {
    // A–X 30, A–Y 29, B–X 28: greedy takes A–X and leaves B and Y alone; the optimum is A–Y and B–X.
    const sorted: Candidate[] = [
      { own: 0, partner: 0, score: 30 },
      { own: 0, partner: 1, score: 29 },
      { own: 1, partner: 0, score: 28 },
    ];
    const chosen = assignOneToOne(sorted, () => 0, 10);
    expect(chosen.map((c) => `${c.own}-${c.partner}`).sort()).toEqual(['0-1', '1-0']);
  });

  it('never gives a record two counterparts', () => {
    const sorted: Candidate[] = [];
    for (let o = 0; o < 6; o++)
      for (let p = 0; p < 5; p++) sorted.push({ own: o, partner: p, score: 12 + ((o * 7 + p * 3) % 11) });
    sorted.sort((x, y) => y.score - x.score);
    const chosen = assignOneToOne(sorted, () => 0, 10);
    expect(new Set(chosen.map((c) => c.own)).size).toBe(chosen.length);
    expect(new Set(chosen.map((c) => c.partner)).size).toBe(chosen.length);
    expect(chosen.length).toBe(5);
  });
});

describe('decision', () => {
  const entry: MatchInput = {
    id: 'E1',
    surname: 'Nguyen',
    first_name: 'Thi Lan',
    date_of_birth: '1984-03-17',
    document_number: withCheckDigit('C0300598'),
  };
  it('matches the same document number and birth date under a changed name, with that evidence', () => {
    const exit = { ...entry, id: 'X1', surname: 'Tremblay', first_name: 'Lan' };
    const { matches } = matchRecords([entry], [exit]);
    expect(matches).toHaveLength(1);
    expect(matches[0].evidence.fields.document.outcome).toBe('exact');
    expect(matches[0].evidence.fields.date_of_birth.outcome).toBe('exact');
    expect(matches[0].evidence.fields.surname.outcome).toBe('different');
  });

  it('sends a pair on which only names agree to review, however many names agree', () => {
    const own = { ...entry, middle_names: 'Mai', citizenship: 'VNM', sex: 'F' };
    // Another birth date and no document: namesakes look like this.
    const exit = { ...own, id: 'X2', date_of_birth: '1991-11-02', document_number: '' };
    const { matches, review } = matchRecords([own], [exit]);
    expect(review).toHaveLength(1);
    expect(review[0].score).toBeGreaterThan(DEFAULT_MATCH_OPTIONS.matchThreshold);
    expect(matches).toEqual([]);
  });
});

describe('calibration', () => {
  it('keeps the thresholds at the smallest population and raises them by log2 of a larger one', () => {
    const small = calibratedOptions(PRIOR_MODEL, 1000, 1000, DEFAULT_MATCH_OPTIONS);
    expect(small.matchThreshold).toBe(DEFAULT_MATCH_OPTIONS.matchThreshold);
    // 160,000 × 160,000 records with 160,000 expected matches: 16 × the minimum population, 4 bits.
    const large = calibratedOptions(PRIOR_MODEL, 160_000, 160_000, DEFAULT_MATCH_OPTIONS);
    expect(large.matchThreshold).toBeCloseTo(DEFAULT_MATCH_OPTIONS.matchThreshold + 4, 1);
    expect(large.reviewThreshold).toBeCloseTo(DEFAULT_MATCH_OPTIONS.reviewThreshold + 4, 1);
  });
});

describe('blocking for recall', () => {
  const shares = (a: MatchInput, b: MatchInput) => prepare(a).keys.some((k) => prepare(b).keys.includes(k));
  const person: MatchInput = {
    id: 'o',
    surname: 'Kowalczyk',
    first_name: 'Agnieszka',
    date_of_birth: '1979-08-23',
    document_number: withCheckDigit('EA4471902'),
  };
  it('a pair sharing only the document number (one character wrong) is a candidate', () => {
    const other = { id: 'p', surname: 'Smith', first_name: 'John', date_of_birth: '1950-01-01' };
    expect(shares(person, { ...other, document_number: withCheckDigit('EA4471902').replace('7', '1') })).toBe(true);
  });
  it('a pair sharing only the date of birth, day and month swapped, is a candidate', () => {
    expect(shares({ ...person, date_of_birth: '1979-08-11' }, { id: 'p', date_of_birth: '1979-11-08' })).toBe(true);
  });
  it('a pair sharing a name and the day and month, the year years off, is a candidate', () => {
    expect(shares(person, { id: 'p', surname: 'Kowalczyk', first_name: 'Maria', date_of_birth: '1971-08-23' })).toBe(
      true,
    );
  });
  it('a pair sharing both names, swapped, with no date or document, is a candidate', () => {
    expect(shares(person, { id: 'p', surname: 'Agnieszka', first_name: 'Kowalczyk' })).toBe(true);
  });
  it('lets EM learn only from pairs an identifying key proposed, not from pairs only names brought together', () => {
    const own = [prepare(person), prepare({ ...person, id: 'o2', date_of_birth: '1955-01-01', document_number: '' })];
    const exit = prepare({ ...person, id: 'p' });
    const { pairs, identifying } = blockCandidates(own, [exit]);
    expect(Array.from(pairs)).toEqual([0, 0, 1, 0]);
    expect(Array.from(identifying)).toEqual([0, 0]);
  });
  it('bounds the candidates: a loose key shared by more records than the cap is skipped', () => {
    const many = Array.from({ length: DEFAULT_MATCH_OPTIONS.maxLooseBlockSize + 1 }, (_, i) =>
      prepare({ id: `o${i}`, surname: 'Kowalczyk' }),
    );
    const { pairs, oversizedBlocksSkipped } = blockCandidates(many, [prepare({ id: 'p', surname: 'Kowalczyk' })]);
    expect(pairs.length).toBe(0);
    expect(oversizedBlocksSkipped).toBe(1);
    expect(isLooseKey('S:KOVALCIK')).toBe(true);
    expect(isLooseKey('b:19790823:K423')).toBe(false);
  });
});
