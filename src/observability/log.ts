// Structured logs: one JSON object per line. Messages name ids and counts, never personal data;
// the privacy suite reads these lines to prove it. LOG_FILE copies them to a file as well.
import fs from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let fileStream: fs.WriteStream | undefined;
const extraSinks = new Set<(line: string) => void>();

/** Tests subscribe to every log line written in this process. */
export function addLogSink(sink: (line: string) => void): () => void {
  extraSinks.add(sink);
  return () => extraSinks.delete(sink);
}

export function createLogger(
  base: Record<string, unknown> = {},
  level: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info',
): Logger {
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...base, ...fields });
    if (process.env.LOG_FILE) {
      fileStream ??= fs.createWriteStream(process.env.LOG_FILE, { flags: 'a' });
      fileStream.write(line + '\n');
    }
    for (const sink of extraSinks) sink(line);
    if (process.env.LOG_SILENT !== '1')
      (lvl === 'error' || lvl === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, level),
  };
}
