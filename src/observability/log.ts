// Structured logs: one JSON object per line. Messages name ids and counts, never personal data;
// the privacy suite reads these lines to prove it. LOG_FILE copies them to a file as well.
import fs from 'node:fs';
import { readLogSettings } from '../config/environment';

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
  level: LogLevel = (readLogSettings().level as LogLevel) || 'info',
): Logger {
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...base, ...fields });
    // Read at each line, as before: a test may set LOG_SILENT or LOG_FILE after loggers exist.
    const settings = readLogSettings();
    if (settings.file) {
      fileStream ??= fs.createWriteStream(settings.file, { flags: 'a' });
      fileStream.write(line + '\n');
    }
    for (const sink of extraSinks) sink(line);
    if (!settings.silent) (lvl === 'error' || lvl === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, level),
  };
}
