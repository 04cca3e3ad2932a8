// The Temporal Schedule that runs a node's outbound exchange cycle: daily at a local time by
// default, or every EXCHANGE_INTERVAL. Operators pause, trigger and backfill it on the Schedules page.
//
// Overlap policy SKIP: a cycle still running (its partner down, say) is not joined by a second
// one; nothing is lost, because every cycle collects all pending records captured before its window
// ends, so the next cycle picks up what a skipped one would have sent. Catch-up window: one day for
// the daily cycle (a run missed while Temporal was down is still taken the same day), one hour for
// shorter intervals (older missed ticks add nothing the next tick does not already cover).
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { partnerOf, type NodeConfig } from '../config';
import { Direction } from '../temporal/search-attributes';
import { directionLabel } from './batch';
import { summaries } from '../observability/summaries';
import { scheduledExchangeCycle } from '../../workflows/exchange-cycle';
import { cycleOptionsFrom, readExchangeSettings, type ExchangeSettings } from '../config/exchange';

const DAY_MS = 24 * 3600 * 1000;

export function exchangeScheduleId(config: NodeConfig): string {
  return `exchange-${directionLabel(config.country, partnerOf(config.country))}`;
}

export function exchangeScheduleOptions(
  config: NodeConfig,
  settings: ExchangeSettings,
  opts: { paused?: boolean } = {},
): ScheduleOptions {
  const from = config.country;
  const to = partnerOf(from);
  const direction = directionLabel(from, to);
  const daily = settings.intervalMs >= DAY_MS;
  return {
    scheduleId: exchangeScheduleId(config),
    spec: daily
      ? {
          calendars: [
            { hour: settings.dailyAt.hour, minute: settings.dailyAt.minute, comment: `daily ${direction} exchange` },
          ],
          timezone: settings.timeZone,
        }
      : { intervals: [{ every: settings.intervalMs }] },
    action: {
      type: 'startWorkflow',
      workflowType: scheduledExchangeCycle,
      // Temporal appends the scheduled time; the cycle itself runs under exchange-<direction>-<window>.
      workflowId: `exchange-${direction}-scheduled`,
      taskQueue: config.temporal.taskQueue,
      args: [{ from, to, intervalMs: Math.min(settings.intervalMs, DAY_MS), options: cycleOptionsFrom(settings) }],
      staticSummary: summaries.scheduledCycle(from, to),
      typedSearchAttributes: [{ key: Direction, value: direction }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: daily ? DAY_MS : 3600_000 },
    state: { paused: opts.paused ?? false, note: `${direction} exchange cycle; see docs/exchange.md` },
  };
}

/**
 * Creates the node's exchange schedule, or brings an existing one in line with the configuration
 * (keeping its paused state, which belongs to the operators). Returns the schedule id.
 */
export async function ensureExchangeSchedules(
  client: Client,
  config: NodeConfig,
  opts: { env?: Record<string, string | undefined>; paused?: boolean } = {},
): Promise<string> {
  const { settings, problems } = readExchangeSettings(config.country, opts.env);
  if (problems.length)
    throw new Error(`exchange schedule of the ${config.country} node:\n  - ${problems.join('\n  - ')}`);
  const options = exchangeScheduleOptions(config, settings, opts);
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action as typeof previous.action,
      policies: { ...previous.policies, ...options.policies },
    }));
  }
  return options.scheduleId;
}
