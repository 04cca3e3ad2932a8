// The United States' naturalisation rule over a person's days: continuous residence and physical
// presence (INA 316(a), 319(a); 8 CFR 316.5(c)(1)). docs/residency.md states it with its source.
import { addMonths, dayNumber, fromDayNumber } from '../calendar';
import { day, yearsBefore, type Days, type Scenario } from './calc-days';
import type { AbsenceReport, CalcInput, CalcResult } from './calc-rules';
import { ResidencyError } from './errors';
import type { TimelineAbsence } from './timeline';

// United States: naturalisation (INA 316(a), 319(a); 8 CFR 316.5(c)(1))

type AbsenceLength = NonNullable<AbsenceReport['length']>;

/** USCIS measures an absence from the date of departure to the date of return, in calendar months. */
export function absenceLength(exitDay: number, backDay: number): AbsenceLength {
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

type UsProvision = UsEvaluation['provision'];

function evaluateUs(input: CalcInput, days: Days, a: number, scenario: Scenario, provision: UsProvision): UsEvaluation {
  const spouse = provision === 'INA 319(a)' ? input.declared.usCitizenSpouse : undefined;
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

/**
 * One provision for the as-of date. INA 319(a) is an alternative beside INA 316(a), not a replacement:
 * a citizen's spouse who fails the 3-year rule may still meet the general 5-year one (USCIS Policy
 * Manual Vol. 12 Part G Ch. 1), so calcUs evaluates both for a spouse.
 */
function calcProvision(input: CalcInput, days: Days, asOf: number, provision: UsProvision): CalcResult {
  const now = evaluateUs(input, days, asOf, 'absent', provision);
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
    if (evaluateUs(input, days, a, 'present', provision).meets) earliest = a;
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

export function calcUs(input: CalcInput, days: Days, asOf: number): CalcResult {
  if (!input.prSince)
    throw new ResidencyError(
      'us-naturalisation needs --pr-since YYYY-MM-DD: the day the person became a lawful permanent resident',
    );
  const general = calcProvision(input, days, asOf, 'INA 316(a)');
  if (!input.declared.usCitizenSpouse)
    return { ...general, provision_met: general.meets ? 'INA 316(a)' : null, provisions: [summary(general)] };
  const spouse = calcProvision(input, days, asOf, 'INA 319(a)');
  // The route reported: the 3-year rule when it is met or neither is (the applicant declared it),
  // else the general rule the spouse meets anyway.
  const chosen = spouse.meets || !general.meets ? spouse : general;
  const other = chosen === spouse ? general : spouse;
  const earliest = [spouse.earliest_date_met, general.earliest_date_met]
    .filter((d): d is string => d !== null)
    .sort()[0];
  return {
    ...chosen,
    earliest_date_met: earliest ?? null,
    provision_met: chosen.meets ? chosen.provision : null,
    other_provision: other.provision,
    other_provision_meets: other.meets,
    other_provision_reasons: other.reasons,
    provisions: [summary(spouse), summary(general)],
  };
}

/** What each provision found, so the result says which is met and why the other is not. */
function summary(r: CalcResult) {
  return {
    provision: r.provision,
    meets: r.meets,
    window_start: r.window_start,
    window_end: r.window_end,
    days_present: r.days_present,
    days_required: r.days_required,
    reasons: r.reasons,
    earliest_date_met: r.earliest_date_met,
  };
}
