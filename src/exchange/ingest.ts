// Ingest: validates each record of a stored inbound batch and stores the accepted ones as exits.
// One transaction; idempotent (running it again gives the same per-record results and changes
// nothing), so a retransmitted batch can be ingested again just to be acknowledged again. What each
// record becomes is decided in ingest-decisions.ts; this file only reads, decides and stores.
import { LEGAL_BASIS, writeAudit } from '../db/audit';
import { partnerOf } from '../config';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { observeIngest } from '../observability/metrics';
import { judgeAgainstStored, screenBatchRecords, verdictsInOrder } from './ingest-decisions';
import {
  correctExits,
  countStoredVerdicts,
  insertExits,
  lockInboundRecords,
  lockStoredExits,
  saveVerdicts,
} from './inbound-store';

export interface IngestCounts {
  records: number;
  accepted: number;
  rejected: number;
  stored: number;
  corrected: number;
}

export async function storeExits(ctx: NodeContext, batchId: string): Promise<IngestCounts> {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  const outcome = await withTransaction(ctx.pool, async (client) => {
    const batch = await lockInboundRecords(client, batchId);
    if (!batch) throw new Error(`batch ${batchId} is not stored; intake stores a batch before ingest starts`);
    // Ingested and acknowledged before (a retransmission): the results stand, acknowledge again.
    if (batch.records === null) return undefined;
    const items = batch.records;
    const screened = screenBatchRecords(items, own, partner);
    const stored = await lockStoredExits(
      client,
      screened.valid.map((v) => v.record.id),
    );
    const judged = judgeAgainstStored(screened.valid, stored);
    await insertExits(client, batchId, judged.inserts);
    if (judged.corrections.length) {
      await correctExits(client, batchId, judged.corrections);
      // The partner's correction is audited here too (ids and versions, never values).
      await writeAudit(client, {
        actor: own === 'US' ? 'cbsa' : 'cbp',
        action: 'record.correction-applied',
        legalBasis: LEGAL_BASIS[own],
        batchId,
        recordIds: judged.corrections.map((c) => c.record.id),
        counts: { records: judged.corrections.length },
        details: {
          versions: judged.corrections
            .map((c) => `${c.record.id}:${c.version}`)
            .join(',')
            .slice(0, 2000),
        },
        at: ctx.clock.now(),
      });
    }
    const { verdicts, accepted } = verdictsInOrder(screened.rejected, judged.verdicts);
    await saveVerdicts(client, batchId, verdicts, ctx.clock.now());
    const counts: IngestCounts = {
      records: items.length,
      accepted,
      rejected: items.length - accepted,
      stored: judged.inserts.length,
      corrected: judged.corrections.length,
    };
    return { counts, verdicts };
  });
  if (!outcome) {
    const { records, accepted } = await countStoredVerdicts(ctx.pool, batchId);
    return { records, accepted, rejected: records - accepted, stored: 0, corrected: 0 };
  }
  observeIngest(ctx, outcome.verdicts);
  ctx.log.info('batch ingested', { batchId, ...outcome.counts });
  return outcome.counts;
}
