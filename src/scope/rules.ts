// Which crossings are exchanged: effective-dated rules, not code. Each phase applies from its date
// until the next one starts. A record is judged by the rules in force for its cycle window, which is
// the day it was captured; a record out of scope never leaves the node.
import fs from 'node:fs';
import { PARTNER_CITIZENSHIPS } from '../record/countries';
import { PHASE_I_PILOT_PORTS, PORTS } from '../record/ports';

export interface ScopePhase {
  name: string;
  /** First day (YYYY-MM-DD, UTC) the phase is in force. */
  effectiveFrom: string;
  /** Ports whose crossings are exchanged: 'all' or a list of port codes. */
  ports: 'all' | string[];
  /** Whether citizens of the two countries (USA, CAN) are exchanged, or only everyone else. */
  includeCitizens: boolean;
}

/**
 * The agencies' rollout: Phase I pilot (the four crossings, non-citizens, from 30 Sep 2012),
 * Phase II (all common land ports, non-citizens, from 30 Jun 2013), Phase III (everyone, from the
 * Exit Information Regulations coming into force on 11 Jul 2019). Before Phase I nothing is exchanged.
 */
export const DEFAULT_SCOPE_PHASES: readonly ScopePhase[] = [
  { name: 'Phase I (pilot)', effectiveFrom: '2012-09-30', ports: [...PHASE_I_PILOT_PORTS], includeCitizens: false },
  { name: 'Phase II', effectiveFrom: '2013-06-30', ports: 'all', includeCitizens: false },
  { name: 'Phase III', effectiveFrom: '2019-07-11', ports: 'all', includeCitizens: true },
];

/** Env variable naming a JSON file with a replacement phase table (same shape as DEFAULT_SCOPE_PHASES). */
export const SCOPE_FILE_ENV = 'EXCHANGE_SCOPE_FILE';

export interface ScopedRecord {
  port_of_entry: string;
  citizenship: string;
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
    if (typeof p?.includeCitizens !== 'boolean') problems.push(`${at}: includeCitizens must be true or false`);
    if (p?.ports !== 'all') {
      if (!Array.isArray(p?.ports)) problems.push(`${at}: ports must be "all" or a list of port codes`);
      else
        for (const code of p.ports)
          if (!PORTS.has(code)) problems.push(`${at}: unknown port code ${JSON.stringify(code)}`);
    }
  });
  return problems;
}

/** The phase table: from the file named by EXCHANGE_SCOPE_FILE when set, else the default. */
export function loadScopePhases(env: Record<string, string | undefined> = process.env): readonly ScopePhase[] {
  const file = env[SCOPE_FILE_ENV]?.trim();
  if (!file) return DEFAULT_SCOPE_PHASES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${SCOPE_FILE_ENV}=${file}: cannot read a JSON phase table (${(err as Error).message})`);
  }
  const problems = validatePhases(parsed);
  if (problems.length)
    throw new Error(`${SCOPE_FILE_ENV}=${file} is not a valid phase table:\n  - ${problems.join('\n  - ')}`);
  return parsed as ScopePhase[];
}

/** The phase in force on a day (YYYY-MM-DD), or undefined before the first. */
export function phaseOn(day: string, phases: readonly ScopePhase[] = DEFAULT_SCOPE_PHASES): ScopePhase | undefined {
  let current: ScopePhase | undefined;
  for (const phase of phases) if (phase.effectiveFrom <= day) current = phase;
  return current;
}

/**
 * True when a record is exchanged under the rules in force for a window. `window` is the cycle
 * window: a day (YYYY-MM-DD) or a sub-daily window starting with that day.
 */
export function isInScope(
  record: ScopedRecord,
  window: string,
  phases: readonly ScopePhase[] = DEFAULT_SCOPE_PHASES,
): boolean {
  const phase = phaseOn(window.slice(0, 10), phases);
  if (!phase) return false;
  if (!phase.includeCitizens && PARTNER_CITIZENSHIPS.has(record.citizenship)) return false;
  return phase.ports === 'all' || phase.ports.includes(record.port_of_entry);
}

/**
 * The same rule as a SQL condition on `entries` (alias `e`), so a cycle pages through in-scope
 * records in the database. Each record is judged by the phase in force on its capture day (UTC).
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
    const parts = [`e.entered_at >= ${p(`${phase.effectiveFrom}T00:00:00Z`)}::timestamptz`];
    if (next) parts.push(`e.entered_at < ${p(`${next.effectiveFrom}T00:00:00Z`)}::timestamptz`);
    if (!phase.includeCitizens) parts.push(`NOT (e.citizenship = ANY(${p([...PARTNER_CITIZENSHIPS])}::text[]))`);
    if (phase.ports !== 'all') parts.push(`e.port_of_entry = ANY(${p(phase.ports)}::text[])`);
    return `(${parts.join(' AND ')})`;
  });
  return { sql: clauses.length ? `(${clauses.join(' OR ')})` : 'false', params };
}
