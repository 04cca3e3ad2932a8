// Residency arithmetic, table-driven and hand-counted: leap years, open trips, day trips, UTC days,
// missing records (gaps), and the three rules' thresholds exactly at their edges. Pure: milliseconds.
import { presence, type Crossing } from '../src/residency/presence';
import { fiveYearWindow, verifyResidency, ResidencyError } from '../src/residency/rules';

let seq = 0;
const entry = (at: string): Crossing => ({
  id: `N${++seq}`,
  kind: 'entry',
  at: at.includes('T') ? at : `${at}T12:00:00Z`,
});
const exit = (at: string): Crossing => ({
  id: `X${++seq}`,
  kind: 'exit',
  at: at.includes('T') ? at : `${at}T12:00:00Z`,
});

describe('presence: days physically present in a window', () => {
  const cases: Array<{
    name: string;
    crossings: Crossing[];
    window: [string, string];
    presentAtStart?: boolean;
    days: number;
    gaps?: Array<[string, string, string, number]>;
    openTrips?: number;
  }> = [
    {
      name: 'leap year: Feb 28 to Mar 1 2024 is three days',
      crossings: [entry('2024-02-28'), exit('2024-03-01')],
      window: ['2024-01-01', '2024-12-31'],
      days: 3,
    },
    {
      name: 'common year: Feb 28 to Mar 1 2023 is two days',
      crossings: [entry('2023-02-28'), exit('2023-03-01')],
      window: ['2023-01-01', '2023-12-31'],
      days: 2,
    },
    {
      name: 'open trip counts up to the end of the window',
      crossings: [entry('2026-11-20')],
      window: ['2026-01-01', '2026-11-27'],
      days: 8,
      openTrips: 1,
    },
    {
      name: 'open trip across a leap day',
      crossings: [entry('2028-02-27')],
      window: ['2028-01-01', '2028-03-02'],
      days: 5,
      openTrips: 1,
    },
    {
      name: 'a day trip abroad costs no day',
      crossings: [entry('2026-01-01'), exit('2026-01-10T08:00:00Z'), entry('2026-01-10T19:00:00Z'), exit('2026-01-20')],
      window: ['2026-01-01', '2026-12-31'],
      days: 20,
    },
    {
      name: 'missing exit: only the first entry day counts, the rest is a gap',
      crossings: [entry('2026-01-01'), entry('2026-02-01'), exit('2026-02-05')],
      window: ['2026-01-01', '2026-12-31'],
      days: 6,
      gaps: [['exit_missing', '2026-01-02', '2026-01-31', 30]],
    },
    {
      name: 'missing entry between two exits',
      crossings: [entry('2026-01-01'), exit('2026-01-05'), exit('2026-03-01')],
      window: ['2026-01-01', '2026-12-31'],
      days: 6,
      gaps: [['entry_missing', '2026-01-06', '2026-02-28', 54]],
    },
    {
      name: 'first record an exit: the time before is a gap',
      crossings: [exit('2026-01-10')],
      window: ['2026-01-01', '2026-01-31'],
      days: 1,
      gaps: [['entry_missing', '2026-01-01', '2026-01-09', 9]],
    },
    {
      name: 'first record an exit, present at start',
      crossings: [exit('2026-01-10')],
      window: ['2026-01-01', '2026-01-31'],
      presentAtStart: true,
      days: 10,
    },
    {
      name: 'a trip that began before the window is clipped to it',
      crossings: [entry('2020-06-01'), exit('2022-01-10')],
      window: ['2021-11-28', '2026-11-27'],
      days: 44,
    },
    {
      name: 'crossing days are UTC days',
      crossings: [entry('2026-01-01T23:30:00-05:00'), exit('2026-01-03T01:00:00-05:00')],
      window: ['2026-01-01', '2026-01-31'],
      days: 2,
    },
    {
      name: 'records out of order are sorted',
      crossings: [exit('2026-03-10'), entry('2026-03-01')],
      window: ['2026-01-01', '2026-12-31'],
      days: 10,
    },
    {
      name: 'no records, present at start: the whole window (leap)',
      crossings: [],
      window: ['2024-01-01', '2024-12-31'],
      presentAtStart: true,
      days: 366,
      openTrips: 1,
    },
    { name: 'no records: nothing counted', crossings: [], window: ['2024-01-01', '2024-12-31'], days: 0 },
  ];
  it.each(cases)('$name', (c) => {
    const report = presence(c.crossings, { from: c.window[0], to: c.window[1] }, { presentAtStart: c.presentAtStart });
    expect(report.daysPresent).toBe(c.days);
    expect(report.gaps.map((g) => [g.kind, g.from, g.to, g.days])).toEqual(c.gaps ?? []);
    if (c.openTrips !== undefined) expect(report.trips.filter((t) => t.open)).toHaveLength(c.openTrips);
  });
});

describe('the five-year window', () => {
  it.each([
    ['2026-11-27', '2021-11-28', 1826],
    ['2024-02-29', '2019-03-01', 1827],
    ['2023-06-15', '2018-06-16', 1826],
  ])('ending %s starts %s and holds %d days', (asOf, from, days) => {
    const window = fiveYearWindow(asOf);
    expect(window).toEqual({ from, to: asOf });
    expect(presence([], window, { presentAtStart: true }).daysPresent).toBe(days);
  });
});

describe('residency rules', () => {
  const cases: Array<{
    name: string;
    rule: 'ca-pr' | 'ca-citizenship' | 'us-naturalization';
    asOf: string;
    crossings: Crossing[];
    prSince?: string;
    presentAtStart?: boolean;
    credited: number;
    meets: boolean;
    long?: string[];
  }> = [
    {
      name: 'ca-pr: exactly 730 days meets the obligation',
      rule: 'ca-pr',
      asOf: '2026-11-27',
      crossings: [entry('2024-11-28')],
      credited: 730,
      meets: true,
    },
    {
      name: 'ca-pr: 729 days does not',
      rule: 'ca-pr',
      asOf: '2026-11-27',
      crossings: [entry('2024-11-29')],
      credited: 729,
      meets: false,
    },
    {
      name: 'ca-pr: present throughout (leap window)',
      rule: 'ca-pr',
      asOf: '2026-11-27',
      crossings: [],
      presentAtStart: true,
      credited: 1826,
      meets: true,
    },
    {
      name: 'ca-citizenship: 731 days before PR give the full 365 credit',
      rule: 'ca-citizenship',
      asOf: '2026-11-27',
      prSince: '2024-11-28',
      crossings: [entry('2022-11-28')],
      credited: 1095,
      meets: true,
    },
    {
      name: 'ca-citizenship: 366 days before PR give 183 days',
      rule: 'ca-citizenship',
      asOf: '2026-11-27',
      prSince: '2024-11-28',
      crossings: [entry('2023-11-28')],
      credited: 913,
      meets: false,
    },
    {
      name: 'us-naturalization: exactly 913 days, then a year abroad',
      rule: 'us-naturalization',
      asOf: '2026-11-27',
      presentAtStart: true,
      crossings: [exit('2024-05-28')],
      credited: 913,
      meets: true,
      long: ['2024-05-28:one_year_or_more'],
    },
    {
      name: 'us-naturalization: absences over six months and of a year are reported',
      rule: 'us-naturalization',
      asOf: '2026-11-27',
      presentAtStart: true,
      crossings: [
        exit('2022-03-01'),
        entry('2023-03-01'),
        exit('2024-01-10'),
        entry('2024-07-11'),
        exit('2025-01-10'),
        entry('2025-07-10'),
      ],
      // 2021-11-28..2022-03-01 (94) + 2023-03-01..2024-01-10 (316) + 2024-07-11..2025-01-10 (184) + 2025-07-10..2026-11-27 (506)
      credited: 1100,
      meets: true,
      long: ['2022-03-01:one_year_or_more', '2024-01-10:over_six_months'],
    },
  ];
  it.each(cases)('$name', (c) => {
    const report = verifyResidency({
      rule: c.rule,
      asOf: c.asOf,
      crossings: c.crossings,
      permanentResidentSince: c.prSince,
      presentAtStart: c.presentAtStart,
    });
    expect(report.creditedDays).toBe(c.credited);
    expect(report.meets).toBe(c.meets);
    if (c.long) expect(report.longAbsences!.map((a) => `${a.exitDay}:${a.kind}`)).toEqual(c.long);
  });

  it('ca-citizenship needs the permanent-residence date', () => {
    expect(() => verifyResidency({ rule: 'ca-citizenship', asOf: '2026-11-27', crossings: [] })).toThrow(
      ResidencyError,
    );
  });

  it('ca-pr for someone resident less than five years counts the time since', () => {
    const report = verifyResidency({
      rule: 'ca-pr',
      asOf: '2026-11-27',
      permanentResidentSince: '2025-11-28',
      crossings: [entry('2025-11-28')],
    });
    expect(report.window.from).toBe('2025-11-28');
    expect(report.daysPresent).toBe(365);
    expect(report.notes.join(' ')).toMatch(/less than five years/);
  });
});
