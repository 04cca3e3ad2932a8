import crypto from 'node:crypto';
import { EXCHANGED_FIELDS, type CapturedEntry, type ExchangeRecord } from './schema';

/**
 * sha-256 over the exchanged elements in their agreed order: equal content, equal hash. Capture
 * uses it for idempotency, intake for a re-sent record, correction for the amended row.
 */
export function contentHash(record: ExchangeRecord | CapturedEntry): string {
  const canonical = EXCHANGED_FIELDS.map((field) => record[field] ?? '');
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
