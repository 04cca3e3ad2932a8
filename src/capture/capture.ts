// Entry capture: the records a node's ports send it. A request is all-or-nothing: every record is
// validated first and, if any is wrong, nothing is stored and each problem is reported with the
// record's position. Capture is idempotent on the record id: the same id with the same exchanged
// content is accepted again; the same id with other content is a conflict (use the correction flow).
import type { PoolClient } from 'pg';
import { inferCategory } from '../admission/rules';
import type { Country } from '../config';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { contentHash } from '../record/content-hash';
import { PORTS } from '../record/ports';
import { parseCapturedEntry, type CapturedEntry } from '../record/schema';
import { startStays } from '../stays/start';

/** Most records one capture request takes; the importer sends chunks of this size or less. */
export const MAX_CAPTURE_RECORDS = 5000;

export interface RecordProblem {
  /** Position of the record in the request (0-based). */
  index: number;
  /** The record's id when it had a readable one. */
  id?: string;
  problems: string[];
}

export type CaptureOutcome =
  | { ok: true; stored: number; already: number; storedIds: string[] }
  | { ok: false; status: 400 | 409; error: string; records: RecordProblem[] }
  /** Stored, but Temporal could not start every stay: the same request again finishes them. */
  | { ok: false; status: 503; error: string; records: RecordProblem[]; stored: number; already: number };

export { contentHash };

function readableId(input: unknown): string | undefined {
  const id = (input as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(id) ? id : undefined;
}

/** Validates records captured at `country`'s ports; pure, so the importer reports line numbers without a round trip. */
export function validateCaptured(
  inputs: unknown[],
  country: Country,
): { entries: CapturedEntry[]; problems: RecordProblem[] } {
  const entries: CapturedEntry[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, index) => {
    const parsed = parseCapturedEntry(input);
    if (!parsed.ok) {
      problems.push({ index, id: readableId(input), problems: parsed.problems });
      return;
    }
    const entry = parsed.value;
    const port = PORTS.get(entry.port_of_entry)!;
    const own: string[] = [];
    if (port.country !== country) {
      own.push(
        `port_of_entry is a ${port.country} port; this is the ${country} node, which captures entries at its own ports only`,
      );
    }
    const earlier = seen.get(entry.id);
    if (earlier !== undefined)
      own.push(`id is used twice in this request (also record ${earlier}); each crossing needs its own id`);
    seen.set(entry.id, index);
    if (own.length) problems.push({ index, id: entry.id, problems: own });
    else entries.push(entry);
  });
  return { entries, problems };
}

async function insertEntries(db: PoolClient, country: Country, entries: CapturedEntry[]): Promise<string[]> {
  const col = <K extends keyof CapturedEntry>(k: K) => entries.map((e) => e[k] ?? null);
  // The category from the document and the law where the port sent none (src/admission/rules.ts);
  // local_date and time_zone are set from the port by the database (migration 060).
  const categories = entries.map((e) =>
    inferCategory(country, {
      category: e.category ?? null,
      citizenship: e.citizenship,
      documentType: e.document_type,
      documentIssuer: e.document_issuer,
    }),
  );
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO entries (id, surname, first_name, middle_names, date_of_birth, citizenship, sex, document_type,
                          document_number, document_issuer, port_of_entry, entered_at, category, admit_until, content_hash,
                          category_from, original_admit_until, exempt_group)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
                          $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::date[], $15::text[],
                          $16::text[], $17::date[], $18::text[])
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      col('id'),
      col('surname'),
      col('first_name'),
      col('middle_names'),
      col('date_of_birth'),
      col('citizenship'),
      col('sex'),
      col('document_type'),
      col('document_number'),
      col('document_issuer'),
      col('port_of_entry'),
      col('entered_at'),
      categories.map((c) => c.category),
      col('admit_until'),
      entries.map(contentHash),
      categories.map((c) => c.from),
      col('original_admit_until'),
      col('exempt_group'),
    ],
  );
  return rows.map((r) => r.id);
}

/**
 * Validates and stores captured entries in one transaction, then starts their stays. Returns what was
 * stored, or why nothing was, or (503) that the entries are stored but some stays wait for a retry.
 */
export async function captureEntries(ctx: NodeContext, inputs: unknown[]): Promise<CaptureOutcome> {
  if (inputs.length === 0)
    return {
      ok: false,
      status: 400,
      error: 'no records in the request; send one record, an array, or {"records":[...]}',
      records: [],
    };
  if (inputs.length > MAX_CAPTURE_RECORDS) {
    return {
      ok: false,
      status: 400,
      error: `${inputs.length} records in one request; send at most ${MAX_CAPTURE_RECORDS}`,
      records: [],
    };
  }
  const { entries, problems } = validateCaptured(inputs, ctx.config.country);
  if (problems.length) {
    return {
      ok: false,
      status: 400,
      error: `${problems.length} of ${inputs.length} records are invalid; nothing was stored. Fix them and send the request again`,
      records: problems,
    };
  }
  const stored = await withTransaction(ctx.pool, async (client): Promise<string[] | CaptureOutcome> => {
    // Same-id conflicts are found under lock, so two requests racing on one id cannot both win.
    const ids = entries.map((e) => e.id);
    const { rows: existing } = await client.query<{ id: string; content_hash: string }>(
      'SELECT id, content_hash FROM entries WHERE id = ANY($1::text[]) FOR UPDATE',
      [ids],
    );
    const known = new Map(existing.map((r) => [r.id, r.content_hash]));
    const conflicts: RecordProblem[] = [];
    entries.forEach((entry, index) => {
      const hash = known.get(entry.id);
      if (hash !== undefined && hash !== contentHash(entry)) {
        conflicts.push({
          index,
          id: entry.id,
          problems: [
            'id is already stored with other content; a capture cannot change a record: use the correction flow, which raises its version',
          ],
        });
      }
    });
    // Nothing was written yet: returning ends the transaction with nothing in it.
    if (conflicts.length) {
      return {
        ok: false,
        status: 409,
        error: `${conflicts.length} record id(s) already stored with other content; nothing was stored`,
        records: conflicts,
      };
    }
    return await insertEntries(client, ctx.config.country, entries);
  });
  if (!Array.isArray(stored)) return stored;
  const storedIds = stored;
  const already = entries.length - storedIds.length;
  ctx.log.info('entries captured', { stored: storedIds.length, already });
  // Every entry of the request, not only the new ones: a request sent again after a failed stay start
  // finds its entries stored and must still start their stays (startStays skips those that have one).
  try {
    await startStays(
      ctx,
      entries.map((e) => e.id),
    );
  } catch (err) {
    ctx.log.warn('stays not started: Temporal refused or did not answer; the entries are stored', {
      entries: entries.length,
      error: (err as Error).name,
    });
    return {
      ok: false,
      status: 503,
      error: `the ${entries.length} record(s) are stored, but starting their stays failed (${(err as Error).name}); send the same request again: capture is idempotent and finishes them`,
      records: [],
      stored: storedIds.length,
      already,
    };
  }
  return { ok: true, stored: storedIds.length, already, storedIds };
}

/** The records of a capture request body: one record, an array, or {"records":[...]}. */
export function recordsOfBody(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && 'records' in body) {
    const records = (body as { records: unknown }).records;
    return Array.isArray(records) ? records : undefined;
  }
  if (body && typeof body === 'object') return [body];
  return undefined;
}
