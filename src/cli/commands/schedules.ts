// The node's Temporal Schedules outside the demo: a deployed node (`npx entry-exit node US`) runs
// workers and doors but creates no schedules, so a platform team runs `schedules ensure` once per
// release (as the deploy/ job does) and operators read them with `schedules list`.
import type { Command } from 'commander';
import { ensureExchangeSchedules, exchangeScheduleId } from '../../exchange/schedules';
import { ensurePurgeSchedule, purgeScheduleId } from '../../retention/schedule';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';

export function registerSchedulesCommand(program: Command): void {
  const schedules = program
    .command('schedules')
    .description("create and read a node's Temporal Schedules (the outbound exchange cycle and the daily purge)");

  schedules
    .command('ensure')
    .description(
      'create the exchange and purge schedules, or bring existing ones in line with the configuration (keeps their paused state)',
    )
    .requiredOption('--node <us|ca>', 'which node')
    .option('--paused', 'create a new exchange schedule paused (an operator unpauses it in the Temporal UI)')
    .action(async (opts: { node: string; paused?: boolean }) => {
      const node = await openNode(parseCountry(opts.node), { db: false, temporal: true });
      try {
        const exchange = await ensureExchangeSchedules(node.temporal, node.config, { paused: opts.paused }).catch(
          (err: Error) => {
            throw new CliError(`${err.message}\n(fix the EXCHANGE_* settings named above and run this again)`);
          },
        );
        const purge = await ensurePurgeSchedule(node.temporal, node.config);
        process.stdout.write(
          `${JSON.stringify({
            namespace: node.config.temporal.namespace,
            exchange_schedule: exchange,
            purge_schedule: purge.scheduleId,
            purge_created: purge.created,
            history_retention_days: Number.isFinite(purge.historyRetention.retentionDays)
              ? purge.historyRetention.retentionDays
              : null,
          })}\n`,
        );
      } finally {
        await node.close();
      }
    });

  schedules
    .command('list')
    .description("show the node's schedules: paused or not, the next run and the last one (one JSON line each)")
    .requiredOption('--node <us|ca>', 'which node')
    .action(async (opts: { node: string }) => {
      const node = await openNode(parseCountry(opts.node), { db: false, temporal: true });
      try {
        for (const id of [exchangeScheduleId(node.config), purgeScheduleId(node.config)]) {
          const found = await node.temporal.schedule
            .getHandle(id)
            .describe()
            .catch(() => undefined);
          if (!found) {
            process.stdout.write(`${JSON.stringify({ schedule: id, exists: false, hint: 'run schedules ensure' })}\n`);
            continue;
          }
          const last = found.info.recentActions.at(-1);
          process.stdout.write(
            `${JSON.stringify({
              schedule: id,
              exists: true,
              paused: found.state.paused,
              next_run: found.info.nextActionTimes[0]?.toISOString() ?? null,
              last_run: last?.takenAt.toISOString() ?? null,
              last_workflow_id: last?.action.workflow.workflowId ?? null,
            })}\n`,
          );
        }
      } finally {
        await node.close();
      }
    });
}
