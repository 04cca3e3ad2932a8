// The one calendar (src/calendar): day arithmetic every capability counts with. Clamping to the
// month's last day is the rule of docs/residency.md ("How days count"); instants keep the retention
// rules' convention (src/retention/rules.ts, expiresAt: 29 February plus a year is 1 March).
import {
  addDays,
  addDaysToInstant,
  addMonths,
  addYears,
  addYearsToInstant,
  daysBetween,
  eachDay,
  endOfDay,
  isIsoDate,
  utcDay,
} from '../../src/calendar';

describe('calendar', () => {
  test('days: adding crosses months, years and leap days; days between counts whole days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2027-01-01', '2026-01-01')).toBe(-365);
  });

  test('each day of a range, both ends included; empty when the range is backwards', () => {
    expect(eachDay('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachDay('2026-03-02', '2026-03-02')).toEqual(['2026-03-02']);
    expect(eachDay('2026-03-02', '2026-03-01')).toEqual([]);
  });

  test('months and years clamp to the last day of the month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-05-17', -10)).toBe('2016-05-17');
  });

  test('instants: years keep the time and roll 29 February to 1 March; days are 24 hours', () => {
    expect(addYearsToInstant(new Date('2028-02-29T10:00:00Z'), 1).toISOString()).toBe('2029-03-01T10:00:00.000Z');
    expect(addDaysToInstant(new Date('2026-03-07T12:00:00Z'), 2).toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });

  test('ISO days: the UTC day of an instant, the end of a day, and what is a real date', () => {
    expect(utcDay('2026-11-30T23:30:00-05:00')).toBe('2026-12-01');
    expect(new Date(endOfDay('2026-12-01')).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});
