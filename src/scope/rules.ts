// Which crossings are exchanged: effective-dated rules, not code. Each phase applies from its first
// day until its last day (or until the next one starts). A record is judged by the phase in force on
// its local day: the day of the crossing at its port, in the port's time zone. A record out of scope
// never leaves the node. Sources and open questions: docs/rules.md, "Scope".
import type { Country } from '../config';
import { PARTNER_CITIZENSHIPS } from '../record/countries';
import { PHASE_I_PILOT_PORTS, PORTS } from '../record/ports';
import type { ExemptGroup } from '../record/schema';

export interface ScopePhase {
  name: string;
  /** First day (YYYY-MM-DD, local at the port) the phase is in force. */
  effectiveFrom: string;
  /** Last day (YYYY-MM-DD, local) the phase is in force, when it ended before the next began. */
  effectiveUntil?: string;
  /** Where the phase comes from, for operators and the `rules` command. */
  source?: string;
  /** Ports whose crossings are exchanged: 'all' or a list of port codes. */
  ports: 'all' | string[];
  /** Whether citizens of the two countries (USA, CAN) are exchanged, or only everyone else. */
  includeCitizens: boolean;
  /**
   * Per direction, when it differs from includeCitizens: the citizenships (USA, CAN) the node that
   * captured the entry sends. `{ "CA": ["USA"] }` is the interim arrangement: Canada sends entries of
   * US citizens, the US sends no citizens. A direction not named follows includeCitizens.
   */
  citizensSentBy?: Partial<Record<Country, string[]>>;
}

/**
 * Groups never exchanged, in every phase and in both directions: CBSA, Entry/Exit Initiative
 * privacy impact assessment (cbsa-asfc.gc.ca/agency-agence/reports-rapports/pia-efvp/atip-aiprp/eei-ies-eng.html):
 * no information is shared on Registered Indians (Indian Act s.2(1)) or protected persons (IRPA s.95).
 * The port says so in the captured record's local field `exempt_group`; the group itself never leaves the node.
 */
export const EXEMPT_GROUP_SOURCE =
  'CBSA, Entry/Exit Initiative privacy impact assessment: no information is shared on Registered Indians or protected persons';

/**
 * The agencies' rollout as announced: Phase I pilot (the four crossings, third-country nationals and
 * permanent residents, collected 30 Sep 2012 to 31 Jan 2013, exchanged from 15 Oct 2012); nothing
 * between the pilot and Phase II; Phase II (all common land ports, the same people, from 30 Jun 2013);
 * the interim arrangement (Canada also sends entries of US citizens and nationals, from 23 Aug 2016);
 * Phase III (citizens of both countries both ways, from 11 Jul 2019). Before Phase I nothing is exchanged.
 */
export const DEFAULT_SCOPE_PHASES: readonly ScopePhase[] = [
  {
    name: 'Phase I (pilot)',
    effectiveFrom: '2012-09-30',
    effectiveUntil: '2013-01-31',
    ports: [...PHASE_I_PILOT_PORTS],
    includeCitizens: false,
    source:
      'DHS-CBSA joint notice, September 2012 (Beyond the Border Action Plan, entry/exit Phase I); reported by lexology.com and elawimmigration.com',
  },
  {
    name: 'Phase II',
    effectiveFrom: '2013-06-30',
    ports: 'all',
    includeCitizens: false,
    source:
      'CBSA and DHS, Beyond the Border entry/exit initiative, Phase II from 30 June 2013 at all common land ports',
  },
  {
    name: 'Interim (US citizens from Canada)',
    effectiveFrom: '2016-08-23',
    ports: 'all',
    includeCitizens: false,
    citizensSentBy: { CA: ['USA'] },
    source:
      'CBSA, Entry/Exit Initiative privacy impact assessment: "August 23, 2016: Canada began the one-way sharing of Biographic Entry Data on all U.S. citizens and nationals who enter Canada at land ports of entry as an interim measure"',
  },
  {
    name: 'Phase III',
    effectiveFrom: '2019-07-11',
    ports: 'all',
    includeCitizens: true,
    source:
      'Exit Information Regulations, SOR/2019-241 (in force 11 July 2019); Customs Act s.92(1); CBSA-CBP MOU 2019',
  },
];

export interface ScopedRecord {
  port_of_entry: string;
  citizenship: string;
  /** Local field: a group the agreement leaves out (EXEMPT_GROUPS); never transmitted. */
  exempt_group?: ExemptGroup | string | null;
}

/** The citizenships of the two countries a phase's sending node exchanges. */
export function citizenshipsSent(phase: ScopePhase, sender: Country): string[] {
  return phase.citizensSentBy?.[sender] ?? (phase.includeCitizens ? [...PARTNER_CITIZENSHIPS] : []);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a phase table; returns every problem, each saying what to fix. */
export function validatePhases(phases: unknown): string[] {
  if (!Array.isArray(phases) || phases.length === 0) return ['scope rules must be a non-empty JSON array of phases'];
  const problems: string[] = [];
  let previous = '';
  phases.forEach((p: Partial<ScopePhase>, i) => {
    const at = `phase ${i + 1}`;
    if (typeof p?.name !== 'string' || p.name === '') problems.push(`${at}: name must be a non-empty string`);
    if (typeof p?.effectiveFrom !== 'string' || !DAY.test(p.effectiveFrom))
      problems.push(`${at}: effectiveFrom must be YYYY-MM-DD`);
    else if (p.effectiveFrom <= previous) problems.push(`${at}: effectiveFrom must be later than the phase before`);
    else previous = p.effectiveFrom;
    if (p?.effectiveUntil !== undefined) {
      if (typeof p.effectiveUntil !== 'string' || !DAY.test(p.effectiveUntil))
        problems.push(`${at}: effectiveUntil must be YYYY-MM-DD when given`);
      else if (typeof p.effectiveFrom === 'string' && p.effectiveUntil < p.effectiveFrom)
        problems.push(`${at}: effectiveUntil must not be before effectiveFrom`);
    }
    if (typeof p?.includeCitizens !== 'boolean') problems.push(`${at}: includeCitizens must be true or false`);
    if (p?.citizensSentBy !== undefined) {
      const by = p.citizensSentBy as Record<string, unknown>;
      if (by === null || typeof by !== 'object' || Array.isArray(by))
        problems.push(`${at}: citizensSentBy must be an object such as {"CA": ["USA"]}`);
      else
        for (const [sender, list] of Object.entries(by)) {
          if (sender !== 'US' && sender !== 'CA')
            problems.push(`${at}: citizensSentBy has ${JSON.stringify(sender)}, expected US or CA`);
          if (!Array.isArray(list) || list.some((c) => !PARTNER_CITIZENSHIPS.has(c)))
            problems.push(`${at}: citizensSentBy.${sender} must list USA and/or CAN`);
        }
    }
    if (p?.ports !== 'all') {
      if (!Array.isArray(p?.ports)) problems.push(`${at}: ports must be "all" or a list of port codes`);
      else
        for (const code of p.ports)
          if (!PORTS.has(code)) problems.push(`${at}: unknown port code ${JSON.stringify(code)}`);
    }
  });
  return problems;
}

/** The phase in force on a local day (YYYY-MM-DD), or undefined before the first and between phases. */
export function phaseOn(day: string, phases: readonly ScopePhase[] = DEFAULT_SCOPE_PHASES): ScopePhase | undefined {
  let current: ScopePhase | undefined;
  for (const phase of phases) if (phase.effectiveFrom <= day) current = phase;
  if (current?.effectiveUntil && day > current.effectiveUntil) return undefined;
  return current;
}

export interface ScopeDecision {
  inScope: boolean;
  /** Why, in words an operator reads: the phase, and what it includes or leaves out. */
  reason: string;
}

/** Whether a record is exchanged, judged on its local day (YYYY-MM-DD at its port), and why. */
export function scopeDecision(
  record: ScopedRecord,
  localDay: string,
  phases: readonly ScopePhase[] = DEFAULT_SCOPE_PHASES,
): ScopeDecision {
  const day = localDay.slice(0, 10);
  const phase = phaseOn(day, phases);
  if (!phase) {
    const first = phases[0];
    if (first && day < first.effectiveFrom)
      return {
        inScope: false,
        reason: `${day} is before ${first.name} (from ${first.effectiveFrom}): nothing was exchanged yet`,
      };
    const before = [...phases].reverse().find((p) => p.effectiveFrom <= day);
    const after = phases.find((p) => p.effectiveFrom > day);
    return {
      inScope: false,
      reason: `${day} falls between ${before?.name ?? 'the phases'} (ended ${before?.effectiveUntil ?? '?'}) and ${after?.name ?? 'the next phase'} (from ${after?.effectiveFrom ?? '?'}): nothing was exchanged`,
    };
  }
  const during = `${phase.name} (from ${phase.effectiveFrom}${phase.effectiveUntil ? ` to ${phase.effectiveUntil}` : ''})`;
  if (record.exempt_group)
    return {
      inScope: false,
      reason: `${record.exempt_group}: never exchanged, in any phase or direction (${EXEMPT_GROUP_SOURCE})`,
    };
  const sender = PORTS.get(record.port_of_entry)?.country;
  const sent = sender ? citizenshipsSent(phase, sender) : [];
  if (PARTNER_CITIZENSHIPS.has(record.citizenship) && !sent.includes(record.citizenship))
    return {
      inScope: false,
      reason: `${during}: the ${sender ?? '?'} node sends ${sent.length ? `${sent.join(', ')} citizens, third-country nationals and permanent residents` : 'third-country nationals and permanent residents'}, not ${record.citizenship} citizens`,
    };
  if (phase.ports !== 'all' && !phase.ports.includes(record.port_of_entry))
    return {
      inScope: false,
      reason: `${during} covers only its pilot ports (${phase.ports.join(', ')}), not ${record.port_of_entry}`,
    };
  return {
    inScope: true,
    reason: `${during}: ${phase.ports === 'all' ? 'all common land ports' : `pilot port ${record.port_of_entry}`}, ${PARTNER_CITIZENSHIPS.has(record.citizenship) ? `${record.citizenship} citizens sent by the ${sender} node` : 'non-citizen'}`,
  };
}

/** True when a record is exchanged: judged on its local day (a window string starting with that day works too). */
export function isInScope(
  record: ScopedRecord,
  localDay: string,
  phases: readonly ScopePhase[] = DEFAULT_SCOPE_PHASES,
): boolean {
  return scopeDecision(record, localDay, phases).inScope;
}

/**
 * The same rule as a SQL condition on `entries` (alias `e`), so a cycle pages through in-scope
 * records in the database. Each record is judged by the phase in force on its local day
 * (`e.local_date`, set from the port's zone by the database; migration 060).
 * Parameters are numbered from `firstParam`.
 */
export function scopeSqlCondition(
  phases: readonly ScopePhase[],
  firstParam: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const clauses = phases.map((phase, i) => {
    const next = phases[i + 1];
    const parts = [`e.local_date >= ${p(phase.effectiveFrom)}::date`];
    if (next) parts.push(`e.local_date < ${p(next.effectiveFrom)}::date`);
    if (phase.effectiveUntil) parts.push(`e.local_date <= ${p(phase.effectiveUntil)}::date`);
    for (const sender of ['US', 'CA'] as const) {
      const withheld = [...PARTNER_CITIZENSHIPS].filter((c) => !citizenshipsSent(phase, sender).includes(c));
      // Port codes start with their country (US-..., CA-...): the port says which node captured the entry.
      if (withheld.length)
        parts.push(
          `NOT (left(e.port_of_entry, 3) = ${p(`${sender}-`)} AND e.citizenship = ANY(${p(withheld)}::text[]))`,
        );
    }
    if (phase.ports !== 'all') parts.push(`e.port_of_entry = ANY(${p(phase.ports)}::text[])`);
    return `(${parts.join(' AND ')})`;
  });
  // The exempt groups are out in every phase (EXEMPT_GROUP_SOURCE); entries.exempt_group, migration 100.
  return { sql: clauses.length ? `(e.exempt_group IS NULL AND (${clauses.join(' OR ')}))` : 'false', params };
}
