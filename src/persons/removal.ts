// Removal orders on a person rather than on one entry: most people under a removal order have no
// land entry to hang it on (they came by air, or long ago, or on another document). The order is
// confirmed by any departure of theirs: an exit linked to the person whose local day is on or after
// the day the order was issued. Confirmation happens when the exit is linked (a linking run, or a
// merge) and when the order is placed, and writes an audit row for the authorities.
import type { Pool, PoolClient } from 'pg';
import { dayNumber, isIsoDate } from '../calendar';
import { writeAudit } from '../db/audit';
import { withTransaction } from '../db/pool';
import { recordLocalDay } from '../residency/record-day';
import { removalOrderProblem } from '../stays/rules';

export class PersonRemovalError extends Error {
  override name = 'PersonRemovalError';
}

export type PersonRemovalStatus = 'pending' | 'departed' | 'departed_late' | 'missed';

/** The status of an order on a day: a departure decides it; without one, missed once depart-by has passed. */
export function removalStatus(o: { depart_by: string; departed_on: string | null }, asOf: string): PersonRemovalStatus {
  if (o.departed_on !== null) return o.departed_on <= o.depart_by ? 'departed' : 'departed_late';
  return dayNumber(asOf) > dayNumber(o.depart_by) ? 'missed' : 'pending';
}

/** Confirms the pending orders of these persons that one of their exits now satisfies. */
export async function confirmPersonRemovals(client: PoolClient, personIds: string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const { rows: orders } = await client.query<{
    order_id: string;
    person_id: string;
    issued_on: string;
    depart_by: string;
  }>(
    `SELECT order_id, person_id, issued_on::text, depart_by::text FROM person_removal_orders
      WHERE person_id = ANY($1) AND departed_on IS NULL FOR UPDATE`,
    [personIds],
  );
  if (orders.length === 0) return 0;
  const { rows: exits } = await client.query<{ person_id: string; id: string; exited_at: Date; port_of_entry: string }>(
    `SELECT p.person_id, x.id, x.exited_at, x.port_of_entry FROM person_records p JOIN exits x ON x.id = p.exit_id
      WHERE p.person_id = ANY($1) ORDER BY x.exited_at, x.id`,
    [[...new Set(orders.map((o) => o.person_id))]],
  );
  let confirmed = 0;
  for (const order of orders) {
    const departure = exits
      .filter((x) => x.person_id === order.person_id)
      .map((x) => ({ id: x.id, day: recordLocalDay(x.exited_at.toISOString(), x.port_of_entry) }))
      .find((x) => x.day >= order.issued_on);
    if (!departure) continue;
    await client.query(
      `UPDATE person_removal_orders SET departure_exit_id = $2, departed_on = $3, confirmed_at = now() WHERE order_id = $1`,
      [order.order_id, departure.id, departure.day],
    );
    await writeAudit(client, {
      actor: 'system',
      action: 'removal.departure-confirmed',
      recordIds: [departure.id],
      details: { order_id: order.order_id, person_id: order.person_id, on_time: departure.day <= order.depart_by },
    });
    confirmed += 1;
  }
  return confirmed;
}

export interface PersonRemovalOrder {
  order_id: string;
  person_id: string;
  issued_on: string;
  depart_by: string;
  departure_exit_id: string | null;
  departed_on: string | null;
  status: PersonRemovalStatus;
}

const ORDER_COLUMNS = `order_id, person_id, issued_on::text, depart_by::text, departure_exit_id, departed_on::text`;

/** Places an order on a person (idempotent on the order id with the same terms); confirms it at once if they already left. */
export async function placePersonRemovalOrder(
  pool: Pool,
  req: { personId: string; orderId: unknown; departBy: unknown; issuedOn?: unknown; actor: string; today: string },
): Promise<PersonRemovalOrder> {
  const problem = removalOrderProblem({ orderId: req.orderId as string, departBy: req.departBy as string });
  if (problem) throw new PersonRemovalError(problem);
  const issuedOn = req.issuedOn ?? req.today;
  if (!isIsoDate(issuedOn)) throw new PersonRemovalError('issuedOn must be a real date written YYYY-MM-DD');
  if ((req.departBy as string) < issuedOn)
    throw new PersonRemovalError('departBy is before the day the order was issued');
  return withTransaction(pool, async (client) => {
    const existing = await client.query<{ person_id: string; depart_by: string; issued_on: string }>(
      'SELECT person_id, depart_by::text, issued_on::text FROM person_removal_orders WHERE order_id = $1',
      [req.orderId],
    );
    const row = existing.rows[0];
    if (row && (row.person_id !== req.personId || row.depart_by !== req.departBy || row.issued_on !== issuedOn))
      throw new PersonRemovalError(
        `order ${String(req.orderId)} is already recorded with other terms; an order is not changed here`,
      );
    if (!row) {
      await client.query(
        'INSERT INTO person_removal_orders (order_id, person_id, issued_on, depart_by, placed_by) VALUES ($1, $2, $3, $4, $5)',
        [req.orderId, req.personId, issuedOn, req.departBy, req.actor],
      );
      await writeAudit(client, {
        actor: req.actor,
        action: 'removal.ordered',
        details: { order_id: req.orderId as string, person_id: req.personId, depart_by: req.departBy as string },
      });
    }
    await confirmPersonRemovals(client, [req.personId]);
    const { rows } = await client.query(`SELECT ${ORDER_COLUMNS} FROM person_removal_orders WHERE order_id = $1`, [
      req.orderId,
    ]);
    return { ...rows[0], status: removalStatus(rows[0], req.today) } as PersonRemovalOrder;
  });
}

/** The node's removal orders on persons with their status on a day; ids and dates only. */
export async function personRemovalOrders(db: Pool | PoolClient, asOf: string): Promise<PersonRemovalOrder[]> {
  const { rows } = await db.query(`SELECT ${ORDER_COLUMNS} FROM person_removal_orders ORDER BY depart_by, order_id`);
  return rows.map((r) => ({ ...r, status: removalStatus(r, asOf) }));
}
