// `entry-exit report overstays --node us|ca --fiscal-year YYYY [--as-of DAY] [--format text|json|csv|html]`
// and `entry-exit report exchange --node us|ca --from DAY --to DAY [--format text|json|csv]`:
// aggregate reports for operators and oversight (docs/observability.md). Each run is audited.
import fs from 'node:fs';
import type { Command } from 'commander';
import { isIsoDate, utcDay } from '../../calendar';
import {
  exchangeReportCsv,
  exchangeReportText,
  overstayReportCsv,
  overstayReportHtml,
  overstayReportText,
} from '../../observability/report-format';
import { DEFAULT_MIN_CELL, exchangeReport, overstayReport } from '../../observability/reports';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { cliActor } from './holds';

function parseFormat<T extends string>(raw: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new CliError(`--format must be one of ${allowed.join(', ')}, got "${raw}"`);
}

function writeOut(text: string, out?: string): void {
  if (out) {
    fs.writeFileSync(out, text);
    process.stderr.write(`report written to ${out}\n`);
  } else process.stdout.write(text);
}

export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('aggregate reports: the annual overstay report, the exchange report');

  report
    .command('overstays')
    .description('DHS-style overstay table per country of citizenship and category for a fiscal year, as of a day')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption(
      '--fiscal-year <YYYY>',
      'fiscal year, named by the year it ends (US: Oct 1-Sep 30; Canada: Apr 1-Mar 31)',
    )
    .option('--as-of <YYYY-MM-DD>', 'status of each stay on this day (default: today, UTC)')
    .option('--format <text|json|csv|html>', 'output format', 'text')
    .option('--min-cell <n>', `smallest count shown; smaller ones are withheld (default ${DEFAULT_MIN_CELL})`)
    .option('--out <file>', 'write the report to a file instead of standard output')
    .action(
      async (opts: {
        node: string;
        fiscalYear: string;
        asOf?: string;
        format: string;
        minCell?: string;
        out?: string;
      }) => {
        const country = parseCountry(opts.node);
        const fiscalYear = Number(opts.fiscalYear);
        if (!/^\d{4}$/.test(opts.fiscalYear) || fiscalYear < 2000 || fiscalYear > 2100)
          throw new CliError(`--fiscal-year must be a year written YYYY (e.g. 2027), got "${opts.fiscalYear}"`);
        const asOf = opts.asOf ?? utcDay(new Date());
        if (!isIsoDate(asOf)) throw new CliError(`--as-of must be a real date written YYYY-MM-DD, got "${asOf}"`);
        const today = utcDay(new Date());
        if (asOf > today)
          throw new CliError(
            `--as-of ${asOf} is after today (${today}): the report states the departures recorded by that day, so it cannot be in the future`,
          );
        const minCell = opts.minCell === undefined ? DEFAULT_MIN_CELL : Number(opts.minCell);
        if (!Number.isInteger(minCell) || minCell < 1 || minCell > 1000)
          throw new CliError(
            `--min-cell must be a whole number from 1 (show everything) to 1000, got "${opts.minCell}"`,
          );
        const format = parseFormat(opts.format, ['text', 'json', 'csv', 'html'] as const);
        const node = await openNode(country, { db: true, temporal: false });
        try {
          const result = await overstayReport(node.pool, {
            node: country,
            fiscalYear,
            asOf,
            minCell,
            actor: cliActor(),
          });
          writeOut(
            format === 'json'
              ? `${JSON.stringify(result, null, 2)}\n`
              : format === 'csv'
                ? overstayReportCsv(result)
                : format === 'html'
                  ? overstayReportHtml(result)
                  : overstayReportText(result),
            opts.out,
          );
        } finally {
          await node.close();
        }
      },
    );

  report
    .command('exchange')
    .description('per-window volumes both ways, rejected records by reason, resends and reconciliation rates')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--from <YYYY-MM-DD>', 'first window day')
    .requiredOption('--to <YYYY-MM-DD>', 'last window day')
    .option('--format <text|json|csv>', 'output format', 'text')
    .option('--out <file>', 'write the report to a file instead of standard output')
    .action(async (opts: { node: string; from: string; to: string; format: string; out?: string }) => {
      const country = parseCountry(opts.node);
      for (const [flag, value] of [
        ['--from', opts.from],
        ['--to', opts.to],
      ] as const)
        if (!isIsoDate(value)) throw new CliError(`${flag} must be a real date written YYYY-MM-DD, got "${value}"`);
      if (opts.from > opts.to) throw new CliError(`--from ${opts.from} is after --to ${opts.to}; swap them`);
      const format = parseFormat(opts.format, ['text', 'json', 'csv'] as const);
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const result = await exchangeReport(node.pool, {
          node: country,
          from: opts.from,
          to: opts.to,
          actor: cliActor(),
        });
        writeOut(
          format === 'json'
            ? `${JSON.stringify(result, null, 2)}\n`
            : format === 'csv'
              ? exchangeReportCsv(result)
              : exchangeReportText(result),
          opts.out,
        );
      } finally {
        await node.close();
      }
    });
}
