// Connections to Temporal for clients and workers, from a node's TemporalConfig: plain for the dev
// server, mTLS or API key (Temporal Cloud) for a real cluster.
import fs from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common/lib/time';
import type { TemporalConfig } from '../config';
import { ALL_SEARCH_ATTRIBUTES } from './search-attributes';

function readFile(label: string, file: string | undefined): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`${label} file ${file} cannot be read (${(err as NodeJS.ErrnoException).code}); fix the path`);
  }
}

function tlsOptions(cfg: TemporalConfig) {
  if (!cfg.tls) return undefined;
  const cert = readFile('TEMPORAL_TLS_CERT', cfg.tls.clientCertPath);
  const key = readFile('TEMPORAL_TLS_KEY', cfg.tls.clientKeyPath);
  const ca = readFile('TEMPORAL_TLS_CA', cfg.tls.serverRootCaPath);
  return {
    serverNameOverride: cfg.tls.serverName,
    serverRootCACertificate: ca,
    clientCertPair: cert && key ? { crt: cert, key } : undefined,
  };
}

export function requireAddress(cfg: TemporalConfig): string {
  if (!cfg.address) throw new Error('no Temporal address: set TEMPORAL_ADDRESS or start the local stack (npm start)');
  return cfg.address;
}

export async function connectClient(cfg: TemporalConfig, extra: Partial<ConnectionOptions> = {}): Promise<Connection> {
  return Connection.connect({ address: requireAddress(cfg), tls: tlsOptions(cfg), apiKey: cfg.apiKey, ...extra });
}

export async function connectWorker(
  cfg: TemporalConfig,
  extra: Partial<NativeConnectionOptions> = {},
): Promise<NativeConnection> {
  return NativeConnection.connect({ address: requireAddress(cfg), tls: tlsOptions(cfg), apiKey: cfg.apiKey, ...extra });
}

/** A client on either connection; one on a worker's NativeConnection can start workflows eagerly. */
export function clientFor(
  connection: Connection | NativeConnection,
  cfg: TemporalConfig,
  extra: Partial<ConstructorParameters<typeof Client>[0]> = {},
): Client {
  return new Client({ connection, namespace: cfg.namespace, ...extra });
}

const INDEXED_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

function isAlreadyExists(err: unknown): boolean {
  const code = (err as { code?: number }).code;
  return code === 6 || /already exists|already registered/i.test(String((err as Error).message));
}

/**
 * Registers the namespace (if missing) and the project's search attributes on it, then waits until
 * both are usable. Used by tests, which make a namespace per suite, by `entry-exit setup` against a
 * self-hosted cluster and by the local real server. On a real cluster a new namespace and a new
 * search attribute reach the frontend's caches up to about 10 s later (`Namespace ... is not found`,
 * `has no mapping defined for search attribute`); the dev server answers at once. On Temporal Cloud
 * both are done in the Cloud console; there this fails with a clear message.
 */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionDays = 30,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
  } catch (err) {
    if (!isAlreadyExists(err)) throw new Error(`cannot register namespace ${namespace}: ${(err as Error).message}`);
  }
  // A query naming every attribute fails until the namespace and each attribute's mapping are known.
  const query = ALL_SEARCH_ATTRIBUTES.map((key) => `${key.name} IS NULL`).join(' AND ');
  for (;;) {
    try {
      await addMissingSearchAttributes(connection, namespace);
      await connection.workflowService.countWorkflowExecutions({ namespace, query });
      return;
    } catch (err) {
      if (err instanceof SearchAttributeError || Date.now() > deadline)
        throw new Error(`namespace ${namespace} is not usable: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

class SearchAttributeError extends Error {}

async function addMissingSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]])),
    });
  } catch (err) {
    // NotFound: the namespace is not in the operator service's cache yet; the caller retries.
    if ((err as { code?: number }).code === 5 || isAlreadyExists(err)) throw err;
    throw new SearchAttributeError(
      `cannot add search attributes ${missing.map((k) => k.name).join(', ')}: ${(err as Error).message}`,
    );
  }
}
