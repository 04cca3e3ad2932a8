// The Temporal SDK's own logs (worker state changes and the like) go through our logger at WARN by
// default, so a node's output stays readable. TEMPORAL_LOG_LEVEL=INFO shows more.
// With a metrics address, the SDK also exports its worker metrics (Temporal's standard names) in
// Prometheus format there; the node's operator /metrics serves them with its own (src/observability).
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { temporalSdkLogLevel } from '../config/environment';

let installed = false;
let metricsAddress: string | undefined;

export function installTemporalRuntime(opts: { metricsBindAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  const level = temporalSdkLogLevel() as LogLevel;
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      ...(opts.metricsBindAddress
        ? { telemetryOptions: { metrics: { prometheus: { bindAddress: opts.metricsBindAddress } } } }
        : {}),
    });
    metricsAddress = opts.metricsBindAddress;
  } catch {
    // Already installed in this process (a test environment did it first); keep that one.
  }
}

/** Where this process's SDK metrics are exported (host:port), if they are. */
export function temporalMetricsAddress(): string | undefined {
  return metricsAddress;
}
