// Real OS processes for the reliability suites: each node through the launcher's NodeProcess
// (exactly what `npm start` runs), a private Temporal (the file-persisted dev server, or with
// TEMPORAL_MODE=server Temporal's own server on its own PostgreSQL) and a private PostgreSQL, each of
// which a suite can kill and start again on the same port and the same data.
// Nothing here is a mock: a SIGKILL is a SIGKILL, a restarted database really lost its connections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { readNodeConfig, readTemporalMode, type Country, type NodeConfig } from '../../src/config';
import { NodeProcess } from '../../src/launcher/node-process';
import { databaseUrl } from '../../src/db/pool';
import { freePort } from '../../src/net/ports';
import { startEmbeddedPostgres } from '../../src/postgres/embedded';
import {
  findTemporalCli,
  findTemporalServerTools,
  MISSING_CLI_HELP,
  MISSING_SERVER_HELP,
} from '../../src/temporal/binaries';
import { ensureNamespace } from '../../src/temporal/connection';
import { dataConverterFor } from '../../src/temporal/data-converter';
import { startDevServer } from '../../src/temporal/dev-server';
import { startRealServer, type RealServer } from '../../src/temporal/real-server';
import { isolatedPairEnv } from './nodes';
import { startPartnerRelay, type PartnerRelay } from './partner-link';

/** A scratch directory for one suite; removed by `removeWorkDir` unless KEEP_TEST_DATA is set. */
export function makeWorkDir(label: string): string {
  return fs.mkdtempSync(path.join(process.env.TEST_WORK_DIR ?? os.tmpdir(), `${label}-`));
}

export function removeWorkDir(dir: string): void {
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value (not undefined/false), or fails naming what was awaited. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Temporal: a private server that keeps its state across a restart on the same port: the dev server
// persisted to a SQLite file, or (TEMPORAL_MODE=server, `npm run test:server`) Temporal's own server.

/** A private server a suite stops and starts again on the same port and the same data. */
export interface RestartableServer {
  running(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and whatever holds its state for good (the end of a suite). */
  close(): Promise<void>;
}

/** `stop` is a SIGTERM (then SIGKILL after 15 s), as an operator's restart would be. */
export interface PrivateTemporal extends RestartableServer {
  address: string;
}

export async function startPrivateTemporal(workDir: string, namespaces: string[]): Promise<PrivateTemporal> {
  const mode = readTemporalMode();
  if (mode.problems.length > 0) throw new Error(mode.problems.join('; '));
  return mode.config.mode === 'server'
    ? startPrivateRealServer(workDir, namespaces, mode.config.serverDir)
    : startPrivateDevServer(workDir, namespaces);
}

/** A running server that can be stopped: what `restartable` starts again on the same port and data. */
interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The handle a suite restarts a server through: `launch` starts it (on the same port and data each
 * time); `release` frees what outlives restarts (run by `close`). `first` is a server already
 * launched, when its address is only known once it runs.
 */
function restartable(
  launch: () => Promise<Stoppable>,
  opts: { first?: Stoppable; release?: () => Promise<void> } = {},
): RestartableServer {
  let server = opts.first;
  const handle: RestartableServer = {
    running: () => server !== undefined,
    start: async () => {
      server = await launch();
    },
    stop: async () => {
      const s = server;
      server = undefined;
      await s?.stop();
    },
    restart: async () => {
      await handle.stop();
      await handle.start();
    },
    close: async () => {
      await handle.stop();
      await opts.release?.();
    },
  };
  return handle;
}

/**
 * Temporal's own server with its persistence and visibility on a PostgreSQL of its own: a failover of
 * the pair's PostgreSQL (the nodes' databases) stays a failover of the nodes' databases only, as with
 * the dev server's SQLite file; a restart keeps the ports (real-server.ts reuses them) and the state.
 */
async function startPrivateRealServer(
  workDir: string,
  namespaces: string[],
  serverDir: string,
): Promise<PrivateTemporal> {
  const tools = findTemporalServerTools(serverDir);
  if (!tools) throw new Error(`${MISSING_SERVER_HELP} (looked in ${serverDir})`);
  const persistenceDir = path.join(workDir, 'temporal-persistence');
  fs.mkdirSync(persistenceDir, { recursive: true });
  const persistence = await startPrivatePostgres(persistenceDir);
  const launch = () =>
    startRealServer({
      tools,
      databaseServerUrl: persistence.serverUrl,
      namespaces,
      workDir: path.join(workDir, 'temporal-server'),
      logDir: workDir,
      retentionDays: 1,
    });
  let first: RealServer;
  try {
    first = await launch();
  } catch (err) {
    await persistence.stop().catch(() => undefined);
    throw err;
  }
  return { address: first.address, ...restartable(launch, { first, release: () => persistence.stop() }) };
}

async function startPrivateDevServer(workDir: string, namespaces: string[]): Promise<PrivateTemporal> {
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error(MISSING_CLI_HELP);
  const port = await freePort();
  const uiPort = await freePort();
  const dbFile = path.join(workDir, 'temporal.db');
  const handle: PrivateTemporal = {
    address: `127.0.0.1:${port}`,
    ...restartable(() =>
      startDevServer({ cliPath, port, uiPort, dbFile, namespaces, logFile: path.join(workDir, 'temporal.log') }),
    ),
  };
  await handle.start();
  // --namespace creates the namespaces; the search attributes must exist on each of them too.
  const connection = await Connection.connect({ address: handle.address });
  try {
    for (const ns of namespaces) await ensureNamespace(connection, ns, 1);
  } finally {
    await connection.close();
  }
  return handle;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a private embedded server whose data directory survives a stop.

/** `stop` is a fast shutdown (SIGINT): every client connection is cut, as in a database failover. */
export interface PrivatePostgres extends RestartableServer {
  serverUrl: string;
}

export async function startPrivatePostgres(workDir: string): Promise<PrivatePostgres> {
  const port = await freePort();
  const dataDir = path.join(workDir, 'postgres');
  const launch = () => startEmbeddedPostgres({ dataDir, port });
  const first = await launch();
  return { serverUrl: first.serverUrl, ...restartable(launch, { first }) };
}

// ---------------------------------------------------------------------------------------------
// Node processes: the launcher's NodeProcess (src/launcher/node-process.ts), as `npm start` runs them.

export { NodeProcess, type ExitStatus } from '../../src/launcher/node-process';

/** The environment of one node process: nothing inherited that could point it elsewhere. */
export function nodeProcessEnv(pairEnv: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(US|CA)_/.test(key) || /^TEMPORAL_/.test(key) || key === 'DATABASE_URL' || key.startsWith('JEST')) continue;
    inherited[key] = value;
  }
  return {
    ...inherited,
    ...pairEnv,
    LOG_SILENT: '0',
    ...extra,
  };
}

export interface ProcessPair {
  US: NodeProcess;
  CA: NodeProcess;
  /** The pair's configuration variables (keys, namespaces, database names, ports). */
  env: Record<string, string>;
  temporal: PrivateTemporal;
  postgres: PrivatePostgres;
  workDir: string;
  /** Relays on the partner link (when started with `relays: true`): `toCA` carries US's calls to CA. */
  links?: { toCA: PartnerRelay; toUS: PartnerRelay };
  config: Record<Country, NodeConfig>;
  namespace(country: Country): string;
  taskQueue(country: Country): string;
  /** A Temporal client on a node's namespace with the node's data converter (payload codec). */
  client(country: Country): Promise<Client>;
  /** Connection string of a node's database on the private PostgreSQL. */
  databaseUrl(country: Country): string;
  stop(): Promise<void>;
}

export interface ProcessPairOptions {
  /** Extra variables for both node processes (short timers and the like). */
  extraEnv?: Record<string, string>;
  /** Start the node processes (default true). */
  startNodes?: boolean;
  /** Put a relay (test/support/partner-link.ts) on the partner link in each direction. */
  relays?: boolean;
}

/**
 * Both nodes as OS processes on a private Temporal dev server and a private PostgreSQL, all three
 * restartable. The env is built like `isolatedPairEnv()` (fresh keys, namespaces, databases, ports).
 */
export async function startProcessPair(label: string, opts: ProcessPairOptions = {}): Promise<ProcessPair> {
  const workDir = makeWorkDir(label);
  const pairEnv = await isolatedPairEnv();
  const configs = {
    US: readNodeConfig('US', pairEnv).config,
    CA: readNodeConfig('CA', pairEnv).config,
  };
  const namespaces = [configs.US.temporal.namespace, configs.CA.temporal.namespace];
  const [temporal, postgres] = await Promise.all([
    startPrivateTemporal(workDir, namespaces),
    startPrivatePostgres(workDir),
  ]);
  const links = opts.relays
    ? {
        toCA: await startPartnerRelay(`http://127.0.0.1:${configs.CA.doors.partner.port}`),
        toUS: await startPartnerRelay(`http://127.0.0.1:${configs.US.doors.partner.port}`),
      }
    : undefined;
  const env: Record<string, string> = {
    ...pairEnv,
    TEMPORAL_ADDRESS: temporal.address,
    ...(links ? { US_PARTNER_URL: links.toCA.url, CA_PARTNER_URL: links.toUS.url } : {}),
  };
  const clients: Client[] = [];
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  const processEnv = nodeProcessEnv(env, {
    DATABASE_URL: postgres.serverUrl,
    TEMPORAL_ADDRESS: temporal.address,
    ...(bundle ? { WORKFLOW_BUNDLE_PATH: bundle } : {}),
    ...opts.extraEnv,
  });
  const US = new NodeProcess('US', processEnv, workDir);
  const CA = new NodeProcess('CA', processEnv, workDir);
  const pair: ProcessPair = {
    US,
    CA,
    env,
    temporal,
    postgres,
    workDir,
    links,
    config: configs,
    namespace: (c) => configs[c].temporal.namespace,
    taskQueue: (c) => configs[c].temporal.taskQueue,
    databaseUrl: (c) => databaseUrl(postgres.serverUrl, configs[c].databaseName),
    client: async (c) => {
      const connection = await Connection.connect({ address: temporal.address });
      const client = new Client({
        connection,
        namespace: configs[c].temporal.namespace,
        dataConverter: dataConverterFor(configs[c], env),
      });
      clients.push(client);
      return client;
    },
    stop: async () => {
      await Promise.all([US.stop(), CA.stop()]);
      for (const client of clients) await client.connection.close().catch(() => undefined);
      await links?.toCA.close();
      await links?.toUS.close();
      await temporal.close().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
      removeWorkDir(workDir);
    },
  };
  if (opts.startNodes !== false) {
    try {
      await Promise.all([US.start(), CA.start()]);
    } catch (err) {
      await pair.stop();
      throw err;
    }
  }
  return pair;
}

/**
 * Fails, by id, the activity attempts a killed worker process had started, so Temporal retries them
 * now instead of after their start-to-close timeout (minutes for the exchange's activities, which
 * set no heartbeat timeout). This stands in for the heartbeat timeout the activities do not have; it
 * only touches attempts whose last worker identity is the dead process (`<pid>@<host>`).
 */
export async function failOverDeadWorker(client: Client, deadPid: number, workflowTypes: string[]): Promise<number> {
  let failed = 0;
  const types = workflowTypes.map((t) => `"${t}"`).join(', ');
  for await (const wf of client.workflow.list({ query: `ExecutionStatus="Running" AND WorkflowType IN (${types})` })) {
    const described = await client.workflow.getHandle(wf.workflowId, wf.runId).describe();
    for (const activity of described.raw.pendingActivities ?? []) {
      const started = String(activity.state) === '2' || String(activity.state).endsWith('STARTED');
      if (!started || !activity.lastWorkerIdentity?.startsWith(`${deadPid}@`) || !activity.activityId) continue;
      try {
        await client.activity.fail(
          { workflowId: wf.workflowId, runId: wf.runId, activityId: activity.activityId },
          new Error(`worker process ${deadPid} was killed; attempt failed over`),
        );
        failed++;
      } catch {
        // Completed or timed out meanwhile: nothing to fail over.
      }
    }
  }
  return failed;
}
