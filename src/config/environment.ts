// The one place that reads the process environment. Every other module gets its settings from the
// typed readers of src/config/ (or is handed an Env by its caller), so each variable's name, default
// and check are written once, here or beside it in src/config/. test/unit/config-env.test.ts keeps it so.

/** Environment variables by name, as process.env holds them (tests pass their own). */
export type Env = Record<string, string | undefined>;

/** The process's environment: the default of every reader in src/config/. */
export function processEnvironment(): Env {
  return process.env;
}

const trimmed = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

/** LOG_LEVEL (default info), LOG_FILE (a copy of every line) and LOG_SILENT=1 (nothing on stdout/stderr). */
export function readLogSettings(env: Env = processEnvironment()): {
  level?: string;
  file?: string;
  silent: boolean;
} {
  return { level: env.LOG_LEVEL || undefined, file: env.LOG_FILE || undefined, silent: env.LOG_SILENT === '1' };
}

/** TEMPORAL_LOG_LEVEL: the Temporal SDK's own log level, upper case; WARN when unset. */
export function temporalSdkLogLevel(env: Env = processEnvironment()): string {
  return env.TEMPORAL_LOG_LEVEL?.toUpperCase() || 'WARN';
}

/** TEMPORAL_METRICS_BIND=host:port for the SDK's Prometheus export, `off` to turn it off; unset picks a port. */
export function temporalMetricsBindSetting(env: Env = processEnvironment()): string | 'off' | undefined {
  return trimmed(env, 'TEMPORAL_METRICS_BIND');
}

/** TRUST_PROXY=true: a proxy in front of the node terminates TLS and may set X-Forwarded-*. */
export function trustProxy(env: Env = processEnvironment()): boolean {
  return env.TRUST_PROXY === 'true';
}

/** POSTGRES_BIN_DIR: where the PostgreSQL binaries of the embedded server are, when not found by itself. */
export function postgresBinDir(env: Env = processEnvironment()): string | undefined {
  return env.POSTGRES_BIN_DIR || undefined;
}

/** PURGE_HOUR_UTC: the hour (0-23, UTC) the daily purge runs; 3 when unset or not an hour. */
export function purgeHourUtc(env: Env = processEnvironment()): number {
  const hour = Number(env.PURGE_HOUR_UTC ?? 3);
  return Number.isInteger(hour) && hour >= 0 && hour < 24 ? hour : 3;
}

/** `<C>_HISTORY_RETENTION_DAYS`, else HISTORY_RETENTION_DAYS: undefined when unset or not a positive number. */
export function configuredHistoryRetentionDays(country: string, env: Env = processEnvironment()): number | undefined {
  const configured = Number(env[`${country}_HISTORY_RETENTION_DAYS`] ?? env.HISTORY_RETENTION_DAYS);
  return Number.isFinite(configured) && configured > 0 ? configured : undefined;
}

/** `US_ALLOW_PLAINTEXT_PAYLOADS=true` (or the CA_ one): the only way to run a node without payload keys. */
export function plaintextPayloadsAllowedBy(country: string, env: Env = processEnvironment()): boolean {
  return env[`${country}_ALLOW_PLAINTEXT_PAYLOADS`]?.trim().toLowerCase() === 'true';
}

/** RETENTION_WARNING_DAYS: the default look-ahead of `retention warnings`, as the CLI option's text. */
export function retentionWarningDaysSetting(fallback: number, env: Env = processEnvironment()): string {
  return String(env.RETENTION_WARNING_DAYS ?? fallback);
}

/** ENTRY_EXIT_OPERATOR: who runs the CLI, for the audit trail, when the command names nobody. */
export function cliOperatorSetting(env: Env = processEnvironment()): string | undefined {
  return env.ENTRY_EXIT_OPERATOR;
}

/** USER, else `cli`: the default reader named in the audit trail by read-only CLI commands. */
export function cliReaderDefault(env: Env = processEnvironment()): string {
  return env.USER ?? 'cli';
}

/** What `npx entry-exit node` reads besides the node configuration. */
export interface NodeProcessSettings {
  /** NODE_COUNTRY: the node to run when the command line names none. */
  country?: string;
  /** DATABASE_URL: a PostgreSQL server for the node's database (the node's own variable wins). */
  serverUrl?: string;
  /** WORKFLOW_BUNDLE_PATH: a prebuilt workflow bundle, so the worker starts without bundling. */
  workflowBundlePath?: string;
}

export function readNodeProcessSettings(env: Env = processEnvironment()): NodeProcessSettings {
  return { country: env.NODE_COUNTRY, serverUrl: env.DATABASE_URL, workflowBundlePath: env.WORKFLOW_BUNDLE_PATH };
}
