// Settings of the local stack that `npm start` and the tests bring up when nothing external is
// configured: where its data lives and the ports of the dev server, embedded PostgreSQL and codec.
import path from 'node:path';
import { processEnvironment, type Env } from './environment';
import { Reader } from './reader';

export interface LocalStackConfig {
  dataDir: string;
  devServerPort: number;
  devServerUiPort: number;
  embeddedPostgresPort: number;
  /** The codec router the demo's Temporal UI decodes payloads through. */
  codecPort: number;
  /** Path to the temporal CLI, when not on PATH or in .tools. */
  temporalCliPath?: string;
  databaseUrl?: string;
}

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Settings of the local stack that `npm start` and the tests bring up when nothing external is configured. */
export function readLocalStackConfig(env: Env = processEnvironment()): {
  config: LocalStackConfig;
  problems: string[];
} {
  const r = new Reader(env);
  const config: LocalStackConfig = {
    dataDir: path.resolve(PROJECT_ROOT, r.text('DATA_DIR', '.data')!),
    devServerPort: r.port('TEMPORAL_DEV_PORT', 7233),
    devServerUiPort: r.port('TEMPORAL_UI_PORT', 8233),
    embeddedPostgresPort: r.port('POSTGRES_PORT', 5433),
    codecPort: r.port('CODEC_PORT', 8400),
    temporalCliPath: r.text('TEMPORAL_CLI_PATH'),
    databaseUrl: r.text('DATABASE_URL'),
  };
  if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    r.problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return { config, problems: r.problems };
}

/** Which Temporal the local stack (`npm start`, the tests, the bench) brings up when TEMPORAL_ADDRESS is unset. */
export type TemporalMode = 'dev' | 'server';

export interface TemporalModeConfig {
  /** `dev`: `temporal server start-dev` (default); `server`: the real server built under .tools/temporal-server. */
  mode: TemporalMode;
  /** Where scripts/install-temporal-server.sh put the real server's build (TEMPORAL_SERVER_DIR). */
  serverDir: string;
}

/** TEMPORAL_MODE (`dev` or `server`; a `--temporal` flag sets it) and TEMPORAL_SERVER_DIR. */
export function readTemporalMode(env: Env = processEnvironment()): { config: TemporalModeConfig; problems: string[] } {
  const r = new Reader(env);
  const raw = r.text('TEMPORAL_MODE', 'dev')!;
  if (raw !== 'dev' && raw !== 'server')
    r.problems.push(`TEMPORAL_MODE="${raw}" is neither dev nor server; leave it unset for the dev server`);
  return {
    config: {
      mode: raw === 'server' ? 'server' : 'dev',
      serverDir: path.resolve(PROJECT_ROOT, r.text('TEMPORAL_SERVER_DIR', path.join('.tools', 'temporal-server'))!),
    },
    problems: r.problems,
  };
}
