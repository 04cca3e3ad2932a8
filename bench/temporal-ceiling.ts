// The bare Temporal ceiling: signal-with-start of no-op workflows at a given count and concurrency,
// with a worker running them, against whatever server `address` points at (the dev server here).
// Stay signalling in the full cycle is compared with this figure.
import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { ceilingNoop, ceilingSignal } from './ceiling-workflow';

export interface TemporalCeiling {
  count: number;
  concurrency: number;
  signal_with_start_s: number;
  temporal_ceiling_per_s: number;
  /** Seconds until the worker had completed every workflow (visibility count reached zero), or null if it did not within the wait. */
  drained_s: number | null;
  /** Workflows still running when the wait for completion ended. */
  still_running: number;
  /**
   * Plain signals to `count` already running no-op workflows (started beforehand, untimed), at the
   * same concurrency: the like-for-like figure for stay signalling, whose stays already exist.
   */
  signal_ceiling_per_s: number;
  /** Plain starts of no-op workflows that then wait, as a stay waits (the starts of the signal ceiling, timed). */
  start_ceiling_per_s: number;
  /**
   * The same starts asking for eager start on the worker's own connection, as a node starts its
   * stays; `eagerly_started` of them got their first workflow task back with the start.
   */
  eager_start_ceiling_per_s: number;
  eagerly_started: number;
}

/** Runs `task(i)` for i in [0, count) with `concurrency` lanes, each taking the next i when free. */
async function inLanes(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async () => {
    for (let i = next++; i < count; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * `temporal_ceiling_per_s` is the rate of accepted signal-with-start calls (what stay signalling is
 * compared with); completion by the worker is reported apart, waited for at most `drainTimeoutMs`.
 */
export async function measureTemporalCeiling(opts: {
  address: string;
  namespace: string;
  count: number;
  concurrency: number;
  drainTimeoutMs?: number;
}): Promise<TemporalCeiling> {
  installTemporalRuntime();
  const run = crypto.randomBytes(4).toString('hex');
  const taskQueue = `ceiling-${run}`;
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({ connection, namespace: opts.namespace });
  const workerConnection = await NativeConnection.connect({ address: opts.address });
  const eagerClient = new Client({ connection: workerConnection, namespace: opts.namespace });
  // Bundling the workflow takes seconds; it happens before the clock starts.
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: opts.namespace,
    taskQueue,
    workflowsPath: require.resolve('./ceiling-workflow'),
  });
  try {
    return await worker.runUntil(async () => {
      const started = process.hrtime.bigint();
      const seconds = await inLanes(opts.count, opts.concurrency, (i) =>
        client.workflow.signalWithStart(ceilingNoop, {
          workflowId: `ceiling-${run}-${i}`,
          taskQueue,
          signal: ceilingSignal,
          signalArgs: [String(i)],
        }),
      );
      let drained: number | null = null;
      let running = opts.count;
      const deadline = Date.now() + (opts.drainTimeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        running = (await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count;
        if (running === 0) {
          drained = Math.round(Number(process.hrtime.bigint() - started) / 1e6) / 1000;
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      // Plain signals to running workflows: start them all first (timed as the plain start ceiling),
      // then signal each.
      const startSeconds = await inLanes(opts.count, opts.concurrency, (i) =>
        client.workflow.start(ceilingNoop, { workflowId: `ceiling-${run}-s${i}`, taskQueue }),
      );
      // Like an open stay, each waits idle for its signal: wait until the last one started has run its
      // first workflow task (the queue is served in order), so the signals do not race the starts.
      const lastId = `ceiling-${run}-s${opts.count - 1}`;
      const idleBy = Date.now() + 60_000;
      while (Date.now() < idleBy) {
        const history = await client.workflow.getHandle(lastId).fetchHistory();
        if (history.events?.some((e) => e.workflowTaskCompletedEventAttributes)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const signalSeconds = await inLanes(opts.count, opts.concurrency, (i) =>
        client.workflow.getHandle(`ceiling-${run}-s${i}`).signal(ceilingSignal, String(i)),
      );
      // Eager starts, on the worker's own connection: the first workflow task comes back with the start.
      let eagerlyStarted = 0;
      const eagerSeconds = await inLanes(opts.count, opts.concurrency, async (i) => {
        const handle = await eagerClient.workflow.start(ceilingNoop, {
          workflowId: `ceiling-${run}-e${i}`,
          taskQueue,
          requestEagerStart: true,
        });
        if (handle.eagerlyStarted) eagerlyStarted += 1;
      });
      return {
        count: opts.count,
        concurrency: opts.concurrency,
        signal_with_start_s: Math.round(seconds * 1000) / 1000,
        temporal_ceiling_per_s: Math.round(opts.count / seconds),
        drained_s: drained,
        still_running: running,
        signal_ceiling_per_s: Math.round(opts.count / signalSeconds),
        start_ceiling_per_s: Math.round(opts.count / startSeconds),
        eager_start_ceiling_per_s: Math.round(opts.count / eagerSeconds),
        eagerly_started: eagerlyStarted,
      };
    });
  } finally {
    await connection.close();
    await workerConnection.close();
  }
}
