// What `npm start` prints about observability: each node's operator metrics and dashboard URLs.
import type { Country } from '../config';

export function observabilityRows(nodeUrls: Array<[Country, string]>, dataDir: string): Array<[string, string]> {
  return [
    [
      'Metrics (Prometheus)',
      `${nodeUrls.map(([, url]) => `${url}/metrics`).join('  ')}  (monitoring/ has alert rules and a Grafana dashboard)`,
    ],
    ['Dashboard', `${nodeUrls.map(([, url]) => `${url}/dashboard`).join('  ')}`],
    [
      '',
      `operator door, reader role or above: send Authorization: Bearer <an operator's token from ${dataDir}/keys.json>`,
    ],
  ];
}
