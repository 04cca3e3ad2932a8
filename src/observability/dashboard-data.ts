// The aggregates behind the operator dashboard page: per UTC day, counts only (no ids, no personal
// data). Each series is one SQL aggregate over the node's own tables, so the page shows what the
// database holds and a test can check it against its own counts.
import type { Pool } from 'pg';
import { partnerOf, type Country } from '../config';
import { loadScopePhases } from '../config/scope';
import { scopeSqlCondition } from '../scope/rules';
import { eachDay } from '../calendar';

export interface DashboardData {
  node: Country;
  from: string;
  to: string;
  days: string[];
  outbound: { direction: string; sent: number[]; accepted: number[]; rejected: number[]; resends: number[] };
  inbound: { direction: string; received: number[]; accepted: number[]; rejected: number[] };
  reconciliation: { exits: number[]; matched: number[]; rate: Array<number | null> };
  /** Largest delay from entry to first send among records sent that day, in hours. */
  lagHours: Array<number | null>;
  overstays: { flagged: number[]; open: number[] };
  now: { exchangeLagSeconds: number; pendingEntries: number; openOverstays: number };
}

type DayRow = { day: string; [k: string]: unknown };

function series(days: string[], rows: DayRow[], field: string): number[] {
  const byDay = new Map(rows.map((r) => [r.day, Number(r[field] ?? 0)]));
  return days.map((d) => byDay.get(d) ?? 0);
}

const DAY = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

export async function dashboardData(
  pool: Pool,
  country: Country,
  from: string,
  to: string,
  now: Date,
): Promise<DashboardData> {
  const partner = partnerOf(country);
  const days = eachDay(from, to);
  const range = [from, to];
  const inRange = (column: string) =>
    `${column} >= ($1::date::timestamp AT TIME ZONE 'UTC') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'UTC')`;
  const q = async (sql: string, params: unknown[] = range) => (await pool.query<DayRow>(sql, params)).rows;

  const sent = await q(
    `SELECT ${DAY('first_sent_at')} AS day, sum(record_count) AS sent, sum(GREATEST(send_count - 1, 0)) AS resends
     FROM outbound_batches WHERE ${inRange('first_sent_at')} GROUP BY 1`,
  );
  const acked = await q(
    `SELECT ${DAY('acked_at')} AS day, sum(accepted) AS accepted, sum(rejected) AS rejected
     FROM outbound_batches WHERE ${inRange('acked_at')} GROUP BY 1`,
  );
  const received = await q(
    `SELECT day, sum(record_count) AS received, sum(accepted) AS accepted, sum(rejected) AS rejected FROM (
       SELECT ${DAY('b.received_at')} AS day, b.record_count,
              (SELECT count(*) FROM inbound_results r WHERE r.batch_id = b.batch_id AND r.status = 'accepted') AS accepted,
              (SELECT count(*) FROM inbound_results r WHERE r.batch_id = b.batch_id AND r.status = 'rejected') AS rejected
       FROM inbound_batches b WHERE ${inRange('b.received_at')}) per_batch
     GROUP BY day`,
  );
  const reconciled = await q(
    `SELECT ${DAY('x.received_at')} AS day, count(*) AS exits, count(m.exit_id) AS matched
     FROM exits x LEFT JOIN matches m ON m.exit_id = x.id WHERE ${inRange('x.received_at')} GROUP BY 1`,
  );
  const lag = await q(
    `SELECT ${DAY('b.first_sent_at')} AS day, max(extract(epoch FROM b.first_sent_at - e.entered_at)) / 3600 AS hours
     FROM outbound_records o JOIN outbound_batches b ON b.batch_id = o.batch_id JOIN entries e ON e.id = o.entry_id
     WHERE ${inRange('b.first_sent_at')} GROUP BY 1`,
  );
  // Open at the end of day d = flagged before then - lifted before then (a flag is lifted after it is
  // raised): counts before the range plus running sums of each day's flags and lifts. One pass.
  const flaggedAndLifted = await q(
    `SELECT day, sum(flagged) AS flagged, sum(lifted) AS lifted FROM (
       SELECT ${DAY('flagged_at')} AS day, 1 AS flagged, 0 AS lifted FROM overstays
        WHERE kind = 'in_country' AND ${inRange('flagged_at')}
       UNION ALL
       SELECT ${DAY('lifted_at')} AS day, 0, 1 FROM overstays WHERE kind = 'in_country' AND ${inRange('lifted_at')}) t
     GROUP BY day`,
  );
  const { rows: before } = await pool.query<{ flagged: string; lifted: string }>(
    `SELECT count(*) FILTER (WHERE flagged_at < ($1::date::timestamp AT TIME ZONE 'UTC')) AS flagged,
            count(*) FILTER (WHERE lifted_at < ($1::date::timestamp AT TIME ZONE 'UTC')) AS lifted
     FROM overstays WHERE kind = 'in_country'`,
    [from],
  );
  const flagged = series(days, flaggedAndLifted, 'flagged');
  const lifted = series(days, flaggedAndLifted, 'lifted');
  let openSoFar = Number(before[0].flagged) - Number(before[0].lifted);
  const open = days.map((_, i) => (openSoFar += flagged[i] - lifted[i]));

  const scope = scopeSqlCondition(loadScopePhases(), 1);
  const { rows: pending } = await pool.query<{ oldest: Date | null; n: string }>(
    `SELECT min(e.entered_at) AS oldest, count(*) AS n FROM entries e WHERE e.sent_version < e.version AND ${scope.sql}`,
    scope.params,
  );
  const { rows: openNow } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM overstays WHERE kind = 'in_country' AND lifted_at IS NULL",
  );

  const exits = series(days, reconciled, 'exits');
  const matched = series(days, reconciled, 'matched');
  const lagByDay = new Map(lag.map((r) => [r.day, Math.round(Number(r.hours) * 100) / 100]));
  return {
    node: country,
    from,
    to,
    days,
    outbound: {
      direction: `${country}->${partner}`,
      sent: series(days, sent, 'sent'),
      accepted: series(days, acked, 'accepted'),
      rejected: series(days, acked, 'rejected'),
      resends: series(days, sent, 'resends'),
    },
    inbound: {
      direction: `${partner}->${country}`,
      received: series(days, received, 'received'),
      accepted: series(days, received, 'accepted'),
      rejected: series(days, received, 'rejected'),
    },
    reconciliation: {
      exits,
      matched,
      rate: exits.map((n, i) => (n > 0 ? Math.round((matched[i] / n) * 10_000) / 10_000 : null)),
    },
    lagHours: days.map((d) => lagByDay.get(d) ?? null),
    overstays: { flagged, open },
    now: {
      exchangeLagSeconds: pending[0].oldest ? Math.max(0, (now.getTime() - pending[0].oldest.getTime()) / 1000) : 0,
      pendingEntries: Number(pending[0].n),
      openOverstays: Number(openNow[0].n),
    },
  };
}
