// Where the Temporal SDK runtime exports its worker metrics (Prometheus text, Temporal's standard
// metric names). A local port only: the node's operator /metrics serves them behind the operator
// credential. TEMPORAL_METRICS_BIND=host:port fixes it; `off` turns the SDK's export off.
import { freePort } from '../net/ports';
import { processEnvironment, temporalMetricsBindSetting, type Env } from '../config/environment';

export async function temporalMetricsBindAddress(env: Env = processEnvironment()): Promise<string | undefined> {
  const configured = temporalMetricsBindSetting(env);
  if (configured === 'off') return undefined;
  if (configured) return configured;
  return `127.0.0.1:${await freePort()}`;
}
