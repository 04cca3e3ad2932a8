// The three residency rules, exactly as their sources state them, over a person's timeline (the days
// present up to the as-of date) and what they declared. Pure. docs/residency.md states each rule with
// its source; test/unit/residency-calc.test.ts checks them on the sources' own examples and every edge.
//
// Each rule is evaluated for a date (the application, filing or examination date). The result for
// the as-of date uses the records as they are; the dates the result will change are found by
// projecting the days after as-of: present every day (the earliest date a requirement is met) or
// absent every day (the last day a permanent resident can stay away).
import { dayNumber } from '../calendar';
import { calcCaCitizenship, calcCaPr } from './calc-canada';
import { CALC_RULES, type AbsenceReport, type CalcInput, type CalcResult } from './calc-rules';
import { absenceLength, calcUs } from './calc-us';
import { day, Days, yearsBefore } from './calc-days';
import type { Timeline } from './timeline';

export {
  CALC_RULES,
  calcRuleId,
  type AbsenceReport,
  type CalcInput,
  type CalcResult,
  type CalcRuleId,
} from './calc-rules';

// ---------------------------------------------------------------------------------------------

function absencesIn(timeline: Timeline, from: number, to: number, withLength: boolean): AbsenceReport[] {
  return timeline.absences
    .filter((a) => a.exitDay <= to && (a.returnDay ?? timeline.lastDay) >= from)
    .map((a) => ({
      exit_day: day(a.exitDay),
      return_day: a.returnDay === null ? null : day(a.returnDay),
      days_outside: Math.max(0, (a.returnDay ?? timeline.lastDay + 1) - a.exitDay - 1),
      ...(withLength ? { length: absenceLength(a.exitDay, a.returnDay ?? timeline.lastDay) } : {}),
    }));
}

/** Applies one rule for the as-of date. Throws ResidencyError for inputs the rule cannot use. */
export function calculateResidency(input: CalcInput): CalcResult {
  const asOf = dayNumber(input.asOf);
  const lo = Math.min(yearsBefore(asOf, 5), input.prSince ? dayNumber(input.prSince) : asOf) - 1;
  const days = new Days(input, lo);
  const result =
    input.rule === 'ca-pr'
      ? calcCaPr(input, days, asOf)
      : input.rule === 'ca-citizenship'
        ? calcCaCitizenship(input, days, asOf)
        : calcUs(input, days, asOf);
  const from = dayNumber(result.window_start);
  const to = dayNumber(result.window_end);
  return {
    ...result,
    absences: absencesIn(input.timeline, from, to, input.rule === 'us-naturalisation'),
    source: CALC_RULES[input.rule].source,
  };
}
