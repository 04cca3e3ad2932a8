// `npm run bench -- --records N [--temporal dev|server] [--concurrency C] [--max-cached-workflows W]
// [--node-heap-mb H] [--ceiling-records M] [--ports-in-flight P]` (default 200,000 per direction): the
// peak-day benchmark.
// Starts its own Temporal (the dev server in memory, or with `--temporal server` the real server
// built under .tools/temporal-server, on the bench's PostgreSQL) and embedded PostgreSQL in a temp
// dir, runs each node as its own OS process (the launcher's NodeProcess, as `npm start` does) and samples each
// node process's RSS, captures simulated traffic through the HTTP capture API, runs every window's
// cycle both ways (transmit, acknowledge, ingest, reconcile, stay signals), then measures the
// ceilings at the same count and concurrency, and checks the counts against both nodes' databases
// (every captured record stored, every sent record received). Progress on stderr; ONE JSON line on stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { createProgress } from '../src/cli/progress';
import { partnerOf, readNodeConfig, readTemporalMode, type Country, type NodeConfig } from '../src/config';
import { localTemporalBinaries, startLocalTemporal, type LocalTemporal } from '../src/launcher/local-temporal';
import { DEFAULT_NODE_HEAP_MB, NodeProcess } from '../src/launcher/node-process';
import { databaseUrl } from '../src/db/pool';
import { daysBetween, runExchangeCycle } from '../src/exchange/cycle-client';
import { generateNodeKeys, nodeKeyEnv } from '../src/config/keys';
import { freePort } from '../src/net/ports';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/postgres/embedded';
import { simulateCrossings, type SimulatedEntry } from '../src/simulator/generate';
import { DEFAULT_PORTS_IN_FLIGHT, postEntries } from '../src/simulator/post';
import { ensureNamespace } from '../src/temporal/connection';
import { dataConverterFor } from '../src/temporal/data-converter';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { writeWorkflowBundle } from '../src/temporal/workflow-bundle';
import { freeDoorEnv } from '../test/support/nodes';
import { makeWorkDir, nodeProcessEnv, removeWorkDir } from '../test/support/processes';
import { measureSqlCeiling } from './sql-ceiling';
import { measureTemporalCeiling } from './temporal-ceiling';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
}

function optionalArg(name: string): number | undefined {
  return process.argv.includes(name) ? arg(name, 0) : undefined;
}

const COUNTRIES: Country[] = ['US', 'CA'];

/** One reconciliation's stay-signalling phase, from the node's `exits reconciled` log line. */
interface SignalPhase {
  startMs: number;
  ms: number;
  signalled: number;
}

/** The node log's JSON entries with this message. */
function logEntries<T>(logFile: string, message: string): T[] {
  const entries: T[] = [];
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes(`"${message}"`)) continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      /* not a log line of ours */
    }
  }
  return entries;
}

function signalPhases(logFile: string): SignalPhase[] {
  return logEntries<{ signalStartedAt?: string; signalMs?: number; signalled?: number }>(logFile, 'exits reconciled')
    .filter((entry) => entry.signalStartedAt && entry.signalMs !== undefined)
    .map((entry) => ({
      startMs: Date.parse(entry.signalStartedAt!),
      ms: entry.signalMs!,
      signalled: entry.signalled ?? 0,
    }));
}

/** Stays a node started during capture, and how many of them eagerly, from its `stays started` log lines. */
function stayStarts(logFile: string): { started: number; eager: number } {
  return logEntries<{ started?: number; eager?: number }>(logFile, 'stays started').reduce<{
    started: number;
    eager: number;
  }>((sum, entry) => ({ started: sum.started + (entry.started ?? 0), eager: sum.eager + (entry.eager ?? 0) }), {
    started: 0,
    eager: 0,
  });
}

/** Seconds during which at least one node was signalling stays (overlapping phases counted once). */
function unionSeconds(phases: SignalPhase[]): number {
  let total = 0;
  let end = -Infinity;
  for (const p of [...phases].sort((a, b) => a.startMs - b.startMs)) {
    const pEnd = p.startMs + p.ms;
    if (pEnd <= end) continue;
    total += pEnd - Math.max(p.startMs, end);
    end = pEnd;
  }
  return total / 1000;
}
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const records = arg('--records', 200_000);
  const concurrency = arg('--concurrency', 32);
  // Ports of one node posting at once (each port its own request), as independent ports do.
  const portsInFlight = arg('--ports-in-flight', DEFAULT_PORTS_IN_FLIGHT);
  const maxCachedWorkflows = optionalArg('--max-cached-workflows');
  // V8's old-space limit for each node process (Node's --max-old-space-size), as an operator sets it
  // through NODE_OPTIONS; unset, V8 sizes the heap from the machine's memory and collects lazily.
  const nodeHeapMb = optionalArg('--node-heap-mb');
  // The Temporal ceiling is a rate: at a peak day's count it would add half an hour of no-op workflows
  // to the run, so a big run may measure it on fewer (the SQL ceiling always runs at the full count).
  const ceilingRecords = Math.min(optionalArg('--ceiling-records') ?? records, records);
  const temporalFlag = process.argv.indexOf('--temporal');
  const mode = readTemporalMode(
    temporalFlag >= 0 ? { ...process.env, TEMPORAL_MODE: process.argv[temporalFlag + 1] } : process.env,
  );
  if (mode.problems.length > 0) throw new Error(mode.problems.join('; '));
  const binaries = localTemporalBinaries(mode.config, process.env);
  const workDir = makeWorkDir('entry-exit-bench');
  installTemporalRuntime();
  const rssMax: Record<Country | 'bench', number> = { US: 0, CA: 0, bench: 0 };
  const nodes: Partial<Record<Country, NodeProcess>> = {};
  const sampleRss = () => {
    rssMax.bench = Math.max(rssMax.bench, process.memoryUsage.rss());
    for (const country of COUNTRIES) rssMax[country] = Math.max(rssMax[country], nodes[country]?.rssBytes() ?? 0);
  };
  const sampler = setInterval(sampleRss, 250);
  let postgres: EmbeddedPostgres | undefined;
  let temporal: LocalTemporal | undefined;
  let connection: Connection | undefined;
  const loadAtStart = os.loadavg();
  let cleaned: Promise<void> | undefined;
  let failed = false;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      clearInterval(sampler);
      clearInterval(memoryReport);
      for (const node of Object.values(nodes)) await node?.stop().catch(() => undefined);
      await connection?.close().catch(() => undefined);
      await temporal?.stop().catch(() => undefined);
      await postgres?.stop().catch(() => undefined);
      // A failed run keeps the nodes' and Temporal's logs: they say why.
      if (failed) process.stderr.write(`bench: logs kept in ${workDir}\n`);
      else removeWorkDir(workDir);
    })());
  // Every minute, each node's resident memory and the load: a long run shows a trend, not only its end.
  const memoryReport = setInterval(() => {
    const mb = (c: Country) => Math.round((nodes[c]?.rssBytes() ?? 0) / 2 ** 20);
    if (mb('US') === 0 && mb('CA') === 0) return; // not started yet, or stopped for the ceilings
    process.stderr.write(`bench: node RSS US ${mb('US')} MB, CA ${mb('CA')} MB; load ${os.loadavg()[0].toFixed(1)}\n`);
  }, 60_000);
  // Interrupted (Ctrl-C, a kill): stop what the bench started, so no node, Temporal server or
  // PostgreSQL outlives it. The signal often comes twice (tsx passes it on to this process as well),
  // so every one is handled and the first starts the clean-up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (cleaned) return;
      process.stderr.write(`bench: ${signal}: stopping the nodes, Temporal and PostgreSQL\n`);
      failed = true; // an interrupted run keeps its logs too
      // Work in flight fails as its connections close (a client call retrying on a closed channel
      // throws from a timer): that must not cut the clean-up short and leave PostgreSQL running.
      const noted = (err: unknown) =>
        process.stderr.write(`bench: after ${signal}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.on('uncaughtException', noted);
      process.on('unhandledRejection', noted);
      void cleanUp().finally(() => process.exit(130));
    });
  try {
    process.stderr.write('bench: starting PostgreSQL and Temporal, bundling workflows\n');
    postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'postgres'), port: await freePort() });
    const pg = postgres;
    const temporalStart = process.hrtime.bigint();
    temporal = await startLocalTemporal(binaries, {
      port: await freePort(),
      // The bare-start ceiling runs on `default`, which the real server does not create by itself.
      namespaces: ['bench-us', 'bench-ca', 'default'],
      dataDir: path.join(workDir, 'temporal'),
      logDir: workDir,
      databaseServerUrl: async () => pg.serverUrl,
    });
    const temporalStartS = Number(process.hrtime.bigint() - temporalStart) / 1e9;
    const bundle = await writeWorkflowBundle(path.join(workDir, 'workflow-bundle.js'));
    const keys = { US: generateNodeKeys('US'), CA: generateNodeKeys('CA') };
    const env: Record<string, string> = { TEMPORAL_ADDRESS: temporal.address };
    for (const country of COUNTRIES) {
      const partner = partnerOf(country);
      const lower = country.toLowerCase();
      Object.assign(env, nodeKeyEnv(country, keys[country], keys[partner], `${partner.toLowerCase()}-1`), {
        [`${country}_TEMPORAL_NAMESPACE`]: `bench-${lower}`,
        [`${country}_DATABASE_NAME`]: `bench_${lower}`,
        ...(await freeDoorEnv(country)),
        // The bench measures the node, not the per-port request budget of a real deployment.
        [`${country}_CAPTURE_RATE_LIMIT`]: '10000000',
        ...(maxCachedWorkflows !== undefined
          ? { [`${country}_MAX_CACHED_WORKFLOWS`]: String(maxCachedWorkflows) }
          : {}),
      });
    }
    connection = await Connection.connect({ address: temporal.address });
    const configs = Object.fromEntries(
      COUNTRIES.map((country) => {
        const { config, problems } = readNodeConfig(country, env);
        if (problems.length) throw new Error(problems.join('; '));
        return [country, config];
      }),
    ) as Record<Country, NodeConfig>;
    for (const country of COUNTRIES) await ensureNamespace(connection, configs[country].temporal.namespace, 1);
    // Each node is its own process, exactly as `npm start` runs it; its log goes to a file in workDir.
    const processEnv = nodeProcessEnv(env, {
      DATABASE_URL: postgres.serverUrl,
      WORKFLOW_BUNDLE_PATH: bundle,
      LOG_FILE: '',
    });
    process.stderr.write('bench: starting the US and CA node processes\n');
    for (const country of COUNTRIES)
      nodes[country] = new NodeProcess(country, processEnv, workDir, { heapMb: nodeHeapMb });
    await Promise.all(COUNTRIES.map((country) => nodes[country]!.start()));
    const client = (country: Country) =>
      new Client({
        connection,
        namespace: configs[country].temporal.namespace,
        dataConverter: dataConverterFor(configs[country], env),
      });
    const temporalClients = { US: client('US'), CA: client('CA') };
    const target = (c: Country) => ({ url: nodes[c]!.urls!.capture, portTokens: configs[c].portTokens });

    // Capture: simulated crossings through the HTTP capture API until each side has N records; the
    // two nodes are posted to at once (one request in flight per node), as two countries' ports would.
    const started = process.hrtime.bigint();
    const captured: Record<Country, number> = { US: 0, CA: 0 };
    const days = new Set<string>();
    const capture = createProgress('capture', 2 * records);
    const buffers: Record<Country, SimulatedEntry[]> = { US: [], CA: [] };
    const inFlight: Record<Country, Promise<void>> = { US: Promise.resolve(), CA: Promise.resolve() };
    const flush = async (c: Country) => {
      await inFlight[c];
      const batch = buffers[c];
      buffers[c] = [];
      if (batch.length === 0) return;
      inFlight[c] = postEntries(target(c), batch, undefined, portsInFlight).then(() => capture.tick(batch.length));
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
    await Promise.all(COUNTRIES.map(flush));
    await Promise.all(COUNTRIES.map((c) => inFlight[c]));
    capture.done();
    const captureS = Number(process.hrtime.bigint() - started) / 1e9;

    // The cycles, window by window, both directions at once.
    const sorted = [...days].sort();
    const windows = daysBetween(sorted[0], sorted[sorted.length - 1]);
    const cycles = createProgress('cycles', windows.length * 2);
    const sent: Record<Country, number> = { US: 0, CA: 0 };
    for (const window of windows) {
      await Promise.all(
        COUNTRIES.map(async (from) => {
          const result = await runExchangeCycle(temporalClients[from], configs[from], {
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
    sampleRss();

    // What the ingest did, from the nodes' own tables.
    let matched = 0;
    let byMatcher = 0;
    let review = 0;
    let signalled = 0;
    const stored: Record<Country, { entries: number; exits: number; stays: number; watched: number }> = {
      US: { entries: 0, exits: 0, stays: 0, watched: 0 },
      CA: { entries: 0, exits: 0, stays: 0, watched: 0 },
    };
    for (const country of COUNTRIES) {
      const pool = new Pool({
        connectionString: databaseUrl(postgres.serverUrl, configs[country].databaseName),
        max: 1,
      });
      const { rows } = await pool.query<{ matched: string; by_matcher: string; signalled: string; review: string }>(
        `SELECT count(*) AS matched, count(*) FILTER (WHERE method = 'matcher') AS by_matcher,
                count(stay_signalled_at) AS signalled, (SELECT count(*) FROM match_review) AS review
           FROM matches`,
      );
      const counts = await pool.query<{ entries: string; exits: string; stays: string; watched: string }>(
        `SELECT (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM exits) AS exits,
                (SELECT count(*) FROM stays) AS stays, (SELECT count(*) FROM entries WHERE has_stay) AS watched`,
      );
      stored[country] = {
        entries: Number(counts.rows[0].entries),
        exits: Number(counts.rows[0].exits),
        stays: Number(counts.rows[0].stays),
        watched: Number(counts.rows[0].watched),
      };
      await pool.end();
      matched += Number(rows[0].matched);
      byMatcher += Number(rows[0].by_matcher);
      review += Number(rows[0].review);
      signalled += Number(rows[0].signalled);
    }
    // Nothing lost: every captured record is stored where it was captured, every sent one at the partner.
    const lost = COUNTRIES.flatMap((c) => [
      ...(stored[c].entries !== captured[c]
        ? [`${c} stored ${stored[c].entries} entries of ${captured[c]} captured`]
        : []),
      ...(stored[partnerOf(c)].exits !== sent[c]
        ? [`${partnerOf(c)} stored ${stored[partnerOf(c)].exits} exits of ${sent[c]} sent by ${c}`]
        : []),
      // Every entry marked as watched has its stay recorded (a stay started but never recorded, or the
      // reverse, would be a traveller silently unwatched).
      ...(stored[c].stays < stored[c].watched
        ? [`${c} has ${stored[c].watched} watched entries but ${stored[c].stays} stays`]
        : []),
    ]);
    if (lost.length > 0) throw new Error(`counts do not add up: ${lost.join('; ')}`);
    await Promise.all(COUNTRIES.map((country) => nodes[country]!.stop()));
    // The signalling phases the reconcile activities timed (both nodes; overlaps counted once).
    const phases = COUNTRIES.flatMap((country) => signalPhases(nodes[country]!.logFile));
    const signalS = unionSeconds(phases);
    const staysSignalledInPhases = phases.reduce((sum, p) => sum + p.signalled, 0);
    const starts = COUNTRIES.map((country) => stayStarts(nodes[country]!.logFile)).reduce((a, b) => ({
      started: a.started + b.started,
      eager: a.eager + b.eager,
    }));

    // The two ceilings, same machine, same count and concurrency.
    process.stderr.write('bench: measuring the PostgreSQL ceiling\n');
    const sql = await measureSqlCeiling({ databaseUrl: postgres.serverUrl, records });
    process.stderr.write('bench: measuring the Temporal ceiling\n');
    const bare = await measureTemporalCeiling({
      address: temporal.address,
      namespace: 'default',
      count: ceilingRecords,
      concurrency,
    });

    const totalRecords = captured.US + captured.CA;
    const recordsPerS = totalRecords / wallS;
    // Stays signalled per second of signalling (the timed phases), not of the cycles around them.
    const staysPerS = signalS > 0 ? staysSignalledInPhases / signalS : 0;
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    process.stdout.write(
      `${JSON.stringify({
        records,
        temporal: temporal.kind,
        temporal_start_s: round(temporalStartS, 2),
        wall_s: round(wallS),
        records_per_s: Math.round(recordsPerS),
        stays_signalled_per_s: Math.round(staysPerS),
        sql_ceiling_records_per_s: sql.sql_ceiling_records_per_s,
        temporal_ceiling_per_s: bare.temporal_ceiling_per_s,
        ratio_vs_sql: round(recordsPerS / sql.sql_ceiling_records_per_s, 5),
        ratio_vs_temporal: round(staysPerS / bare.temporal_ceiling_per_s, 3),
        temporal_signal_ceiling_per_s: bare.signal_ceiling_per_s,
        ratio_vs_signal_ceiling: round(staysPerS / bare.signal_ceiling_per_s, 3),
        // Stay starts during capture against starting no-op workflows on the same server: what a
        // visitor costs beyond a bare start (the capture request, admission, the stays row).
        stays_started: starts.started,
        stays_started_eagerly: starts.eager,
        stays_started_per_s: Math.round(starts.started / captureS),
        temporal_start_ceiling_per_s: bare.start_ceiling_per_s,
        temporal_eager_start_ceiling_per_s: bare.eager_start_ceiling_per_s,
        ceiling_eagerly_started: bare.eagerly_started,
        ratio_starts_vs_eager_start_ceiling: round(starts.started / captureS / bare.eager_start_ceiling_per_s, 3),
        worker_rss_mb_max: mb(Math.max(rssMax.US, rssMax.CA)),
        node_rss_mb_max: { US: mb(rssMax.US), CA: mb(rssMax.CA) },
        bench_rss_mb_max: mb(rssMax.bench),
        max_cached_workflows: configs.US.maxCachedWorkflows,
        node_heap_mb: nodeHeapMb ?? DEFAULT_NODE_HEAP_MB,
        temporal_ceiling_records: ceilingRecords,
        ports_in_flight: portsInFlight,
        capture_s: round(captureS),
        capture_records_per_s: Math.round(totalRecords / captureS),
        signal_s: round(signalS, 2),
        signal_phases: phases.length,
        captured,
        sent,
        stored,
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
          load_avg_start: loadAtStart.map((x) => round(x, 2)),
          load_avg_end: os.loadavg().map((x) => round(x, 2)),
        },
      })}\n`,
    );
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    process.stderr.write(`bench: ${err.message}${cause ? ` (cause: ${cause.code ?? cause.message})` : ''}\n`);
    process.exit(1);
  },
);
