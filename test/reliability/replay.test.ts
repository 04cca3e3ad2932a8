// Determinism against recorded histories: the fixtures in test/fixtures/histories/ are real histories
// (synthetic travellers) recorded from the fault suite. Replaying them with today's workflow code
// proves that executions started by an older version (a stay runs for months) can still be continued
// by the new one. A failure here means: guard the change with `patched()` (docs/reliability.md).
import { readNodeConfig } from '../../src/config';
import { dataConverterFor } from '../../src/temporal/data-converter';
import { fixtureHistory, readHistoryFixtures, replayAll, type HistoryFixture } from '../support/replay';

const REQUIRED_TYPES = ['healthCheck', 'exchangeCycle', 'ingestBatch', 'stay', 'purgeExpiredRecords'];

describe('recorded workflow histories replay with the current workflow code', () => {
  const fixtures = readHistoryFixtures();

  it('has a fixture of every long-lived workflow type', () => {
    const types = new Set(fixtures.map((f) => f.workflowType));
    for (const type of REQUIRED_TYPES) expect({ type, recorded: types.has(type) }).toEqual({ type, recorded: true });
  });

  it.each(['US', 'CA'] as const)('replays the %s node fixtures without nondeterminism', async (country) => {
    const mine = fixtures.filter((f) => f.country === country);
    expect(mine.length).toBeGreaterThan(0);
    // Fixtures recorded at different times carry different test-only keys: replay each group with its own.
    const byKey = new Map<string, HistoryFixture[]>();
    for (const f of mine) byKey.set(f.payloadKeys, [...(byKey.get(f.payloadKeys) ?? []), f]);
    const replayed: Record<string, number> = {};
    for (const [payloadKeys, group] of byKey) {
      const env = payloadKeys
        ? { [`${country}_PAYLOAD_KEYS`]: payloadKeys }
        : { [`${country}_ALLOW_PLAINTEXT_PAYLOADS`]: 'true' };
      const { config, problems } = readNodeConfig(country, env);
      expect(problems).toEqual([]);
      const summary = await replayAll(
        group.map((f) => ({ workflowId: f.workflowId, workflowType: f.workflowType, history: fixtureHistory(f) })),
        { workflowBundlePath: process.env.TEST_WORKFLOW_BUNDLE!, dataConverter: dataConverterFor(config, env) },
      );
      expect(summary.failures).toEqual([]);
      for (const [type, n] of Object.entries(summary.byType)) replayed[type] = (replayed[type] ?? 0) + n;
    }
    console.log(`replay fixtures ${country}: ${JSON.stringify(replayed)}`);
  });
});
