// An operator decides a pair the matcher would not: accepted, it becomes a match like any other
// (method 'operator', the matcher's evidence kept, the decision beside it) and the entry's stay is
// told of the exit; rejected, it leaves the review list. One transaction for the database part,
// audited; deciding the same way twice changes nothing.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import { writeAudit } from '../db/audit';
import { withTransaction } from '../db/pool';
import type { Country } from '../config';
import { RecordIdSchema } from '../record/schema';
import { exitRecordedSignal, stayWorkflowId, type ExitRecorded } from '../stays/contract';

export type ReviewVerdict = 'accepted' | 'rejected';

export interface ReviewDecision {
  exitId: string;
  entryId: string;
  decision: ReviewVerdict;
  reason: string;
  actor: string;
}

export interface ReviewDecisionResult {
  exit_id: string;
  entry_id: string;
  decision: ReviewVerdict;
  /** False when the same decision had been taken before (nothing changed). */
  changed: boolean;
  stay_signalled: boolean;
}

export class ReviewDecisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewDecisionError';
  }
}

function checkRequest(d: ReviewDecision): void {
  const problems: string[] = [];
  if (!RecordIdSchema.safeParse(d.exitId).success) problems.push('the exit id is not a record id');
  if (!RecordIdSchema.safeParse(d.entryId).success) problems.push('the entry id is not a record id');
  if (d.decision !== 'accepted' && d.decision !== 'rejected')
    problems.push('the decision must be accepted or rejected');
  const reason = d.reason.trim();
  if (reason.length < 3 || reason.length > 500) problems.push('a reason of 3 to 500 characters is required');
  if (problems.length) throw new ReviewDecisionError(`decision refused: ${problems.join('; ')}`);
}

/** Records the decision; on acceptance, signals the entry's stay (when it has one) with the exit. */
export async function decideReview(
  pool: Pool,
  temporal: Client | undefined,
  country: Country,
  d: ReviewDecision,
): Promise<ReviewDecisionResult> {
  checkRequest(d);
  const changed = await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ decision: ReviewVerdict | null; score: number; evidence: object }>(
      'SELECT decision, score, evidence FROM match_review WHERE exit_id = $1 AND entry_id = $2 FOR UPDATE',
      [d.exitId, d.entryId],
    );
    const item = rows[0];
    if (!item)
      throw new ReviewDecisionError(
        `no review item pairs exit ${d.exitId} with entry ${d.entryId}; list them with: entry-exit review --node ${country.toLowerCase()}`,
      );
    if (item.decision && item.decision !== d.decision)
      throw new ReviewDecisionError(
        `the pair was already ${item.decision}; a decision is not reversed here (correct the record instead)`,
      );
    if (!item.decision) {
      if (d.decision === 'accepted') {
        const taken = await client.query<{ exit_id: string; entry_id: string; method: string }>(
          'SELECT exit_id, entry_id, method FROM matches WHERE exit_id = $1 OR entry_id = $2',
          [d.exitId, d.entryId],
        );
        const clash = taken.rows[0];
        if (clash)
          throw new ReviewDecisionError(
            clash.exit_id === d.exitId
              ? `exit ${d.exitId} is already matched to entry ${clash.entry_id} (${clash.method}); reject this pair instead`
              : `entry ${d.entryId} is already matched to exit ${clash.exit_id} (${clash.method}); reject this pair instead`,
          );
        await client.query(
          `INSERT INTO matches (exit_id, entry_id, method, score, evidence)
           VALUES ($1, $2, 'operator', $3, $4::jsonb || jsonb_build_object('decided_by', $5::text, 'decision_reason', $6::text))`,
          [d.exitId, d.entryId, item.score, JSON.stringify(item.evidence), d.actor, d.reason.trim()],
        );
      }
      await client.query(
        `UPDATE match_review SET decision = $3, decided_by = $4, decided_at = now(), decision_reason = $5
          WHERE exit_id = $1 AND entry_id = $2`,
        [d.exitId, d.entryId, d.decision, d.actor, d.reason.trim()],
      );
      await writeAudit(client, {
        actor: d.actor,
        action: `match.review-${d.decision}`,
        recordIds: [d.exitId, d.entryId],
        details: { score: item.score },
      });
      return true;
    }
    return false;
  });
  const stay_signalled = d.decision === 'accepted' ? await tellStay(pool, temporal, country, d) : false;
  return { exit_id: d.exitId, entry_id: d.entryId, decision: d.decision, changed, stay_signalled };
}

/** Signals the stay of an accepted pair's entry once (marked in matches), as reconciliation does. */
async function tellStay(
  pool: Pool,
  temporal: Client | undefined,
  country: Country,
  d: ReviewDecision,
): Promise<boolean> {
  const { rows } = await pool.query<{ exited_at: Date; port_of_entry: string; score: number; has_stay: boolean }>(
    `SELECT x.exited_at, x.port_of_entry, m.score, e.has_stay
       FROM matches m JOIN exits x ON x.id = m.exit_id JOIN entries e ON e.id = m.entry_id
      WHERE m.exit_id = $1 AND m.entry_id = $2 AND m.stay_signalled_at IS NULL`,
    [d.exitId, d.entryId],
  );
  const row = rows[0];
  if (!row || !row.has_stay || !temporal) return false;
  const exit: ExitRecorded = {
    exitId: d.exitId,
    exitedAt: row.exited_at.toISOString(),
    port: row.port_of_entry,
    matchedBy: 'operator',
    score: row.score,
  };
  try {
    await temporal.workflow.getHandle(stayWorkflowId(country, d.entryId)).signal(exitRecordedSignal, exit);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    return false; // the stay has ended (retention): nothing to tell
  }
  await pool.query('UPDATE matches SET stay_signalled_at = now() WHERE exit_id = $1', [d.exitId]);
  return true;
}
