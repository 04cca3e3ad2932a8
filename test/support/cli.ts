// The CLI as an operator runs it: a real child process with a test pair's environment.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestPair } from './nodes';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'entry-exit.js');

export function cli(
  pair: Pick<TestPair, 'env'>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          ...process.env,
          ...pair.env,
          DATABASE_URL: process.env.DATABASE_URL!,
          LOG_SILENT: '1',
          DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ee-cli-')),
        },
        timeout: 90_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The last line of a command's output, parsed as JSON. */
export const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);
