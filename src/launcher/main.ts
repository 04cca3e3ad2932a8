// `npm start`: the whole demo on one machine. Brings up the Temporal dev server (unless
// TEMPORAL_ADDRESS), PostgreSQL (unless DATABASE_URL), both nodes as their own processes, and the
// demo's schedules and traffic; prints where each thing is; Ctrl-C stops everything cleanly and a
// second `npm start` resumes with the data kept under .data/.
import fs from 'node:fs';
import path from 'node:path';
import {
  COUNTRIES,
  ConfigError,
  DOORS,
  doorVariable,
  loadConfig,
  readTemporalMode,
  partnerOf,
  type Country,
  type Door,
  type NodeConfig,
} from '../config';
import { assertPortFree, PortTakenError } from '../net/ports';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../postgres/embedded';
import { writeWorkflowBundle } from '../temporal/workflow-bundle';
import { readStackFile, removeStackFile, withLocalStackDefaults, writeStackFile } from '../config/local-stack';
import { afterNodesStarted, type DemoHandle } from './demo';
import { localTemporalBinaries, startLocalTemporal, type LocalTemporal } from './local-temporal';
import { NodeProcess } from './node-process';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`npm start: ${line}\n`);
  process.exit(2);
};

interface Running {
  temporal?: LocalTemporal;
  postgres?: EmbeddedPostgres;
  nodes: Partial<Record<Country, NodeProcess>>;
  demo?: DemoHandle;
}

async function checkPorts(
  nodes: Record<Country, NodeConfig>,
  env: NodeJS.ProcessEnv,
  ports: { dev?: number; ui?: number; pg?: number; codec?: number },
) {
  const checks: Array<[number | undefined, string, string]> = [
    [ports.dev, 'Temporal dev server gRPC', 'TEMPORAL_DEV_PORT'],
    [ports.ui, 'Temporal UI', 'TEMPORAL_UI_PORT'],
    [ports.pg, 'embedded PostgreSQL', 'POSTGRES_PORT (or set DATABASE_URL)'],
    [ports.codec, 'codec server for the Temporal UI', 'CODEC_PORT'],
    ...COUNTRIES.flatMap((c) =>
      DOORS.map((d): [number, string, string] => [
        nodes[c].doors[d].port,
        `${c} node ${d} door`,
        doorVariable(c, d, 'PORT'),
      ]),
    ),
  ];
  const problems: string[] = [];
  for (const [port, what, variable] of checks) {
    if (port === undefined) continue;
    try {
      await assertPortFree(port, what, variable, env.BIND_HOST ?? '127.0.0.1');
    } catch (err) {
      problems.push(err instanceof PortTakenError ? err.message : String(err));
    }
  }
  if (problems.length > 0) fail(problems.join('\nnpm start: '));
}

/** The partner's secrets: a node process is given its own only, never the other node's private keys. */
const PARTNER_SECRETS = ['SIGNING_KEY', 'PAYLOAD_KEYS', 'PORT_TOKENS', 'OPERATORS'];

async function startNodeProcess(country: Country, env: NodeJS.ProcessEnv, logDir: string): Promise<NodeProcess> {
  const own: NodeJS.ProcessEnv = { ...env, LOG_FILE: path.join(logDir, `node-${country.toLowerCase()}.log`) };
  for (const name of PARTNER_SECRETS) delete own[`${partnerOf(country)}_${name}`];
  const prefix = `[${country.toLowerCase()}] `;
  const node = new NodeProcess(country, own, logDir, {
    // Info lines go to the node's log file (LOG_FILE); the terminal shows warnings and errors.
    output: (line, stream) => {
      if (env.VERBOSE === '1' || !/"level":"(debug|info)"/.test(line))
        (stream === 'stdout' ? process.stdout : process.stderr).write(prefix + line + '\n');
    },
  });
  await node.start(120_000);
  return node;
}

function doorUrls(config: NodeConfig): Record<Door, string> {
  return Object.fromEntries(DOORS.map((d) => [d, `http://127.0.0.1:${config.doors[d].port}`])) as Record<Door, string>;
}

async function stopAll(running: Running): Promise<void> {
  await running.demo?.stop().catch(() => undefined);
  await Promise.all(Object.values(running.nodes).map((node) => node?.stop(20_000)));
  // Temporal first: the real server keeps its state in this PostgreSQL.
  await running.temporal?.stop().catch(() => undefined);
  await running.postgres?.stop().catch(() => undefined);
  removeStackFile();
}

async function main(): Promise<void> {
  const existing = readStackFile();
  if (existing)
    fail(
      `another \`npm start\` is running (pid ${existing.pid}); stop it with Ctrl-C first, or set DATA_DIR for a second demo`,
    );

  const env = withLocalStackDefaults(undefined, { stack: { nodes: {}, pid: 0, startedAt: '' } });
  // `npm start -- --temporal server`: the real Temporal server instead of the dev server.
  const flag = process.argv.indexOf('--temporal');
  if (flag >= 0) env.TEMPORAL_MODE = process.argv[flag + 1];
  let config: ReturnType<typeof loadConfig>;
  let temporalMode: ReturnType<typeof readTemporalMode>['config'];
  try {
    config = loadConfig(env);
    const mode = readTemporalMode(env);
    if (mode.problems.length > 0) throw new ConfigError(mode.problems);
    temporalMode = mode.config;
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const { nodes, local } = config!;
  const codecPort = local.codecPort;
  const externalTemporal = Boolean(env.TEMPORAL_ADDRESS);
  const externalDatabase = Boolean(local.databaseUrl);
  let binaries: ReturnType<typeof localTemporalBinaries> = {};
  try {
    if (!externalTemporal) binaries = localTemporalBinaries(temporalMode!, env);
  } catch (err) {
    fail((err as Error).message);
  }
  await checkPorts(nodes, env, {
    dev: externalTemporal ? undefined : local.devServerPort,
    ui: externalTemporal ? undefined : local.devServerUiPort,
    pg: externalDatabase ? undefined : local.embeddedPostgresPort,
    codec: codecPort,
  });

  const logDir = path.join(local.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const running: Running = { nodes: {} };
  let stopping = false;
  const shutdown = (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    say(
      `\n${why}: stopping nodes, PostgreSQL and Temporal (data kept in ${path.relative(process.cwd(), local.dataDir) || '.'})...`,
    );
    void stopAll(running).then(() => {
      say('stopped.');
      process.exit(code);
    });
  };
  // The servers sit in their own process groups (a Ctrl-C reaches only this launcher and the nodes, so
  // the nodes drain against live servers); should the launcher die some other way, take them along.
  process.on('exit', () => {
    const servers: Array<[number | undefined, NodeJS.Signals]> = [
      [running.postgres?.pid(), 'SIGINT'], // PostgreSQL's fast shutdown
      ...(running.temporal?.pids() ?? []).map((pid): [number, NodeJS.Signals] => [pid, 'SIGTERM']),
    ];
    for (const [pid, signal] of servers) {
      try {
        if (pid) process.kill(pid, signal);
      } catch {
        // already stopped
      }
    }
  });
  process.on('SIGINT', () => shutdown('Ctrl-C', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));

  try {
    const steps: Array<Promise<unknown>> = [];
    let databaseReady: (url: string) => void = () => undefined;
    const databaseServerUrl = new Promise<string>((resolve) => (databaseReady = resolve));
    if (externalDatabase) databaseReady(local.databaseUrl!);
    if (!externalDatabase) {
      say('starting PostgreSQL...');
      steps.push(
        startEmbeddedPostgres({
          dataDir: path.join(local.dataDir, 'postgres'),
          port: local.embeddedPostgresPort,
          ownProcessGroup: true,
        }).then((pg) => {
          running.postgres = pg;
          env.DATABASE_URL = pg.serverUrl;
          databaseReady(pg.serverUrl);
          for (const notice of pg.notices) say(notice);
        }),
      );
    }
    if (!externalTemporal) {
      say(
        `starting Temporal ${temporalMode!.mode === 'server' ? 'server (.tools/temporal-server)' : `dev server (${binaries.cli})`}...`,
      );
      steps.push(
        startLocalTemporal(binaries, {
          port: local.devServerPort,
          uiPort: local.devServerUiPort,
          dataDir: local.dataDir,
          devServerDbFile: path.join(local.dataDir, 'temporal.db'),
          namespaces: COUNTRIES.map((c) => nodes[c].temporal.namespace),
          logDir,
          codecEndpoint: `http://localhost:${codecPort}`,
          ownProcessGroup: true,
          databaseServerUrl: () => databaseServerUrl,
        }).then((temporal) => {
          running.temporal = temporal;
          env.TEMPORAL_ADDRESS = temporal.address;
        }),
      );
    }
    say('bundling workflows...');
    steps.push(
      writeWorkflowBundle(path.join(local.dataDir, 'workflow-bundle.js')).then(
        (file) => (env.WORKFLOW_BUNDLE_PATH = file),
      ),
    );
    await Promise.all(steps);

    writeStackFile({
      temporalAddress: env.TEMPORAL_ADDRESS,
      temporalUiUrl: running.temporal?.uiUrl,
      postgresServerUrl: running.postgres?.serverUrl,
      nodes: Object.fromEntries(
        COUNTRIES.map((c) => [c, { urls: doorUrls(nodes[c]), namespace: nodes[c].temporal.namespace }]),
      ),
      pid: process.pid,
      startedAt: new Date().toISOString(),
    });

    say('starting the US and CA nodes...');
    const started = await Promise.all(COUNTRIES.map((c) => startNodeProcess(c, env, logDir)));
    COUNTRIES.forEach((c, i) => {
      running.nodes[c] = started[i];
      started[i].child!.on('exit', (code) => shutdown(`the ${c} node exited (code ${code})`, 1));
    });

    running.demo = await afterNodesStarted({
      env,
      nodes,
      codecPort,
      dataDir: path.relative(process.cwd(), local.dataDir) || '.',
      say,
    });

    const rows: Array<[string, string]> = [
      ...(running.temporal
        ? ([
            [
              'Temporal UI',
              `${running.temporal.uiUrl}  (namespaces ${COUNTRIES.map((c) => nodes[c].temporal.namespace).join(', ')})`,
            ],
            [`Temporal ${running.temporal.kind}`, running.temporal.address],
          ] as Array<[string, string]>)
        : ([['Temporal', `${env.TEMPORAL_ADDRESS} (external)`]] as Array<[string, string]>)),
      [
        'PostgreSQL',
        running.postgres
          ? `127.0.0.1:${running.postgres.port}  (databases ${COUNTRIES.map((c) => nodes[c].databaseName).join(', ')})`
          : 'DATABASE_URL (external)',
      ],
      ...COUNTRIES.map((c): [string, string] => [
        `${c} node (${nodes[c].agency.toUpperCase()})`,
        DOORS.map((d) => `${d} ${doorUrls(nodes[c])[d]}`).join('  '),
      ]),
      ...running.demo.rows,
      [
        'Data and logs',
        `${path.relative(process.cwd(), local.dataDir) || '.'}/  (logs in ${path.relative(process.cwd(), logDir)}/)`,
      ],
    ];
    say('\nentry-exit is up');
    for (const [what, where] of rows) say(`  ${what.padEnd(22)} ${where}`);
    say('\nTry: npx entry-exit --help      Ctrl-C stops everything; `npm start` again resumes with the data kept.');
  } catch (err) {
    process.stderr.write(`npm start: ${(err as Error).message}\n`);
    await stopAll(running);
    process.exit(1);
  }
}

void main();
