// Canada's two residency rules over a person's days: the permanent resident residency obligation
// (IRPA s.28) and citizenship physical presence (Citizenship Act s.5(1)(c), s.5(1.001)).
// docs/residency.md states each with its source.
import { addMonths, dayNumber } from '../calendar';
import { day, inPeriods, yearsBefore, type Days, type Scenario } from './calc-days';
import { CALC_RULES, type CalcInput, type CalcResult } from './calc-rules';
import { ResidencyError } from './errors';

const CA_CITIZENSHIP_PR_DAYS = 730;
const CA_CITIZENSHIP_CREDIT_CAP = 365;
// ---------------------------------------------------------------------------------------------
// Canada: permanent resident residency obligation (IRPA s.28)

interface PrEvaluation {
  meets: boolean;
  windowStart: number;
  windowEnd: number;
  counted: number;
  inCountry: number;
  abroadCounted: number;
  firstFiveYears: boolean;
  firstFiveYearsEnd: number | null;
  remaining: number;
}

function evaluateCaPr(input: CalcInput, days: Days, e: number, scenario: Scenario): PrEvaluation {
  const prSince = input.prSince ? dayNumber(input.prSince) : null;
  const fiveYearsBefore = yearsBefore(e, 5);
  const firstFiveYears = prSince !== null && prSince > fiveYearsBefore;
  const windowStart = firstFiveYears ? prSince! : fiveYearsBefore;
  const windowEnd = e - 1;
  const abroad = inPeriods(input.declared.abroadCountedAsPresent);
  const counted = days.count(
    'pr-counted',
    scenario,
    windowStart,
    windowEnd,
    (d) => days.present(d, scenario) || abroad(d),
  );
  const inCountry = days.count('present', scenario, windowStart, windowEnd, (d) => days.present(d, scenario));
  const firstFiveYearsEnd = firstFiveYears ? dayNumber(addMonths(input.prSince!, 60)) - 1 : null;
  // s.28(2)(b)(i): in the first five years, compliant while 730 days can still be reached in them.
  const remaining = firstFiveYears ? firstFiveYearsEnd! - e + 1 : 0;
  return {
    meets: counted + remaining >= CALC_RULES['ca-pr'].requiredDays,
    windowStart,
    windowEnd,
    counted,
    inCountry,
    abroadCounted: counted - inCountry,
    firstFiveYears,
    firstFiveYearsEnd,
    remaining,
  };
}

export function calcCaPr(input: CalcInput, days: Days, asOf: number): CalcResult {
  if (input.prSince && dayNumber(input.prSince) > asOf)
    throw new ResidencyError(
      `--as-of (${input.asOf}) is before --pr-since (${input.prSince}): the residency obligation starts on the day the person becomes a permanent resident`,
    );
  const now = evaluateCaPr(input, days, asOf, 'absent');
  const required = CALC_RULES['ca-pr'].requiredDays;
  const reasons: string[] = [];
  if (!now.meets) {
    reasons.push(
      now.firstFiveYears
        ? `physical_presence: ${now.counted} day(s) since becoming a permanent resident and ${now.remaining} day(s) left in the first five years cannot reach ${required} (IRPA s.28(2)(b)(i))`
        : `physical_presence: ${now.counted} day(s) counted in the five years before ${input.asOf}, ${required} required (IRPA s.28(2)(a), (b)(ii))`,
    );
  }
  let earliest: number | null = null;
  for (let e = asOf; e <= days.hi - 1 && earliest === null; e++)
    if (evaluateCaPr(input, days, e, 'present').meets) earliest = e;
  let mustReturnBy: number | null = null;
  if (now.meets) {
    for (let e = asOf + 1; e <= days.hi - 1; e++) {
      if (!evaluateCaPr(input, days, e, 'absent').meets) {
        mustReturnBy = e - 1;
        break;
      }
    }
  }
  return {
    rule: 'ca-pr',
    as_of: input.asOf,
    window_start: day(now.windowStart),
    window_end: day(now.windowEnd),
    days_present: now.counted,
    days_required: required,
    meets: now.meets,
    reasons,
    earliest_date_met: earliest === null ? null : day(earliest),
    must_return_by: mustReturnBy === null ? null : day(mustReturnBy),
    last_day_away: mustReturnBy === null ? null : day(mustReturnBy - 1),
    days_in_country: now.inCountry,
    days_abroad_counted_as_present: now.abroadCounted,
    permanent_resident_since: input.prSince ?? null,
    first_five_years: now.firstFiveYears,
    first_five_years_end: now.firstFiveYearsEnd === null ? null : day(now.firstFiveYearsEnd),
    days_remaining_in_first_five_years: now.firstFiveYears ? now.remaining : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Canada: citizenship physical presence (Citizenship Act s.5(1)(c), 5(1.001), s.21)

interface CitizenshipEvaluation {
  meets: boolean;
  windowStart: number;
  windowEnd: number;
  prDays: number;
  preDays: number;
  credit: number;
  total: number;
  inCountry: number;
  sentenceExcluded: number;
}

function evaluateCaCitizenship(input: CalcInput, days: Days, a: number, scenario: Scenario): CitizenshipEvaluation {
  const pr = dayNumber(input.prSince!);
  const windowStart = yearsBefore(a, 5);
  const windowEnd = a - 1;
  const sentence = inPeriods(input.declared.sentencePeriods);
  const temporary = inPeriods(input.declared.temporaryResidentPeriods);
  const present = (d: number) => days.present(d, scenario);
  const prDays = days.count(
    'cit-pr',
    scenario,
    Math.max(windowStart, pr),
    windowEnd,
    (d) => present(d) && !sentence(d),
  );
  const preDays = days.count(
    'cit-pre',
    scenario,
    windowStart,
    Math.min(windowEnd, pr - 1),
    (d) => present(d) && temporary(d) && !sentence(d),
  );
  const credit = Math.min(CA_CITIZENSHIP_CREDIT_CAP, preDays / 2);
  const total = prDays + credit;
  return {
    meets: total >= CALC_RULES['ca-citizenship'].requiredDays && prDays >= CA_CITIZENSHIP_PR_DAYS,
    windowStart,
    windowEnd,
    prDays,
    preDays,
    credit,
    total,
    inCountry: days.count('present', scenario, windowStart, windowEnd, present),
    sentenceExcluded: days.count('cit-sentence', scenario, windowStart, windowEnd, (d) => present(d) && sentence(d)),
  };
}

export function calcCaCitizenship(input: CalcInput, days: Days, asOf: number): CalcResult {
  if (!input.prSince)
    throw new ResidencyError(
      'ca-citizenship needs --pr-since YYYY-MM-DD: the day the person became a permanent resident',
    );
  const now = evaluateCaCitizenship(input, days, asOf, 'absent');
  const required = CALC_RULES['ca-citizenship'].requiredDays;
  const reasons: string[] = [];
  if (dayNumber(input.prSince) >= asOf)
    reasons.push(
      `permanent_resident: not a permanent resident before the application date (permanent resident since ${input.prSince}) (Citizenship Act s.5(1)(a))`,
    );
  if (now.total < required)
    reasons.push(
      `physical_presence: ${now.total} day(s) counted (${now.prDays} as a permanent resident + ${now.credit} credit for ${now.preDays} declared day(s) before), ${required} required (Citizenship Act s.5(1)(c)(i))`,
    );
  if (now.prDays < CA_CITIZENSHIP_PR_DAYS)
    reasons.push(
      `permanent_resident_days: ${now.prDays} day(s) present as a permanent resident, at least ${CA_CITIZENSHIP_PR_DAYS} required (the half-day credit is capped at ${CA_CITIZENSHIP_CREDIT_CAP}, Citizenship Act s.5(1.001)(b))`,
    );
  let earliest: number | null = null;
  for (let a = asOf; a <= days.hi - 1 && earliest === null; a++)
    if (evaluateCaCitizenship(input, days, a, 'present').meets) earliest = a;
  return {
    rule: 'ca-citizenship',
    as_of: input.asOf,
    window_start: day(now.windowStart),
    window_end: day(now.windowEnd),
    days_present: now.total,
    days_required: required,
    meets: reasons.length === 0,
    reasons,
    earliest_date_met: earliest === null ? null : day(earliest),
    days_in_country: now.inCountry,
    permanent_resident_since: input.prSince,
    days_as_permanent_resident: now.prDays,
    days_as_permanent_resident_required: CA_CITIZENSHIP_PR_DAYS,
    days_before_permanent_resident_declared: now.preDays,
    pre_permanent_resident_credit: now.credit,
    sentence_days_excluded: now.sentenceExcluded,
  };
}

// ---------------------------------------------------------------------------------------------
