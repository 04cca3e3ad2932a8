// Configuration of a node and of the local demo, from environment variables with defaults.
// Every problem is collected and reported at once, so an operator fixes a bad deployment in one pass.
import path from 'node:path';

export type Country = 'US' | 'CA';
export const COUNTRIES: readonly Country[] = ['US', 'CA'];

export function partnerOf(country: Country): Country {
  return country === 'US' ? 'CA' : 'US';
}

export interface TemporalConfig {
  /** host:port of an existing cluster; undefined means the local dev server the project starts. */
  address?: string;
  namespace: string;
  /** Exchange cycles, ingest, purge and health checks. */
  taskQueue: string;
  /** Stay workflows (and the activities they call): one per open stay, so kept apart from the cycles. */
  stayTaskQueue: string;
  apiKey?: string;
  tls?: { clientCertPath?: string; clientKeyPath?: string; serverRootCaPath?: string; serverName?: string };
}

export interface NodeConfig {
  country: Country;
  /** The agency's short name, used in ids and audit rows. */
  agency: string;
  temporal: TemporalConfig;
  httpPort: number;
  httpHost: string;
  /** Connection string; undefined means the embedded PostgreSQL the project starts. */
  databaseUrl?: string;
  /** Database name used on the embedded server or on DATABASE_URL's server. */
  databaseName: string;
  partnerUrl: string;
  /** Ed25519 private key (PKCS#8 PEM or base64 DER) this node signs its batches with; generated for the demo. */
  signingKey?: string;
  /** Key id advertised with each signature, so the partner can rotate keys. */
  signingKeyId: string;
  /** Partner public keys by key id: `kid1=base64spki,kid2=...`. */
  partnerPublicKeys: Record<string, string>;
  /** Bearer token operators present to the codec server and operator endpoints. */
  operatorToken?: string;
  /** AES-256-GCM payload keys by key id; the last one encrypts. `kid=base64key,...` */
  payloadKeys: Record<string, string>;
  /**
   * Workflows the worker keeps in its sticky cache (each open stay is one). The cache is most of a
   * worker's memory (about 0.55 MB per cached workflow, measured in docs/performance.md); the SDK's
   * default is sized from the heap, not from a budget. An evicted workflow is replayed from its
   * (short) history on its next signal.
   */
  maxCachedWorkflows: number;
}

/** Default of `<C>_MAX_CACHED_WORKFLOWS`: keeps a node well under 1 GB with a 512 MB old space. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

export interface LocalStackConfig {
  dataDir: string;
  devServerPort: number;
  devServerUiPort: number;
  embeddedPostgresPort: number;
  /** The codec router the demo's Temporal UI decodes payloads through. */
  codecPort: number;
  /** Path to the temporal CLI, when not on PATH or in .tools. */
  temporalCliPath?: string;
  databaseUrl?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const PROJECT_ROOT = path.resolve(__dirname, '..');

const NODE_DEFAULTS: Record<Country, { agency: string; namespace: string; httpPort: number }> = {
  US: { agency: 'cbp', namespace: 'us-cbp', httpPort: 8401 },
  CA: { agency: 'cbsa', namespace: 'ca-cbsa', httpPort: 8402 },
};

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  text(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  port(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      this.problems.push(`${name}="${raw}" is not a TCP port; use a whole number from 1 to 65535 (0 picks a free one)`);
      return fallback;
    }
    return port;
  }

  url(name: string, fallback: string): string {
    const raw = this.text(name, fallback)!;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      this.problems.push(`${name}="${raw}" is not an http(s) URL; use for example https://partner.example:8402`);
    }
    return raw.replace(/\/+$/, '');
  }

  /** A whole number from `min` to `max`; `what` says what the number means, for the problem message. */
  wholeNumber(name: string, fallback: number, min: number, max: number, what: string): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(
        `${name}="${raw}" is not a whole number from ${min} to ${max} (${what}); leave it unset for ${fallback}`,
      );
      return fallback;
    }
    return value;
  }

  keyList(name: string): Record<string, string> {
    const raw = this.text(name);
    const keys: Record<string, string> = {};
    if (raw === undefined) return keys;
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf('=');
      if (eq <= 0 || eq === entry.length - 1) {
        this.problems.push(
          `${name} has an entry that is not KEY_ID=BASE64 (entry ${Object.keys(keys).length + 1}); list keys as kid1=...,kid2=...`,
        );
        continue;
      }
      keys[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return keys;
  }
}

/**
 * Reads one node's configuration. Variables are prefixed with the node's country (US_HTTP_PORT,
 * CA_TEMPORAL_NAMESPACE, ...); Temporal connection settings fall back to the unprefixed TEMPORAL_*
 * variables, so one cluster can serve both nodes in a demo and each node its own in production.
 */
export function readNodeConfig(country: Country, env: Env = process.env): { config: NodeConfig; problems: string[] } {
  const r = new Reader(env);
  const p = (name: string) => `${country}_${name}`;
  const shared = (name: string) => r.text(p(`TEMPORAL_${name}`), r.text(`TEMPORAL_${name}`));
  const defaults = NODE_DEFAULTS[country];
  const partner = partnerOf(country);
  const namespace = r.text(p('TEMPORAL_NAMESPACE'), defaults.namespace)!;
  if (!/^[a-z0-9][a-z0-9.-]{1,62}$/i.test(namespace)) {
    r.problems.push(
      `${p('TEMPORAL_NAMESPACE')}="${namespace}" is not a valid namespace name (letters, digits, '.', '-')`,
    );
  }
  const tlsCert = shared('TLS_CERT');
  const tlsKey = shared('TLS_KEY');
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    r.problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both for mTLS, or neither');
  }
  const tlsCa = shared('TLS_CA');
  const tlsServerName = shared('TLS_SERVER_NAME');
  const apiKey = shared('API_KEY');
  const useTls = tlsCert !== undefined || tlsCa !== undefined || apiKey !== undefined || shared('TLS') === 'true';
  const config: NodeConfig = {
    country,
    agency: r.text(p('AGENCY'), defaults.agency)!,
    temporal: {
      address: shared('ADDRESS'),
      namespace,
      taskQueue: r.text(p('TASK_QUEUE'), `${namespace}-main`)!,
      stayTaskQueue: r.text(p('STAY_TASK_QUEUE'), `${namespace}-stays`)!,
      apiKey,
      tls: useTls
        ? { clientCertPath: tlsCert, clientKeyPath: tlsKey, serverRootCaPath: tlsCa, serverName: tlsServerName }
        : undefined,
    },
    httpPort: r.port(p('HTTP_PORT'), defaults.httpPort),
    httpHost: r.text(p('HTTP_HOST'), '127.0.0.1')!,
    databaseUrl: r.text(p('DATABASE_URL')),
    databaseName: r.text(p('DATABASE_NAME'), `entry_exit_${country.toLowerCase()}`)!,
    partnerUrl: r.url(
      p('PARTNER_URL'),
      `http://127.0.0.1:${r.port(`${partner}_HTTP_PORT`, NODE_DEFAULTS[partner].httpPort)}`,
    ),
    signingKey: r.text(p('SIGNING_KEY')),
    signingKeyId: r.text(p('SIGNING_KEY_ID'), `${country.toLowerCase()}-1`)!,
    partnerPublicKeys: r.keyList(p('PARTNER_PUBLIC_KEYS')),
    operatorToken: r.text(p('OPERATOR_TOKEN')),
    payloadKeys: r.keyList(p('PAYLOAD_KEYS')),
    maxCachedWorkflows: r.wholeNumber(
      p('MAX_CACHED_WORKFLOWS'),
      DEFAULT_MAX_CACHED_WORKFLOWS,
      0,
      1_000_000,
      'workflows the worker keeps in memory; 0 turns the cache off',
    ),
  };
  if (config.maxCachedWorkflows === 1) {
    // The SDK needs room for two workflow tasks at once when the cache is on.
    r.problems.push(`${p('MAX_CACHED_WORKFLOWS')}=1 is too small; use 0 (cache off) or at least 2`);
  }
  if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    r.problems.push(`${p('DATABASE_URL')} must start with postgres:// or postgresql://`);
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(config.databaseName)) {
    r.problems.push(
      `${p('DATABASE_NAME')}="${config.databaseName}" is not a plain database name (lower case, digits, _)`,
    );
  }
  for (const [kid, key] of Object.entries(config.payloadKeys)) {
    if (Buffer.from(key, 'base64').length !== 32) {
      r.problems.push(
        `${p('PAYLOAD_KEYS')} key "${kid}" is not 32 bytes of base64 (AES-256); make one with: openssl rand -base64 32`,
      );
    }
  }
  if (config.operatorToken !== undefined && config.operatorToken.length < 16) {
    r.problems.push(
      `${p('OPERATOR_TOKEN')} is shorter than 16 characters; use a long random token (openssl rand -hex 24)`,
    );
  }
  return { config, problems: r.problems };
}

/** Settings of the local stack that `npm start` and the tests bring up when nothing external is configured. */
export function readLocalStackConfig(env: Env = process.env): { config: LocalStackConfig; problems: string[] } {
  const r = new Reader(env);
  const config: LocalStackConfig = {
    dataDir: path.resolve(PROJECT_ROOT, r.text('DATA_DIR', '.data')!),
    devServerPort: r.port('TEMPORAL_DEV_PORT', 7233),
    devServerUiPort: r.port('TEMPORAL_UI_PORT', 8233),
    embeddedPostgresPort: r.port('POSTGRES_PORT', 5433),
    codecPort: r.port('CODEC_PORT', 8400),
    temporalCliPath: r.text('TEMPORAL_CLI_PATH'),
    databaseUrl: r.text('DATABASE_URL'),
  };
  if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    r.problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return { config, problems: r.problems };
}

/** Both nodes and the local stack; throws one ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): { nodes: Record<Country, NodeConfig>; local: LocalStackConfig } {
  const us = readNodeConfig('US', env);
  const ca = readNodeConfig('CA', env);
  const local = readLocalStackConfig(env);
  const problems = [...us.problems, ...ca.problems, ...local.problems];
  if (us.config.httpPort !== 0 && us.config.httpPort === ca.config.httpPort) {
    problems.push(`US_HTTP_PORT and CA_HTTP_PORT are both ${us.config.httpPort}; give each node its own port`);
  }
  if (
    us.config.temporal.namespace === ca.config.temporal.namespace &&
    us.config.temporal.address === ca.config.temporal.address
  ) {
    problems.push(
      'US and CA share one Temporal namespace; each node needs its own (US_TEMPORAL_NAMESPACE, CA_TEMPORAL_NAMESPACE)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { nodes: { US: us.config, CA: ca.config }, local: local.config };
}
