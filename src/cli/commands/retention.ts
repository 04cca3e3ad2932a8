// `npx entry-exit retention warnings --node us|ca --within-days N`: records due for erasure soon
// (ids, kinds, categories and dates only), and `retention rules` to show the periods in force.
import type { Command } from 'commander';
import { DEFAULT_WARNING_DAYS, loadRetentionRules } from '../../config/retention';
import { retentionWarnings } from '../../retention/expired';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { parseAsOf } from './purge';
import { retentionWarningDaysSetting } from '../../config/environment';
import { utcDay } from '../../calendar';

export function registerRetentionCommand(program: Command): void {
  const retention = program
    .command('retention')
    .description('retention periods and the warning list of records due for erasure');
  retention
    .command('warnings')
    .description('records whose retention ends within N days (one JSON line each; held records flagged)')
    .requiredOption('--node <us|ca>', 'which node')
    .option('--within-days <n>', 'look-ahead in days', retentionWarningDaysSetting(DEFAULT_WARNING_DAYS))
    .option('--as-of <date>', 'judge from this day instead of today')
    .action(async (opts: { node: string; withinDays: string; asOf?: string }) => {
      const days = Number(opts.withinDays);
      if (!Number.isInteger(days) || days < 0 || days > 3660)
        throw new CliError('--within-days must be a whole number of days from 0 to 3660');
      const country = parseCountry(opts.node);
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const due = await retentionWarnings(
          node.pool,
          loadRetentionRules(country),
          country,
          parseAsOf(opts.asOf),
          days,
        );
        for (const r of due) {
          process.stdout.write(
            `${JSON.stringify({ id: r.id, kind: r.kind, category: r.category, erase_on: utcDay(r.expiresAt), held: r.held })}\n`,
          );
        }
        process.stderr.write(`${due.length} record(s) due for erasure within ${days} days\n`);
      } finally {
        await node.close();
      }
    });
  retention
    .command('rules')
    .description('the retention rules of a node (from the rules file or the defaults)')
    .requiredOption('--node <us|ca>', 'which node')
    .action((opts: { node: string }) => {
      for (const rule of loadRetentionRules(parseCountry(opts.node))) process.stdout.write(`${JSON.stringify(rule)}\n`);
    });
}
