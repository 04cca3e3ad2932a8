// The rules a node applies to one captured entry, in one place, with no server: validity, the local
// day, the category and admission, scope towards the partner, and retention. The `rules` CLI command
// prints this; operators use it to answer "why was this record refused, out of scope, flagged, kept
// so long". Every rule it calls names its source (docs/rules.md).
import { admissionFor } from '../admission/rules';
import type { Country } from '../config';
import { localDateAtPort } from '../record/local-day';
import { PORTS } from '../record/ports';
import { parseCapturedEntry } from '../record/schema';
import { DEFAULT_RETENTION_RULES, retentionUntilLocal, type RetentionRule } from '../retention/rules';
import { DEFAULT_SCOPE_PHASES, phaseOn, scopeDecision, type ScopePhase } from '../scope/rules';

/** The fixed shape of the `rules` command's answer (one JSON line). */
export interface RulesVerdict {
  valid: boolean;
  problems: string[];
  /** The day of the crossing at its port, YYYY-MM-DD. */
  local_date: string | null;
  category: string | null;
  /** The last lawful day, YYYY-MM-DD; null when no period applies or the officer fixed none. */
  admit_until: string | null;
  in_scope_to_partner: boolean | null;
  scope_reason: string | null;
  /** The last day the record is kept at this node, YYYY-MM-DD (local at the port). */
  retention_until: string | null;
  /** Added by issue 27 (the fields above keep their shape): the admission rule applied and its source. */
  admission_rule?: string | null;
  admission_source?: string | null;
  /** For a visitor entering the US: whether the Visa Waiver Program applied on the day of entry, and why. */
  visa_waiver?: boolean | null;
  visa_waiver_reason?: string | null;
  /** The scope phase in force on the local day of the crossing, or null before and between phases. */
  scope_phase?: string | null;
  /** The day whose rules answer for rules dated by the day they are applied (retention), YYYY-MM-DD. */
  as_of?: string | null;
}

export interface RulesSettings {
  phases?: readonly ScopePhase[];
  retentionRules?: RetentionRule[];
  /**
   * The day whose rules apply where a rule's own date differs from the crossing's (retention: the
   * rules in force on the day the record is kept or purged); default now. Admission, the Visa Waiver
   * Program and scope are always judged on the crossing's local day, as the law then stood.
   */
  asOf?: Date;
}

function invalid(problems: string[]): RulesVerdict {
  return {
    valid: false,
    problems,
    local_date: null,
    category: null,
    admit_until: null,
    in_scope_to_partner: null,
    scope_reason: null,
    retention_until: null,
    admission_rule: null,
    admission_source: null,
    visa_waiver: null,
    visa_waiver_reason: null,
    scope_phase: null,
    as_of: null,
  };
}

/** Applies every rule of `node` to one captured entry (the JSON a port posts, local fields allowed). */
export function evaluateEntry(node: Country, input: unknown, settings: RulesSettings = {}): RulesVerdict {
  const parsed = parseCapturedEntry(input);
  if (!parsed.ok) return invalid(parsed.problems);
  const entry = parsed.value;
  const port = PORTS.get(entry.port_of_entry)!;
  if (port.country !== node)
    return invalid([
      `port_of_entry is a ${port.country} port; the ${node} node captures entries at its own ports only (run with --node ${port.country.toLowerCase()})`,
    ]);
  const localDate = localDateAtPort(entry.entered_at, entry.port_of_entry);
  const admission = admissionFor(node, {
    category: entry.category ?? null,
    citizenship: entry.citizenship,
    documentType: entry.document_type,
    documentIssuer: entry.document_issuer,
    enteredAt: entry.entered_at,
    portOfEntry: entry.port_of_entry,
    admitUntil: entry.admit_until ?? null,
    originalAdmitUntil: entry.original_admit_until ?? null,
  });
  const phases = settings.phases ?? DEFAULT_SCOPE_PHASES;
  const scope = scopeDecision(entry, localDate, phases);
  const rules = settings.retentionRules ?? DEFAULT_RETENTION_RULES.filter((r) => r.node === node);
  const asOf = settings.asOf ?? new Date();
  const retention = retentionUntilLocal(rules, node, 'entry', admission.category, localDate, asOf);
  return {
    valid: true,
    problems: [],
    local_date: localDate,
    category: admission.category,
    admit_until: admission.admitUntil,
    in_scope_to_partner: scope.inScope,
    scope_reason: scope.reason,
    retention_until: retention.until,
    admission_rule: admission.rule.id,
    admission_source: admission.rule.source,
    visa_waiver: admission.visaWaiver
      ? admission.visaWaiver.designated && admission.rule.id === 'us.visa_waiver'
      : null,
    visa_waiver_reason: admission.visaWaiver?.reason ?? null,
    scope_phase: phaseOn(localDate, phases)?.name ?? null,
    as_of: asOf.toISOString().slice(0, 10),
  };
}
