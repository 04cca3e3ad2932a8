// `npm run bench:ceilings -- [--records N] [--concurrency C] [--only sql|temporal]`: measures this machine's two ceilings
// for the full-cycle benchmark and prints one JSON line. Starts what it needs and stops it after:
// an embedded PostgreSQL (or uses DATABASE_URL) and a Temporal dev server (or uses TEMPORAL_ADDRESS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/postgres/embedded';
import { findTemporalCli } from '../src/temporal/binaries';
import { freePort } from '../src/net/ports';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { measureSqlCeiling, type SqlCeiling } from './sql-ceiling';
import { measureTemporalCeiling, type TemporalCeiling } from './temporal-ceiling';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const records = arg('--records', 20000);
  const concurrency = arg('--concurrency', 32);
  installTemporalRuntime(); // before the test environment installs its chattier default
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-exit-ceilings-'));
  let postgres: EmbeddedPostgres | undefined;
  let temporal: TestWorkflowEnvironment | undefined;
  try {
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
    let sql: SqlCeiling | undefined;
    let bare: TemporalCeiling | undefined;
    if (only !== 'temporal') {
      let databaseUrl = process.env.DATABASE_URL;
      if (!databaseUrl) {
        postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: await freePort() });
        databaseUrl = postgres.serverUrl;
      }
      sql = await measureSqlCeiling({ databaseUrl, records });
    }
    if (only !== 'sql') {
      let address = process.env.TEMPORAL_ADDRESS;
      if (!address) {
        const cli = findTemporalCli();
        temporal = await TestWorkflowEnvironment.createLocal({
          server: {
            executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
            namespace: 'default',
            extraArgs: ['--log-level', 'error'],
          },
        });
        address = temporal.address;
      }
      const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
      bare = await measureTemporalCeiling({ address, namespace, count: records, concurrency });
    }
    process.stdout.write(
      `${JSON.stringify({ machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, records, concurrency, sql, temporal: bare, sql_ceiling_records_per_s: sql?.sql_ceiling_records_per_s, temporal_ceiling_per_s: bare?.temporal_ceiling_per_s })}\n`,
    );
  } finally {
    await temporal?.teardown().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench/ceilings: ${err.message}\n`);
    process.exit(1);
  },
);
