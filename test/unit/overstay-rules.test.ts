// The overstay rules the list and the workflow share: as-of classification, days over, extension
// validation. Pure.
import type { StayState } from '../../src/stays/contract';
import { daysOverAtExit, extensionProblem, overstaysAsOf, stayStatus } from '../../src/stays/rules';

describe('overstays as of a day', () => {
  const cases: Array<{
    name: string;
    row: { admitUntil: string | null; extensionStatus?: string; exitedAt?: string; departBy?: string };
    asOf: string;
    expected: Array<[string, string, number]>;
  }> = [
    { name: 'still within the period', row: { admitUntil: '2026-06-30' }, asOf: '2026-06-30', expected: [] },
    {
      name: 'the day after admit-until, no exit: in-country, 1 day',
      row: { admitUntil: '2026-06-30' },
      asOf: '2026-07-01',
      expected: [['in_country', '2026-06-30', 1]],
    },
    {
      name: 'left on the last day: nothing',
      row: { admitUntil: '2026-06-30', exitedAt: '2026-06-30T23:00:00Z' },
      asOf: '2026-09-01',
      expected: [],
    },
    {
      name: 'left late: out-of-country with the days over',
      row: { admitUntil: '2026-06-30', exitedAt: '2026-07-12T08:00:00Z' },
      asOf: '2026-09-01',
      expected: [['out_of_country', '2026-06-30', 12]],
    },
    {
      name: 'left late, but after the as-of day: still in-country then',
      row: { admitUntil: '2026-06-30', exitedAt: '2026-07-12T08:00:00Z' },
      asOf: '2026-07-05',
      expected: [['in_country', '2026-06-30', 5]],
    },
    {
      name: 'a pending extension keeps the stay from counting',
      row: { admitUntil: '2026-06-30', extensionStatus: 'pending' },
      asOf: '2026-08-01',
      expected: [],
    },
    {
      name: 'across a leap day',
      row: { admitUntil: '2028-02-27' },
      asOf: '2028-03-01',
      expected: [['in_country', '2028-02-27', 3]],
    },
    {
      name: 'missed removal deadline',
      row: { admitUntil: null, departBy: '2026-05-01' },
      asOf: '2026-05-11',
      expected: [['removal_missed', '2026-05-01', 10]],
    },
    {
      name: 'removal deadline met',
      row: { admitUntil: null, departBy: '2026-05-01', exitedAt: '2026-04-30T10:00:00Z' },
      asOf: '2026-05-11',
      expected: [],
    },
  ];
  it.each(cases)('$name', (c) => {
    const found = overstaysAsOf(
      {
        admitUntil: c.row.admitUntil,
        extensionStatus: c.row.extensionStatus ?? null,
        exitedAt: c.row.exitedAt ?? null,
        departBy: c.row.departBy ?? null,
      },
      c.asOf,
    );
    expect(found.map((o) => [o.kind, o.since, o.daysOver])).toEqual(c.expected);
  });

  it('counts days over at exit in UTC days', () => {
    expect(daysOverAtExit('2026-06-30', '2026-06-30T23:59:59Z')).toBe(0);
    expect(daysOverAtExit('2026-06-30', '2026-06-30T21:00:00-05:00')).toBe(1);
    expect(daysOverAtExit('2026-06-30', '2026-05-01T00:00:00Z')).toBe(0);
  });
});

describe('extension applications', () => {
  const state = (over: Partial<StayState> = {}): StayState => ({
    entryId: 'E1',
    status: 'awaiting_exit',
    category: 'visitor',
    ruleId: 'us.visitor',
    admitUntil: '2026-06-30',
    originalAdmitUntil: '2026-06-30',
    extension: null,
    exit: null,
    daysOver: null,
    overstayFlaggedAt: null,
    removal: null,
    retainUntil: '2041-01-01',
    revision: 1,
    recent: [],
    ...over,
  });
  it.each([
    [{ admitUntil: '2026-09-30', reason: 'I-539', decision: 'pending' }, '2026-06-01', null],
    [{ admitUntil: '2026-06-30', reason: 'I-539', decision: 'pending' }, '2026-06-01', /must be later/],
    [{ admitUntil: '2026-09-30', reason: '', decision: 'pending' }, '2026-06-01', /reason is required/],
    [{ admitUntil: '2026-09-31', reason: 'x', decision: 'pending' }, '2026-06-01', /real date/],
    [{ admitUntil: '2026-09-30', reason: 'x', decision: 'maybe' }, '2026-06-01', /decision must be/],
    [{ admitUntil: '2026-09-30', reason: 'x', decision: 'pending' }, '2026-07-01', /must be made before it ends/],
  ])('%j on %s', (request, today, problem) => {
    const found = extensionProblem(state(), request as never, today);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('refuses an extension once the traveller left, or while one is pending', () => {
    const exit = { exitId: 'X1', exitedAt: '2026-06-01T00:00:00Z', port: 'P', matchedBy: 'exact' as const };
    expect(
      extensionProblem(state({ exit }), { admitUntil: '2026-09-30', reason: 'x', decision: 'pending' }, '2026-06-02'),
    ).toMatch(/already left/);
    const pending = { status: 'pending' as const, admitUntil: '2026-08-01', reason: 'x', at: '' };
    expect(
      extensionProblem(
        state({ extension: pending }),
        { admitUntil: '2026-09-30', reason: 'x', decision: 'pending' },
        '2026-06-02',
      ),
    ).toMatch(/already pending/);
    expect(stayStatus(state({ extension: pending }))).toBe('extension_pending');
  });
});
