// Renders the reports as CSV, HTML (with an inline SVG chart: the file opens anywhere, offline) or
// plain text, each with the definitions beside the table. Pure.
import type { OverstayRow } from './overstay-table';
import type { ExchangeReport, OverstayReport } from './reports';

const COLUMNS: Array<keyof OverstayRow> = [
  'citizenship',
  'category',
  'countries',
  'expected_departures',
  'in_time_departures',
  'out_of_country_overstays',
  'suspected_in_country_overstays',
  'total_overstays',
  'total_overstay_rate',
  'suspected_in_country_overstay_rate',
];

/** A cell as printed: a withheld one as "<k"; a rate of no expected departures as "-". */
function cell(row: OverstayRow, column: keyof OverstayRow, minCell: number): string {
  const value = row[column];
  if (value === null || value === undefined) return row.suppressed ? `<${minCell}` : '-';
  return String(value);
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function overstayReportCsv(report: OverstayReport): string {
  const lines = [
    `# ${report.node} node, fiscal year ${report.fiscal_year} (${report.period.from} to ${report.period.to}), as of ${report.as_of}; cells under ${report.min_cell} withheld as "<${report.min_cell}"`,
    ...Object.entries(report.definitions).map(([k, v]) => `# ${k}: ${v}`),
    COLUMNS.join(','),
  ];
  for (const row of [...report.rows, report.total])
    lines.push(
      COLUMNS.map((c) =>
        csvField(c === 'citizenship' || c === 'category' ? String(row[c]) : cell(row, c, report.min_cell)),
      ).join(','),
    );
  return `${lines.join('\n')}\n`;
}

export function overstayReportText(report: OverstayReport): string {
  const header = [
    'country',
    'category',
    'expected',
    'in time',
    'out-of-country',
    'in-country',
    'total',
    'rate %',
    'in-country %',
  ];
  const body = [...report.rows, report.total].map((r) => [
    r.citizenship,
    r.category,
    cell(r, 'expected_departures', report.min_cell),
    cell(r, 'in_time_departures', report.min_cell),
    cell(r, 'out_of_country_overstays', report.min_cell),
    cell(r, 'suspected_in_country_overstays', report.min_cell),
    cell(r, 'total_overstays', report.min_cell),
    cell(r, 'total_overstay_rate', report.min_cell),
    cell(r, 'suspected_in_country_overstay_rate', report.min_cell),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `Overstay report, ${report.node} node, fiscal year ${report.fiscal_year} (${report.period.from} to ${report.period.to}), as of ${report.as_of}`,
    line(header),
    ...body.map(line),
    '',
    `Cells from 1 to ${report.min_cell - 1} are withheld ("<${report.min_cell}"); countries with fewer than ${report.min_cell} expected departures are folded into OTHER.`,
    ...Object.entries(report.definitions).map(([k, v]) => `${k}: ${v}`),
    '',
  ].join('\n');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A horizontal bar chart of total overstay rates of the shown rows (withheld rows are left out). */
function rateChartSvg(rows: OverstayRow[]): string {
  const shown = rows.filter((r) => r.total_overstay_rate !== null).slice(0, 30);
  const max = Math.max(1, ...shown.map((r) => r.total_overstay_rate!));
  const barHeight = 18;
  const bars = shown
    .map((r, i) => {
      const y = i * (barHeight + 4);
      const width = Math.round((r.total_overstay_rate! / max) * 380);
      const label = escapeHtml(`${r.citizenship} ${r.category}`);
      return `<g data-country="${escapeHtml(r.citizenship)}" data-category="${escapeHtml(r.category)}" data-rate="${r.total_overstay_rate}"><text x="0" y="${y + 13}" font-size="12">${label}</text><rect x="190" y="${y}" width="${width}" height="${barHeight}" fill="#3b6ea5"/><text x="${196 + width}" y="${y + 13}" font-size="12">${r.total_overstay_rate}%</text></g>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Total overstay rate by country and category" width="640" height="${Math.max(1, shown.length) * (barHeight + 4)}">${bars}</svg>`;
}

export function overstayReportHtml(report: OverstayReport): string {
  const head = COLUMNS.map((c) => `<th>${escapeHtml(c.replace(/_/g, ' '))}</th>`).join('');
  const rows = [...report.rows, report.total]
    .map(
      (r) =>
        `<tr${r.citizenship === 'ALL' ? ' class="total"' : ''}>${COLUMNS.map((c) => `<td>${escapeHtml(c === 'citizenship' || c === 'category' ? String(r[c]) : cell(r, c, report.min_cell))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const defs = Object.entries(report.definitions)
    .map(([k, v]) => `<dt>${escapeHtml(k.replace(/_/g, ' '))}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Overstay report ${report.node} FY${report.fiscal_year}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,td:nth-child(2){text-align:left}tr.total{font-weight:bold}.layout{display:flex;gap:2em;flex-wrap:wrap}dl{max-width:40em}</style></head>
<body><h1>Overstay report: ${report.node} node, fiscal year ${report.fiscal_year}</h1>
<p>Expected departures from ${report.period.from} to ${report.period.to}, status as of ${report.as_of}. Cells from 1 to ${report.min_cell - 1} are withheld (&lt;${report.min_cell}); countries with fewer than ${report.min_cell} expected departures in a category are folded into OTHER.</p>
<div class="layout"><div><table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
<h2>Total overstay rate</h2>${rateChartSvg(report.rows)}</div>
<dl>${defs}</dl></div></body></html>
`;
}

export function exchangeReportText(report: ExchangeReport): string {
  const lines = [`Exchange report, ${report.node} node, windows ${report.from} to ${report.to}`];
  lines.push('direction  window            batches  records  accepted  rejected  resends  reconciled  rate');
  for (const w of report.windows)
    lines.push(
      `${w.direction.padEnd(9)}  ${w.window.padEnd(16)}  ${String(w.batches).padStart(7)}  ${String(w.records).padStart(7)}  ${String(w.accepted).padStart(8)}  ${String(w.rejected).padStart(8)}  ${String(w.resends).padStart(7)}  ${String(w.reconciled ?? '-').padStart(10)}  ${w.reconciliation_rate === null ? '-' : (w.reconciliation_rate * 100).toFixed(2) + '%'}`,
    );
  lines.push('', 'Rejected records by reason class:');
  for (const r of report.refusals) lines.push(`${r.direction.padEnd(9)}  ${r.reason.padEnd(28)}  ${r.records}`);
  if (report.refusals.length === 0) lines.push('  none');
  lines.push(
    '',
    'resends: outbound, batches sent again after a late acknowledgement; inbound, batches the partner sent again.',
    'rate: exits of the window matched to an own entry / exits stored from the window.',
    '',
  );
  return lines.join('\n');
}

export function exchangeReportCsv(report: ExchangeReport): string {
  const cols = [
    'direction',
    'window',
    'batches',
    'records',
    'accepted',
    'rejected',
    'resends',
    'reconciled',
    'reconciliation_rate',
  ] as const;
  return `${[cols.join(','), ...report.windows.map((w) => cols.map((c) => String(w[c] ?? '')).join(','))].join('\n')}\n`;
}
