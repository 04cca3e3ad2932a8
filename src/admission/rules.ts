// Who receives a lawful period of admission at entry, and how long, on each node. Configuration,
// not code paths: one row per (node, category), each with the public source it rests on
// (/work/shared/DOMAIN.md, "Lawful period of admission and overstays"). Pure: no I/O.
//
// The category and an officer-fixed admit-until date are local data captured with the entry
// (CapturedEntrySchema `category`, `admit_until`); they stay on this node and are never transmitted.
import type { Country } from '../config';
import { localDateAtPort } from '../record/local-day';
import { PORTS } from '../record/ports';
import { addDays, addMonths, utcDay } from '../calendar';
import { vwpStatusOn, VWP_ADMISSION_DAYS, VWP_SOURCE, type VwpStatus } from './visa-waiver';

export type AdmissionCategory = 'citizen' | 'permanent_resident' | 'visitor' | 'temporary_resident' | 'other';

export interface AdmissionRule {
  /** Stable id, kept on the stay and shown in the evidence: `us.visitor`. */
  id: string;
  node: Country;
  category: AdmissionCategory;
  /**
   * The default period from the day of entry, in calendar months; null when the category has no
   * admission period (citizens, permanent residents) or none unless the officer fixes one.
   */
  defaultMonths: number | null;
  /** A default period in days instead of months (the Visa Waiver Program's 90 days). */
  defaultDays?: number;
  /** Whether an officer-fixed admit-until date captured with the entry replaces the default. */
  officerMayFix: boolean;
  description: string;
  source: string;
}

const US_VISITOR_SOURCE =
  'US visitors (B-1/B-2) are admitted for a period fixed at entry, commonly six months; Canadians visiting the US are usually admitted as visitors for up to six months, often without a paper I-94 (8 CFR 214.2(b); CBP I-94 guidance).';
const CA_VISITOR_SOURCE =
  'Visitors may stay six months or another period fixed by the officer (IRPR s.183(2), (3)); months counted to the same-numbered day, or the month end (Interpretation Act s.28).';

export const ADMISSION_RULES: readonly AdmissionRule[] = [
  // United States node: entries into the US.
  {
    id: 'us.citizen',
    node: 'US',
    category: 'citizen',
    defaultMonths: null,
    officerMayFix: false,
    description: 'US citizens are not admitted for a period.',
    source: 'INA s.215; 8 U.S.C. 1185(b)',
  },
  {
    id: 'us.permanent_resident',
    node: 'US',
    category: 'permanent_resident',
    defaultMonths: null,
    officerMayFix: false,
    description: 'Lawful permanent residents have no admission period.',
    source: 'INA s.101(a)(20)',
  },
  {
    id: 'us.visitor',
    node: 'US',
    category: 'visitor',
    defaultMonths: 6,
    officerMayFix: true,
    description: 'Visitors, Canadian citizens among them: six months from entry unless the entry records another date.',
    source: US_VISITOR_SOURCE,
  },
  {
    id: 'us.visa_waiver',
    node: 'US',
    category: 'visitor',
    defaultMonths: null,
    defaultDays: VWP_ADMISSION_DAYS,
    officerMayFix: false,
    description:
      'Visa Waiver Program nationals entering by land: 90 days, the day of entry counted as day 1; a return from Canada or Mexico inside the original 90 days keeps the original admit-until date.',
    source: VWP_SOURCE,
  },
  {
    id: 'us.temporary_resident',
    node: 'US',
    category: 'temporary_resident',
    defaultMonths: null,
    officerMayFix: true,
    description:
      'Other non-immigrants: the date on the I-94 when the officer fixed one; none for "duration of status".',
    source: '8 CFR 214.1(a)(3); 8 CFR 214.2',
  },
  {
    id: 'us.other',
    node: 'US',
    category: 'other',
    defaultMonths: null,
    officerMayFix: true,
    description: 'Others: only an officer-fixed date.',
    source: '8 CFR 235.4',
  },
  // Canada node: entries into Canada.
  {
    id: 'ca.citizen',
    node: 'CA',
    category: 'citizen',
    defaultMonths: null,
    officerMayFix: false,
    description: 'Canadian citizens have the right to enter and remain.',
    source: 'Canadian Charter of Rights and Freedoms s.6(1); IRPA s.19(1)',
  },
  {
    id: 'ca.permanent_resident',
    node: 'CA',
    category: 'permanent_resident',
    defaultMonths: null,
    officerMayFix: false,
    description: 'Permanent residents have the right to enter and remain (residency obligation aside).',
    source: 'IRPA s.27(1), s.28',
  },
  {
    id: 'ca.visitor',
    node: 'CA',
    category: 'visitor',
    defaultMonths: 6,
    officerMayFix: true,
    description: 'Visitors: six months from entry, or the period the officer fixed.',
    source: CA_VISITOR_SOURCE,
  },
  {
    id: 'ca.temporary_resident',
    node: 'CA',
    category: 'temporary_resident',
    defaultMonths: null,
    officerMayFix: true,
    description:
      'Temporary residents (workers, students): the period the officer fixed (permit validity); without it the date is unknown and no timer is set.',
    source: 'IRPR s.183(2) (the period the officer fixes); IRPR s.205-s.222 work permits, s.211.1-s.222 study permits',
  },
  {
    id: 'ca.other',
    node: 'CA',
    category: 'other',
    defaultMonths: null,
    officerMayFix: true,
    description: 'Others: only an officer-fixed date.',
    source: 'IRPR s.183(2)',
  },
];

/** The three-letter code of a node's own citizens. */
export const OWN_CITIZENS: Record<Country, string> = { US: 'USA', CA: 'CAN' };

export interface EntryForAdmission {
  category: string | null;
  citizenship: string;
  documentType?: string;
  documentIssuer?: string;
  /** ISO 8601 instant of entry. */
  enteredAt: string;
  /** Port of entry: its time zone gives the day of entry. */
  portOfEntry?: string;
  /** Officer-fixed last day of the admission period, YYYY-MM-DD. */
  admitUntil: string | null;
  /** The admit-until of an earlier VWP admission the traveller returns under (8 CFR 217.3(b)). */
  originalAdmitUntil?: string | null;
}

/** How the category was known. */
export type CategorySource = 'captured' | 'document' | 'citizenship' | 'default';

export interface CategoryDecision {
  category: AdmissionCategory;
  from: CategorySource;
  reason: string;
}

export interface AdmissionDecision {
  rule: AdmissionRule;
  category: AdmissionCategory;
  categoryFrom: CategorySource;
  /** The last lawful day, YYYY-MM-DD; null when no admission period applies or its date is unknown. */
  admitUntil: string | null;
  admitUntilFrom: 'officer' | 'rule' | 'original_admission' | null;
  /** True when the category has a period the officer fixes but none was captured: no timer, no invented date. */
  admitUntilUnknown: boolean;
  /** The day of entry at the port, YYYY-MM-DD. */
  localDate: string;
  /** For a visitor entering the US: the Visa Waiver Program as it stood on the day of entry, and why. */
  visaWaiver?: VwpStatus;
}

function knownCategory(raw: string | null): AdmissionCategory | null {
  return raw === 'citizen' ||
    raw === 'permanent_resident' ||
    raw === 'visitor' ||
    raw === 'temporary_resident' ||
    raw === 'other'
    ? raw
    : null;
}

export function ruleFor(node: Country, category: AdmissionCategory): AdmissionRule {
  const rule = ADMISSION_RULES.find((r) => r.node === node && r.category === category && r.id !== 'us.visa_waiver');
  if (!rule) throw new Error(`no admission rule for ${category} on the ${node} node; add one to ADMISSION_RULES`);
  return rule;
}

/**
 * The traveller's category on a node, from what was captured, else from the document and the law:
 * the node's own permanent-resident card (US green card entering the US, Canadian PR card entering
 * Canada) makes a permanent resident (INA s.101(a)(20), 8 CFR 264.1; IRPA s.2(1), s.31(1));
 * citizenship of the node's country makes a citizen; anyone else is a visitor, the category the law
 * gives a foreign national admitted without another status (8 CFR 214.2(b); IRPR s.183(2)).
 */
export function inferCategory(
  node: Country,
  entry: { category: string | null; citizenship: string; documentType?: string; documentIssuer?: string },
): CategoryDecision {
  const captured = knownCategory(entry.category);
  if (captured) return { category: captured, from: 'captured', reason: 'category captured by the officer' };
  const own = OWN_CITIZENS[node];
  if (entry.documentType === 'PR' && entry.documentIssuer === own)
    return {
      category: 'permanent_resident',
      from: 'document',
      reason: `a ${node === 'US' ? 'US Permanent Resident Card (green card)' : 'Canadian permanent resident card'} entering ${node === 'US' ? 'the US' : 'Canada'}`,
    };
  if (entry.citizenship === own)
    return { category: 'citizen', from: 'citizenship', reason: `citizenship ${own} is the node's own` };
  return {
    category: 'visitor',
    from: 'default',
    reason: 'a foreign national with no captured category and no permanent-resident card of this country: a visitor',
  };
}

/**
 * The admission a node gives an entry. The category comes from inferCategory. The admission period's
 * last day is the officer's date where the rule allows one, else the rule's default counted from the
 * day of entry at the port (its local day). A VWP national entering the US as a visitor gets 90 days,
 * or the original admit-until when returning inside it. A category whose period only the officer
 * fixes gets none when no date was captured: the date is unknown, and no timer is invented.
 */
export function admissionFor(node: Country, entry: EntryForAdmission): AdmissionDecision {
  const inferred = inferCategory(node, entry);
  const category = inferred.category;
  const localDate =
    entry.portOfEntry && PORTS.has(entry.portOfEntry)
      ? localDateAtPort(entry.enteredAt, entry.portOfEntry)
      : utcDay(entry.enteredAt);
  // The program as it stood on the day of entry (INA 217(c)): a national of a country designated
  // later, or terminated before, is a B visitor with the six months of us.visitor.
  const visaWaiver = node === 'US' && category === 'visitor' ? vwpStatusOn(entry.citizenship, localDate) : undefined;
  const vwp = !entry.admitUntil && visaWaiver?.designated === true;
  const rule = vwp ? ADMISSION_RULES.find((r) => r.id === 'us.visa_waiver')! : ruleFor(node, category);
  const base = {
    rule,
    category,
    categoryFrom: inferred.from,
    localDate,
    admitUntilUnknown: false,
    ...(visaWaiver ? { visaWaiver } : {}),
  };
  if (rule.officerMayFix && entry.admitUntil)
    return { ...base, admitUntil: entry.admitUntil, admitUntilFrom: 'officer' };
  if (vwp) {
    if (entry.originalAdmitUntil && entry.originalAdmitUntil >= localDate)
      return { ...base, admitUntil: entry.originalAdmitUntil, admitUntilFrom: 'original_admission' };
    // The day of entry is day 1 of the 90: the State Department's worked example (US Embassy Tokyo,
    // Visa Waiver Program page) admits an arrival on 1 July 2005 until 28 September 2005.
    return { ...base, admitUntil: addDays(localDate, rule.defaultDays! - 1), admitUntilFrom: 'rule' };
  }
  if (rule.defaultMonths !== null)
    return { ...base, admitUntil: addMonths(localDate, rule.defaultMonths), admitUntilFrom: 'rule' };
  const hasPeriod = category === 'temporary_resident' || category === 'other';
  return { ...base, admitUntil: null, admitUntilFrom: null, admitUntilUnknown: hasPeriod };
}
