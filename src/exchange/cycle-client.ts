// Starting cycles from outside a workflow (CLI, backfill, tests): the same workflow and id the
// schedule uses, so a window run by hand and by the schedule is one and the same cycle.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Country, NodeConfig } from '../config';
import { CycleWindow, Direction, ExchangeStatus } from '../temporal/search-attributes';
import { exchangeCycle } from '../../workflows/exchange-cycle';
import type { CycleOptions, CycleResult } from './cycle-contract';
import { cycleWorkflowId, directionLabel, parseWindow, DEFAULT_BATCH_SIZE } from './batch';
import { summaries } from '../observability/summaries';

export interface RunCycleRequest {
  from: Country;
  to: Country;
  window: string;
  /** Window length for sub-daily windows (YYYY-MM-DDTHH:MM). */
  intervalMs?: number;
  options?: Partial<CycleOptions>;
}

/** Starts (or joins, when already running) the cycle of a window on the sender's node and waits for its result. */
export async function runExchangeCycle(
  client: Client,
  config: NodeConfig,
  request: RunCycleRequest,
): Promise<CycleResult> {
  if (request.from !== config.country)
    throw new Error(
      `the ${request.from} to ${request.to} cycle runs on the ${request.from} node, not ${config.country}`,
    );
  const window = parseWindow(request.window, request.intervalMs);
  const direction = directionLabel(request.from, request.to);
  const workflowId = cycleWorkflowId(direction, window.label);
  try {
    const handle = await client.workflow.start(exchangeCycle, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [
        { from: request.from, to: request.to, window: window.label, windowEnd: window.end, options: request.options },
      ],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      staticSummary: summaries.cycle(request.from, request.to, window.label),
      staticDetails: summaries.cycleDetails(
        request.from,
        request.to,
        window.label,
        window.end,
        request.options?.batchSize ?? DEFAULT_BATCH_SIZE,
      ),
      typedSearchAttributes: [
        { key: Direction, value: direction },
        { key: CycleWindow, value: window.label },
        { key: ExchangeStatus, value: 'collecting' },
      ],
    });
    return await handle.result();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      return await client.workflow.getHandle<typeof exchangeCycle>(workflowId).result();
    throw err;
  }
}

/** The days from start to end inclusive (YYYY-MM-DD). */
export function daysBetween(start: string, end: string): string[] {
  const first = parseWindow(start);
  const last = parseWindow(end);
  if (first.start > last.start) throw new Error(`--start ${start} is after --end ${end}`);
  const days: string[] = [];
  for (let t = Date.parse(first.start); t <= Date.parse(last.start); t += 24 * 3600 * 1000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
