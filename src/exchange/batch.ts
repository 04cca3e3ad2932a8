// The exchange's own message formats (no public format exists, so the project defines one in the
// open): a batch of records with their versions, and the acknowledgement with per-record results.
// The window and id helpers are in window.ts (re-exported here).
import { z } from 'zod';

import { ACK_FORMAT, BATCH_FORMAT, MAX_BATCH_RECORDS } from './window';

export * from './window';

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
