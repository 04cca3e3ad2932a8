// The Temporal SDK's own logs (worker state changes and the like) go through our logger at WARN by
// default, so a node's output stays readable. TEMPORAL_LOG_LEVEL=INFO shows more.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

let installed = false;

export function installTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  const level = (process.env.TEMPORAL_LOG_LEVEL?.toUpperCase() as LogLevel) || 'WARN';
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Already installed in this process (a test environment did it first); keep that one.
  }
}
