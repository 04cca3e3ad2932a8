// The one way the project starts a node as its own OS process: `node --require tsx/cjs
// src/node/main.ts <COUNTRY>`, ready when the node sends its IPC ready message (HTTP listening,
// workers running). `npm start`, the reliability suites and the bench all use this class, so what
// the tests kill and the bench measures is exactly what `npm start` runs.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, type Country, type Door } from '../config';

/**
 * V8's old-space limit for a node process unless NODE_OPTIONS sets one. Unset, V8 sizes the heap from
 * the machine's memory and collects lazily: a node reached 1.09 GB RSS at 20,000 records per
 * direction; with 512 MB of old space and the default workflow cache it stays under 1 GB
 * (docs/performance.md).
 */
export const DEFAULT_NODE_HEAP_MB = 512;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcessOptions {
  /**
   * Where the node's stdout and stderr go: `file` appends them to `logFile` (the tests and the bench);
   * a function receives each line instead (`npm start` prefixes and shows them).
   */
  output?: 'file' | ((line: string, stream: 'stdout' | 'stderr') => void);
  /** Old-space limit in MB (default DEFAULT_NODE_HEAP_MB; ignored when the env's NODE_OPTIONS sets one). */
  heapMb?: number;
  /** A built node (`dist/src/node/main.js` of `npm run build`), run by plain `node` without tsx. */
  builtMain?: string;
  /** The `node` binary to run it with (default: this process's own). */
  nodeBinary?: string;
}

/** The `node` flags for a node process: tsx for TypeScript, and the heap limit unless NODE_OPTIONS has one. */
export function nodeExecArgv(
  env: Record<string, string | undefined>,
  heapMb = DEFAULT_NODE_HEAP_MB,
  built = false,
): string[] {
  const heapSet = /--max-old-space-size/.test(env.NODE_OPTIONS ?? '');
  return [
    ...(built ? [] : ['--require', require.resolve('tsx/cjs')]),
    ...(heapSet ? [] : [`--max-old-space-size=${heapMb}`]),
  ];
}

export class NodeProcess {
  child?: ChildProcess;
  /** Each door's URL once started: capture, partner, operator. */
  urls?: Record<Door, string>;
  /** Every start of this node (restarts included). */
  starts = 0;
  readonly logFile: string;
  private exitPromise?: Promise<ExitStatus>;

  constructor(
    readonly country: Country,
    private readonly env: Record<string, string | undefined>,
    logDir: string,
    private readonly options: NodeProcessOptions = {},
  ) {
    this.logFile = path.join(logDir, `node-${country.toLowerCase()}.log`);
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Forks the node and resolves once it has sent its IPC ready message (HTTP listening, worker running). */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running()) throw new Error(`${this.country} node is already running`);
    const output = this.options.output ?? 'file';
    const out = output === 'file' ? fs.openSync(this.logFile, 'a') : undefined;
    if (out !== undefined) fs.writeSync(out, `--- start ${++this.starts} at ${new Date().toISOString()}\n`);
    else this.starts++;
    const { builtMain } = this.options;
    const child = fork(builtMain ?? path.join(PROJECT_ROOT, 'src', 'node', 'main.ts'), [this.country], {
      execArgv: nodeExecArgv(this.env, this.options.heapMb, builtMain !== undefined),
      execPath: this.options.nodeBinary,
      env: this.env,
      stdio: out !== undefined ? ['ignore', out, out, 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
      cwd: builtMain ? path.dirname(builtMain) : PROJECT_ROOT,
    });
    if (out !== undefined) fs.closeSync(out);
    if (typeof output === 'function') {
      const forward = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) output(line, stream);
      };
      child.stdout!.on('data', forward('stdout'));
      child.stderr!.on('data', forward('stderr'));
    }
    this.child = child;
    this.exitPromise = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal: signal as NodeJS.Signals | null })),
    );
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.country} node did not become ready within ${timeoutMs / 1000}s; see ${this.logFile}`));
      }, timeoutMs);
      child.once('message', (message: { ready?: boolean; urls?: Record<Door, string> }) => {
        clearTimeout(timer);
        if (message?.ready) {
          this.urls = message.urls;
          resolve();
        } else reject(new Error(`${this.country} node sent an unexpected first message`));
      });
      void this.exitPromise!.then((status) => {
        clearTimeout(timer);
        const log = output === 'file' ? `; log ends:\n${this.tail()}` : '; see the lines above';
        reject(
          new Error(`${this.country} node exited during start (code ${status.code}, signal ${status.signal})${log}`),
        );
      });
    });
    await ready;
  }

  /** Sends `signal` and resolves with how the process ended. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    if (!this.child || !this.exitPromise) throw new Error(`${this.country} node was never started`);
    if (this.running()) this.child.kill(signal);
    return this.exitPromise;
  }

  /** Resolves with the exit status, or undefined if the process is still running after `ms`. */
  async exited(ms: number): Promise<ExitStatus | undefined> {
    if (!this.exitPromise) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async restart(): Promise<void> {
    if (this.running()) await this.kill('SIGKILL');
    await this.start();
  }

  /** Graceful stop: SIGTERM, SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<ExitStatus | undefined> {
    if (!this.running()) return undefined;
    this.child!.kill('SIGTERM');
    const status = await this.exited(graceMs);
    return status ?? this.kill('SIGKILL');
  }

  /** Resident set size of the node process in bytes (Linux /proc), or undefined when it is not running. */
  rssBytes(): number | undefined {
    const pid = this.child?.pid;
    if (pid === undefined || !this.running()) return undefined;
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  tail(lines = 20): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}
