// Configuration of one node, from environment variables prefixed with its country (US_..., CA_...),
// with defaults for the local demo. Every problem is collected and reported at once.
import { PORTS } from '../record/ports';
import { partnerOf, type Country } from './country';
import { processEnvironment, type Env } from './environment';
import {
  MIN_TOKEN_CHARS,
  TOKEN_ADVICE,
  readOidc,
  readOperators,
  type OidcConfig,
  type OperatorCredential,
} from './operators';
import { DOORS, type Door } from './door';
import { readEdgeLimits, type EdgeLimits } from './limits';
import { readPartnerTls, type PartnerTlsConfig } from './partner-tls';
import { Reader, isLoopbackUrl } from './reader';

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

export { DOORS, type Door } from './door';

export interface DoorConfig {
  host: string;
  port: number;
}

export interface NodeConfig {
  country: Country;
  /** The agency's short name, used in ids and audit rows. */
  agency: string;
  temporal: TemporalConfig;
  doors: Record<Door, DoorConfig>;
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
  /** Port code -> that port's bearer token; a port submits entries for itself only. */
  portTokens: Record<string, string>;
  /** Operators with a configured token each. */
  operators: OperatorCredential[];
  /** Operators from an identity provider; both may be configured at once. */
  oidc?: OidcConfig;
  limits: EdgeLimits;
  /** Mutual TLS with the partner (src/config/partner-tls.ts); empty by default. */
  partnerTls: PartnerTlsConfig;
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

const NODE_DEFAULTS: Record<Country, { agency: string; namespace: string; ports: Record<Door, number> }> = {
  US: { agency: 'cbp', namespace: 'us-cbp', ports: { capture: 8401, partner: 8411, operator: 8421 } },
  CA: { agency: 'cbsa', namespace: 'ca-cbsa', ports: { capture: 8402, partner: 8412, operator: 8422 } },
};

/** A node's own settings (and secrets) a deployment or a launched process sets: `US_SIGNING_KEY`, ... */
export type NodeSetting =
  | 'SIGNING_KEY'
  | 'SIGNING_KEY_ID'
  | 'PARTNER_PUBLIC_KEYS'
  | 'PAYLOAD_KEYS'
  | 'PORT_TOKENS'
  | 'OPERATORS'
  | 'ALLOW_PLAINTEXT_PAYLOADS';

/** The variable of one of a node's settings: its country, then the setting (`CA_PAYLOAD_KEYS`). */
export function nodeVariable(country: Country, setting: NodeSetting): string {
  return `${country}_${setting}`;
}

/** `US_CAPTURE_PORT`, `CA_OPERATOR_HOST`, ...: the variable of one door's setting. */
export function doorVariable(country: Country, door: Door, setting: 'PORT' | 'HOST'): string {
  return `${country}_${door.toUpperCase()}_${setting}`;
}

/**
 * Reads one node's configuration. Variables are prefixed with the node's country (US_HTTP_PORT,
 * CA_TEMPORAL_NAMESPACE, ...); Temporal connection settings fall back to the unprefixed TEMPORAL_*
 * variables, so one cluster can serve both nodes in a demo and each node its own in production.
 */
export function readNodeConfig(
  country: Country,
  env: Env = processEnvironment(),
): { config: NodeConfig; problems: string[] } {
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
    doors: Object.fromEntries(
      DOORS.map((door) => [
        door,
        {
          host: r.text(doorVariable(country, door, 'HOST'), '127.0.0.1')!,
          port: r.port(doorVariable(country, door, 'PORT'), defaults.ports[door]),
        },
      ]),
    ) as Record<Door, DoorConfig>,
    databaseUrl: r.text(p('DATABASE_URL')),
    databaseName: r.text(p('DATABASE_NAME'), `entry_exit_${country.toLowerCase()}`)!,
    partnerUrl: r.url(
      p('PARTNER_URL'),
      `http://127.0.0.1:${r.port(doorVariable(partner, 'partner', 'PORT'), NODE_DEFAULTS[partner].ports.partner)}`,
    ),
    signingKey: r.text(p('SIGNING_KEY')),
    signingKeyId: r.text(p('SIGNING_KEY_ID'), `${country.toLowerCase()}-1`)!,
    partnerPublicKeys: r.keyList(p('PARTNER_PUBLIC_KEYS')),
    portTokens: r.keyList(p('PORT_TOKENS')),
    operators: readOperators(r, p('OPERATORS')),
    oidc: readOidc(r, country),
    limits: readEdgeLimits(r, country),
    partnerTls: readPartnerTls(r, country),
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
  const partnerUrl = new URL(URL.canParse(config.partnerUrl) ? config.partnerUrl : 'http://127.0.0.1');
  if (partnerUrl.protocol !== 'https:' && !isLoopbackUrl(partnerUrl)) {
    r.problems.push(
      `${p('PARTNER_URL')}="${config.partnerUrl}" is plain http to another machine; use https:// (http is for loopback only)`,
    );
  }
  for (const [portCode, token] of Object.entries(config.portTokens)) {
    if (!PORTS.has(portCode) || PORTS.get(portCode)!.country !== country) {
      r.problems.push(`${p('PORT_TOKENS')} names "${portCode.slice(0, 40)}", which is not a ${country} port code`);
    }
    if (token.length < MIN_TOKEN_CHARS) {
      r.problems.push(`${p('PORT_TOKENS')} token of port ${portCode} is ${TOKEN_ADVICE}`);
    }
  }
  const seen = new Set<string>();
  for (const token of [...Object.values(config.portTokens), ...config.operators.map((o) => o.token)]) {
    if (seen.has(token))
      r.problems.push(
        `${p('PORT_TOKENS')}/${p('OPERATORS')}: a token is used twice; give every port and operator its own`,
      );
    seen.add(token);
  }
  const doorPorts = DOORS.map((d) => config.doors[d].port).filter((port) => port !== 0);
  if (new Set(doorPorts).size !== doorPorts.length) {
    r.problems.push(
      `${DOORS.map((d) => doorVariable(country, d, 'PORT')).join(', ')} must differ: each door is its own listener`,
    );
  }
  return { config, problems: r.problems };
}

/**
 * The secrets a node needs in production, each named when missing: the `npx entry-exit node`
 * command refuses to start (and writes nothing) until all are configured.
 */
export function missingProductionSecrets(config: NodeConfig): string[] {
  const c = config.country;
  const missing: string[] = [];
  if (!config.signingKey)
    missing.push(`${c}_SIGNING_KEY is not set: the Ed25519 private key this node signs batches with`);
  if (Object.keys(config.partnerPublicKeys).length === 0)
    missing.push(`${c}_PARTNER_PUBLIC_KEYS is not set: the partner's public keys, as KEY_ID=BASE64_SPKI,...`);
  if (Object.keys(config.payloadKeys).length === 0)
    missing.push(`${c}_PAYLOAD_KEYS is not set: AES-256 keys for workflow payloads, as KEY_ID=BASE64,...`);
  if (config.operators.length === 0 && !config.oidc)
    missing.push(
      `no operator credentials: set ${c}_OIDC_ISSUER, ${c}_OIDC_AUDIENCE and ${c}_OIDC_JWKS_URL, or ${c}_OPERATORS=NAME:ROLE=TOKEN,...`,
    );
  if (Object.keys(config.portTokens).length === 0)
    missing.push(`${c}_PORT_TOKENS is not set: one token per port, as PORT_CODE=TOKEN,...`);
  return missing;
}
