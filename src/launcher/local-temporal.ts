// The local Temporal `npm start` and the bench bring up when TEMPORAL_ADDRESS is unset: the dev server
// (default: a fresh clone needs nothing built) or, with `--temporal server` / TEMPORAL_MODE=server,
// the real server built under .tools/temporal-server (src/temporal/real-server.ts).
import path from 'node:path';
import type { TemporalModeConfig } from '../config';
import {
  findTemporalCli,
  findTemporalServerTools,
  MISSING_CLI_HELP,
  MISSING_SERVER_HELP,
  type TemporalServerTools,
} from '../temporal/binaries';
import { startDevServer } from '../temporal/dev-server';
import { startRealServer } from '../temporal/real-server';

export interface LocalTemporal {
  kind: 'dev server' | 'server';
  address: string;
  uiUrl?: string;
  pids(): number[];
  stop(): Promise<void>;
}

export interface LocalTemporalOptions {
  port: number;
  /** undefined: no UI. */
  uiPort?: number;
  namespaces: string[];
  /** Config, data (the dev server's SQLite file) and logs. */
  dataDir: string;
  logDir: string;
  codecEndpoint?: string;
  ownProcessGroup?: boolean;
  /** The dev server's SQLite file; undefined keeps its state in memory. */
  devServerDbFile?: string;
  /** The real server's PostgreSQL (`postgres://user:password@host:port`); awaited only in server mode. */
  databaseServerUrl: () => Promise<string>;
}

/** Fails early, before anything starts, when the chosen Temporal's executables are missing. */
export function localTemporalBinaries(
  mode: TemporalModeConfig,
  env: NodeJS.ProcessEnv,
): { cli?: string; tools?: TemporalServerTools } {
  if (mode.mode === 'server') {
    const tools = findTemporalServerTools(mode.serverDir);
    if (!tools) throw new Error(`${MISSING_SERVER_HELP} (looked in ${mode.serverDir})`);
    return { tools };
  }
  const cli = findTemporalCli(env);
  if (!cli) throw new Error(MISSING_CLI_HELP);
  return { cli };
}

export async function startLocalTemporal(
  binaries: { cli?: string; tools?: TemporalServerTools },
  opts: LocalTemporalOptions,
): Promise<LocalTemporal> {
  if (binaries.tools) {
    const server = await startRealServer({
      tools: binaries.tools,
      databaseServerUrl: await opts.databaseServerUrl(),
      namespaces: opts.namespaces,
      workDir: opts.dataDir,
      logDir: opts.logDir,
      port: opts.port,
      uiPort: opts.uiPort,
      codecEndpoint: opts.codecEndpoint,
      ownProcessGroup: opts.ownProcessGroup,
    });
    return { kind: 'server', ...server };
  }
  const dev = await startDevServer({
    cliPath: binaries.cli!,
    port: opts.port,
    uiPort: opts.uiPort,
    dbFile: opts.devServerDbFile,
    namespaces: opts.namespaces,
    logFile: path.join(opts.logDir, 'temporal.log'),
    codecEndpoint: opts.codecEndpoint,
    ownProcessGroup: opts.ownProcessGroup,
  });
  return {
    kind: 'dev server',
    address: dev.address,
    uiUrl: dev.uiUrl,
    pids: () => (dev.process.pid !== undefined ? [dev.process.pid] : []),
    stop: dev.stop,
  };
}
