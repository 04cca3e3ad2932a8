// What `npm start` does once both nodes are up: prove each namespace works with a health workflow,
// then set up the demo's schedules and traffic. Each capability adds its step here.
import { COUNTRIES, type Country, type NodeConfig } from '../config';
import { healthCheck } from '../../workflows/health';
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
  say(line: string): void;
}

export async function afterNodesStarted(demo: DemoContext): Promise<DemoHandle> {
  const stops: Array<() => Promise<void>> = [];
  const rows: Array<[string, string]> = [];
  for (const country of COUNTRIES) {
    const config = {
      ...demo.nodes[country],
      temporal: { ...demo.nodes[country].temporal, address: demo.env.TEMPORAL_ADDRESS },
    };
    const connection = await connectClient(config.temporal);
    stops.push(() => connection.close());
    const client = clientFor(connection, config.temporal, { dataConverter: dataConverterFor(config) });
    const workflowId = `health-${country.toLowerCase()}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const result = await client.workflow.execute(healthCheck, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      workflowExecutionTimeout: '1 minute',
    });
    demo.say(
      `health workflow ${workflowId} in ${config.temporal.namespace}: ok (database time ${result.report.databaseTime})`,
    );
  }
  return {
    rows,
    stop: async () => {
      for (const stop of stops) await stop().catch(() => undefined);
    },
  };
}
