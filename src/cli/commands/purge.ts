// `npx entry-exit purge --node us|ca [--dry-run] [--verbose]`: erase what passed retention now, or
// report what would go (counts per kind, category and table; ids with --verbose; no personal data).
import type { Command } from 'commander';
import { previewPurge } from '../../retention/preview';
import { utcDay } from '../../calendar';
import { purgeExpiredRecords } from '../../../workflows/purge';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';

export function parseAsOf(raw: string | undefined): Date {
  if (raw === undefined) return new Date();
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(date.getTime()))
    throw new CliError(`--as-of "${raw}" is not a date; write YYYY-MM-DD or an ISO instant`);
  return date;
}

export function registerPurgeCommand(program: Command): void {
  program
    .command('purge')
    .description(
      'erase records past retention from the database and Temporal (runs the purge workflow), or report what would go',
    )
    .requiredOption('--node <us|ca>', 'which node')
    .option('--dry-run', 'report what would be removed, remove nothing')
    .option('--verbose', 'with --dry-run: list the record ids too')
    .option('--as-of <date>', 'with --dry-run: judge retention on this day instead of today')
    .option('--page-size <n>', 'records per page', '1000')
    .action(async (opts: { node: string; dryRun?: boolean; verbose?: boolean; asOf?: string; pageSize: string }) => {
      const country = parseCountry(opts.node);
      const pageSize = Number(opts.pageSize);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000)
        throw new CliError('--page-size must be a whole number from 1 to 10000');
      if (opts.dryRun) {
        const node = await openNode(country, { db: true, temporal: false });
        try {
          const preview = await previewPurge(node.pool, node.config, parseAsOf(opts.asOf), { verbose: opts.verbose });
          process.stdout.write(`${JSON.stringify({ dryRun: true, ...preview })}\n`);
        } finally {
          await node.close();
        }
        return;
      }
      if (opts.asOf) throw new CliError('--as-of works only with --dry-run; a real purge judges by the node clock');
      const node = await openNode(country, { db: false, temporal: true });
      try {
        const report = await node.temporal.workflow.execute(purgeExpiredRecords, {
          workflowId: `purge-${country.toLowerCase()}-manual-${utcDay(new Date())}`,
          taskQueue: node.config.temporal.taskQueue,
          args: [{ pageSize }],
        });
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } finally {
        await node.close();
      }
    });
}
