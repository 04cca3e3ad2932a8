// The exchange cycle's acknowledgement timer on the time-skipping test server, with mocked activities
// (as Temporal's samples test workflows): no partner, no database. A late acknowledgement makes the
// cycle send the same batch again after each ack timeout (10 minutes by default); past the limit
// (3 sends) it shows ack-overdue and keeps waiting. The project's own rule (DOMAIN.md, "Timing": no
// acknowledgement or retry rule is public), documented in docs/exchange.md.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NodeActivities } from '../../activities';
import { progressQuery, type CycleProgress } from '../../src/exchange/cycle-contract';
import type { exchangeCycle } from '../../workflows/exchange-cycle';
import { startTestWorker, startTimeSkippingEnv, type RunningTestWorker } from '../support/time-skipping';

const TASK_QUEUE = 'exchange-cycle-time-skipping';
const ACK_TIMEOUT_MS = 10 * 60_000; // DEFAULT_CYCLE_OPTIONS.ackTimeout

type CycleActivities = Pick<NodeActivities, 'prepareBatch' | 'transmitBatch' | 'ackStatus'>;

/** A partner that acknowledges (stores its ack) only once the batch has been sent `ackAfterSends` times. */
class MockPartner {
  readonly sends: Array<{ batchId: string; attempt: number; scheduledAt: number; progress: CycleProgress }> = [];
  ackChecks = 0;
  private prepared = 0;

  constructor(
    private readonly ackAfterSends: number,
    private readonly workflowId: () => string,
    private readonly env: () => TestWorkflowEnvironment,
  ) {}

  activities(): CycleActivities {
    return {
      prepareBatch: async () =>
        this.prepared++ === 0 ? { batchId: 'B-US-CA-1', recordCount: 3, adopted: false } : null,
      transmitBatch: async ({ batchId, attempt }) => {
        // What the cycle shows while it sends: read through its query, as an operator would.
        const progress = await this.env().client.workflow.getHandle(this.workflowId()).query(progressQuery);
        const scheduledAt = Context.current().info.currentAttemptScheduledTimestampMs;
        this.sends.push({ batchId, attempt, scheduledAt, progress });
        return { status: 200, duplicate: attempt > 1 };
      },
      ackStatus: async () => {
        this.ackChecks++;
        const acked = this.sends.length >= this.ackAfterSends;
        return { acked, accepted: acked ? 2 : 0, rejected: acked ? 1 : 0 };
      },
    };
  }
}

let env: TestWorkflowEnvironment;
let cycleSeq = 0;

beforeAll(async () => {
  env = await startTimeSkippingEnv();
}, 60_000);

afterAll(async () => {
  await env?.teardown();
});

/** Runs one cycle to its end against a partner that acknowledges after `ackAfterSends` sends. */
async function cycleAgainst(ackAfterSends: number) {
  const workflowId = `exchange-us-ca-test-${++cycleSeq}`;
  const partner = new MockPartner(
    ackAfterSends,
    () => workflowId,
    () => env,
  );
  let worker: RunningTestWorker | undefined;
  try {
    worker = await startTestWorker(env, `${TASK_QUEUE}-${cycleSeq}`, partner.activities());
    const result = await env.client.workflow.execute<typeof exchangeCycle>('exchangeCycle', {
      workflowId,
      taskQueue: `${TASK_QUEUE}-${cycleSeq}`,
      args: [{ from: 'US', to: 'CA', window: '2026-12-01', windowEnd: '2026-12-02T00:00:00.000Z' }],
    });
    return { result, partner };
  } finally {
    await worker?.stop();
  }
}

describe('exchange cycle acknowledgement timer (time-skipping server, mocked activities)', () => {
  it('sends the same batch again when the acknowledgement is late, and counts the resend', async () => {
    const { result, partner } = await cycleAgainst(2);
    expect(partner.sends.map(({ batchId, attempt }) => [batchId, attempt])).toEqual([
      ['B-US-CA-1', 1],
      ['B-US-CA-1', 2],
    ]);
    // The resend waited for the ack timeout: not sent at once.
    expect(partner.sends[1].scheduledAt - partner.sends[0].scheduledAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    expect(partner.sends.map((s) => s.progress.status)).toEqual(['transmitting', 'awaiting-ack']);
    expect(result).toMatchObject({ batches: 1, sent: 3, accepted: 2, rejected: 1, resends: 1 });
  });

  it('shows ack-overdue after three sends without an acknowledgement and keeps resending until it comes', async () => {
    const { result, partner } = await cycleAgainst(5);
    expect(partner.sends.map((s) => s.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(partner.sends.map((s) => [s.progress.status, s.progress.currentBatch?.sends])).toEqual([
      ['transmitting', 1],
      ['awaiting-ack', 2],
      ['awaiting-ack', 3],
      ['ack-overdue', 4],
      ['ack-overdue', 5],
    ]);
    for (let i = 1; i < partner.sends.length; i++)
      expect(partner.sends[i].scheduledAt - partner.sends[i - 1].scheduledAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    expect(result).toMatchObject({ batches: 1, sent: 3, accepted: 2, rejected: 1, resends: 4 });
  });

  it('sends once when the acknowledgement is stored before the timeout', async () => {
    const { result, partner } = await cycleAgainst(1);
    expect(partner.sends.map((s) => s.attempt)).toEqual([1]);
    expect(result).toMatchObject({ batches: 1, sent: 3, resends: 0 });
  });
});
