// The exchange's own message formats (no public format exists, so the project defines one in the
// open): a batch of records with their versions, and the acknowledgement with per-record results.
// Also the ids derived from direction and window, which make cycles and batches recognisable.
import { z } from 'zod';
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

const BATCH_ID = /^(US-CA|CA-US)-\d{4}-\d{2}-\d{2}(T\d{4})?-\d{4,}$/;

const country = z.enum(['US', 'CA']);

export const BatchEnvelopeSchema = z
  .object({
    format: z.literal(BATCH_FORMAT, { errorMap: () => ({ message: `must be "${BATCH_FORMAT}"` }) }),
    batch_id: z.string().regex(BATCH_ID, 'must look like US-CA-2026-11-27-0001'),
    sender: country,
    receiver: country,
    cycle_window: z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM'),
    created_at: z.string().datetime({ offset: true, message: 'must be an ISO 8601 time' }),
    records: z
      .array(
        z
          .object({
            version: z.number().int().min(1, 'must be 1 or more'),
            // Each record is checked one by one at ingest, so one bad record is rejected alone.
            record: z.unknown(),
          })
          .strict(),
      )
      .min(1, 'must hold at least one record')
      .max(MAX_BATCH_RECORDS, `must hold at most ${MAX_BATCH_RECORDS} records`),
  })
  .strict();
export type BatchEnvelope = z.infer<typeof BatchEnvelopeSchema>;

export const AckResultSchema = z
  .object({
    position: z.number().int().min(0),
    id: z.string().nullable(),
    version: z.number().int().nullable(),
    status: z.enum(['accepted', 'rejected']),
    reason: z.string().max(2000).optional(),
  })
  .strict();
export type AckResult = z.infer<typeof AckResultSchema>;

export const AckEnvelopeSchema = z
  .object({
    format: z.literal(ACK_FORMAT, { errorMap: () => ({ message: `must be "${ACK_FORMAT}"` }) }),
    batch_id: z.string().regex(BATCH_ID, 'must look like US-CA-2026-11-27-0001'),
    sender: country,
    receiver: country,
    acknowledged_at: z.string().datetime({ offset: true, message: 'must be an ISO 8601 time' }),
    accepted: z.number().int().min(0),
    rejected: z.number().int().min(0),
    results: z.array(AckResultSchema).max(MAX_BATCH_RECORDS),
  })
  .strict();
export type AckEnvelope = z.infer<typeof AckEnvelopeSchema>;

/** Problems of a zod parse as `field message` lines, never echoing values. */
export function envelopeProblems(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => {
    if (i.code === 'unrecognized_keys')
      return `has unexpected field(s) ${i.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`;
    const at = i.path.join('.') || 'body';
    if (i.code === 'invalid_type' && i.received === 'undefined') return `${at} is required`;
    return `${at} ${i.message}`;
  });
}
