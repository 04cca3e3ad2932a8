// The field comparisons on the hot path of scoring (src/matching/score.ts) read numbers held in the
// prepared record (letter sets, packed birth-date parts, document heads and tails) before the strings
// (issue 19, speed). These tests pin the outcomes those shortcuts must not change, and the birth-date
// transposition rule: two neighbouring digits exchanged is one keying error, a third digit more is not.
import { prepare, scorePair, type MatchInput } from '../../src/matching';
import { withCheckDigit } from '../../src/record/check-digit';

const outcomes = (a: MatchInput, b: MatchInput) => {
  const { fields } = scorePair(prepare(a), prepare(b)).evidence;
  return {
    surname: fields.surname.outcome,
    first_name: fields.first_name.outcome,
    date_of_birth: fields.date_of_birth.outcome,
    document: fields.document.outcome,
  };
};

describe('birth date comparison', () => {
  it.each([
    ['1975-04-09', '1975-04-09', 'exact'],
    ['1975-04-09', '1975-09-04', 'day_month_swapped'],
    ['1975-04-09', '1975-04-08', 'one_digit_off'],
    ['1985-12-03', '1985-12-30', 'one_digit_off'], // neighbours transposed
    ['1975-04-09', '1957-04-09', 'one_digit_off'], // neighbours transposed in the year
    ['1975-04-09', '1957-04-18', 'different'], // a transposition and two more digits
    ['1975-04-09', '1975-04-90', 'one_digit_off'], // impossible date keeps its digits
    ['1975-04-09', '1975-06-19', 'different'], // two digits apart, not neighbours
    ['1975-04-09', '', 'missing'],
  ])('%s against %s is %s', (a, b, expected) => {
    expect(outcomes({ id: 'a', date_of_birth: a }, { id: 'b', date_of_birth: b }).date_of_birth).toBe(expected);
  });
});

describe('document comparison', () => {
  const doc = withCheckDigit('L8988901'); // 9 characters with its check digit
  const bad = (s: string) => s.slice(0, -1) + String((Number(s.slice(-1)) + 1) % 10);
  it.each([
    [doc, doc, 'exact'],
    [doc, bad(doc), 'one_edit_bad_check_digit'], // wrong check digit: an edit at the end
    [doc, `X${doc.slice(1)}`, 'one_edit_bad_check_digit'], // first character keyed wrong
    [doc, doc.slice(0, 2) + doc[3] + doc[2] + doc.slice(4), 'one_edit_bad_check_digit'], // neighbours at 2–3
    [doc, doc.slice(1), 'one_edit_bad_check_digit'], // first character dropped
    [doc, withCheckDigit('L8988902'), 'one_edit_both_valid'], // the next number, both valid
    [doc, withCheckDigit('L8988910'), 'one_edit_both_valid'], // neighbours at the end of the body swapped
    [doc, withCheckDigit('M1234567'), 'different'],
    ['AB12', 'AB12', 'exact'], // short numbers compare as strings
    ['AB12', 'AB13', 'one_edit_bad_check_digit'],
  ])('%s against %s is %s', (a, b, expected) => {
    expect(outcomes({ id: 'a', document_number: a }, { id: 'b', document_number: b }).document).toBe(expected);
  });

  it('tells another kind of document from a different number of the same kind', () => {
    const a = { id: 'a', document_number: doc, document_type: 'P', document_issuer: 'DEU' };
    expect(outcomes(a, { ...a, document_number: withCheckDigit('M1234567'), document_type: 'C' }).document).toBe(
      'other_document',
    );
    expect(outcomes(a, { ...a, document_number: withCheckDigit('M1234567') }).document).toBe('different');
  });
});

describe('name comparison by letter sets first', () => {
  it.each([
    ['MUELLER', 'Müller', 'exact'],
    ['Schwarzenegger', 'Schwarzeneg', 'truncated_or_partial'],
    ['Garcia Lopez', 'Garcia', 'truncated_or_partial'],
    ['Martinez', 'Martines', 'similar'],
    ['Smith', 'Jones', 'different'],
    ['', 'Jones', 'missing'],
  ])('surname %s against %s is %s', (a, b, expected) => {
    expect(outcomes({ id: 'a', surname: a }, { id: 'b', surname: b }).surname).toBe(expected);
  });

  it('compares given names exactly, by initial and by prefix', () => {
    expect(outcomes({ id: 'a', first_name: 'Anna' }, { id: 'b', first_name: 'ANNA' }).first_name).toBe('exact');
    expect(outcomes({ id: 'a', first_name: 'Anna' }, { id: 'b', first_name: 'A' }).first_name).toBe('initial');
    expect(outcomes({ id: 'a', first_name: 'Alexandra' }, { id: 'b', first_name: 'Alex' }).first_name).toBe(
      'truncated_or_partial',
    );
    expect(outcomes({ id: 'a', first_name: 'Anna' }, { id: 'b', first_name: '' }).first_name).toBe('missing');
  });
});
