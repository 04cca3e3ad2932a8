// Ingest: validates each record of a stored inbound batch and stores the accepted ones as exits.
// One transaction; idempotent (running it again gives the same per-record results and changes
// nothing), so a retransmitted batch can be ingested again just to be acknowledged again.
import { partnerOf } from '../src/config';
import { contentHash } from '../src/capture/capture';
import { LEGAL_BASIS, writeAudit } from '../src/db/audit';
import type { NodeContext } from '../src/node/context';
import { observeIngest } from '../src/observability/metrics';
import { PORTS } from '../src/record/ports';
import { parseExchangeRecord, type ExchangeRecord } from '../src/record/schema';

export interface IngestCounts {
  records: number;
  accepted: number;
  rejected: number;
  stored: number;
  corrected: number;
}

interface Result {
  position: number;
  id: string | null;
  version: number | null;
  status: 'accepted' | 'rejected';
  reason: string | null;
}

export function createIngestActivities(ctx: NodeContext) {
  return {
    async storeExits(batchId: string): Promise<IngestCounts> {
      const own = ctx.config.country;
      const partner = partnerOf(own);
      const client = await ctx.pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ records: Array<{ version: number; record: unknown }> | null }>(
          'SELECT records FROM inbound_batches WHERE batch_id = $1 FOR UPDATE',
          [batchId],
        );
        if (!rows[0]) throw new Error(`batch ${batchId} is not stored; intake stores a batch before ingest starts`);
        if (rows[0].records === null) {
          // Ingested and acknowledged before (a retransmission): the results stand, acknowledge again.
          await client.query('COMMIT');
          const { rows: done } = await ctx.pool.query<{ records: string; accepted: string }>(
            "SELECT count(*) AS records, count(*) FILTER (WHERE status = 'accepted') AS accepted FROM inbound_results WHERE batch_id = $1",
            [batchId],
          );
          const records = Number(done[0].records);
          const accepted = Number(done[0].accepted);
          return { records, accepted, rejected: records - accepted, stored: 0, corrected: 0 };
        }
        const items = rows[0].records;
        const results: Result[] = [];
        const valid: Array<{ position: number; version: number; record: ExchangeRecord; hash: string }> = [];
        const seen = new Set<string>();
        items.forEach((item, position) => {
          const parsed = parseExchangeRecord(item.record);
          const rawId = (item.record as { id?: unknown } | null)?.id;
          const id = parsed.ok ? parsed.value.id : typeof rawId === 'string' && rawId.length <= 64 ? rawId : null;
          const reject = (reason: string) =>
            results.push({ position, id, version: item.version, status: 'rejected', reason });
          if (!parsed.ok) return reject(parsed.problems.join('; '));
          const record = parsed.value;
          if (PORTS.get(record.port_of_entry)!.country !== partner) {
            return reject(
              `port_of_entry is a ${own} port; records from ${partner} must be entries at ${partner} ports`,
            );
          }
          if (seen.has(record.id)) return reject('id appears twice in this batch; send each record once');
          seen.add(record.id);
          valid.push({ position, version: item.version, record, hash: contentHash(record) });
        });
        const { rows: known } = await client.query<{ id: string; version: number; content_hash: string }>(
          'SELECT id, version, content_hash FROM exits WHERE id = ANY($1::text[]) FOR UPDATE',
          [valid.map((v) => v.record.id)],
        );
        const existing = new Map(known.map((k) => [k.id, k]));
        const inserts: typeof valid = [];
        const corrections: typeof valid = [];
        for (const v of valid) {
          const before = existing.get(v.record.id);
          const accept = () =>
            results.push({
              position: v.position,
              id: v.record.id,
              version: v.version,
              status: 'accepted',
              reason: null,
            });
          if (!before) {
            inserts.push(v);
            accept();
          } else if (v.version > before.version) {
            corrections.push(v);
            accept();
          } else if (v.version === before.version && v.hash !== before.content_hash) {
            results.push({
              position: v.position,
              id: v.record.id,
              version: v.version,
              status: 'rejected',
              reason: `version ${v.version} of this id was already received with other content; send the change as a correction with a higher version`,
            });
          } else {
            accept(); // the same record again, or an older version already superseded
          }
        }
        const columns = (list: typeof valid) => [
          list.map((v) => v.record.id),
          list.map((v) => v.record.surname),
          list.map((v) => v.record.first_name),
          list.map((v) => v.record.middle_names),
          list.map((v) => v.record.date_of_birth),
          list.map((v) => v.record.citizenship),
          list.map((v) => v.record.sex),
          list.map((v) => v.record.document_type),
          list.map((v) => v.record.document_number),
          list.map((v) => v.record.document_issuer),
          list.map((v) => v.record.port_of_entry),
          list.map((v) => v.record.entered_at),
          list.map((v) => v.hash),
          list.map((v) => v.version),
        ];
        const source = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[],
                               $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::int[])
                        AS r(id, surname, first_name, middle_names, date_of_birth, citizenship, sex, document_type,
                             document_number, document_issuer, port_of_entry, exited_at, content_hash, version)`;
        if (inserts.length) {
          await client.query(
            `INSERT INTO exits (id, surname, first_name, middle_names, date_of_birth, citizenship, sex, document_type,
                                document_number, document_issuer, port_of_entry, exited_at, content_hash, version, batch_id)
             SELECT r.*, $15 FROM ${source} ON CONFLICT (id) DO NOTHING`,
            [...columns(inserts), batchId],
          );
        }
        if (corrections.length) {
          await client.query(
            `UPDATE exits x SET surname = r.surname, first_name = r.first_name, middle_names = r.middle_names,
                    date_of_birth = r.date_of_birth, citizenship = r.citizenship, sex = r.sex, document_type = r.document_type,
                    document_number = r.document_number, document_issuer = r.document_issuer, port_of_entry = r.port_of_entry,
                    exited_at = r.exited_at, content_hash = r.content_hash, version = r.version, batch_id = $15
             FROM ${source} WHERE x.id = r.id AND x.version < r.version`,
            [...columns(corrections), batchId],
          );
          // A corrected exit is reconciled afresh: its old match may no longer hold.
          await client.query('DELETE FROM matches WHERE exit_id = ANY($1::text[])', [
            corrections.map((c) => c.record.id),
          ]);
          // The partner's correction is audited here too (ids and versions, never values).
          await writeAudit(client, {
            actor: ctx.config.country === 'US' ? 'cbsa' : 'cbp',
            action: 'record.correction-applied',
            legalBasis: LEGAL_BASIS[ctx.config.country],
            batchId,
            recordIds: corrections.map((c) => c.record.id),
            counts: { records: corrections.length },
            details: {
              versions: corrections
                .map((c) => `${c.record.id}:${c.version}`)
                .join(',')
                .slice(0, 2000),
            },
            at: ctx.clock.now(),
          });
        }
        results.sort((a, b) => a.position - b.position);
        await client.query(
          `INSERT INTO inbound_results (batch_id, position, record_id, version, status, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[])
           ON CONFLICT (batch_id, position) DO UPDATE SET record_id = EXCLUDED.record_id, version = EXCLUDED.version,
             status = EXCLUDED.status, reason = EXCLUDED.reason`,
          [
            batchId,
            results.map((r) => r.position),
            results.map((r) => r.id),
            results.map((r) => r.version),
            results.map((r) => r.status),
            results.map((r) => r.reason),
          ],
        );
        await client.query('UPDATE inbound_batches SET ingested_at = COALESCE(ingested_at, $2) WHERE batch_id = $1', [
          batchId,
          ctx.clock.now(),
        ]);
        await client.query('COMMIT');
        const accepted = results.filter((r) => r.status === 'accepted').length;
        const counts = {
          records: items.length,
          accepted,
          rejected: items.length - accepted,
          stored: inserts.length,
          corrected: corrections.length,
        };
        observeIngest(ctx, results);
        ctx.log.info('batch ingested', { batchId, ...counts });
        return counts;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
