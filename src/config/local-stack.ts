// The local stack that `npm start` runs writes where its parts are (.data/stack.json) and the demo
// keys it generated (.data/keys.json, mode 0600, never committed). The CLI reads both, so
// `npx entry-exit ...` in a second terminal finds the running demo with nothing configured.
// Explicit environment variables always win.
import fs from 'node:fs';
import path from 'node:path';
import { COUNTRIES, partnerOf, type Country } from './country';
import { readLocalStackConfig } from './local-stack-settings';
import type { Door } from './node';
import { generateCredentials, generateNodeKeys, nodeKeyEnv, type GeneratedNodeKeys } from './keys';
import { processEnvironment, type Env } from './environment';

export interface StackFile {
  temporalAddress?: string;
  temporalUiUrl?: string;
  postgresServerUrl?: string;
  /** Each node's doors, by door: capture, partner, operator. */
  nodes: Partial<Record<Country, { urls: Record<Door, string>; namespace: string }>>;
  pid: number;
  startedAt: string;
}

export function dataDir(env: Env = processEnvironment()): string {
  return readLocalStackConfig(env).config.dataDir;
}

export function stackFilePath(env: Env = processEnvironment()): string {
  return path.join(dataDir(env), 'stack.json');
}

export function writeStackFile(stack: StackFile, env: Env = processEnvironment()): void {
  fs.mkdirSync(dataDir(env), { recursive: true });
  fs.writeFileSync(stackFilePath(env), JSON.stringify(stack, null, 2), { mode: 0o600 });
}

export function readStackFile(env: Env = processEnvironment()): StackFile | undefined {
  try {
    const stack = JSON.parse(fs.readFileSync(stackFilePath(env), 'utf8')) as StackFile;
    // A stack file left by a stopped `npm start` describes nothing running.
    process.kill(stack.pid, 0);
    return stack;
  } catch {
    return undefined;
  }
}

export function removeStackFile(env: Env = processEnvironment()): void {
  fs.rmSync(stackFilePath(env), { force: true });
}

/**
 * The demo's key sets and credentials, generated once and kept under .data/ (only `npm start` and a
 * CLI talking to the running demo call this; a production node never reads demo keys).
 */
export function demoKeys(env: Env = processEnvironment()): Record<Country, GeneratedNodeKeys> {
  const file = path.join(dataDir(env), 'keys.json');
  let keys: Record<Country, GeneratedNodeKeys>;
  try {
    keys = JSON.parse(fs.readFileSync(file, 'utf8'));
    // Kept from a demo before port and operator credentials existed: add them once.
    if (COUNTRIES.every((c) => keys[c].portTokens && keys[c].operators)) return keys;
    for (const c of COUNTRIES) Object.assign(keys[c], generateCredentials(c));
  } catch {
    keys = { US: generateNodeKeys('US'), CA: generateNodeKeys('CA') };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/**
 * Environment defaults for the local demo, only where the demo runs (`npm start` passes its stack;
 * the CLI finds a running one): the demo's generated keys and credentials, its Temporal address and
 * database server. Without a demo, nothing is added. Returns a new env; explicit variables are kept.
 */
export function withLocalStackDefaults(
  env: Env = processEnvironment(),
  opts: { stack?: StackFile } = {},
): NodeJS.ProcessEnv {
  const defaults: Record<string, string> = {};
  const stack = opts.stack ?? readStackFile(env);
  if (stack) {
    const keys = demoKeys(env);
    for (const country of COUNTRIES) {
      const partner = partnerOf(country);
      const partnerKid = env[`${partner}_SIGNING_KEY_ID`] ?? `${partner.toLowerCase()}-1`;
      Object.assign(defaults, nodeKeyEnv(country, keys[country], keys[partner], partnerKid));
    }
  }
  if (stack?.temporalAddress) defaults.TEMPORAL_ADDRESS = stack.temporalAddress;
  if (stack?.postgresServerUrl) defaults.DATABASE_URL = stack.postgresServerUrl;
  const merged: NodeJS.ProcessEnv = { ...defaults };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  return merged;
}
