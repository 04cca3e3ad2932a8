// Retention rules: how long a node keeps a record, per node, person category and record kind, as
// effective-dated configuration (laws change; a rule takes effect on a date and the newest rule in
// force wins). Pure code: the purge, the warning list and the dry run all ask these functions.
import { z } from 'zod';
import type { Country } from '../config';
import { PERSON_CATEGORIES, type PersonCategory } from '../record/schema';
import { addYears, addYearsToInstant, utcDay } from '../calendar';

/** `entry`: captured at our own ports (entries table); `exit`: the partner's entry record (exits table). */
export const RECORD_KINDS = ['entry', 'exit'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Person categories a record can fall in; `unknown` when the record does not say (an exit of a non-citizen). */
export const RETENTION_CATEGORIES = [...PERSON_CATEGORIES, 'unknown'] as const;
export type RetentionCategory = PersonCategory | 'unknown';

export interface RetentionRule {
  node: Country;
  kind: RecordKind | '*';
  category: RetentionCategory | '*';
  years: number;
  /** YYYY-MM-DD: the rule applies from this day (UTC) on. */
  effectiveFrom: string;
  /** The law or agreement the period comes from, for operators and auditors. */
  basis: string;
}

/** Hard ceilings set by law: a configuration above them is refused. */
export const LEGAL_MAXIMUM_YEARS: Partial<Record<Country, { years: number; basis: string }>> = {
  CA: { years: 15, basis: 'Customs Act s.93.1; CBSA-CBP Entry/Exit MOU 2019' },
};

export const DEFAULT_RETENTION_RULES: RetentionRule[] = [
  {
    node: 'CA',
    kind: '*',
    category: '*',
    years: 15,
    effectiveFrom: '2019-07-11',
    basis: 'Customs Act s.93.1 (at most 15 years)',
  },
  {
    node: 'US',
    kind: '*',
    category: 'citizen',
    years: 15,
    effectiveFrom: '2013-06-30',
    basis: 'DHS/CBP-007 Border Crossing Information SORN',
  },
  {
    node: 'US',
    kind: '*',
    category: 'permanent_resident',
    years: 15,
    effectiveFrom: '2013-06-30',
    basis: 'DHS/CBP-007 Border Crossing Information SORN',
  },
  {
    node: 'US',
    kind: '*',
    category: '*',
    years: 75,
    effectiveFrom: '2013-06-30',
    basis: 'DHS/CBP-007 Border Crossing Information SORN (non-immigrants)',
  },
];

const RuleSchema = z
  .object({
    node: z.enum(['US', 'CA']),
    kind: z.enum(['entry', 'exit', '*']).default('*'),
    category: z.enum([...RETENTION_CATEGORIES, '*'] as [string, ...string[]]).default('*'),
    years: z.number().int().min(1).max(100),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
    basis: z.string().min(1).max(200).default('configured'),
  })
  .strict();

/** Parses a rules document (a JSON array); every problem is listed, with the rule's position. */
export function parseRetentionRules(
  input: unknown,
): { ok: true; rules: RetentionRule[] } | { ok: false; problems: string[] } {
  if (!Array.isArray(input)) return { ok: false, problems: ['retention rules must be a JSON array of rules'] };
  const problems: string[] = [];
  const rules: RetentionRule[] = [];
  input.forEach((raw, i) => {
    const parsed = RuleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`rule ${i + 1}: ${issue.path.join('.') || 'rule'} ${issue.message}`);
      return;
    }
    const rule = parsed.data as RetentionRule;
    const ceiling = LEGAL_MAXIMUM_YEARS[rule.node];
    if (ceiling && rule.years > ceiling.years) {
      problems.push(
        `rule ${i + 1}: ${rule.node} may keep records at most ${ceiling.years} years (${ceiling.basis}), got ${rule.years}`,
      );
      return;
    }
    rules.push(rule);
  });
  for (const node of ['US', 'CA'] as const) {
    if (
      rules.some((r) => r.node === node) &&
      !rules.some((r) => r.node === node && r.kind === '*' && r.category === '*')
    ) {
      problems.push(
        `${node} has rules but no catch-all rule (kind "*", category "*"); add one so every record has a period`,
      );
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, rules };
}

function specificity(rule: RetentionRule): number {
  return (rule.kind === '*' ? 0 : 2) + (rule.category === '*' ? 0 : 1);
}

/**
 * The rule that governs a record of this node, kind and category on `asOf`: among rules already in
 * effect, the most specific (kind and category over either over neither), then the newest.
 */
export function ruleFor(
  rules: RetentionRule[],
  node: Country,
  kind: RecordKind,
  category: RetentionCategory,
  asOf: Date,
): RetentionRule {
  const day = utcDay(asOf);
  const candidates = rules.filter(
    (r) =>
      r.node === node &&
      r.effectiveFrom <= day &&
      (r.kind === '*' || r.kind === kind) &&
      (r.category === '*' || r.category === category),
  );
  if (candidates.length === 0)
    throw new Error(`no retention rule for ${node} ${kind} records of category ${category} on ${day}`);
  candidates.sort((a, b) => specificity(b) - specificity(a) || (a.effectiveFrom < b.effectiveFrom ? 1 : -1));
  return candidates[0];
}

/** When a record anchored at `anchor` (entered or exited) must be erased. */
export function expiresAt(anchor: Date, years: number): Date {
  return addYearsToInstant(anchor, years);
}

export interface CategoryCutoff {
  category: RetentionCategory;
  years: number;
  /** Records of this category anchored at or before this instant have passed retention on `asOf`. */
  cutoff: Date;
}

/** One cutoff per category: what the database query compares each record's anchor date with. */
export function cutoffsFor(rules: RetentionRule[], node: Country, kind: RecordKind, asOf: Date): CategoryCutoff[] {
  return RETENTION_CATEGORIES.map((category) => {
    const { years } = ruleFor(rules, node, kind, category, asOf);
    return { category, years, cutoff: addYearsToInstant(asOf, -years) };
  });
}

/** ISO 3166 alpha-3 code of a node's own citizens. */
export const OWN_CITIZENSHIP: Record<Country, string> = { US: 'USA', CA: 'CAN' };

/**
 * The category of a partner's record (an exit), which carries no local category: our own citizens
 * by citizenship, our own permanent residents by the card this country issued them, everyone else
 * unknown. (A US green card shown entering Canada still identifies a US permanent resident.)
 */
export function exitCategory(
  node: Country,
  record: { citizenship: string; document_type: string; document_issuer?: string },
): RetentionCategory {
  if (record.citizenship === OWN_CITIZENSHIP[node]) return 'citizen';
  if (record.document_type === 'PR' && (record.document_issuer ?? OWN_CITIZENSHIP[node]) === OWN_CITIZENSHIP[node])
    return 'permanent_resident';
  return 'unknown';
}

/**
 * The last day (YYYY-MM-DD, local at the port) a record is kept: its local day plus the years of the
 * rule in force on `asOf` for its node, kind and category. It is erased once that day has ended.
 */
export function retentionUntilLocal(
  rules: RetentionRule[],
  node: Country,
  kind: RecordKind,
  category: RetentionCategory,
  localDate: string,
  asOf: Date,
): { until: string; rule: RetentionRule } {
  const rule = ruleFor(rules, node, kind, category, asOf);
  return { until: addYears(localDate, rule.years), rule };
}

/**
 * The day (YYYY-MM-DD, UTC) data anchored at `anchor` must be gone under the rule in force on `asOf`:
 * what a stay workflow started for an entry uses to end itself, so it never outlives its record.
 */
export function retainUntilDay(
  rules: RetentionRule[],
  node: Country,
  kind: RecordKind,
  category: RetentionCategory,
  anchor: Date,
  asOf: Date,
): string {
  const { years } = ruleFor(rules, node, kind, category, asOf);
  return utcDay(expiresAt(anchor, years));
}

/** The category of an own entry: the one captured, or unknown. */
export function entryCategory(record: { category?: string | null }): RetentionCategory {
  return (RETENTION_CATEGORIES as readonly string[]).includes(record.category ?? '')
    ? (record.category as RetentionCategory)
    : 'unknown';
}

/** The shortest period any rule of a node keeps records: closed workflow histories never outlive it. */
export function shortestRetentionYears(rules: RetentionRule[], node: Country, asOf: Date): number {
  return Math.min(...RECORD_KINDS.flatMap((kind) => cutoffsFor(rules, node, kind, asOf).map((c) => c.years)));
}
