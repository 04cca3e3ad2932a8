// An operator's decisions on the person index, audited: splitting a person, and merging or keeping
// apart the candidates of the review list.
import type { Pool, PoolClient } from 'pg';
import { writeAudit } from '../db/audit';
import { withTransaction } from '../db/pool';
import { confirmPersonRemovals } from './removal';
import { PersonIndexError, newPersonId } from './person-rows';

function checkReason(reason: unknown): string {
  const r = typeof reason === 'string' ? reason.trim() : '';
  if (r.length < 3 || r.length > 500) throw new PersonIndexError('a reason of 3 to 500 characters is required');
  return r;
}

/**
 * Splits records off a person into a new person (a wrong link undone), audited. The records keep
 * their new person: the linker never moves a linked record again.
 */
export async function splitPerson(
  pool: Pool,
  req: { personId: string; recordIds: string[]; actor: string; reason: unknown },
): Promise<{ person_id: string; new_person_id: string; moved: string[] }> {
  const reason = checkReason(req.reason);
  if (req.recordIds.length === 0) throw new PersonIndexError('name at least one record id to split off');
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ record_id: string }>(
      'SELECT COALESCE(entry_id, exit_id) AS record_id FROM person_records WHERE person_id = $1 FOR UPDATE',
      [req.personId],
    );
    const held = new Set(rows.map((r) => r.record_id));
    if (held.size === 0)
      throw new PersonIndexError(`no person ${req.personId} on this node; find one with: persons show`);
    const foreign = req.recordIds.filter((id) => !held.has(id));
    if (foreign.length) throw new PersonIndexError(`record(s) ${foreign.join(', ')} are not linked to ${req.personId}`);
    if (req.recordIds.length >= held.size)
      throw new PersonIndexError(
        'a split must leave at least one record with the person; split the others off instead',
      );
    const newId = newPersonId();
    await client.query('INSERT INTO persons (id) VALUES ($1)', [newId]);
    await client.query(
      `UPDATE person_records SET person_id = $2, method = 'operator_split', confidence = 1,
              evidence = jsonb_build_object('split_from', $1::text, 'reason', $5::text), linked_by = $3, linked_at = now()
        WHERE person_id = $1 AND COALESCE(entry_id, exit_id) = ANY($4)`,
      [req.personId, newId, req.actor, req.recordIds, reason],
    );
    await writeAudit(client, {
      actor: req.actor,
      action: 'person.split',
      recordIds: req.recordIds,
      counts: { records: req.recordIds.length },
      details: { from_person: req.personId, to_person: newId },
    });
    return { person_id: req.personId, new_person_id: newId, moved: req.recordIds };
  });
}

/** The review list: records the index would not link by itself, with the candidate person. */
export async function personReviewList(db: Pool | PoolClient) {
  const { rows } = await db.query(
    `SELECT r.id AS review_id, COALESCE(r.entry_id, r.exit_id) AS record_id,
            CASE WHEN r.entry_id IS NULL THEN 'exit' ELSE 'entry' END AS kind,
            p.person_id AS record_person, r.candidate_person, r.reason, r.score, r.confidence, r.evidence
       FROM person_link_review r
       JOIN person_records p ON p.entry_id = r.entry_id OR p.exit_id = r.exit_id
      WHERE r.decision IS NULL AND p.person_id <> r.candidate_person
      ORDER BY r.created_at, r.id`,
  );
  return rows;
}

/**
 * An operator's decision on a review item: 'merged' moves every record of the record's person (and
 * their removal orders) to the candidate person; 'rejected' leaves them apart. Audited either way.
 */
export async function decidePersonReview(
  pool: Pool,
  req: { reviewId: string; decision: unknown; actor: string; reason: unknown },
): Promise<{ review_id: string; decision: 'merged' | 'rejected'; person_id: string; moved: number }> {
  const reason = checkReason(req.reason);
  if (req.decision !== 'merged' && req.decision !== 'rejected')
    throw new PersonIndexError('the decision must be merged or rejected');
  const decision = req.decision;
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ record_person: string; candidate_person: string; decision: string | null }>(
      `SELECT p.person_id AS record_person, r.candidate_person, r.decision
         FROM person_link_review r JOIN person_records p ON p.entry_id = r.entry_id OR p.exit_id = r.exit_id
        WHERE r.id = $1 FOR UPDATE OF r`,
      [req.reviewId],
    );
    const item = rows[0];
    if (!item)
      throw new PersonIndexError(`no review item ${req.reviewId}; list them with: persons review --node us|ca`);
    if (item.decision) throw new PersonIndexError(`review item ${req.reviewId} was already ${item.decision}`);
    let moved = 0;
    let personId = item.record_person;
    if (decision === 'merged' && item.record_person !== item.candidate_person) {
      const res = await client.query(
        `UPDATE person_records SET person_id = $2, method = 'operator_merge', confidence = 1,
                evidence = evidence || jsonb_build_object('merged_from', $1::text, 'review_id', $3::bigint), linked_by = $4, linked_at = now()
          WHERE person_id = $1`,
        [item.record_person, item.candidate_person, req.reviewId, req.actor],
      );
      moved = res.rowCount ?? 0;
      await client.query('UPDATE person_removal_orders SET person_id = $2 WHERE person_id = $1', [
        item.record_person,
        item.candidate_person,
      ]);
      personId = item.candidate_person;
      await confirmPersonRemovals(client, [personId]);
    }
    await client.query(
      'UPDATE person_link_review SET decision = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1',
      [req.reviewId, decision, req.actor, reason],
    );
    await writeAudit(client, {
      actor: req.actor,
      action: `person.review-${decision}`,
      counts: { records: moved },
      details: { review_id: Number(req.reviewId), from_person: item.record_person, to_person: item.candidate_person },
    });
    return { review_id: req.reviewId, decision, person_id: personId, moved };
  });
}
