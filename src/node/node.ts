// One node, composed: database (migrated), Temporal client and worker, HTTP service.
// Used by the node process (src/node/main.ts) and by the tests, which run nodes in-process.
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createActivities } from '../../activities';
import { systemClock, type Clock } from '../clock';
import type { NodeConfig } from '../config';
import { migrate } from '../db/migrate';
import { createPool, databaseUrl, ensureDatabase } from '../db/pool';
import { buildHttpServer } from '../http/server';
import { createLogger, type Logger } from '../log';
import { clientFor, connectClient, connectWorker } from '../temporal/connection';
import { dataConverterFor } from '../temporal/data-converter';
import { installTemporalRuntime } from '../temporal/runtime';
import { livenessHeartbeats } from '../temporal/liveness';
import { WORKFLOWS_PATH } from '../temporal/workflow-bundle';
import type { NodeContext } from './context';

export interface StartNodeOptions {
  /** Server URL (no database); the node's database is created on it if missing. */
  serverUrl?: string;
  /** A prebuilt workflow bundle; without it the worker bundles workflows/ itself. */
  workflowBundlePath?: string;
  clock?: Clock;
  log?: Logger;
  /** Start without a worker (a CLI or an HTTP-only process). */
  worker?: boolean;
  http?: boolean;
  workerOptions?: Partial<WorkerOptions>;
}

export interface RunningNode {
  ctx: NodeContext;
  http?: FastifyInstance;
  /** The bound HTTP URL (useful with port 0). */
  url?: string;
  worker?: Worker;
  shutdown(): Promise<void>;
}

export function nodeDatabaseUrl(config: NodeConfig, serverUrl?: string): { url: string; server?: string } {
  if (config.databaseUrl) return { url: config.databaseUrl };
  if (!serverUrl)
    throw new Error(`no database for the ${config.country} node: set ${config.country}_DATABASE_URL or DATABASE_URL`);
  return { url: databaseUrl(serverUrl, config.databaseName), server: serverUrl };
}

export async function startNode(config: NodeConfig, opts: StartNodeOptions = {}): Promise<RunningNode> {
  installTemporalRuntime();
  const log = opts.log ?? createLogger({ node: config.country });
  const { url, server } = nodeDatabaseUrl(config, opts.serverUrl);
  if (server) await ensureDatabase(server, config.databaseName);
  const pool = createPool(url);
  const cleanups: Array<() => Promise<unknown>> = [() => pool.end()];
  const shutdown = async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((err) => log.warn('shutdown step failed', { error: String(err) }));
  };
  try {
    await migrate(pool);
    const connection = await connectClient(config.temporal);
    cleanups.push(() => connection.close());
    const temporal = clientFor(connection, config.temporal, { dataConverter: dataConverterFor(config) });
    const ctx: NodeContext = { config, pool, temporal, clock: opts.clock ?? systemClock, log };
    const running: RunningNode = { ctx, shutdown };

    if (opts.worker !== false) {
      const nativeConnection = await connectWorker(config.temporal);
      cleanups.push(() => nativeConnection.close());
      const worker = await Worker.create({
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        activities: createActivities(ctx),
        ...(opts.workflowBundlePath
          ? { workflowBundle: { codePath: opts.workflowBundlePath } }
          : { workflowsPath: WORKFLOWS_PATH }),
        dataConverter: dataConverterFor(config),
        interceptors: { activity: [livenessHeartbeats()] },
        shutdownGraceTime: '10 seconds',
        maxCachedWorkflows: config.maxCachedWorkflows,
        ...opts.workerOptions,
      });
      const runDone = worker.run();
      running.worker = worker;
      cleanups.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await runDone;
      });
    }

    if (opts.http !== false) {
      const http = buildHttpServer(ctx);
      running.url = await http.listen({ port: config.httpPort, host: config.httpHost });
      running.http = http;
      // Registered last so it runs first: stop taking requests before the worker drains.
      cleanups.push(() => http.close());
    }
    log.info('node started', {
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      http: running.url,
    });
    return running;
  } catch (err) {
    await shutdown();
    throw err;
  }
}
