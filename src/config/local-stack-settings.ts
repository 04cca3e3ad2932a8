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
