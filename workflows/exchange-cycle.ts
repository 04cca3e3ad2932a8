// The exchange cycle: one per direction and window. Collect the pending in-scope entries in batches,
// send each signed batch to the partner, wait for its acknowledgement (sending the same batch again
// when it is late), and record the per-record results. Only ids and counts pass through history.
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import type { createCollectActivities } from '../activities/collect';
import type { createTransmitActivities } from '../activities/transmit';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../src/temporal/liveness';
import { DATABASE_RETRY, PARTNER_RETRY } from '../src/temporal/retry-policies';
import { cycleWorkflowId, directionLabel, windowEndingAt } from '../src/exchange/window';
import {
  ackReceivedSignal,
  DEFAULT_CYCLE_OPTIONS,
  progressQuery,
  type CycleProgress,
  type CycleResult,
  type CycleTotals,
  type ExchangeCycleInput,
  type ExchangeStatusValue,
  type ScheduledCycleInput,
} from '../src/exchange/cycle-contract';
import { BatchId, CycleWindow, Direction, ExchangeStatus, RecordCount } from '../src/temporal/search-attributes';
import { summaries } from '../src/observability/summaries';

const { prepareBatch, ackStatus } = proxyActivities<ReturnType<typeof createCollectActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: DATABASE_RETRY,
});

// The partner may be down for hours: keep trying with backoff; a 4xx is final (PartnerRefused).
const { transmitBatch } = proxyActivities<ReturnType<typeof createTransmitActivities>>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: PARTNER_RETRY,
});

const sendBatch = (batchId: string, records: number, attempt: number) =>
  transmitBatch.executeWithOptions({ summary: summaries.transmit(batchId, records, attempt) }, [{ batchId, attempt }]);

export async function exchangeCycle(input: ExchangeCycleInput): Promise<CycleResult> {
  const options = { ...DEFAULT_CYCLE_OPTIONS, ...input.options };
  const direction = directionLabel(input.from, input.to);
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const totals: CycleTotals = input.carried ?? { batches: 0, sent: 0, accepted: 0, rejected: 0, resends: 0 };
  let status = 'collecting' as ExchangeStatusValue;
  let current: CycleProgress['currentBatch'];
  const acked = new Set<string>();

  setHandler(ackReceivedSignal, ({ batchId }) => void acked.add(batchId));
  setHandler(progressQuery, () => ({ direction, window: input.window, status, ...totals, currentBatch: current }));

  const show = (next: ExchangeStatusValue) => {
    status = next;
    setCurrentDetails(summaries.cycleProgress(input.from, input.to, input.window, totals, next));
    upsertSearchAttributes([
      { key: ExchangeStatus, value: next },
      { key: RecordCount, value: totals.sent },
    ]);
  };
  upsertSearchAttributes([
    { key: Direction, value: direction },
    { key: CycleWindow, value: input.window },
  ]);

  for (let runBatches = 0; runBatches < options.batchesPerRun; runBatches++) {
    show('collecting');
    const batch = await prepareBatch.executeWithOptions(
      { summary: summaries.collect(input.window, totals.batches + 1) },
      [
        {
          from: input.from,
          to: input.to,
          window: input.window,
          windowEnd: input.windowEnd,
          workflowId,
          runKey: firstExecutionRunId,
          batchIndex: totals.batches,
          batchSize: options.batchSize,
        },
      ],
    );
    if (!batch) {
      show('completed');
      return { workflow_id: workflowId, ...totals };
    }
    current = { batchId: batch.batchId, records: batch.recordCount, sends: 0 };
    upsertSearchAttributes([{ key: BatchId, value: batch.batchId }]);

    show('transmitting');
    await sendBatch(batch.batchId, batch.recordCount, ++current.sends);
    show('awaiting-ack');
    // Wait for the acknowledgement; when it is late, send the same batch again (the partner
    // recognises it by id and acknowledges again). Past the limit, say so and keep waiting.
    while (
      !(await condition(() => acked.has(batch.batchId), options.ackTimeout, {
        summary: summaries.awaitAck(batch.batchId, current.sends),
      }))
    ) {
      if ((await ackStatus(batch.batchId)).acked) break;
      if (current.sends >= options.ackOverdueAfter && status !== 'ack-overdue') show('ack-overdue');
      await sendBatch(batch.batchId, batch.recordCount, ++current.sends);
      totals.resends++;
    }

    const result = await ackStatus(batch.batchId);
    if (!result.acked)
      throw ApplicationFailure.nonRetryable(
        `batch ${batch.batchId} was signalled as acknowledged but no acknowledgement is stored`,
      );
    totals.batches++;
    totals.sent += batch.recordCount;
    totals.accepted += result.accepted;
    totals.rejected += result.rejected;
    current = undefined;
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof exchangeCycle>({ ...input, carried: totals });
}

const TemporalScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * What the schedule starts: works out the window that just ended from the scheduled time (so a
 * backfill covers the right past window) and runs that window's cycle under its own derived id.
 * A window already running is left alone: one window never runs twice at once.
 */
export async function scheduledExchangeCycle(input: ScheduledCycleInput): Promise<CycleResult | { skipped: string }> {
  const info = workflowInfo();
  const scheduledAt = info.typedSearchAttributes.get(TemporalScheduledStartTime) ?? info.startTime;
  const window = windowEndingAt(scheduledAt, input.intervalMs);
  const direction = directionLabel(input.from, input.to);
  const id = cycleWorkflowId(direction, window.label);
  try {
    const child = await startChild(exchangeCycle, {
      workflowId: id,
      args: [{ from: input.from, to: input.to, window: window.label, windowEnd: window.end, options: input.options }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: summaries.cycle(input.from, input.to, window.label),
      staticDetails: summaries.cycleDetails(
        input.from,
        input.to,
        window.label,
        window.end,
        input.options?.batchSize ?? DEFAULT_CYCLE_OPTIONS.batchSize,
      ),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [
        { key: Direction, value: direction },
        { key: CycleWindow, value: window.label },
        { key: ExchangeStatus, value: 'collecting' },
      ],
    });
    return await child.result();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { skipped: `${id} is already running` };
    throw err;
  }
}
