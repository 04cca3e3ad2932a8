// The alert rules (monitoring/alerts.rules.yml): every metric they use is one the node exports, every
// alert has unit tests and a line in docs/observability.md, and, where Prometheus is installed
// (Debian's `prometheus` package, which .ci/run installs), `promtool check rules` accepts the file and
// `promtool test rules` passes the unit tests (monitoring/alerts.test.yml).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readNodeConfig } from '../../src/config';
import type { NodeContext } from '../../src/node/context';
import { metricsOf } from '../../src/observability/metrics';
import { createLogger } from '../../src/observability/log';

const MONITORING = path.join(__dirname, '..', '..', 'monitoring');
const RULES = fs.readFileSync(path.join(MONITORING, 'alerts.rules.yml'), 'utf8');
const RULE_TESTS = fs.readFileSync(path.join(MONITORING, 'alerts.test.yml'), 'utf8');
const DOCS = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'observability.md'), 'utf8');
const DASHBOARD = fs.readFileSync(path.join(MONITORING, 'grafana-dashboard.json'), 'utf8');
const ALERTS = [...RULES.matchAll(/- alert: (\w+)/g)].map((m) => m[1]);

function promtool(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A node context with nothing behind it: the registry is built, never scraped. */
function registryOnly() {
  const { config } = readNodeConfig('US', { US_ALLOW_PLAINTEXT_PAYLOADS: 'true' });
  const ctx = { config, log: createLogger({}, 'error') } as unknown as NodeContext;
  return metricsOf(ctx).registry;
}

describe('alert rules', () => {
  test('the six alerts the operators need are all there', () => {
    expect(ALERTS).toEqual(
      expect.arrayContaining([
        'EntryExitAckOverdue',
        'EntryExitExchangeLagHigh',
        'EntryExitReconciliationRateDrop',
        'EntryExitIntakeRefusalBurst',
        'EntryExitWorkerMissing',
        'EntryExitPurgeDidNotRun',
      ]),
    );
  });

  test('every entry_exit_ metric the rules and the Grafana dashboard use is one the node exports', () => {
    const registry = registryOnly();
    const used = new Set([...`${RULES}\n${DASHBOARD}`.matchAll(/\bentry_exit_[a-z_]+/g)].map((m) => m[0]));
    expect(used.size).toBeGreaterThan(8);
    const base = (name: string) => name.replace(/_(bucket|count|sum)$/, '');
    const missing = [...used].filter(
      (name) => !registry.getSingleMetric(name) && !registry.getSingleMetric(base(name)),
    );
    expect(missing).toEqual([]);
  });

  test('every alert has unit tests and is explained in docs/observability.md', () => {
    for (const alert of ALERTS) {
      expect(RULE_TESTS).toContain(`alertname: ${alert}`);
      expect(DOCS).toContain(alert);
    }
  });

  const tool = promtool();
  if (!tool) {
    // Said plainly in the test output, not skipped in silence.
    test.skip('promtool is not installed: `apt-get install -y prometheus` (Debian) to check and unit-test the rules', () => {});
    return;
  }

  test('promtool check rules accepts the file', () => {
    const out = execFileSync(tool, ['check', 'rules', 'alerts.rules.yml'], { cwd: MONITORING, encoding: 'utf8' });
    expect(out).toContain(`SUCCESS: ${ALERTS.length} rules found`);
  });

  test('promtool test rules passes the unit tests', () => {
    const run = spawnSync(tool, ['test', 'rules', 'alerts.test.yml'], { cwd: MONITORING, encoding: 'utf8' });
    expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });
});
