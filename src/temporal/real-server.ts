// Longer than 300 lines because the server's whole life (schemas, config, ports, start, namespaces,
// UI server, stop) is one sequence an operator reads top to bottom when a start fails.
// The production-shaped local Temporal (`--temporal server`): Temporal's own server binary (frontend,
// history, matching and worker services in one process) with PostgreSQL persistence and advanced
// visibility in their own databases on the project's PostgreSQL, schemas set up and upgraded by
// Temporal's SQL tool, and Temporal's UI server pointed at it. Built by
// scripts/install-temporal-server.sh into .tools/temporal-server/; docs/temporal-server.md says why
// each setting is what it is.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Connection } from '@temporalio/client';
import { processEnvironment } from '../config';
import { assertPortFree, freePort } from '../net/ports';
import { ensureNamespace } from './connection';
import { stopChild, waitForTemporal } from './dev-server';
import type { TemporalServerTools } from './binaries';

/**
 * History shards: fixed once the server has first started on a database (changing it means a new
 * database). Four keeps per-shard work (one shard lock, one task queue reader each) small on a
 * two-core machine while leaving concurrency for both nodes' workflows; production clusters size it
 * from their peak (Temporal suggests 512 and up for large ones).
 */
export const NUM_HISTORY_SHARDS = 4;

export const TEMPORAL_DATABASE = 'temporal';
export const VISIBILITY_DATABASE = 'temporal_visibility';

export interface RealServer {
  address: string;
  uiUrl?: string;
  /** The server and UI server processes, for a launcher's last-resort kill on exit. */
  pids(): number[];
  stop(): Promise<void>;
}

export interface RealServerOptions {
  tools: TemporalServerTools;
  /** `postgres://user:password@host:port` (no database): the server's own databases are created there. */
  databaseServerUrl: string;
  namespaces: string[];
  /** Holds the generated config files. */
  workDir: string;
  logDir: string;
  /** gRPC port of the frontend (0: a free one). Every other port is chosen free. */
  port?: number;
  /** Port of the UI server; undefined: no UI. 0: a free one. */
  uiPort?: number;
  codecEndpoint?: string;
  /** Own process groups, so a terminal's Ctrl-C leaves the servers up while the nodes drain. */
  ownProcessGroup?: boolean;
  /** Namespace retention in days. */
  retentionDays?: number;
}

interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/**
 * The ports of the last start on this data directory when they are all free again: the server keeps
 * its members' addresses in PostgreSQL, and a restart on new ports waits for the old members to
 * expire (`Not enough hosts to serve the request` for a few seconds).
 */
async function previousPorts(portsFile: string, frontend: number): Promise<ServerPorts | undefined> {
  try {
    const ports = JSON.parse(fs.readFileSync(portsFile, 'utf8')) as ServerPorts;
    if (frontend && ports.frontend !== frontend) return undefined;
    for (const port of Object.values(ports)) await assertPortFree(port, 'Temporal server', 'TEMPORAL_DEV_PORT');
    return ports;
  } catch {
    return undefined;
  }
}

async function choosePorts(frontend: number): Promise<ServerPorts> {
  const ports: number[] = frontend ? [frontend] : [];
  // Below 32768 (freePort picks there): the server stores its services' ports as smallint.
  while (ports.length < 9) ports.push(await freePort(ports));
  const [f, frontendHttp, frontendMembership, history, historyMembership, matching, matchingMembership, worker, wm] =
    ports;
  return {
    frontend: f,
    frontendHttp,
    frontendMembership,
    history,
    historyMembership,
    matching,
    matchingMembership,
    worker,
    workerMembership: wm,
  };
}

function sqlStore(url: URL, database: string, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${url.hostname}:${url.port || 5432}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** The server's static config (JSON is valid YAML, so no YAML writer is needed). */
export function serverConfig(url: URL, ports: ServerPorts, dynamicConfigFile: string): object {
  const service = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...(httpPort ? { httpPort } : {}) },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      datastores: {
        default: sqlStore(url, TEMPORAL_DATABASE, 20),
        visibility: sqlStore(url, VISIBILITY_DATABASE, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      pprof: { port: 0 },
    },
    services: {
      frontend: service(ports.frontend, ports.frontendMembership, ports.frontendHttp),
      history: service(ports.history, ports.historyMembership),
      matching: service(ports.matching, ports.matchingMembership),
      worker: service(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic config: what the dev server allows that the project relies on. Workflow ids carry a
 * window and a hash (under 255 characters), and the node's stays are started in bursts by the
 * exchange's reconcile, so the per-namespace start rate limits must not throttle a peak day.
 */
export const DYNAMIC_CONFIG = `limit.maxIDLength:
  - value: 255
frontend.namespaceRPS:
  - value: 10000
frontend.namespaceCount:
  - value: 10000
system.enableEagerWorkflowStart:
  - value: true
frontend.enableUpdateWorkflowExecution:
  - value: true
`;

function sqlToolEnv(url: URL): NodeJS.ProcessEnv {
  return {
    ...processEnvironment(),
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: url.hostname,
    SQL_PORT: url.port || '5432',
    SQL_USER: decodeURIComponent(url.username),
    SQL_PASSWORD: decodeURIComponent(url.password),
  };
}

function runSqlTool(tools: TemporalServerTools, url: URL, args: string[]): void {
  const result = spawnSync(tools.sqlTool, args, { env: sqlToolEnv(url), encoding: 'utf8' });
  if (result.status !== 0) {
    const why = result.error?.message ?? (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
    throw new Error(`Temporal's SQL tool failed (${args.join(' ')}): ${why}`);
  }
}

/**
 * Creates the two databases if missing, sets up the schema tables on a new one and upgrades both to
 * the server's version (update-schema is idempotent, so every start runs it: a newer server binary
 * upgrades the schema before it starts).
 */
export async function prepareTemporalDatabases(tools: TemporalServerTools, databaseServerUrl: string): Promise<void> {
  const url = new URL(databaseServerUrl);
  for (const [database, schemaDir] of [
    [TEMPORAL_DATABASE, path.join(tools.schemaDir, 'temporal', 'versioned')],
    [VISIBILITY_DATABASE, path.join(tools.schemaDir, 'visibility', 'versioned')],
  ]) {
    const admin = new Client({ connectionString: `${databaseServerUrl}/postgres` });
    await admin.connect();
    let exists: boolean;
    try {
      exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
    } finally {
      await admin.end();
    }
    if (!exists) runSqlTool(tools, url, ['--db', database, 'create-database']);
    const db = new Client({ connectionString: `${databaseServerUrl}/${database}` });
    await db.connect();
    let versioned: boolean;
    try {
      const table = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_version')::text AS t`);
      versioned = table.rows[0].t !== null && ((await db.query('SELECT 1 FROM schema_version')).rowCount ?? 0) > 0;
    } finally {
      await db.end();
    }
    // setup-schema -v 0.0 writes version 0.0: on a database already upgraded it would make
    // update-schema replay every step, so it runs only on a database without a version.
    if (!versioned) runSqlTool(tools, url, ['--db', database, 'setup-schema', '-v', '0.0']);
    runSqlTool(tools, url, ['--db', database, 'update-schema', '-d', schemaDir]);
  }
}

function uiServerConfig(address: string, port: number, codecEndpoint: string | undefined, namespace: string): object {
  return {
    temporalGrpcAddress: address,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: namespace,
    refreshInterval: '1m',
    disableNewsFetch: true,
    notifyOnNewVersion: false,
    cors: { allowOrigins: ['*'], unsafeAllowAllOrigins: true, cookieInsecure: true },
    codec: { endpoint: codecEndpoint ?? '', passAccessToken: false, includeCredentials: false },
  };
}

function spawnLogged(file: string, args: string[], logFile: string, detached: boolean): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(file, args, { stdio: ['ignore', log, log], detached });
  fs.closeSync(log);
  return child;
}

/** The log's last lines, JSON lines reduced to their message and error (the stack traces run to pages). */
function tail(file: string): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-6);
    return lines
      .map((line) => {
        try {
          const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
          return `${entry.level}: ${entry.msg}${entry.error ? ` (${entry.error})` : ''}`;
        } catch {
          return line.slice(0, 500);
        }
      })
      .join('\n');
  } catch {
    return '';
  }
}

async function waitForHttp(url: string, timeoutMs: number, isDead: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = isDead();
    if (dead) throw new Error(dead);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function startRealServer(opts: RealServerOptions): Promise<RealServer> {
  fs.mkdirSync(opts.workDir, { recursive: true });
  await prepareTemporalDatabases(opts.tools, opts.databaseServerUrl);
  const portsFile = path.join(opts.workDir, 'temporal-server-ports.json');
  const ports = (await previousPorts(portsFile, opts.port ?? 0)) ?? (await choosePorts(opts.port ?? 0));
  fs.writeFileSync(portsFile, JSON.stringify(ports));
  const dynamicConfigFile = path.join(opts.workDir, 'temporal-dynamic-config.yaml');
  fs.writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  const configFile = path.join(opts.workDir, 'temporal-server.yaml');
  // The config holds the database password: readable by its owner only.
  fs.writeFileSync(
    configFile,
    JSON.stringify(serverConfig(new URL(opts.databaseServerUrl), ports, dynamicConfigFile), null, 2),
    { mode: 0o600 },
  );
  const logFile = path.join(opts.logDir, 'temporal-server.log');
  const detached = opts.ownProcessGroup ?? false;
  const server = spawnLogged(
    opts.tools.server,
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    logFile,
    detached,
  );
  const address = `127.0.0.1:${ports.frontend}`;
  let ui: ChildProcess | undefined;
  const stop = async () => {
    await stopChild(ui, 10_000);
    await stopChild(server, 15_000);
  };
  try {
    await waitForTemporal(address, 60_000, () =>
      server.exitCode !== null
        ? `the Temporal server exited (code ${server.exitCode}); its log (${logFile}) ends:\n${tail(logFile)}`
        : undefined,
    );
    const connection = await Connection.connect({ address });
    try {
      for (const namespace of opts.namespaces) await ensureNamespace(connection, namespace, opts.retentionDays ?? 30);
    } finally {
      await connection.close();
    }
    let uiUrl: string | undefined;
    if (opts.uiPort !== undefined && opts.tools.uiServer) {
      const uiPort = opts.uiPort || (await freePort());
      const uiConfigDir = path.join(opts.workDir, 'temporal-ui', 'config');
      fs.mkdirSync(uiConfigDir, { recursive: true });
      fs.writeFileSync(
        path.join(uiConfigDir, 'base.yaml'),
        JSON.stringify(uiServerConfig(address, uiPort, opts.codecEndpoint, opts.namespaces[0] ?? 'default'), null, 2),
      );
      const uiLog = path.join(opts.logDir, 'temporal-ui.log');
      ui = spawnLogged(
        opts.tools.uiServer!,
        ['--root', path.dirname(uiConfigDir), '--config', 'config', '--env', 'entry-exit', 'start'],
        uiLog,
        detached,
      );
      uiUrl = `http://localhost:${uiPort}`;
      await waitForHttp(`http://127.0.0.1:${uiPort}/`, 30_000, () =>
        ui!.exitCode !== null ? `the Temporal UI server exited (code ${ui!.exitCode}):\n${tail(uiLog)}` : undefined,
      );
    }
    return {
      address,
      uiUrl,
      pids: () => [server.pid, ui?.pid].filter((pid): pid is number => pid !== undefined),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
