// The overstay report's arithmetic, pure (tested without a server): fiscal years, rates and the
// small-cell rule. The counting rules are DHS's, as published in its annual Entry/Exit Overstay
// Report (docs/observability.md cites it); where DHS is silent the choice is written down there.
import type { Country } from '../config';

/** A (country of citizenship, category of admission) group's counts as of a day. */
export interface OverstayCounts {
  citizenship: string;
  category: string;
  expected: number;
  inTime: number;
  outOfCountry: number;
  inCountry: number;
}

export interface OverstayRow {
  citizenship: string;
  category: string;
  /** Countries folded into this row (the small-cell rule); 1 for a country's own row. */
  countries: number;
  expected_departures: number | null;
  in_time_departures: number | null;
  out_of_country_overstays: number | null;
  suspected_in_country_overstays: number | null;
  total_overstays: number | null;
  /** Percent of expected departures, two decimals. */
  total_overstay_rate: number | null;
  suspected_in_country_overstay_rate: number | null;
  /** True when some of this row's cells are withheld by the small-cell rule. */
  suppressed: boolean;
}

export const OTHER_COUNTRIES = 'OTHER';

/**
 * The fiscal year a report covers, named by the calendar year in which it ends: the US federal year
 * runs 1 October to 30 September (31 U.S.C. 1102), the Government of Canada's 1 April to 31 March
 * (Financial Administration Act s.2).
 */
export function fiscalYearPeriod(node: Country, fiscalYear: number): { from: string; to: string } {
  return node === 'US'
    ? { from: `${fiscalYear - 1}-10-01`, to: `${fiscalYear}-09-30` }
    : { from: `${fiscalYear - 1}-04-01`, to: `${fiscalYear}-03-31` };
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

function fullRow(c: OverstayCounts, countries: number): OverstayRow {
  const total = c.outOfCountry + c.inCountry;
  return {
    citizenship: c.citizenship,
    category: c.category,
    countries,
    expected_departures: c.expected,
    in_time_departures: c.inTime,
    out_of_country_overstays: c.outOfCountry,
    suspected_in_country_overstays: c.inCountry,
    total_overstays: total,
    total_overstay_rate: percent(total, c.expected),
    suspected_in_country_overstay_rate: percent(c.inCountry, c.expected),
    suppressed: false,
  };
}

const small = (n: number, minCell: number) => n > 0 && n < minCell;

/**
 * The small-cell rule: a country with fewer than `minCell` expected departures in a category is not
 * shown on its own but folded into that category's OTHER row; in any shown row, an overstay count
 * from 1 to minCell-1 withholds every count of the row that would let it be worked out (in-time,
 * out-of-country, in-country, total) and the rates; an OTHER row with fewer than minCell expected
 * departures withholds them too. Totals are shown in full (see the open questions in the docs).
 */
export function tabulateOverstays(groups: OverstayCounts[], minCell: number): OverstayRow[] {
  const rows: OverstayRow[] = [];
  const other = new Map<string, { counts: OverstayCounts; countries: number }>();
  for (const g of [...groups].sort(
    (a, b) => a.category.localeCompare(b.category) || a.citizenship.localeCompare(b.citizenship),
  )) {
    if (g.expected >= minCell) {
      rows.push(fullRow(g, 1));
      continue;
    }
    const folded = other.get(g.category) ?? {
      counts: {
        citizenship: OTHER_COUNTRIES,
        category: g.category,
        expected: 0,
        inTime: 0,
        outOfCountry: 0,
        inCountry: 0,
      },
      countries: 0,
    };
    folded.counts.expected += g.expected;
    folded.counts.inTime += g.inTime;
    folded.counts.outOfCountry += g.outOfCountry;
    folded.counts.inCountry += g.inCountry;
    folded.countries++;
    other.set(g.category, folded);
  }
  for (const { counts, countries } of other.values()) rows.push(fullRow(counts, countries));
  for (const row of rows) {
    const overstayCells = [row.out_of_country_overstays!, row.suspected_in_country_overstays!, row.total_overstays!];
    if (overstayCells.some((n) => small(n, minCell)) || small(row.expected_departures!, minCell)) {
      row.suppressed = true;
      row.in_time_departures = null;
      row.out_of_country_overstays = null;
      row.suspected_in_country_overstays = null;
      row.total_overstays = null;
      row.total_overstay_rate = null;
      row.suspected_in_country_overstay_rate = null;
      if (small(row.expected_departures!, minCell)) row.expected_departures = null;
    }
  }
  return rows.sort(
    (a, b) =>
      a.category.localeCompare(b.category) ||
      Number(a.citizenship === OTHER_COUNTRIES) - Number(b.citizenship === OTHER_COUNTRIES) ||
      a.citizenship.localeCompare(b.citizenship),
  );
}

/** The all-countries total of the groups (shown in full). */
export function totalRow(groups: OverstayCounts[]): OverstayRow {
  const sum = (k: keyof Omit<OverstayCounts, 'citizenship' | 'category'>) => groups.reduce((s, g) => s + g[k], 0);
  return fullRow(
    {
      citizenship: 'ALL',
      category: 'all',
      expected: sum('expected'),
      inTime: sum('inTime'),
      outOfCountry: sum('outOfCountry'),
      inCountry: sum('inCountry'),
    },
    new Set(groups.map((g) => g.citizenship)).size,
  );
}
