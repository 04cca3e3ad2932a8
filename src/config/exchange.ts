// How a node runs its exchange cycles, from the environment. Each variable may be prefixed with the
// node's country (US_EXCHANGE_INTERVAL) to differ per node; the unprefixed one applies to both.
import type { Country } from './country';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_RECORDS } from '../exchange/batch';
import { DAY_MS } from '../calendar';
import { processEnvironment, type Env } from './environment';

export interface ExchangeSettings {
  /** Window length in ms: one day (the default) or a shorter interval such as 5 minutes. */
  intervalMs: number;
  /** For the daily cycle: the local time it runs (HH:MM) and the time zone that time is in. */
  dailyAt: { hour: number; minute: number };
  timeZone: string;
  batchSize: number;
  ackTimeoutMs: number;
  ackOverdueAfter: number;
}

const DEFAULT_TIME_ZONE: Record<Country, string> = { US: 'America/New_York', CA: 'America/Toronto' };

/** '5m', '30s', '2h', '1d', '10 minutes', or plain milliseconds. */
export function parseDurationMs(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor =
    unit === 'ms'
      ? 1
      : unit.startsWith('s')
        ? 1000
        : unit.startsWith('m')
          ? 60_000
          : unit.startsWith('h')
            ? 3_600_000
            : DAY_MS;
  return Math.round(Number(m[1]) * factor);
}

export function readExchangeSettings(
  country: Country,
  env: Env = processEnvironment(),
): { settings: ExchangeSettings; problems: string[] } {
  const problems: string[] = [];
  const get = (name: string) => (env[`${country}_${name}`] ?? env[name])?.trim() || undefined;
  const duration = (name: string, fallback: number, min: number) => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const ms = parseDurationMs(raw);
    if (ms === undefined || ms < min) {
      problems.push(`${name}="${raw}" is not a duration of at least ${min / 1000}s; write it like 5m, 30s, 1h or 1d`);
      return fallback;
    }
    return ms;
  };
  const intervalMs = duration('EXCHANGE_INTERVAL', DAY_MS, 60_000);
  if (intervalMs < DAY_MS && DAY_MS % intervalMs !== 0)
    problems.push('EXCHANGE_INTERVAL must divide a day evenly (1m, 5m, 15m, 1h, ...) so windows line up day after day');
  if (intervalMs > DAY_MS) problems.push('EXCHANGE_INTERVAL cannot be longer than 1d');
  const at = get('EXCHANGE_DAILY_AT') ?? '02:00';
  const atMatch = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!atMatch) problems.push(`EXCHANGE_DAILY_AT="${at}" is not a time HH:MM (24-hour)`);
  const timeZone = get('EXCHANGE_TIMEZONE') ?? DEFAULT_TIME_ZONE[country];
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`EXCHANGE_TIMEZONE="${timeZone}" is not an IANA time zone such as America/Toronto`);
  }
  const batchRaw = get('EXCHANGE_BATCH_SIZE');
  const batchSize = batchRaw === undefined ? DEFAULT_BATCH_SIZE : Number(batchRaw);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_RECORDS) {
    problems.push(`EXCHANGE_BATCH_SIZE="${batchRaw}" must be a whole number from 1 to ${MAX_BATCH_RECORDS}`);
  }
  const overdueRaw = get('EXCHANGE_ACK_OVERDUE_AFTER');
  const ackOverdueAfter = overdueRaw === undefined ? 3 : Number(overdueRaw);
  if (!Number.isInteger(ackOverdueAfter) || ackOverdueAfter < 1)
    problems.push(`EXCHANGE_ACK_OVERDUE_AFTER="${overdueRaw}" must be a whole number of sends, 1 or more`);
  return {
    settings: {
      intervalMs,
      dailyAt: { hour: atMatch ? Number(atMatch[1]) : 2, minute: atMatch ? Number(atMatch[2]) : 0 },
      timeZone,
      batchSize:
        Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_BATCH_RECORDS
          ? batchSize
          : DEFAULT_BATCH_SIZE,
      ackTimeoutMs: duration('EXCHANGE_ACK_TIMEOUT', 10 * 60_000, 1000),
      ackOverdueAfter: Number.isInteger(ackOverdueAfter) && ackOverdueAfter >= 1 ? ackOverdueAfter : 3,
    },
    problems,
  };
}

/** The cycle options a node's settings give (what the schedule and the CLI pass to the workflow). */
export function cycleOptionsFrom(settings: ExchangeSettings): {
  batchSize: number;
  ackTimeout: number;
  ackOverdueAfter: number;
} {
  return {
    batchSize: settings.batchSize,
    ackTimeout: settings.ackTimeoutMs,
    ackOverdueAfter: settings.ackOverdueAfter,
  };
}
