// The local Temporal dev server `npm start` runs: the `temporal` CLI's `server start-dev`, persisted
// to a SQLite file under .data/, with both nodes' namespaces and the project's search attributes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeArgs } from './search-attributes';

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** undefined: headless (no UI). */
  uiPort?: number;
  /** The SQLite file it persists to; undefined keeps everything in memory. */
  dbFile?: string;
  namespaces: string[];
  logFile: string;
  codecEndpoint?: string;
  logLevel?: 'warn' | 'error';
  /**
   * Its own process group, so a terminal's Ctrl-C (sent to the whole foreground group) does not stop
   * the server while the workers are still draining against it; the owner stops it last.
   */
  ownProcessGroup?: boolean;
}

export async function waitForTemporal(
  address: string,
  timeoutMs: number,
  isDead: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = isDead();
    if (dead) throw new Error(dead);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    ...(opts.uiPort !== undefined ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...(opts.dbFile !== undefined ? ['--db-filename', opts.dbFile] : []),
    '--log-level',
    opts.logLevel ?? 'warn',
    ...opts.namespaces.flatMap((ns) => ['--namespace', ns]),
    ...devServerSearchAttributeArgs(),
    ...(opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
  ];
  const log = fs.openSync(opts.logFile, 'a');
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', log, log], detached: opts.ownProcessGroup ?? false });
  const address = `127.0.0.1:${opts.port}`;
  const tail = () => {
    try {
      return fs.readFileSync(opts.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  };
  try {
    await waitForTemporal(address, 60_000, () =>
      child.exitCode !== null
        ? `the Temporal dev server exited (code ${child.exitCode}); its log (${opts.logFile}) ends:\n${tail()}`
        : undefined,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    uiUrl: opts.uiPort !== undefined ? `http://localhost:${opts.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child, 15_000).finally(() => fs.closeSync(log)),
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
