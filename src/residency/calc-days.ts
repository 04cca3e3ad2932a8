// The days of a calculation: which days the person was present, as recorded up to as-of and then
// projected (present every day, or absent every day), counted with prefix sums so each evaluation
// date costs O(1); and the day arithmetic the rules share.
import { addMonths, dayNumber, fromDayNumber } from '../calendar';
import type { CalcInput } from './calc-rules';

/** How far past as-of the projections look for the date a result changes. */
export const HORIZON_DAYS = 10 * 366;

export type Scenario = 'present' | 'absent';

/** Per-day facts over [lo, hi] with prefix sums, so each evaluation date costs O(1). */
export class Days {
  readonly lo: number;
  readonly hi: number;
  private readonly cache = new Map<string, Float64Array>();
  private readonly recorded: Uint8Array;

  constructor(
    private readonly input: CalcInput,
    lo: number,
  ) {
    this.lo = lo;
    this.hi = input.timeline.lastDay + HORIZON_DAYS;
    this.recorded = new Uint8Array(input.timeline.lastDay - lo + 1);
    for (const [from, to] of input.timeline.present) {
      for (let d = Math.max(from, lo); d <= Math.min(to, input.timeline.lastDay); d++) this.recorded[d - lo] = 1;
    }
  }

  present(d: number, scenario: Scenario): boolean {
    if (d > this.input.timeline.lastDay) return scenario === 'present';
    return d >= this.lo && this.recorded[d - this.lo] === 1;
  }

  /** Days in [from, to] (inclusive, clipped to the range) for which `test` holds; one prefix sum per name and scenario. */
  count(name: string, scenario: Scenario, from: number, to: number, test: (d: number) => boolean): number {
    const key = `${name}:${scenario}`;
    let prefix = this.cache.get(key);
    if (!prefix) {
      prefix = new Float64Array(this.hi - this.lo + 2);
      for (let d = this.lo; d <= this.hi; d++) prefix[d - this.lo + 1] = prefix[d - this.lo] + (test(d) ? 1 : 0);
      this.cache.set(key, prefix);
    }
    const a = Math.max(from, this.lo);
    const b = Math.min(to, this.hi);
    return a > b ? 0 : prefix[b - this.lo + 1] - prefix[a - this.lo];
  }
}

export const inPeriods = (periods: Array<{ from: string; to: string }>) => {
  const ranges = periods.map((p) => [dayNumber(p.from), dayNumber(p.to)] as const);
  return (d: number) => ranges.some(([a, b]) => d >= a && d <= b);
};

export const day = (n: number) => fromDayNumber(n);

/** The start of the `years`-year period immediately before `date` (Interpretation Act s.28: same day number, or the month's last day). */
export const yearsBefore = (date: number, years: number) => dayNumber(addMonths(fromDayNumber(date), -12 * years));
