// The one calendar of the project: day arithmetic on YYYY-MM-DD dates, in UTC. Admission periods,
// overstays, residency and retention are all counted in whole days; a day is a UTC calendar day (see
// docs/residency.md, "How days count"; local days at a port are src/record/local-day.ts, built on this).
// Pure and free of Node built-ins, so workflows use it too.

/** One day in milliseconds (a UTC day has no daylight saving). */
export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC calendar day of an instant (ISO 8601 string or Date). */
export function utcDay(instant: string | Date | number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Every day from `from` to `to`, both included (empty when `from` is later). */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = dayNumber(from); day <= dayNumber(to); day++) days.push(fromDayNumber(day));
  return days;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Calendar months later (or earlier, with a negative count), clamped to the month's last day:
 * 2026-08-31 + 6 months = 2027-02-28, 2027-08-31 + 6 months = 2028-02-29.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDayNumber(Math.floor(Date.UTC(year, month, Math.min(d, lastDay)) / DAY_MS));
}

/** Whole calendar years later (or earlier), clamped like addMonths: 2028-02-29 + 1 year = 2029-02-28. */
export function addYears(date: string, years: number): string {
  return addMonths(date, 12 * years);
}

/** An instant moved by whole calendar years in UTC (29 February lands on 1 March in common years). */
export function addYearsToInstant(instant: Date, years: number): Date {
  const moved = new Date(instant.getTime());
  moved.setUTCFullYear(moved.getUTCFullYear() + years);
  return moved;
}

/** An instant moved by whole days of 24 hours. */
export function addDaysToInstant(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

/** The instant a period whose last lawful day is `date` ends: midnight UTC at the start of the next day. */
export function endOfDay(date: string): number {
  return (dayNumber(date) + 1) * DAY_MS;
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}
