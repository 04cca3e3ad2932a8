// What a collected page of pending entries becomes, decided without the database: which of them may
// leave (the scope rule judged again in code, on the local day at the port), and the batch envelope
// that carries them. Pure (test/unit/collect-decisions.test.ts).
import type { Country } from '../config';
import { localDateAtPort } from '../record/local-day';
import { PORTS } from '../record/ports';
import { toExchangeRecord, type ExchangeRecord } from '../record/schema';
import { isInScope, type ScopePhase } from '../scope/rules';
import { BATCH_FORMAT, type BatchEnvelope } from './batch';

export interface PendingEntryRecord extends Omit<ExchangeRecord, 'entered_at'> {
  entered_at: Date;
  version: number;
}

/** The local day an entry is judged on; a legacy row with a port code the table lacks falls back to its UTC day. */
function localDayOf(r: PendingEntryRecord): string {
  return PORTS.has(r.port_of_entry)
    ? localDateAtPort(r.entered_at.toISOString(), r.port_of_entry)
    : r.entered_at.toISOString().slice(0, 10);
}

/** The same scope rule the SQL applied, again in code: an out-of-scope record must never leave, whatever the SQL says. */
export function dueForExchange<T extends PendingEntryRecord>(rows: T[], phases: readonly ScopePhase[]): T[] {
  return rows.filter((r) => isInScope(r, localDayOf(r), phases));
}

export function batchEnvelope(
  batch: { batchId: string; from: Country; to: Country; window: string; createdAt: Date },
  due: PendingEntryRecord[],
): BatchEnvelope {
  return {
    format: BATCH_FORMAT,
    batch_id: batch.batchId,
    sender: batch.from,
    receiver: batch.to,
    cycle_window: batch.window,
    created_at: batch.createdAt.toISOString(),
    records: due.map((r) => ({
      version: r.version,
      record: toExchangeRecord({ ...r, entered_at: r.entered_at.toISOString() }),
    })),
  };
}
