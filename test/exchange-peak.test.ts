// A peak-day measurement, run on demand: EXCHANGE_PEAK_RECORDS=200000 npx jest test/exchange-peak.test.ts
// Captures the records on the US node, runs one US->CA cycle in batches of EXCHANGE_BATCH_SIZE
// (5000), and checks that workflow history stays small (ids and counts only). Skipped by default.
import type { Pool } from 'pg';
import { captureEntries } from '../src/capture/capture';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { simulateCrossings, type SimulatedEntry } from '../src/simulator/generate';
import { pairWithPools, type PairWithPools } from './support/nodes';

const RECORDS = Number(process.env.EXCHANGE_PEAK_RECORDS ?? 0);
const maybe = RECORDS > 0 ? describe : describe.skip;

maybe(`peak day: ${RECORDS} records one way`, () => {
  let pair: PairWithPools;
  let ca: Pool;
  beforeAll(async () => {
    pair = await pairWithPools();
    ca = pair.db.CA;
  });
  afterAll(async () => {
    await pair?.stop();
  });

  it('sends them all, with a small history', async () => {
    const day = '2026-11-27';
    let chunk: SimulatedEntry[] = [];
    let captured = 0;
    let firstDocument = '';
    const started = Date.now();
    // Each trip yields one US entry at most on a one-day run; generate until enough US entries.
    for (const { country, entry } of simulateCrossings({ from: day, days: 1, perDay: RECORDS * 2 + 100, seed: 1 })) {
      if (country !== 'US' || captured + chunk.length >= RECORDS) continue;
      entry.entered_at = `${day}T${entry.entered_at.slice(11, 19)}Z`;
      firstDocument ||= entry.document_number;
      chunk.push(entry);
      if (chunk.length === 5000) {
        const r = await captureEntries(pair.US.ctx, chunk);
        if (!r.ok) throw new Error(r.error);
        captured += chunk.length;
        chunk = [];
      }
    }
    if (chunk.length) await captureEntries(pair.US.ctx, chunk);
    captured += chunk.length;
    const capturedMs = Date.now() - started;
    const cycleStart = Date.now();
    const result = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: day,
      options: { batchSize: 5000 },
    });
    const cycleMs = Date.now() - cycleStart;
    expect(result).toMatchObject({ sent: captured, accepted: captured, rejected: 0 });
    expect(Number((await ca.query('SELECT count(*) AS n FROM exits')).rows[0].n)).toBe(captured);
    const history = await pair.US.ctx.temporal.workflow.getHandle(result.workflow_id).fetchHistory();
    const bytes = Buffer.byteLength(JSON.stringify(history));
    process.stderr.write(
      `${JSON.stringify({ records: captured, batches: result.batches, capture_s: capturedMs / 1000, cycle_s: cycleMs / 1000, records_per_s: Math.round(captured / (cycleMs / 1000)), last_run_history_events: history.events?.length, last_run_history_bytes: bytes })}\n`,
    );
    // History grows per batch (ids and counts), never per record, and carries no record data.
    expect(bytes / result.batches).toBeLessThan(20_000);
    expect(JSON.stringify(history)).not.toContain(firstDocument);
  }, 1_800_000);
});
