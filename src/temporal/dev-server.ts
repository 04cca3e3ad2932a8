// The local Temporal dev server `npm start` runs: the `temporal` CLI's `server start-dev`, persisted
// to a SQLite file under .data/, with both nodes' namespaces and the project's search attributes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeArgs } from './search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort: number;
  dbFile: string;
  namespaces: string[];
  logFile: string;
  codecEndpoint?: string;
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
    '--ui-port',
    String(opts.uiPort),
    '--db-filename',
    opts.dbFile,
    '--log-level',
    'warn',
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
    uiUrl: `http://localhost:${opts.uiPort}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(killer);
          fs.closeSync(log);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
