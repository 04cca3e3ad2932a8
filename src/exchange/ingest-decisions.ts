// What ingest does with each record of a partner's batch, decided without the database: first the
// record on its own (valid, from a partner port, once in the batch), then against the version of the
// same id already stored (new, a correction, a repeat, or a conflicting resend). Pure, so every rule
// is tested in milliseconds (test/unit/ingest-decisions.test.ts); the activity only stores the verdicts.
import type { Country } from '../config';
import { contentHash } from '../record/content-hash';
import { PORTS } from '../record/ports';
import { parseExchangeRecord, type ExchangeRecord } from '../record/schema';

/** One record's verdict, in the acknowledgement's terms. */
export interface RecordVerdict {
  position: number;
  id: string | null;
  version: number | null;
  status: 'accepted' | 'rejected';
  reason: string | null;
}

/** A record that passed the checks on its own, with its content hash. */
export interface ScreenedRecord {
  position: number;
  version: number;
  record: ExchangeRecord;
  hash: string;
}

/** The stored version of an exit, as far as a verdict needs it. */
export interface StoredExitVersion {
  id: string;
  version: number;
  content_hash: string;
}

/**
 * Checks each record on its own: the agreed schema, a port of the sending country (the partner's
 * records are entries at its own ports), and one occurrence of each id per batch.
 */
export function screenBatchRecords(
  items: Array<{ version: number; record: unknown }>,
  own: Country,
  partner: Country,
): { rejected: RecordVerdict[]; valid: ScreenedRecord[] } {
  const rejected: RecordVerdict[] = [];
  const valid: ScreenedRecord[] = [];
  const seen = new Set<string>();
  items.forEach((item, position) => {
    const parsed = parseExchangeRecord(item.record);
    const rawId = (item.record as { id?: unknown } | null)?.id;
    // The id is echoed in the acknowledgement only when it is one the sender could have meant.
    const id = parsed.ok ? parsed.value.id : typeof rawId === 'string' && rawId.length <= 64 ? rawId : null;
    const reject = (reason: string) =>
      rejected.push({ position, id, version: item.version, status: 'rejected', reason });
    if (!parsed.ok) return reject(parsed.problems.join('; '));
    const record = parsed.value;
    if (PORTS.get(record.port_of_entry)!.country !== partner)
      return reject(`port_of_entry is a ${own} port; records from ${partner} must be entries at ${partner} ports`);
    if (seen.has(record.id)) return reject('id appears twice in this batch; send each record once');
    seen.add(record.id);
    valid.push({ position, version: item.version, record, hash: contentHash(record) });
  });
  return { rejected, valid };
}

/**
 * Judges each valid record against the stored version of its id: new ids are inserted, higher
 * versions are corrections, the same record again (or an older, superseded version) is accepted and
 * changes nothing, and the same version with other content is refused.
 */
export function judgeAgainstStored(
  valid: ScreenedRecord[],
  stored: StoredExitVersion[],
): { verdicts: RecordVerdict[]; inserts: ScreenedRecord[]; corrections: ScreenedRecord[] } {
  const existing = new Map(stored.map((k) => [k.id, k]));
  const verdicts: RecordVerdict[] = [];
  const inserts: ScreenedRecord[] = [];
  const corrections: ScreenedRecord[] = [];
  for (const v of valid) {
    const before = existing.get(v.record.id);
    const verdict = (status: RecordVerdict['status'], reason: string | null = null) =>
      verdicts.push({ position: v.position, id: v.record.id, version: v.version, status, reason });
    if (!before) {
      inserts.push(v);
      verdict('accepted');
    } else if (v.version > before.version) {
      corrections.push(v);
      verdict('accepted');
    } else if (v.version === before.version && v.hash !== before.content_hash) {
      verdict(
        'rejected',
        `version ${v.version} of this id was already received with other content; send the change as a correction with a higher version`,
      );
    } else {
      verdict('accepted'); // the same record again, or an older version already superseded
    }
  }
  return { verdicts, inserts, corrections };
}

/** All verdicts of a batch in record order, and how many were accepted. */
export function verdictsInOrder(...lists: RecordVerdict[][]): { verdicts: RecordVerdict[]; accepted: number } {
  const verdicts = lists.flat().sort((a, b) => a.position - b.position);
  return { verdicts, accepted: verdicts.filter((r) => r.status === 'accepted').length };
}
