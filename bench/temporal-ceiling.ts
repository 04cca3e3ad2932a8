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
  // Bundling the workflow takes seconds; it happens before the clock starts.
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: opts.namespace,
    taskQueue,
    workflowsPath: require.resolve('./ceiling-workflow'),
  });
  try {
    return await worker.runUntil(async () => {
      let next = 0;
      const started = process.hrtime.bigint();
      const lane = async () => {
        for (let i = next++; i < opts.count; i = next++) {
          await client.workflow.signalWithStart(ceilingNoop, {
            workflowId: `ceiling-${run}-${i}`,
            taskQueue,
            signal: ceilingSignal,
            signalArgs: [String(i)],
          });
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, lane));
      const signalled = process.hrtime.bigint();
      const seconds = Number(signalled - started) / 1e9;
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
      return {
        count: opts.count,
        concurrency: opts.concurrency,
        signal_with_start_s: Math.round(seconds * 1000) / 1000,
        temporal_ceiling_per_s: Math.round(opts.count / seconds),
        drained_s: drained,
        still_running: running,
      };
    });
  } finally {
    await connection.close();
    await workerConnection.close();
  }
}
