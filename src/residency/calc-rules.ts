// The residency rules' table (id, title, source, days required) and the shapes of a calculation's
// input and result, shared by each rule's own file (calc-canada.ts, calc-us.ts) and calc.ts.
import type { Declared } from './inputs';
import { ResidencyError } from './errors';
import type { Timeline } from './timeline';

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
    source: 'INA s.316(a) and s.319(a); 8 CFR 316.5(c)(1); USCIS Policy Manual Vol. 12 Part D Ch. 3-4, Part G Ch. 1 (319(a) beside 316(a)) and Ch. 3',
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
