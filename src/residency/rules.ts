// The residency rules entry/exit records verify (DOMAIN.md, "Residency rules the records verify"),
// as configuration plus one function. Pure: the caller reads the person's crossings.
import { addDays, addMonths, dayNumber } from '../admission/calendar';
import type { Country } from '../config';
import { presence, splitPresentDays, type Crossing, type PresenceReport } from './presence';

export const RESIDENCY_RULES = {
  'ca-pr': {
    country: 'CA' as Country,
    title: 'Canada: permanent resident residency obligation',
    requiredDays: 730,
    description:
      'At least 730 days physically present in Canada in every five-year period (or in the time since becoming a permanent resident, when shorter).',
    source: 'Immigration and Refugee Protection Act s.28(2)(a), (b)(i)',
  },
  'ca-citizenship': {
    country: 'CA' as Country,
    title: 'Canada: citizenship physical presence',
    requiredDays: 1095,
    description:
      'At least 1,095 days present in the five years before applying; each day present before becoming a permanent resident counts as half a day, up to 365 days of credit.',
    source: 'Citizenship Act s.5(1)(c) and s.5(1.001)',
  },
  'us-naturalization': {
    country: 'US' as Country,
    title: 'United States: naturalisation physical presence',
    requiredDays: 913, // 30 months, as USCIS counts them
    description:
      'Physical presence for at least 30 months (913 days) of the five years before applying; an absence of more than six months (but less than a year) presumes a break in continuous residence, one of a year or more breaks it.',
    source: 'INA s.316(a); 8 CFR 316.2(a), 316.5(c)(1)',
  },
} as const;
export type ResidencyRuleId = keyof typeof RESIDENCY_RULES;

export function isResidencyRule(raw: unknown): raw is ResidencyRuleId {
  return typeof raw === 'string' && raw in RESIDENCY_RULES;
}

export interface ResidencyQuery {
  rule: ResidencyRuleId;
  /** The day the check is made for (the application date), YYYY-MM-DD: the window ends on it. */
  asOf: string;
  crossings: Crossing[];
  /** Day the person became a permanent resident: needed for ca-citizenship, shortens ca-pr. */
  permanentResidentSince?: string;
  presentAtStart?: boolean;
}

export interface LongAbsence {
  exitDay: string;
  returnDay: string | null;
  daysOutside: number;
  kind: 'over_six_months' | 'one_year_or_more';
}

export interface ResidencyReport extends PresenceReport {
  rule: ResidencyRuleId;
  title: string;
  source: string;
  requiredDays: number;
  /** Days that count toward the rule (with half-day credit for ca-citizenship). */
  creditedDays: number;
  meets: boolean;
  /** Present days before permanent residence, and the credit they gave (ca-citizenship). */
  preResidence?: { daysPresent: number; credit: number };
  longAbsences?: LongAbsence[];
  notes: string[];
}

export class ResidencyError extends Error {
  override name = 'ResidencyError';
}

/** The five years ending on `asOf`, inclusive: 2026-11-27 gives 2021-11-28 .. 2026-11-27. */
export function fiveYearWindow(asOf: string): { from: string; to: string } {
  return { from: addDays(addMonths(asOf, -60), 1), to: asOf };
}

export function verifyResidency(q: ResidencyQuery): ResidencyReport {
  const rule = RESIDENCY_RULES[q.rule];
  const window = fiveYearWindow(q.asOf);
  const notes: string[] = [];
  if (q.rule === 'ca-citizenship' && !q.permanentResidentSince) {
    throw new ResidencyError(
      'ca-citizenship needs the date the person became a permanent resident (permanentResidentSince, --pr-since)',
    );
  }
  if (q.rule === 'ca-pr' && q.permanentResidentSince && q.permanentResidentSince > window.from) {
    window.from = q.permanentResidentSince;
    notes.push(
      `permanent resident since ${q.permanentResidentSince}, less than five years: the period since then is counted`,
    );
  }
  const report = presence(q.crossings, window, { presentAtStart: q.presentAtStart });
  let creditedDays = report.daysPresent;
  let preResidence: ResidencyReport['preResidence'];
  if (q.rule === 'ca-citizenship') {
    const split = splitPresentDays(report, q.permanentResidentSince!);
    const credit = Math.min(365, split.before / 2);
    preResidence = { daysPresent: split.before, credit };
    creditedDays = split.onOrAfter + credit;
  }
  let longAbsences: LongAbsence[] | undefined;
  if (q.rule === 'us-naturalization') {
    longAbsences = [];
    for (const a of report.absences) {
      const back = a.returnDay ?? addDays(window.to, 1);
      const kind =
        back >= addMonths(a.exitDay, 12)
          ? 'one_year_or_more'
          : back > addMonths(a.exitDay, 6)
            ? 'over_six_months'
            : null;
      if (kind) longAbsences.push({ exitDay: a.exitDay, returnDay: a.returnDay, daysOutside: a.daysOutside, kind });
    }
    if (longAbsences.some((a) => a.kind === 'one_year_or_more'))
      notes.push('an absence of one year or more breaks continuous residence');
    else if (longAbsences.length)
      notes.push('an absence of more than six months presumes a break in continuous residence (rebuttable)');
  }
  if (report.gaps.length) {
    notes.push(
      `${report.gaps.reduce((n, g) => n + g.days, 0)} day(s) are in gaps where an entry or exit record is missing and are not counted`,
    );
  }
  if (dayNumber(window.from) > dayNumber(window.to))
    throw new ResidencyError('the window is empty: permanent residence starts after the as-of date');
  return {
    ...report,
    rule: q.rule,
    title: rule.title,
    source: rule.source,
    requiredDays: rule.requiredDays,
    creditedDays,
    meets: creditedDays >= rule.requiredDays,
    preResidence,
    longAbsences,
    notes,
  };
}
