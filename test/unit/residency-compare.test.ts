// `residency compare`: declared absences beside the recorded crossings, each difference listed, as an
// IRCC or USCIS officer checks an application (IRCC: the day you leave and the day you return count
// as days in Canada, so an absence's days outside are those strictly between). Pure: no server.
import { compareFromFiles } from '../../src/residency/applicant';

const crossings = (...c: Array<['entry' | 'exit', string]>) => ({
  name: 'c.jsonl',
  text: c.map(([kind, at]) => JSON.stringify({ kind, at: `${at}T09:00:00-05:00` })).join('\n'),
});
const declared = (absences: Array<{ from: string; to: string | null }>) => ({
  name: 'd.json',
  text: JSON.stringify({ absences }),
});

describe('residency compare', () => {
  it('agrees when the declared absences are the recorded ones', () => {
    const r = compareFromFiles(
      { asOf: '2026-11-27' },
      {
        crossings: crossings(['exit', '2025-03-01'], ['entry', '2025-03-15']),
        declared: declared([{ from: '2025-03-01', to: '2025-03-15' }]),
      },
    );
    expect(r.absences_agreeing).toBe(1);
    expect(r.differences).toEqual([]);
    expect([r.days_outside_declared, r.days_outside_recorded]).toEqual([13, 13]);
  });

  it('lists every kind of difference with the days it makes', () => {
    const r = compareFromFiles(
      { asOf: '2026-11-27' },
      {
        crossings: crossings(
          ['exit', '2024-01-10'],
          ['entry', '2024-02-20'], // declared as 2024-01-12..2024-02-20: left two days earlier
          ['exit', '2024-07-01'],
          ['entry', '2024-07-30'], // not declared at all
          ['exit', '2025-05-01'],
          ['entry', '2025-05-20'], // declared back on 2025-05-10: back ten days later
        ),
        declared: declared([
          { from: '2024-01-12', to: '2024-02-20' },
          { from: '2025-05-01', to: '2025-05-10' },
          { from: '2026-02-01', to: '2026-02-05' }, // no record of this trip
        ]),
      },
    );
    expect(r.differences.map((d) => [d.kind, d.days_difference])).toEqual([
      ['departure_day_differs', 2], // 40 outside recorded (11 Jan..19 Feb) vs 38 declared
      ['absence_not_declared', 28], // 2 Jul..29 Jul
      ['return_day_differs', 10], // 18 recorded vs 8 declared
      ['declared_absence_not_recorded', -3],
    ]);
    expect(r.absences_agreeing).toBe(0);
    expect(r.days_outside_recorded - r.days_outside_declared).toBe(2 + 28 + 10 - 3);
  });

  it('a declared absence still open, and --since limiting the comparison', () => {
    const r = compareFromFiles(
      { asOf: '2026-11-27', since: '2025-01-01' },
      {
        crossings: crossings(['exit', '2020-01-01'], ['entry', '2020-02-01'], ['exit', '2026-11-01']),
        declared: declared([{ from: '2026-11-01', to: null }]),
      },
    );
    expect(r.recorded_absences).toBe(1);
    expect(r.absences_agreeing).toBe(1);
    expect(r.days_outside_declared).toBe(26); // 2 Nov..27 Nov
  });

  it('refuses a declared file without real dates', () => {
    expect(() =>
      compareFromFiles(
        { asOf: '2026-11-27' },
        { crossings: crossings(), declared: declared([{ from: '2026-02-30', to: null }]) },
      ),
    ).toThrow(/absences\[0\]: "from" must be a real date/);
  });
});
