// Reconcile: joins the exits of a batch to this node's own entries and tells each matched stay that
// its traveller left. Exact matching (same document number, date of birth and surname, entry before
// exit, the latest such entry); the matching branch replaces `matchExits` with a scored matcher.
// Idempotent: matches are inserted once per exit; stays are signalled until marked signalled.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import type { NodeContext } from '../src/node/context';
import { EXIT_RECORDED_SIGNAL, stayWorkflowId, type ExitRecorded } from '../src/stays/contract';

export interface ReconcileCounts {
  exits: number;
  matched: number;
  signalled: number;
}

/** Inserts exact matches for the unmatched exits of a batch; returns how many it made. */
export async function matchExits(db: Pool, batchId: string): Promise<number> {
  const result = await db.query(
    `INSERT INTO matches (exit_id, entry_id, method, score, evidence)
     SELECT DISTINCT ON (x.id) x.id, e.id, 'exact', 1,
            jsonb_build_object('rule', 'same document_number, date_of_birth and surname; entry before exit',
                               'entry_version', e.version, 'exit_version', x.version)
     FROM exits x
     JOIN entries e ON e.document_number = x.document_number AND e.date_of_birth = x.date_of_birth
                   AND lower(e.surname) = lower(x.surname) AND e.entered_at < x.exited_at
     WHERE x.batch_id = $1 AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.exit_id = x.id)
     ORDER BY x.id, e.entered_at DESC
     ON CONFLICT (exit_id) DO NOTHING`,
    [batchId],
  );
  return result.rowCount ?? 0;
}

export function createReconcileActivities(ctx: NodeContext) {
  return {
    async reconcileExits(batchId: string): Promise<ReconcileCounts> {
      const matched = await matchExits(ctx.pool, batchId);
      const { rows: exits } = await ctx.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM exits WHERE batch_id = $1',
        [batchId],
      );
      const { rows } = await ctx.pool.query<{
        exit_id: string;
        entry_id: string;
        method: string;
        score: number;
        exited_at: Date;
        port_of_entry: string;
      }>(
        `SELECT m.exit_id, m.entry_id, m.method, m.score, x.exited_at, x.port_of_entry
         FROM matches m JOIN exits x ON x.id = m.exit_id JOIN entries e ON e.id = m.entry_id
         WHERE x.batch_id = $1 AND e.has_stay AND m.stay_signalled_at IS NULL`,
        [batchId],
      );
      let signalled = 0;
      for (const row of rows) {
        const exit: ExitRecorded = {
          exitId: row.exit_id,
          exitedAt: row.exited_at.toISOString(),
          port: row.port_of_entry,
          matchedBy: row.method === 'exact' ? 'exact' : 'matcher',
          score: row.score,
        };
        try {
          await ctx.temporal.workflow
            .getHandle(stayWorkflowId(ctx.config.country, row.entry_id))
            .signal(EXIT_RECORDED_SIGNAL, exit);
          signalled++;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
        await ctx.pool.query('UPDATE matches SET stay_signalled_at = now() WHERE exit_id = $1', [row.exit_id]);
      }
      const counts = { exits: Number(exits[0].n), matched, signalled };
      ctx.log.info('exits reconciled', { batchId, ...counts });
      return counts;
    },
  };
}
