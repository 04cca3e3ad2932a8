// What reconciliation decides for a page of candidates, without a database (docs/exchange.md,
// "Intake and ingest" step 2, and docs/matching.md for the matcher itself): a pair that agrees on
// every field is matched, a candidate that shares nothing but a blocking key is not, the model is
// fitted once (on the batch's first page) and reused, and the stay is told how the exit was joined.
import { BatchMatcher, DEFAULT_MATCH_OPTIONS, PRIOR_MODEL } from '../../src/matching';
import { decidePage, exitSignalOf, prepareRow, type MatchRecordRow } from '../../src/exchange/reconcile-decisions';

const person = (id: string, at: string, overrides: Partial<MatchRecordRow> = {}): MatchRecordRow => ({
  id,
  surname: 'Okonkwo',
  first_name: 'Adaeze',
  middle_names: '',
  date_of_birth: '1979-03-04',
  citizenship: 'NGA',
  sex: 'F',
  document_type: 'P',
  document_number: 'A07781922',
  document_issuer: 'NGA',
  port_of_entry: 'US-BLAINE-PH',
  at: new Date(at),
  ...overrides,
});

const entry = prepareRow(person('us-entry', '2026-11-20T10:00:00Z'));
const exit = prepareRow(person('ca-exit', '2026-11-27T10:00:00Z', { port_of_entry: 'CA-PACIFIC-HWY' }));
const stranger = prepareRow(
  person('us-other', '2026-11-21T10:00:00Z', {
    first_name: 'Bartholomew',
    date_of_birth: '1990-12-30',
    document_number: 'X99887766',
    sex: 'M',
  }),
);
const priorOnly = { ...DEFAULT_MATCH_OPTIONS, estimate: false };

describe('deciding a page of candidate pairs', () => {
  it('matches the exit to the entry that agrees on every field, with evidence', () => {
    const result = decidePage(
      { entries: [entry], exits: [exit], pairs: [{ exit_id: 'ca-exit', entry_id: 'us-entry' }] },
      new BatchMatcher(priorOnly, 1),
    );
    expect(result.matches.map((m) => [m.partner_id, m.own_id])).toEqual([['ca-exit', 'us-entry']]);
    expect(result.matches[0].score).toBeGreaterThan(0);
    expect(result.review).toEqual([]);
  });

  it('neither matches nor reviews a candidate that shares only a surname', () => {
    const result = decidePage(
      { entries: [stranger], exits: [exit], pairs: [{ exit_id: 'ca-exit', entry_id: 'us-other' }] },
      new BatchMatcher(priorOnly, 1),
    );
    expect(result.matches).toEqual([]);
    expect(result.review).toEqual([]);
  });

  it('fits the model on the first page and keeps it, with its thresholds, for the next ones', () => {
    const matcher = new BatchMatcher(DEFAULT_MATCH_OPTIONS, 1);
    expect(matcher.model).toBe(PRIOR_MODEL);
    const pairs = [{ exit_id: 'ca-exit', entry_id: 'us-entry' }];
    decidePage({ entries: [entry, stranger], exits: [exit], pairs }, matcher);
    const [model, thresholds] = [matcher.model, matcher.thresholds];
    expect(model).not.toBe(PRIOR_MODEL);
    const next = decidePage({ entries: [entry], exits: [exit], pairs }, matcher);
    expect(matcher.model).toBe(model);
    expect(matcher.thresholds).toEqual(thresholds);
    expect(next.matches.map((m) => m.partner_id)).toEqual(['ca-exit']);
  });
});

describe('the signal a matched stay receives', () => {
  it('names the exit, when and where, and whether the match was exact or the matcher', () => {
    const row = {
      exit_id: 'ca-exit',
      entry_id: 'us-entry',
      method: 'exact',
      score: 1,
      exited_at: new Date('2026-11-27T10:00:00Z'),
      port_of_entry: 'CA-PACIFIC-HWY',
    };
    expect(exitSignalOf(row)).toEqual({
      exitId: 'ca-exit',
      exitedAt: '2026-11-27T10:00:00.000Z',
      port: 'CA-PACIFIC-HWY',
      matchedBy: 'exact',
      score: 1,
    });
    expect(exitSignalOf({ ...row, method: 'matcher', score: 17.5 })).toMatchObject({
      matchedBy: 'matcher',
      score: 17.5,
    });
  });
});
