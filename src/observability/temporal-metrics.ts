// Where the Temporal SDK runtime exports its worker metrics (Prometheus text, Temporal's standard
// metric names). A local port only: the node's operator /metrics serves them behind the operator
// credential. TEMPORAL_METRICS_BIND=host:port fixes it; `off` turns the SDK's export off.
import { freePort } from '../net/ports';

export async function temporalMetricsBindAddress(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const configured = env.TEMPORAL_METRICS_BIND?.trim();
  if (configured === 'off') return undefined;
  if (configured) return configured;
  return `127.0.0.1:${await freePort()}`;
}
