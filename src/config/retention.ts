// Where a node's retention rules come from: a JSON file named by US_RETENTION_RULES_FILE /
// CA_RETENTION_RULES_FILE (or RETENTION_RULES_FILE for both), else the defaults of rules.ts.
import fs from 'node:fs';
import type { Country } from './country';
import { ConfigError } from './errors';
import { DEFAULT_RETENTION_RULES, parseRetentionRules, type RetentionRule } from '../retention/rules';
import { processEnvironment, type Env } from './environment';

export function loadRetentionRules(country: Country, env: Env = processEnvironment()): RetentionRule[] {
  const variable = env[`${country}_RETENTION_RULES_FILE`] ? `${country}_RETENTION_RULES_FILE` : 'RETENTION_RULES_FILE';
  const file = env[variable]?.trim();
  if (!file) return DEFAULT_RETENTION_RULES.filter((r) => r.node === country);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([
      `${variable}=${file} cannot be read as JSON (${(err as Error).message.slice(0, 120)}); fix the file or unset the variable`,
    ]);
  }
  const parsed = parseRetentionRules(raw);
  if (!parsed.ok) throw new ConfigError(parsed.problems.map((p) => `${variable}: ${p}`));
  const own = parsed.rules.filter((r) => r.node === country);
  if (own.length === 0) throw new ConfigError([`${variable} has no rule for the ${country} node`]);
  return own;
}

/** The warning window (days before erasure), RETENTION_WARNING_DAYS or 90 as in the EU Entry/Exit System. */
export const DEFAULT_WARNING_DAYS = 90;
