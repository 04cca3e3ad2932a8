// The three residency rules, exactly as their sources state them, over a person's timeline (the days
// present up to the as-of date) and what they declared. Pure. docs/residency.md states each rule with
// its source; test/residency-calc.test.ts checks them on the sources' own examples and every edge.
//
// Each rule is evaluated for a date (the application, filing or examination date). The result for
// the as-of date uses the records as they are; the dates the result will change are found by
// projecting the days after as-of: present every day (the earliest date a requirement is met) or
// absent every day (the last day a permanent resident can stay away).
import { addMonths, dayNumber, fromDayNumber } from '../calendar';
import type { Declared } from './inputs';
import { ResidencyError } from './errors';
import type { Timeline, TimelineAbsence } from './timeline';

export const CALC_RULES = {
  'ca-pr': {
    country: 'CA',
    title: 'Canada: permanent resident residency obligation',
    source: 'Immigration and Refugee Protection Act (IRPA) s.28(2)(a) and (b)',
    requiredDays: 730,
  },
  'ca-citizenship': {
    country: 'CA',
    title: 'Canada: citizenship physical presence',
    source: 'Citizenship Act s.5(1)(c) and s.5(1.001), s.21; IRCC Physical Presence Calculator',
    requiredDays: 1095,
  },
  'us-naturalisation': {
    country: 'US',
    title: 'United States: naturalisation, continuous residence and physical presence',
    source: 'INA s.316(a) and s.319(a); 8 CFR 316.5(c)(1); USCIS Policy Manual Vol. 12 Part D Ch. 3-4, Part G Ch. 3',
    requiredDays: 913,
  },
} as const;
export type CalcRuleId = keyof typeof CALC_RULES;

/** The rule ids `calc` accepts; the US spelling of naturalisation is accepted too. */
export function calcRuleId(raw: unknown): CalcRuleId {
  if (raw === 'us-naturalization') return 'us-naturalisation';
  if (typeof raw === 'string' && raw in CALC_RULES) return raw as CalcRuleId;
  throw new ResidencyError(
    `--rule must be one of ${Object.keys(CALC_RULES).join(', ')}; got ${JSON.stringify(raw ?? null)}`,
  );
}

/** How far past as-of the projections look for the date a result changes. */
const HORIZON_DAYS = 10 * 366;
const CA_CITIZENSHIP_PR_DAYS = 730;
const CA_CITIZENSHIP_CREDIT_CAP = 365;

export interface CalcInput {
  rule: CalcRuleId;
  asOf: string;
  /** The day the person became a permanent resident (US: lawful permanent resident). */
  prSince?: string;
  declared: Declared;
  timeline: Timeline;
}

export interface AbsenceReport {
  exit_day: string;
  /** The day back in the country; null when not back by as-of. */
  return_day: string | null;
  /** Whole days outside: between the exit day and the return day, both of which are days present. */
  days_outside: number;
  /** us-naturalisation: the length as USCIS measures it, departure date to return date. */
  length?: 'six_months_or_less' | 'over_six_months' | 'one_year_or_more';
}

export interface CalcResult {
  rule: CalcRuleId;
  as_of: string;
  window_start: string;
  window_end: string;
  days_present: number;
  days_required: number;
  meets: boolean;
  reasons: string[];
  earliest_date_met: string | null;
  days_in_country: number;
  [extra: string]: unknown;
}

type Scenario = 'present' | 'absent';

/** Per-day facts over [lo, hi] with prefix sums, so each evaluation date costs O(1). */
class Days {
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

const inPeriods = (periods: Array<{ from: string; to: string }>) => {
  const ranges = periods.map((p) => [dayNumber(p.from), dayNumber(p.to)] as const);
  return (d: number) => ranges.some(([a, b]) => d >= a && d <= b);
};

const day = (n: number) => fromDayNumber(n);

/** The start of the `years`-year period immediately before `date` (Interpretation Act s.28: same day number, or the month's last day). */
const yearsBefore = (date: number, years: number) => dayNumber(addMonths(fromDayNumber(date), -12 * years));

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

function calcCaPr(input: CalcInput, days: Days, asOf: number): CalcResult {
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

function calcCaCitizenship(input: CalcInput, days: Days, asOf: number): CalcResult {
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
// United States: naturalisation (INA 316(a), 319(a); 8 CFR 316.5(c)(1))

type AbsenceLength = NonNullable<AbsenceReport['length']>;

/** USCIS measures an absence from the date of departure to the date of return, in calendar months. */
function absenceLength(exitDay: number, backDay: number): AbsenceLength {
  const exit = fromDayNumber(exitDay);
  if (backDay >= dayNumber(addMonths(exit, 12))) return 'one_year_or_more';
  if (backDay > dayNumber(addMonths(exit, 6))) return 'over_six_months';
  return 'six_months_or_less';
}

interface UsEvaluation {
  meets: boolean;
  provision: 'INA 316(a)' | 'INA 319(a)';
  years: number;
  required: number;
  statutoryStart: number;
  windowStart: number;
  windowEnd: number;
  daysPresent: number;
  lprLongEnough: boolean;
  spouseLongEnough: boolean | null;
  absences: Array<TimelineAbsence & { length: AbsenceLength; back: number; breaks: boolean }>;
}

function evaluateUs(input: CalcInput, days: Days, a: number, scenario: Scenario): UsEvaluation {
  const spouse = input.declared.usCitizenSpouse;
  const years = spouse ? 3 : 5;
  const required = spouse ? 548 : 913;
  const lpr = dayNumber(input.prSince!);
  const statutoryStart = yearsBefore(a, years);
  const windowStart = Math.max(statutoryStart, lpr);
  const windowEnd = a - 1;
  const daysPresent = days.count('present', scenario, windowStart, windowEnd, (d) => days.present(d, scenario));
  const absences = [];
  for (const ab of input.timeline.absences) {
    // In the 'present' projection a person abroad at as-of comes back the next day.
    const returnDay =
      ab.returnDay ?? (scenario === 'present' && a > input.timeline.lastDay ? input.timeline.lastDay + 1 : null);
    const back = returnDay ?? a;
    // Days outside are exitDay+1 .. back-1; only absences with such a day in the period matter.
    if (ab.exitDay + 1 > windowEnd || back - 1 < windowStart || back - ab.exitDay < 2) continue;
    const length = absenceLength(ab.exitDay, back);
    // 8 CFR 316.5(c)(1)(ii): after an absence of a year or more a new period runs from the return;
    // the applicant may file 4 years and 1 day after it (2 years and 1 day under INA 319(a)).
    const resumed = returnDay !== null && a >= dayNumber(addMonths(fromDayNumber(returnDay), 12 * (years - 1))) + 1;
    absences.push({ ...ab, returnDay, length, back, breaks: length === 'one_year_or_more' && !resumed });
  }
  const lprLongEnough = lpr <= statutoryStart;
  const spouseLongEnough = spouse
    ? Math.max(dayNumber(spouse.maritalUnionSince), dayNumber(spouse.spouseCitizenSince)) <= statutoryStart
    : null;
  return {
    meets: daysPresent >= required && lprLongEnough && spouseLongEnough !== false && !absences.some((x) => x.breaks),
    provision: spouse ? 'INA 319(a)' : 'INA 316(a)',
    years,
    required,
    statutoryStart,
    windowStart,
    windowEnd,
    daysPresent,
    lprLongEnough,
    spouseLongEnough,
    absences,
  };
}

function calcUs(input: CalcInput, days: Days, asOf: number): CalcResult {
  if (!input.prSince)
    throw new ResidencyError(
      'us-naturalisation needs --pr-since YYYY-MM-DD: the day the person became a lawful permanent resident',
    );
  const now = evaluateUs(input, days, asOf, 'absent');
  const reasons: string[] = [];
  if (!now.lprLongEnough)
    reasons.push(
      `lawful_permanent_residence: a lawful permanent resident since ${input.prSince}, less than ${now.years} years before filing on ${input.asOf} (${now.provision})`,
    );
  if (now.spouseLongEnough === false)
    reasons.push(
      `us_citizen_spouse: the marital union with a spouse who is a US citizen must cover the ${now.years} years before filing (from ${day(now.statutoryStart)}) (INA 319(a))`,
    );
  if (now.daysPresent < now.required)
    reasons.push(
      `physical_presence: ${now.daysPresent} day(s) present in the statutory period, ${now.required} required (${now.provision})`,
    );
  for (const ab of now.absences.filter((x) => x.breaks))
    reasons.push(
      `continuous_residence: an absence of one year or more (left ${day(ab.exitDay)}, ${ab.returnDay === null ? 'not back' : `back ${day(ab.returnDay)}`}) breaks continuous residence (8 CFR 316.5(c)(1)(ii))`,
    );
  const officerFlags = now.absences
    .filter((x) => x.length === 'over_six_months')
    .map(
      (ab) =>
        `continuous_residence_presumed_broken: an absence of more than six months and less than one year (left ${day(ab.exitDay)}, back ${day(ab.back)}) presumes a break the applicant may rebut; the officer decides (8 CFR 316.5(c)(1)(i))`,
    );
  let earliest: number | null = null;
  for (let a = asOf; a <= days.hi - 1 && earliest === null; a++)
    if (evaluateUs(input, days, a, 'present').meets) earliest = a;
  const broken = now.absences.some((x) => x.breaks);
  return {
    rule: 'us-naturalisation',
    as_of: input.asOf,
    window_start: day(now.windowStart),
    window_end: day(now.windowEnd),
    days_present: now.daysPresent,
    days_required: now.required,
    meets: reasons.length === 0,
    reasons,
    earliest_date_met: earliest === null ? null : day(earliest),
    days_in_country: now.daysPresent,
    provision: now.provision,
    statutory_period_start: day(now.statutoryStart),
    lawful_permanent_resident_since: input.prSince,
    continuous_residence: broken ? 'broken' : officerFlags.length ? 'presumed_broken' : 'unbroken',
    officer_flags: officerFlags,
  };
}

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
