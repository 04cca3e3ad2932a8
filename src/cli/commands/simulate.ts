// `entry-exit simulate --from DATE --days K --per-day N [--seed S]`: realistic round trips posted to
// both nodes' capture APIs. Deterministic for a seed; ends with one JSON line of what was captured.
import type { Command } from 'commander';
import type { Country } from '../../config';
import { readStackFile } from '../../config/local-stack';
import { isCalendarDate } from '../../record/schema';
import { captureTargetOf, simulateToNodes, type CaptureTarget } from '../../simulator/post';
import { CliError } from '../errors';
import { cliNodeConfig } from '../node-access';
import { createProgress } from '../progress';

/** The node's capture door (the running demo's, or <C>_CAPTURE_HOST/PORT) and its port tokens (<C>_PORT_TOKENS). */
function captureTarget(country: Country, url: string | undefined): CaptureTarget {
  const { config } = cliNodeConfig(country);
  const target = captureTargetOf(config);
  if (Object.keys(target.portTokens).length === 0)
    throw new CliError(
      `no port credentials for the ${country} node: set ${country}_PORT_TOKENS or start the demo (npm start)`,
    );
  return { ...target, url: url ?? readStackFile()?.nodes[country]?.urls.capture ?? target.url };
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description("capture simulated round trips through both nodes' POST /entries; ends with one JSON line")
    .requiredOption('--from <YYYY-MM-DD>', 'first day')
    .option('--days <k>', 'number of days', '1')
    .option('--per-day <n>', 'trips beginning each day', '1000')
    .option('--seed <s>', 'random seed (same seed, same traffic)', '1')
    .option(
      '--returns-until <instant>',
      'capture returns home after the last day up to this ISO 8601 instant, or "none" (default: now)',
    )
    .option('--us-url <url>', "US node's capture door (default: the running demo or US_CAPTURE_HOST/PORT)")
    .option('--ca-url <url>', "CA node's capture door (default: the running demo or CA_CAPTURE_HOST/PORT)")
    .action(
      async (opts: {
        from: string;
        days: string;
        perDay: string;
        seed: string;
        returnsUntil?: string;
        usUrl?: string;
        caUrl?: string;
      }) => {
        if (!isCalendarDate(opts.from)) throw new CliError(`--from must be a date YYYY-MM-DD, got "${opts.from}"`);
        const days = Number(opts.days);
        const perDay = Number(opts.perDay);
        const seed = Number(opts.seed);
        if (!Number.isInteger(days) || days < 1 || days > 3660)
          throw new CliError('--days must be a whole number from 1 to 3660');
        if (!Number.isInteger(perDay) || perDay < 1 || perDay > 500000)
          throw new CliError('--per-day must be a whole number from 1 to 500000');
        if (!Number.isInteger(seed) || seed < 0) throw new CliError('--seed must be a whole number, 0 or more');
        const returnsUntil = opts.returnsUntil === 'none' ? undefined : (opts.returnsUntil ?? new Date().toISOString());
        if (returnsUntil !== undefined && Number.isNaN(Date.parse(returnsUntil)))
          throw new CliError(
            `--returns-until must be an ISO 8601 instant such as 2026-11-28T00:00:00Z, or "none"; got "${opts.returnsUntil}"`,
          );
        const targets = { US: captureTarget('US', opts.usUrl), CA: captureTarget('CA', opts.caUrl) };
        const progress = createProgress('simulate (records)', undefined);
        const started = Date.now();
        const totals = await simulateToNodes({ from: opts.from, days, perDay, seed, returnsUntil }, targets, {
          onChunk: (n) => progress.tick(n),
        }).catch((err: Error) => {
          throw new CliError(
            `${err.message}${/fetch failed|ECONNREFUSED/.test(err.message) ? ' (is the demo running? npm start)' : ''}`,
            1,
          );
        });
        progress.done();
        process.stdout.write(
          `${JSON.stringify({ from: opts.from, days, per_day: perDay, seed, captured: totals.stored, already: totals.already, seconds: Math.round((Date.now() - started) / 100) / 10 })}\n`,
        );
      },
    );
}
