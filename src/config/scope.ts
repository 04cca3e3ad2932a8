// Which phase table of the exchange's scope a node uses: EXCHANGE_SCOPE_FILE names a JSON file with a
// replacement table (same shape as DEFAULT_SCOPE_PHASES, checked by validatePhases); else the default.
import fs from 'node:fs';
import { DEFAULT_SCOPE_PHASES, validatePhases, type ScopePhase } from '../scope/rules';
import { processEnvironment, type Env } from './environment';

/** Env variable naming a JSON file with a replacement phase table (same shape as DEFAULT_SCOPE_PHASES). */
export const SCOPE_FILE_ENV = 'EXCHANGE_SCOPE_FILE';

/** The phase table: from the file named by EXCHANGE_SCOPE_FILE when set, else the default. */
export function loadScopePhases(env: Env = processEnvironment()): readonly ScopePhase[] {
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
