// The exchange's windows and the ids derived from direction and window, which make cycles and
// batches recognisable. Apart from the message schemas (batch.ts) because workflows import it: the
// workflow bundle evaluates its modules once per workflow, and a schema library there is paid by
// every stay started.
import type { Country } from '../config';

export const BATCH_FORMAT = 'entry-exit-batch/1';
export const ACK_FORMAT = 'entry-exit-ack/1';
/** Most records one batch may carry; EXCHANGE_BATCH_SIZE is capped by it. */
export const MAX_BATCH_RECORDS = 10000;
export const DEFAULT_BATCH_SIZE = 5000;

export type DirectionLabel = 'US-CA' | 'CA-US';

export function directionLabel(from: Country, to: Country): DirectionLabel {
  if (from === to) throw new Error(`a direction needs two different countries, got ${from} to ${to}`);
  return `${from}-${to}` as DirectionLabel;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SUB_DAILY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export interface CycleWindow {
  /** 2026-11-27 for a daily window, 2026-11-27T10:05 (UTC start) for a shorter one. */
  label: string;
  start: string;
  end: string;
}

/** A daily window (YYYY-MM-DD, UTC) or a sub-daily one (YYYY-MM-DDTHH:MM, UTC start, with its length). */
export function parseWindow(label: string, intervalMs = 24 * 3600 * 1000): CycleWindow {
  if (DAY.test(label)) {
    const start = new Date(`${label}T00:00:00Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== label)
      throw new Error(`window ${label} is not a real date`);
    return { label, start: start.toISOString(), end: new Date(start.getTime() + 24 * 3600 * 1000).toISOString() };
  }
  if (SUB_DAILY.test(label)) {
    const start = new Date(`${label}:00Z`);
    if (Number.isNaN(start.getTime())) throw new Error(`window ${label} is not a real time`);
    return { label, start: start.toISOString(), end: new Date(start.getTime() + intervalMs).toISOString() };
  }
  throw new Error(`window "${label}" must be a day YYYY-MM-DD or a UTC start time YYYY-MM-DDTHH:MM`);
}

/** The window a scheduled cycle covers: the day before a daily run, the interval before a shorter one. */
export function windowEndingAt(end: Date, intervalMs: number): CycleWindow {
  if (intervalMs >= 24 * 3600 * 1000) {
    const day = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()) - 24 * 3600 * 1000);
    return parseWindow(day.toISOString().slice(0, 10));
  }
  const startMs = Math.floor((end.getTime() - intervalMs) / 60000) * 60000;
  return parseWindow(new Date(startMs).toISOString().slice(0, 16), intervalMs);
}

/** exchange-US-CA-2026-11-27: one cycle per direction and window, never two at once. */
export function cycleWorkflowId(direction: DirectionLabel, window: string): string {
  return `exchange-${direction}-${window.replace(':', '')}`;
}

/** US-CA-2026-11-27-0003: the direction, window and sequence; the same batch keeps its id when sent again. */
export function batchIdFor(direction: DirectionLabel, window: string, seq: number): string {
  return `${direction}-${window.replace(':', '')}-${String(seq).padStart(4, '0')}`;
}

export function ingestWorkflowId(batchId: string): string {
  return `ingest-${batchId}`;
}
