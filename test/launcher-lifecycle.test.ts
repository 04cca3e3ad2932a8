// `npm start` end to end: up, Ctrl-C (sent to the whole process group, as a terminal does), and a
// second start that finds the first one's data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort as freeLowPort } from '../src/net/ports';

const root = path.resolve(__dirname, '..');

// Every port of the stack distinct: handed out once each.
const handedOut: number[] = [];
async function freePort(): Promise<number> {
  const port = await freeLowPort(handedOut);
  handedOut.push(port);
  return port;
}

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(env: Record<string, string>): Launch {
  // Its own process group, so the test can signal the group the way a terminal's Ctrl-C does.
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), 'src/launcher/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function countEntries(dataDir: string): Promise<number> {
  const stack = JSON.parse(fs.readFileSync(path.join(dataDir, 'stack.json'), 'utf8')) as { postgresServerUrl: string };
  const client = new Client({ connectionString: `${stack.postgresServerUrl}/entry_exit_us` });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM entries')).rows[0].n);
  } finally {
    await client.end();
  }
}

async function ctrlC(run: Launch): Promise<number | null> {
  process.kill(-run.child.pid!, 'SIGINT');
  return run.exited;
}

describe('npm start, end to end', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-lifecycle-'));
  const runs: Launch[] = [];
  afterAll(() => {
    for (const run of runs) if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops cleanly on Ctrl-C, servers last, and resumes with the data kept', async () => {
    const env = {
      DATA_DIR: dataDir,
      ...Object.fromEntries(
        await Promise.all(
          ['US', 'CA'].flatMap((c) =>
            ['CAPTURE', 'PARTNER', 'OPERATOR'].map(async (door) => [`${c}_${door}_PORT`, String(await freePort())]),
          ),
        ),
      ),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      POSTGRES_PORT: String(await freePort()),
      CODEC_PORT: String(await freePort()),
    };
    const first = launch(env);
    runs.push(first);
    await waitFor('the first start', () => (/entry-exit is up/.test(first.output()) ? true : undefined));
    // The demo traffic captures a few crossings every few seconds.
    const captured = await waitFor('demo traffic', async () => {
      const n = await countEntries(dataDir);
      return n > 0 ? n : undefined;
    });
    expect(await ctrlC(first)).toBe(0);
    expect(first.output()).toMatch(/Ctrl-C: stopping nodes, PostgreSQL and Temporal/);
    expect(first.output()).toMatch(/stopped\.\n?$/);
    // The servers outlive the nodes' drain: no node lost its database under it.
    expect(first.output()).not.toMatch(/connection lost|terminating connection/);
    expect(fs.existsSync(path.join(dataDir, 'stack.json'))).toBe(false);

    const second = launch(env);
    runs.push(second);
    await waitFor('the second start', () => (/entry-exit is up/.test(second.output()) ? true : undefined));
    expect(await countEntries(dataDir)).toBeGreaterThanOrEqual(captured);
    expect(await ctrlC(second)).toBe(0);
    expect(second.output()).not.toMatch(/connection lost|terminating connection/);
  }, 300_000);
});
