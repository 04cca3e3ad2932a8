// `entry-exit exchange run|backfill|rejected`: operators run a window's cycle by hand (the same
// workflow and id the schedule uses), run missed windows, and list records the partner rejected.
import type { Command } from 'commander';
import { runExchangeCycle, daysBetween } from '../../exchange/cycle-client';
import { cycleOptionsFrom, readExchangeSettings } from '../../config/exchange';
import { parseWindow } from '../../exchange/batch';
import { partnerOf } from '../../config';
import { CliError } from '../errors';
import { registerResendCommand } from './resend';
import { openNode, parseCountry } from '../node-access';

function settingsFor(country: 'US' | 'CA') {
  const { settings, problems } = readExchangeSettings(country);
  if (problems.length) throw new CliError(`invalid exchange settings:\n  - ${problems.join('\n  - ')}`);
  return settings;
}

function direction(opts: { from: string; to?: string }) {
  const from = parseCountry(opts.from, '--from');
  const to = opts.to ? parseCountry(opts.to, '--to') : partnerOf(from);
  if (to === from) throw new CliError('--from and --to must be different countries');
  return { from, to };
}

export function registerExchangeCommand(program: Command): void {
  const exchange = program.command('exchange').description('run and inspect exchange cycles');

  exchange
    .command('run')
    .description(
      'run one window\'s cycle through the real workflow, wait, and print {"workflow_id","sent","accepted","rejected"}',
    )
    .requiredOption('--from <US|CA>', 'sending node')
    .option('--to <US|CA>', 'receiving node (the partner)')
    .requiredOption('--window <YYYY-MM-DD>', 'the window: a UTC day, or YYYY-MM-DDTHH:MM with EXCHANGE_INTERVAL set')
    .action(async (opts: { from: string; to?: string; window: string }) => {
      const { from, to } = direction(opts);
      const settings = settingsFor(from);
      let window;
      try {
        window = parseWindow(opts.window, settings.intervalMs);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (Date.parse(window.start) > Date.now())
        throw new CliError(`window ${opts.window} has not begun yet; run a window that has started`);
      const node = await openNode(from, { db: false, temporal: true });
      try {
        const result = await runExchangeCycle(node.temporal, node.config, {
          from,
          to,
          window: opts.window,
          intervalMs: settings.intervalMs,
          options: cycleOptionsFrom(settings),
        }).catch((err: Error) => {
          throw new CliError(`cycle failed: ${err.cause instanceof Error ? err.cause.message : err.message}`, 1);
        });
        process.stdout.write(
          `${JSON.stringify({ workflow_id: result.workflow_id, sent: result.sent, accepted: result.accepted, rejected: result.rejected, batches: result.batches, resends: result.resends })}\n`,
        );
      } finally {
        await node.close();
      }
    });

  exchange
    .command('backfill')
    .description('run the cycles of the days from --start to --end, oldest first; one JSON line per window and a total')
    .requiredOption('--from <US|CA>', 'sending node')
    .option('--to <US|CA>', 'receiving node (the partner)')
    .requiredOption('--start <YYYY-MM-DD>', 'first day')
    .requiredOption('--end <YYYY-MM-DD>', 'last day (inclusive)')
    .action(async (opts: { from: string; to?: string; start: string; end: string }) => {
      const { from, to } = direction(opts);
      let days: string[];
      try {
        days = daysBetween(opts.start, opts.end);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (days.length > 366) throw new CliError(`${days.length} days is more than a year; backfill a year at a time`);
      const settings = settingsFor(from);
      const node = await openNode(from, { db: false, temporal: true });
      const total = { windows: 0, sent: 0, accepted: 0, rejected: 0 };
      try {
        for (const window of days) {
          const result = await runExchangeCycle(node.temporal, node.config, {
            from,
            to,
            window,
            options: cycleOptionsFrom(settings),
          });
          process.stdout.write(
            `${JSON.stringify({ workflow_id: result.workflow_id, sent: result.sent, accepted: result.accepted, rejected: result.rejected })}\n`,
          );
          total.windows++;
          total.sent += result.sent;
          total.accepted += result.accepted;
          total.rejected += result.rejected;
        }
      } finally {
        await node.close();
      }
      process.stdout.write(
        `${JSON.stringify({ backfill: `${from}-${to}`, start: opts.start, end: opts.end, ...total })}\n`,
      );
    });

  exchange
    .command('rejected')
    .description(
      'list own records the partner rejected and not yet corrected: id, version, batch, reason (no personal data)',
    )
    .requiredOption('--node <us|ca>', 'the sending node')
    .option('--limit <n>', 'most rows to print', '1000')
    .action(async (opts: { node: string; limit: string }) => {
      const node = await openNode(parseCountry(opts.node), { db: true, temporal: false });
      try {
        const { rows } = await node.pool.query(
          `SELECT o.entry_id AS id, o.version, o.batch_id, o.reason, o.updated_at AS rejected_at
           FROM outbound_records o JOIN entries e ON e.id = o.entry_id AND e.version = o.version
           WHERE o.status = 'rejected' ORDER BY o.updated_at, o.entry_id LIMIT $1`,
          [Math.max(1, Number(opts.limit) || 1000)],
        );
        for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
      } finally {
        await node.close();
      }
    });
  registerResendCommand(exchange);
}
