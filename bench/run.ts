// `npm run bench -- --records N [--concurrency C]` (default 200,000 per direction): the peak-day
// benchmark. Starts its own Temporal dev server (in memory) and embedded PostgreSQL in a temp dir,
// runs both nodes in this process (so `worker_rss_mb_max` is this process's peak RSS: both workers,
// both HTTP servers and the simulator together, an upper bound for one node's worker), captures
// simulated traffic through the HTTP capture API, runs every window's cycle both ways (transmit,
// acknowledge, ingest, reconcile, stay signals), then measures the two ceilings at the same count and
// concurrency. Progress on stderr; ONE JSON line on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import { createProgress } from '../src/cli/progress';
import { partnerOf, readNodeConfig, type Country } from '../src/config';
import { databaseUrl } from '../src/db/pool';
import { daysBetween, runExchangeCycle } from '../src/exchange/cycle-client';
import { generateNodeKeys, nodeKeyEnv } from '../src/keys';
import { createLogger } from '../src/log';
import { freePort } from '../src/net/ports';
import { startNode, type RunningNode } from '../src/node/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/postgres/embedded';
import { simulateCrossings, type SimulatedEntry } from '../src/simulator/generate';
import { postEntries } from '../src/simulator/post';
import { findTemporalCli } from '../src/temporal/binaries';
import { ensureNamespace } from '../src/temporal/connection';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { waitForTemporal } from '../src/temporal/dev-server';
import { devServerSearchAttributeArgs } from '../src/temporal/search-attributes';
import { measureSqlCeiling } from './sql-ceiling';
import { measureTemporalCeiling } from './temporal-ceiling';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
}

const COUNTRIES: Country[] = ['US', 'CA'];
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A Temporal dev server kept in memory (no database file), its output in a log file, not on stdout. */
async function startInMemoryTemporal(workDir: string): Promise<{ address: string; child: ChildProcess }> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('no Temporal CLI found: run `npm run setup` (it installs .tools/temporal)');
  const port = await freePort();
  const log = fs.openSync(path.join(workDir, 'temporal.log'), 'a');
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--log-level',
    'error',
  ];
  const child = spawn(cli, [...args, ...devServerSearchAttributeArgs()], { stdio: ['ignore', log, log] });
  const address = `127.0.0.1:${port}`;
  await waitForTemporal(address, 60_000, () =>
    child.exitCode !== null ? `the Temporal dev server exited (code ${child.exitCode})` : undefined,
  );
  return { address, child };
}

async function main(): Promise<void> {
  const records = arg('--records', 200_000);
  const concurrency = arg('--concurrency', 32);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-exit-bench-'));
  // The nodes' JSON logs go to a file in the temp dir: stdout carries only the result line.
  process.env.LOG_SILENT = '1';
  process.env.LOG_FILE = path.join(workDir, 'nodes.log');
  installTemporalRuntime();
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage.rss())), 250);
  let postgres: EmbeddedPostgres | undefined;
  let temporal: { address: string; child: ChildProcess } | undefined;
  const nodes: Partial<Record<Country, RunningNode>> = {};
  try {
    process.stderr.write('bench: starting PostgreSQL and Temporal\n');
    postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: await freePort() });
    temporal = await startInMemoryTemporal(workDir);
    const keys = { US: generateNodeKeys(), CA: generateNodeKeys() };
    const env: Record<string, string> = { TEMPORAL_ADDRESS: temporal.address };
    for (const country of COUNTRIES) {
      const partner = partnerOf(country);
      const lower = country.toLowerCase();
      Object.assign(env, nodeKeyEnv(country, keys[country], keys[partner], `${partner.toLowerCase()}-1`), {
        [`${country}_TEMPORAL_NAMESPACE`]: `bench-${lower}`,
        [`${country}_DATABASE_NAME`]: `bench_${lower}`,
        [`${country}_HTTP_PORT`]: String(await freePort()),
      });
    }
    const connection = await Connection.connect({ address: temporal.address });
    const configs = Object.fromEntries(
      COUNTRIES.map((country) => {
        const { config, problems } = readNodeConfig(country, env);
        if (problems.length) throw new Error(problems.join('; '));
        return [country, config];
      }),
    ) as Record<Country, ReturnType<typeof readNodeConfig>['config']>;
    for (const country of COUNTRIES) {
      await ensureNamespace(connection, configs[country].temporal.namespace, 1);
      process.stderr.write(`bench: starting the ${country} node (bundling workflows)\n`);
      nodes[country] = await startNode(configs[country], {
        serverUrl: postgres.serverUrl,
        log: createLogger({ node: country }),
      });
    }
    await connection.close();
    const url = (c: Country) => nodes[c]!.url!;

    // Capture: simulated crossings through the HTTP capture API until each side has N records.
    const started = process.hrtime.bigint();
    const captured: Record<Country, number> = { US: 0, CA: 0 };
    const days = new Set<string>();
    const capture = createProgress('capture', 2 * records);
    const buffers: Record<Country, SimulatedEntry[]> = { US: [], CA: [] };
    const flush = async (c: Country) => {
      if (buffers[c].length === 0) return;
      await postEntries(url(c), buffers[c]);
      capture.tick(buffers[c].length);
      buffers[c] = [];
    };
    const perDay = Math.ceil(records / 2);
    // Recent days (ended windows), so stays are open as on a real day, not all overdue.
    const firstDay = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    for (const { country, entry } of simulateCrossings({ from: firstDay, days: 4, perDay, seed: 42 })) {
      if (captured[country] >= records) {
        if (captured.US >= records && captured.CA >= records) break;
        continue;
      }
      captured[country]++;
      days.add(new Date(entry.entered_at).toISOString().slice(0, 10));
      buffers[country].push(entry);
      if (buffers[country].length >= 1000) await flush(country);
    }
    await flush('US');
    await flush('CA');
    capture.done();

    // The cycles, window by window, both directions at once.
    const sorted = [...days].sort();
    const windows = daysBetween(sorted[0], sorted[sorted.length - 1]);
    const cycles = createProgress('cycles', windows.length * 2);
    const sent: Record<Country, number> = { US: 0, CA: 0 };
    for (const window of windows) {
      await Promise.all(
        COUNTRIES.map(async (from) => {
          const result = await runExchangeCycle(nodes[from]!.ctx.temporal, configs[from], {
            from,
            to: partnerOf(from),
            window,
          });
          sent[from] += result.sent;
          cycles.tick();
        }),
      );
    }
    cycles.done();
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;

    // What the ingest did, from the nodes' own tables.
    let matched = 0;
    let byMatcher = 0;
    let review = 0;
    let signalled = 0;
    let firstSignal = Infinity;
    let lastSignal = 0;
    for (const country of COUNTRIES) {
      const pool = new Pool({
        connectionString: databaseUrl(postgres.serverUrl, configs[country].databaseName),
        max: 1,
      });
      const { rows } = await pool.query<{
        matched: string;
        by_matcher: string;
        signalled: string;
        first: Date | null;
        last: Date | null;
        review: string;
      }>(
        `SELECT count(*) AS matched, count(*) FILTER (WHERE method = 'matcher') AS by_matcher,
                count(stay_signalled_at) AS signalled, min(matched_at) AS first, max(stay_signalled_at) AS last,
                (SELECT count(*) FROM match_review) AS review
           FROM matches`,
      );
      await pool.end();
      matched += Number(rows[0].matched);
      byMatcher += Number(rows[0].by_matcher);
      review += Number(rows[0].review);
      signalled += Number(rows[0].signalled);
      if (rows[0].first) firstSignal = Math.min(firstSignal, rows[0].first.getTime());
      if (rows[0].last) lastSignal = Math.max(lastSignal, rows[0].last.getTime());
    }
    for (const country of COUNTRIES) await nodes[country]!.shutdown();
    delete nodes.US;
    delete nodes.CA;

    // The two ceilings, same machine, same count and concurrency.
    process.stderr.write('bench: measuring the PostgreSQL ceiling\n');
    const sql = await measureSqlCeiling({ databaseUrl: postgres.serverUrl, records });
    process.stderr.write('bench: measuring the Temporal ceiling\n');
    const bare = await measureTemporalCeiling({
      address: temporal.address,
      namespace: 'default',
      count: records,
      concurrency,
    });

    const totalRecords = captured.US + captured.CA;
    const recordsPerS = totalRecords / wallS;
    // Stay signalling rate over the span in which signals were sent (first match to last signal).
    const signalSpanS = lastSignal > firstSignal ? (lastSignal - firstSignal) / 1000 : wallS;
    const staysPerS = signalled / signalSpanS;
    process.stdout.write(
      `${JSON.stringify({
        records,
        wall_s: round(wallS),
        records_per_s: Math.round(recordsPerS),
        stays_signalled_per_s: Math.round(staysPerS),
        sql_ceiling_records_per_s: sql.sql_ceiling_records_per_s,
        temporal_ceiling_per_s: bare.temporal_ceiling_per_s,
        ratio_vs_sql: round(recordsPerS / sql.sql_ceiling_records_per_s, 5),
        ratio_vs_temporal: round(staysPerS / bare.temporal_ceiling_per_s, 3),
        worker_rss_mb_max: Math.round(rssMax / 2 ** 20),
        captured,
        sent,
        windows: windows.length,
        matched,
        matched_by_matcher: byMatcher,
        review,
        stays_signalled: signalled,
        machine: {
          cpus: os.cpus().length,
          cpu: os.cpus()[0]?.model,
          mem_gb: round(os.totalmem() / 2 ** 30),
          node: process.version,
        },
      })}\n`,
    );
  } finally {
    clearInterval(sampler);
    for (const node of Object.values(nodes)) await node?.shutdown().catch(() => undefined);
    if (temporal && temporal.child.exitCode === null) {
      const exited = new Promise((resolve) => temporal!.child.once('exit', resolve));
      temporal.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exit(1);
  },
);
