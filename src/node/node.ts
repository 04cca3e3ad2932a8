// One node, composed: database (migrated), Temporal client and worker, HTTP service.
// Used by the node process (src/node/main.ts) and by the tests, which run nodes in-process.
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createActivities, type ActivitySeams } from '../../activities';
import { systemClock, type Clock } from './clock';
import { DOORS, type Door, type NodeConfig } from '../config';
import { migrate } from '../db/migrate';
import { createPool, databaseUrl, ensureDatabase } from '../db/pool';
import { buildDoor } from '../http/server';
import { createLogger, type Logger } from '../observability/log';
import { clientFor, connectClient, connectWorker } from '../temporal/connection';
import { dataConverterFor } from '../temporal/data-converter';
import { installTemporalRuntime } from '../temporal/runtime';
import { temporalMetricsBindAddress } from '../observability/temporal-metrics';
import { livenessHeartbeats } from '../temporal/liveness';
import { bundleWorkflows, PREBUILT_WORKFLOW_BUNDLE } from '../temporal/workflow-bundle';
import type { NodeContext } from './context';

/** Cache bound of the main queue's worker: cycles, ingests and purges are few at a time. */
const MAIN_QUEUE_CACHED_WORKFLOWS = 100;

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
  /** Test seams for the activities (a purge crashed at a chosen point); production passes none. */
  activitySeams?: ActivitySeams;
}

export interface RunningNode {
  ctx: NodeContext;
  /** The three listeners: capture, partner, operator. */
  doors?: Record<Door, FastifyInstance>;
  /** Each door's bound URL (useful with port 0). */
  urls?: Record<Door, string>;
  /** The main queue's worker: exchange cycles, ingest, purge, health checks. */
  worker?: Worker;
  /** The stay queue's worker (absent when both queues are configured as one). */
  stayWorker?: Worker;
  shutdown(): Promise<void>;
}

export function nodeDatabaseUrl(config: NodeConfig, serverUrl?: string): { url: string; server?: string } {
  if (config.databaseUrl) return { url: config.databaseUrl };
  if (!serverUrl)
    throw new Error(`no database for the ${config.country} node: set ${config.country}_DATABASE_URL or DATABASE_URL`);
  return { url: databaseUrl(serverUrl, config.databaseName), server: serverUrl };
}

export async function startNode(config: NodeConfig, opts: StartNodeOptions = {}): Promise<RunningNode> {
  installTemporalRuntime({ metricsBindAddress: await temporalMetricsBindAddress() });
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
      // Both workers load one bundle, built once.
      const bundlePath = opts.workflowBundlePath ?? PREBUILT_WORKFLOW_BUNDLE;
      const workflowBundle = bundlePath ? { codePath: bundlePath } : { code: await bundleWorkflows() };
      const activities = createActivities(ctx, opts.activitySeams);
      const runs: Array<{ worker: Worker; done: Promise<void> }> = [];
      // One step drains both workers at once, so the drain takes one grace period, not two.
      cleanups.push(async () => {
        for (const { worker } of runs) if (worker.getState() === 'RUNNING') worker.shutdown();
        await Promise.all(runs.map((r) => r.done));
      });
      const startWorker = async (taskQueue: string, maxCachedWorkflows: number) => {
        const worker = await Worker.create({
          connection: nativeConnection,
          namespace: config.temporal.namespace,
          taskQueue,
          // Every activity on both queues: a workflow's activities run on its own queue, and stays
          // started before the stay queue existed still run on the main one.
          activities,
          workflowBundle,
          dataConverter: dataConverterFor(config),
          interceptors: { activity: [livenessHeartbeats()] },
          shutdownGraceTime: '10 seconds',
          maxCachedWorkflows,
          ...opts.workerOptions,
        });
        runs.push({ worker, done: worker.run() });
        return worker;
      };
      // Two workers, two queues: the stays (one workflow per open stay, thousands started by a busy
      // day's capture) on their own queue, so an exchange cycle's workflow tasks never wait behind a
      // backlog of stay starts. The main queue holds a handful of workflows at a time.
      running.worker = await startWorker(
        config.temporal.taskQueue,
        Math.min(config.maxCachedWorkflows, MAIN_QUEUE_CACHED_WORKFLOWS),
      );
      if (config.temporal.stayTaskQueue !== config.temporal.taskQueue) {
        running.stayWorker = await startWorker(config.temporal.stayTaskQueue, config.maxCachedWorkflows);
      }
      // Eager start needs the client on the connection of the worker that will take the first task.
      ctx.stayStarter = clientFor(nativeConnection, config.temporal, { dataConverter: dataConverterFor(config) });
    }

    if (opts.http !== false) {
      const doors = {} as Record<Door, FastifyInstance>;
      const urls = {} as Record<Door, string>;
      // Registered last so it runs first: stop taking requests before the worker drains.
      cleanups.push(() => Promise.all(Object.values(doors).map((door) => door.close())));
      for (const door of DOORS) {
        doors[door] = await buildDoor(ctx, door);
        urls[door] = await doors[door].listen({ port: config.doors[door].port, host: config.doors[door].host });
      }
      running.doors = doors;
      running.urls = urls;
    }
    log.info('node started', {
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      stayTaskQueue: config.temporal.stayTaskQueue,
      ...running.urls,
    });
    return running;
  } catch (err) {
    await shutdown();
    throw err;
  }
}
