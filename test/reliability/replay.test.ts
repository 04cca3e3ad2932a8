// Determinism against recorded histories: the fixtures in test/fixtures/histories/ are real histories
// (synthetic travellers) recorded from the fault suite. Replaying them with today's workflow code
// proves that executions started by an older version (a stay runs for months) can still be continued
// by the new one. A failure here means: guard the change with `patched()` (docs/reliability.md).
import { readNodeConfig } from '../../src/config';
import { dataConverterFor } from '../../src/temporal/data-converter';
import { fixtureHistory, readHistoryFixtures, replayAll, HISTORY_FIXTURES_DIR } from '../support/replay';
import fs from 'node:fs';
import path from 'node:path';

const REQUIRED_TYPES = ['healthCheck', 'exchangeCycle', 'ingestBatch', 'stay', 'purgeExpiredRecords'];

describe('recorded workflow histories replay with the current workflow code', () => {
  const fixtures = readHistoryFixtures();
  const keysFile = path.join(HISTORY_FIXTURES_DIR, 'keys.json');
  const keys: Record<string, string> = fs.existsSync(keysFile) ? JSON.parse(fs.readFileSync(keysFile, 'utf8')) : {};

  it('has a fixture of every long-lived workflow type', () => {
    const types = new Set(fixtures.map((f) => f.workflowType));
    for (const type of REQUIRED_TYPES) expect({ type, recorded: types.has(type) }).toEqual({ type, recorded: true });
  });

  it.each(['US', 'CA'] as const)('replays the %s node fixtures without nondeterminism', async (country) => {
    const mine = fixtures.filter((f) => f.country === country);
    expect(mine.length).toBeGreaterThan(0);
    // The fixtures' payloads are encrypted with a test-only key kept beside them (keys.json).
    const { config, problems } = readNodeConfig(country, keys);
    expect(problems).toEqual([]);
    const summary = await replayAll(
      mine.map((f) => ({ workflowId: f.workflowId, workflowType: f.workflowType, history: fixtureHistory(f) })),
      { workflowBundlePath: process.env.TEST_WORKFLOW_BUNDLE!, dataConverter: dataConverterFor(config, keys) },
    );
    expect(summary.failures).toEqual([]);
    console.log(`replay fixtures ${country}: ${JSON.stringify(summary.byType)}`);
  });
});
