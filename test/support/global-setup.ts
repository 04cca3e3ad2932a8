// Starts, once for the whole run, a real Temporal dev server (found exactly as `npm start` finds the
// CLI), or with TEMPORAL_MODE=server (`npm run test:server`) the real Temporal server built under
// .tools/temporal-server on the run's PostgreSQL, and a real PostgreSQL, and bundles the workflows. Suites read the addresses from the
// environment; the teardown stops both, so the run leaves no process behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { readTemporalMode } from '../../src/config';
import {
  findTemporalCli,
  findTemporalServerTools,
  MISSING_CLI_HELP,
  MISSING_SERVER_HELP,
} from '../../src/temporal/binaries';
import { startRealServer, type RealServer } from '../../src/temporal/real-server';
import { devServerSearchAttributeArgs } from '../../src/temporal/search-attributes';
import { writeWorkflowBundle } from '../../src/temporal/workflow-bundle';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/postgres/embedded';
import { freePort } from '../../src/net/ports';
import { stopStack } from './global-teardown';

export interface TestStack {
  temporal?: TestWorkflowEnvironment;
  realServer?: RealServer;
  postgres?: EmbeddedPostgres;
  workDir: string;
}

declare global {
  // Shared between global setup and teardown (same context).
  var __ENTRY_EXIT_TEST_STACK__: TestStack | undefined;
}

export default async function globalSetup(): Promise<void> {
  try {
    await startStack();
  } catch (err) {
    // Jest runs no teardown after a failed setup: stop here whatever did start, or a Temporal server
    // and a PostgreSQL would outlive the run.
    await stopStack(globalThis.__ENTRY_EXIT_TEST_STACK__);
    throw err;
  }
}

async function startStack(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-exit-test-'));
  const stack: TestStack = { workDir };
  globalThis.__ENTRY_EXIT_TEST_STACK__ = stack;
  process.env.TEST_WORK_DIR = workDir;
  process.env.LOG_SILENT ??= '1';

  const bundle = writeWorkflowBundle(path.join(workDir, 'workflow-bundle.js'));
  // Awaited below; a failure before that point must not also surface as an unhandled rejection.
  bundle.catch(() => undefined);

  if (!process.env.DATABASE_URL) {
    stack.postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: await freePort() });
    process.env.DATABASE_URL = stack.postgres.serverUrl;
  }
  const mode = readTemporalMode();
  if (mode.problems.length > 0) throw new Error(mode.problems.join('; '));
  if (!process.env.TEMPORAL_ADDRESS && mode.config.mode === 'server') {
    const tools = findTemporalServerTools(mode.config.serverDir);
    if (!tools) throw new Error(`${MISSING_SERVER_HELP} (looked in ${mode.config.serverDir})`);
    const codecPort = await freePort();
    process.env.TEST_CODEC_PORT = String(codecPort);
    stack.realServer = await startRealServer({
      tools,
      databaseServerUrl: process.env.DATABASE_URL!,
      namespaces: ['us-cbp', 'ca-cbsa'],
      workDir: path.join(workDir, 'temporal-server'),
      logDir: workDir,
      uiPort: 0,
      codecEndpoint: `http://127.0.0.1:${codecPort}`,
      retentionDays: 1,
    });
    process.env.TEMPORAL_ADDRESS = stack.realServer.address;
    process.env.TEST_TEMPORAL_UI_URL = stack.realServer.uiUrl!.replace('localhost', '127.0.0.1');
  } else if (!process.env.TEMPORAL_ADDRESS) {
    const cli = findTemporalCli();
    if (!cli && process.env.CI) throw new Error(MISSING_CLI_HELP);
    const uiPort = await freePort();
    // The UI's codec endpoint: test/ui-codec.test.ts serves the codec router there.
    const codecPort = await freePort();
    process.env.TEST_CODEC_PORT = String(codecPort);
    stack.temporal = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
        namespace: 'us-cbp',
        ui: true,
        uiPort,
        extraArgs: [
          '--namespace',
          'ca-cbsa',
          ...devServerSearchAttributeArgs(),
          '--log-level',
          'error',
          '--ui-codec-endpoint',
          `http://127.0.0.1:${codecPort}`,
        ],
      },
    });
    process.env.TEMPORAL_ADDRESS = stack.temporal.address;
    process.env.TEST_TEMPORAL_UI_URL = `http://127.0.0.1:${uiPort}`;
  }

  process.env.TEST_WORKFLOW_BUNDLE = await bundle;
}
