// The daily purge schedule of a node. Called by the node start (idempotent): creates the schedule
// when missing and leaves an existing one alone, so an operator's pause or edit survives restarts.
// It also sets the namespace's closed-history retention to match the records' (history-retention.ts),
// so histories are bounded from the first day, not only after the first purge.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { NodeConfig } from '../config';
import { createLogger, type Logger } from '../observability/log';
import { loadRetentionRules } from '../config/retention';
import { summaries } from '../observability/summaries';
import { alignHistoryRetention, type HistoryRetentionResult } from './history-retention';
import { purgeExpiredRecords } from '../../workflows/purge';
import { purgeHourUtc } from '../config/environment';

export function purgeScheduleId(config: NodeConfig): string {
  return `purge-${config.country.toLowerCase()}`;
}

/** Hour (UTC) the purge runs at: PURGE_HOUR_UTC or 03:15, away from the exchange's midnight cycle. */
function purgeTime(): { hour: number; minute: number } {
  return { hour: purgeHourUtc(), minute: 15 };
}

export async function ensurePurgeSchedule(
  client: Client,
  config: NodeConfig,
  opts: { log?: Logger; now?: Date } = {},
): Promise<{ scheduleId: string; created: boolean; historyRetention: HistoryRetentionResult }> {
  const scheduleId = purgeScheduleId(config);
  const historyRetention = await alignHistoryRetention(
    client,
    config,
    loadRetentionRules(config.country),
    opts.now ?? new Date(),
    opts.log ?? createLogger({ node: config.country }),
  );
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ ...purgeTime(), comment: 'daily retention purge' }] },
      action: {
        type: 'startWorkflow',
        workflowType: purgeExpiredRecords,
        workflowId: `purge-${config.country.toLowerCase()}`,
        taskQueue: config.temporal.taskQueue,
        args: [{}],
        staticSummary: summaries.purge(config.country),
      },
      // A purge still running the next day is not doubled; a missed day runs once when back.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return { scheduleId, created: true, historyRetention };
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return { scheduleId, created: false, historyRetention };
    throw err;
  }
}
