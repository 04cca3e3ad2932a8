// Who receives a lawful period of admission at entry, and how long, on each node. Configuration,
// not code paths: one row per (node, category), each with the public source it rests on
// (/work/shared/DOMAIN.md, "Lawful period of admission and overstays"). Pure: no I/O.
//
// The category and an officer-fixed admit-until date are local data captured with the entry
// (CapturedEntrySchema `category`, `admit_until`); they stay on this node and are never transmitted.
import type { Country } from '../config';
import { addMonths, utcDay } from './calendar';

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
  /** Whether an officer-fixed admit-until date captured with the entry replaces the default. */
  officerMayFix: boolean;
  description: string;
  source: string;
}

const US_VISITOR_SOURCE =
  'US visitors (B-1/B-2) are admitted for a period fixed at entry, commonly six months; Canadians visiting the US are usually admitted as visitors for up to six months, often without a paper I-94 (8 CFR 214.2(b); CBP I-94 guidance).';
const CA_VISITOR_SOURCE = 'Visitors may stay six months or another period fixed by the officer (IRPR s.183(2)).';

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
    defaultMonths: 6,
    officerMayFix: true,
    description: 'Temporary residents: the period the officer fixed (permit validity), else six months.',
    source: CA_VISITOR_SOURCE,
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
const OWN_CITIZENS: Record<Country, string> = { US: 'USA', CA: 'CAN' };

export interface EntryForAdmission {
  category: string | null;
  citizenship: string;
  /** ISO 8601 instant of entry. */
  enteredAt: string;
  /** Officer-fixed last day of the admission period, YYYY-MM-DD. */
  admitUntil: string | null;
}

export interface AdmissionDecision {
  rule: AdmissionRule;
  category: AdmissionCategory;
  /** How the category was known: captured by the officer, or inferred from the citizenship. */
  categoryFrom: 'captured' | 'citizenship';
  /** The last lawful day, YYYY-MM-DD; null when no admission period applies. */
  admitUntil: string | null;
  admitUntilFrom: 'officer' | 'rule' | null;
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
  const rule = ADMISSION_RULES.find((r) => r.node === node && r.category === category);
  if (!rule) throw new Error(`no admission rule for ${category} on the ${node} node; add one to ADMISSION_RULES`);
  return rule;
}

/**
 * The admission a node gives an entry. Without a captured category, a traveller who holds the node's
 * own citizenship is a citizen and anyone else a visitor (a Canadian entering the US is a visitor).
 * The admission period's last day is the officer's date where the rule allows one, else the rule's
 * default counted from the UTC day of entry.
 */
export function admissionFor(node: Country, entry: EntryForAdmission): AdmissionDecision {
  const captured = knownCategory(entry.category);
  const category: AdmissionCategory = captured ?? (entry.citizenship === OWN_CITIZENS[node] ? 'citizen' : 'visitor');
  const rule = ruleFor(node, category);
  const base = { rule, category, categoryFrom: captured ? ('captured' as const) : ('citizenship' as const) };
  if (rule.officerMayFix && entry.admitUntil)
    return { ...base, admitUntil: entry.admitUntil, admitUntilFrom: 'officer' };
  if (rule.defaultMonths !== null) {
    return { ...base, admitUntil: addMonths(utcDay(entry.enteredAt), rule.defaultMonths), admitUntilFrom: 'rule' };
  }
  return { ...base, admitUntil: null, admitUntilFrom: null };
}
