// What `npm start` does once both nodes are up: prove each namespace works with a health workflow,
// put the exchange and purge schedules in place, serve the codec router the Temporal UI decodes
// through, and trickle simulated traffic so the UI shows life. Each capability adds its step here.
import { COUNTRIES, type Country, type NodeConfig } from '../config';
import { healthCheck } from '../../workflows/health';
import { startCodecRouter } from '../codec/router';
import { observabilityRows } from '../observability/start-rows';
import { ensureExchangeSchedules } from '../exchange/schedules';
import { createLogger } from '../observability/log';
import { ensurePurgeSchedule } from '../retention/schedule';
import { captureTargetOf, runGentleSimulator } from '../simulator/post';
import { clientFor, connectClient } from '../temporal/connection';
import { dataConverterFor } from '../temporal/data-converter';

export interface DemoHandle {
  rows: Array<[string, string]>;
  stop(): Promise<void>;
}

export interface DemoContext {
  env: NodeJS.ProcessEnv;
  nodes: Record<Country, NodeConfig>;
  codecPort: number;
  dataDir: string;
  say(line: string): void;
}

/** The demo's cadence: a cycle every 5 minutes shows exchanges in the UI; the product default is daily. */
export const DEMO_EXCHANGE_INTERVAL = '5m';

export async function afterNodesStarted(demo: DemoContext): Promise<DemoHandle> {
  const stops: Array<() => Promise<void>> = [];
  const rows: Array<[string, string]> = [];
  const operatorUrl = (c: Country) => `http://127.0.0.1:${demo.nodes[c].doors.operator.port}`;
  const scheduleEnv = { ...demo.env, EXCHANGE_INTERVAL: demo.env.EXCHANGE_INTERVAL ?? DEMO_EXCHANGE_INTERVAL };
  const schedules: string[] = [];

  for (const country of COUNTRIES) {
    const config = {
      ...demo.nodes[country],
      temporal: { ...demo.nodes[country].temporal, address: demo.env.TEMPORAL_ADDRESS },
    };
    const connection = await connectClient(config.temporal);
    stops.push(() => connection.close());
    const client = clientFor(connection, config.temporal, { dataConverter: dataConverterFor(config, demo.env) });
    const workflowId = `health-${country.toLowerCase()}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const result = await client.workflow.execute(healthCheck, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      workflowExecutionTimeout: '1 minute',
    });
    demo.say(
      `health workflow ${workflowId} in ${config.temporal.namespace}: ok (database time ${result.report.databaseTime})`,
    );
    schedules.push(await ensureExchangeSchedules(client, config, { env: scheduleEnv }));
    schedules.push((await ensurePurgeSchedule(client, config)).scheduleId);
  }
  rows.push([
    'Schedules',
    `${schedules.join(', ')}  (exchange every ${scheduleEnv.EXCHANGE_INTERVAL}; Schedules page of the UI)`,
  ]);

  const router = await startCodecRouter({
    port: demo.codecPort,
    routes: Object.fromEntries(COUNTRIES.map((c) => [demo.nodes[c].temporal.namespace, `${operatorUrl(c)}/codec`])),
    log: createLogger({ component: 'codec-router' }),
  });
  stops.push(() => router.close());
  rows.push([
    'Codec server',
    `http://localhost:${demo.codecPort}  (sign in at /login with an operator's token from ${demo.dataDir}/keys.json)`,
  ]);
  rows.push(
    ...observabilityRows(
      COUNTRIES.map((c) => [c, operatorUrl(c)]),
      demo.dataDir,
    ),
  );

  if (demo.env.DEMO_TRAFFIC !== 'off') {
    const traffic = new AbortController();
    const running = runGentleSimulator({
      // Each simulated port posts with its own generated credential.
      targets: { US: captureTargetOf(demo.nodes.US), CA: captureTargetOf(demo.nodes.CA) },
      signal: traffic.signal,
      onError: (err) => demo.say(`simulator: ${err.message}`),
    });
    stops.unshift(async () => {
      traffic.abort();
      await running.catch(() => undefined);
    });
    rows.push(['Simulated traffic', 'a few crossings every 5 s through both capture APIs (DEMO_TRAFFIC=off stops it)']);
  }

  return {
    rows,
    stop: async () => {
      for (const stop of stops) await stop().catch(() => undefined);
    },
  };
}
