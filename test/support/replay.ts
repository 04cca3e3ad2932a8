// Determinism: collect workflow histories from a real Temporal server and replay them against the
// current workflow bundle. A change to workflow code that would break an execution already running
// (stays live for months) makes the replay throw a DeterminismViolationError.
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

export interface CollectedHistory {
  workflowId: string;
  workflowType: string;
  history: temporal.api.history.v1.IHistory;
}

/** Up to `perType` histories of each workflow type in the client's namespace (every type found). */
export async function collectHistories(client: Client, perType = 25): Promise<CollectedHistory[]> {
  const byType = new Map<string, CollectedHistory[]>();
  for await (const info of client.workflow.list()) {
    const list = byType.get(info.type) ?? [];
    if (list.length >= perType) continue;
    byType.set(info.type, list);
    const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
    list.push({ workflowId: info.workflowId, workflowType: info.type, history });
  }
  return [...byType.values()].flat();
}

export interface ReplaySummary {
  /** Histories replayed per workflow type. */
  byType: Record<string, number>;
  failures: string[];
}

/** Replays every history against the bundle; collects each failure with its workflow id. */
export async function replayAll(
  histories: CollectedHistory[],
  opts: { workflowBundlePath: string; dataConverter?: DataConverter },
): Promise<ReplaySummary> {
  const summary: ReplaySummary = { byType: {}, failures: [] };
  const source = histories.map(({ workflowId, history }) => ({ workflowId, history }));
  const results = Worker.runReplayHistories(
    { workflowBundle: { codePath: opts.workflowBundlePath }, dataConverter: opts.dataConverter },
    source,
  );
  const typeOf = new Map(histories.map((h) => [h.workflowId, h.workflowType]));
  for await (const result of results) {
    const type = typeOf.get(result.workflowId) ?? 'unknown';
    summary.byType[type] = (summary.byType[type] ?? 0) + 1;
    if (result.error)
      summary.failures.push(`${type} ${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  return summary;
}

export const HISTORY_FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures', 'histories');

/** A recorded history fixture: synthetic data only; its payloads are encrypted with a test-only key. */
export interface HistoryFixture {
  workflowId: string;
  workflowType: string;
  /** Which node's payload keys encrypted it (see keys.json in the fixture directory). */
  country: 'US' | 'CA';
  recordedAt: string;
  /** The history in Temporal's JSON form (proto3 JSON). */
  history: unknown;
}

/**
 * Writes one fixture per workflow type, plus the test-only payload keys. Of each type it keeps the
 * history with the most events (under 600): the one that went through the most branches (a stay
 * whose timer fired and that got its exit, a cycle that resent a batch).
 */
export function writeHistoryFixtures(
  country: 'US' | 'CA',
  histories: CollectedHistory[],
  payloadKeysEnv: Record<string, string>,
): string[] {
  fs.mkdirSync(HISTORY_FIXTURES_DIR, { recursive: true });
  const written: string[] = [];
  const richest = new Map<string, CollectedHistory>();
  const size = (h: CollectedHistory) => h.history.events?.length ?? 0;
  for (const h of histories) {
    const best = richest.get(h.workflowType);
    if (size(h) < 600 && (!best || size(h) > size(best))) richest.set(h.workflowType, h);
  }
  for (const h of richest.values()) {
    const fixture: HistoryFixture = {
      workflowId: h.workflowId,
      workflowType: h.workflowType,
      country,
      recordedAt: new Date().toISOString(),
      history: temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(h.history), {
        longs: String,
        enums: String,
        bytes: String,
        defaults: false,
      }),
    };
    const file = path.join(HISTORY_FIXTURES_DIR, `${country.toLowerCase()}-${h.workflowType}.json`);
    fs.writeFileSync(file, JSON.stringify(fixture, null, 1) + '\n');
    written.push(file);
  }
  const keysFile = path.join(HISTORY_FIXTURES_DIR, 'keys.json');
  const keys = fs.existsSync(keysFile) ? JSON.parse(fs.readFileSync(keysFile, 'utf8')) : {};
  fs.writeFileSync(keysFile, JSON.stringify({ ...keys, ...payloadKeysEnv }, null, 1) + '\n');
  return written;
}

export function readHistoryFixtures(): HistoryFixture[] {
  if (!fs.existsSync(HISTORY_FIXTURES_DIR)) return [];
  return fs
    .readdirSync(HISTORY_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'keys.json')
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(HISTORY_FIXTURES_DIR, f), 'utf8')) as HistoryFixture);
}

export function fixtureHistory(fixture: HistoryFixture): temporal.api.history.v1.IHistory {
  return temporal.api.history.v1.History.fromObject(fixture.history as Record<string, unknown>);
}
