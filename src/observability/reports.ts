// The operator reports: the annual overstay report (DHS Entry/Exit Overstay Report style) and the
// exchange report. Aggregates only: counts per country of citizenship, category, window and reason
// class; never an id or a value from a record. Each run writes an audit row (action report.*).
import type { Pool } from 'pg';
import { writeAudit } from '../db/audit';
import { partnerOf, type Country } from '../config';
import { rejectionReasonClass } from './reasons';
import { fiscalYearPeriod, tabulateOverstays, totalRow, type OverstayCounts, type OverstayRow } from './overstay-table';

export const DEFAULT_MIN_CELL = 5;

export const OVERSTAY_DEFINITIONS: Record<string, string> = {
  expected_departures:
    'stays with a lawful admission period that ended in the fiscal year, before the as-of day (admit-until in the year and before as-of), not counting a pending extension',
  in_time_departures: 'of those, departures recorded on or before the last lawful day (admit-until)',
  out_of_country_overstays: 'departure recorded after the last lawful day, on or before the as-of day',
  suspected_in_country_overstays: 'no departure recorded by the as-of day (a suspicion, never a verdict)',
  total_overstays: 'out-of-country plus suspected in-country overstays',
  total_overstay_rate: 'total overstays / expected departures, in percent',
  suspected_in_country_overstay_rate: 'suspected in-country overstays / expected departures, in percent',
  source:
    'DHS, Entry/Exit Overstay Report (annual, e.g. Fiscal Year 2019, March 30, 2020), prepared under 8 U.S.C. 1376 and 1365a(e): an overstay is a nonimmigrant lawfully admitted for an authorized period who remained beyond it; suspected in-country: no recorded departure; out-of-country: departure recorded after the admission period expired',
};

export interface OverstayReport {
  report: 'overstays';
  node: Country;
  fiscal_year: number;
  period: { from: string; to: string };
  as_of: string;
  min_cell: number;
  definitions: Record<string, string>;
  rows: OverstayRow[];
  total: OverstayRow;
}

/** The raw groups of the report: one SQL aggregate over stays and the entries' citizenship. */
export async function overstayGroups(pool: Pool, from: string, to: string, asOf: string): Promise<OverstayCounts[]> {
  const { rows } = await pool.query<{
    citizenship: string;
    category: string;
    expected: string;
    in_time: string;
    out_of_country: string;
    in_country: string;
  }>(
    `WITH s AS (
       SELECT e.citizenship, s.category, s.admit_until, (s.exited_at AT TIME ZONE 'UTC')::date AS exit_day
       FROM stays s JOIN entries e ON e.id = s.entry_id
       WHERE s.admit_until BETWEEN $1::date AND $2::date AND s.admit_until < $3::date
         AND s.extension_status IS DISTINCT FROM 'pending')
     SELECT citizenship, category, count(*) AS expected,
            count(*) FILTER (WHERE exit_day <= admit_until) AS in_time,
            count(*) FILTER (WHERE exit_day > admit_until AND exit_day <= $3::date) AS out_of_country,
            count(*) FILTER (WHERE exit_day IS NULL OR exit_day > $3::date) AS in_country
     FROM s GROUP BY citizenship, category`,
    [from, to, asOf],
  );
  return rows.map((r) => ({
    citizenship: r.citizenship,
    category: r.category,
    expected: Number(r.expected),
    inTime: Number(r.in_time),
    outOfCountry: Number(r.out_of_country),
    inCountry: Number(r.in_country),
  }));
}

export async function overstayReport(
  pool: Pool,
  opts: { node: Country; fiscalYear: number; asOf: string; minCell?: number; actor: string },
): Promise<OverstayReport> {
  const period = fiscalYearPeriod(opts.node, opts.fiscalYear);
  const minCell = opts.minCell ?? DEFAULT_MIN_CELL;
  const groups = await overstayGroups(pool, period.from, period.to, opts.asOf);
  const report: OverstayReport = {
    report: 'overstays',
    node: opts.node,
    fiscal_year: opts.fiscalYear,
    period,
    as_of: opts.asOf,
    min_cell: minCell,
    definitions: OVERSTAY_DEFINITIONS,
    rows: tabulateOverstays(groups, minCell),
    total: totalRow(groups),
  };
  await writeAudit(pool, {
    actor: opts.actor,
    action: 'report.overstays',
    purpose: 'statistical-report',
    counts: { rows: report.rows.length, expected_departures: report.total.expected_departures ?? 0 },
    details: { fiscal_year: opts.fiscalYear, as_of: opts.asOf, min_cell: minCell },
  });
  return report;
}

export interface ExchangeWindowRow {
  direction: string;
  window: string;
  batches: number;
  records: number;
  accepted: number;
  rejected: number;
  resends: number;
  /** Inbound only: exits matched to own entries, and their share of the accepted records. */
  reconciled: number | null;
  reconciliation_rate: number | null;
}

export interface ExchangeReport {
  report: 'exchange';
  node: Country;
  from: string;
  to: string;
  windows: ExchangeWindowRow[];
  refusals: Array<{ direction: string; reason: string; records: number }>;
}

export async function exchangeReport(
  pool: Pool,
  opts: { node: Country; from: string; to: string; actor: string },
): Promise<ExchangeReport> {
  const own = opts.node;
  const partner = partnerOf(own);
  const range = [opts.from, opts.to];
  // Windows are labelled by their UTC day (YYYY-MM-DD, or YYYY-MM-DDTHH:MM for shorter intervals).
  const { rows: out } = await pool.query<Record<string, string>>(
    `SELECT cycle_window AS window, count(*) AS batches, sum(record_count) AS records,
            COALESCE(sum(accepted), 0) AS accepted, COALESCE(sum(rejected), 0) AS rejected,
            sum(GREATEST(send_count - 1, 0)) AS resends
     FROM outbound_batches WHERE left(cycle_window, 10) BETWEEN $1 AND $2 GROUP BY cycle_window ORDER BY cycle_window`,
    range,
  );
  const { rows: inn } = await pool.query<Record<string, string>>(
    `SELECT b.cycle_window AS window, count(*) AS batches, sum(b.record_count) AS records,
            sum(GREATEST(b.receive_count - 1, 0)) AS resends,
            sum((SELECT count(*) FROM inbound_results r WHERE r.batch_id = b.batch_id AND r.status = 'accepted')) AS accepted,
            sum((SELECT count(*) FROM inbound_results r WHERE r.batch_id = b.batch_id AND r.status = 'rejected')) AS rejected,
            sum((SELECT count(*) FROM exits x JOIN matches m ON m.exit_id = x.id WHERE x.batch_id = b.batch_id)) AS reconciled,
            sum((SELECT count(*) FROM exits x WHERE x.batch_id = b.batch_id)) AS exits
     FROM inbound_batches b WHERE left(b.cycle_window, 10) BETWEEN $1 AND $2 GROUP BY b.cycle_window ORDER BY b.cycle_window`,
    range,
  );
  const windowRow = (direction: string, r: Record<string, string>, inbound: boolean): ExchangeWindowRow => ({
    direction,
    window: r.window,
    batches: Number(r.batches),
    records: Number(r.records),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    resends: Number(r.resends),
    reconciled: inbound ? Number(r.reconciled) : null,
    reconciliation_rate:
      inbound && Number(r.exits) > 0 ? Math.round((Number(r.reconciled) / Number(r.exits)) * 10_000) / 10_000 : null,
  });
  const windows = [
    ...out.map((r) => windowRow(`${own}->${partner}`, r, false)),
    ...inn.map((r) => windowRow(`${partner}->${own}`, r, true)),
  ];
  // Reasons are folded into classes in code (the same classes as the metrics' labels).
  const { rows: reasons } = await pool.query<{ direction: string; reason: string | null; n: string }>(
    `SELECT $3 AS direction, o.reason, count(*) AS n FROM outbound_records o JOIN outbound_batches b ON b.batch_id = o.batch_id
     WHERE o.status = 'rejected' AND left(b.cycle_window, 10) BETWEEN $1 AND $2 GROUP BY o.reason
     UNION ALL
     SELECT $4 AS direction, r.reason, count(*) AS n FROM inbound_results r JOIN inbound_batches b ON b.batch_id = r.batch_id
     WHERE r.status = 'rejected' AND left(b.cycle_window, 10) BETWEEN $1 AND $2 GROUP BY r.reason`,
    [...range, `${own}->${partner}`, `${partner}->${own}`],
  );
  const refusalCounts = new Map<string, number>();
  for (const r of reasons) {
    const key = `${r.direction}\u0000${rejectionReasonClass(r.reason)}`;
    refusalCounts.set(key, (refusalCounts.get(key) ?? 0) + Number(r.n));
  }
  const refusals = [...refusalCounts]
    .map(([key, records]) => {
      const [direction, reason] = key.split('\u0000');
      return { direction, reason, records };
    })
    .sort((a, b) => a.direction.localeCompare(b.direction) || b.records - a.records);
  const report: ExchangeReport = { report: 'exchange', node: own, from: opts.from, to: opts.to, windows, refusals };
  await writeAudit(pool, {
    actor: opts.actor,
    action: 'report.exchange',
    purpose: 'operational-report',
    counts: { windows: windows.length },
    details: { from: opts.from, to: opts.to },
  });
  return report;
}
