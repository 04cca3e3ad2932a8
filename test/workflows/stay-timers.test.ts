// The stay's timers on the time-skipping test server, with mocked stay activities (as Temporal's
// samples test workflows): no database. The overstay timer ends with the admit-until day at the port
// of entry (local midnight, DOMAIN.md "Dates are local"); an extension moves it (DHS: a granted
// extension moves the lawful period); an exit before it closes the stay as compliant, one after it
// turns the suspected in-country overstay into an out-of-country one (DHS's two outcomes). The same
// paths on the real database: test/stay-workflow.test.ts.
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { createStayActivities } from '../../activities/stays';
import { addDays } from '../../src/calendar';
import { endOfLocalDay, localDateInZone } from '../../src/record/local-day';
import {
  exitRecordedSignal,
  requestExtensionUpdate,
  stayStateQuery,
  type StayInput,
  type StayState,
} from '../../src/stays/contract';
import type { stay } from '../../workflows/stay';
import { startTestWorker, startTimeSkippingEnv, type RunningTestWorker } from '../support/time-skipping';

const TASK_QUEUE = 'stay-timers-time-skipping';
const ZONE = 'America/Los_Angeles'; // Blaine WA
const HOUR = 3_600_000;

type StayActivities = ReturnType<typeof createStayActivities>;
type Call = { activity: keyof StayActivities; input: Record<string, unknown> };

const calls: Call[] = [];
const mockedStayActivities: StayActivities = {
  saveStay: async (input) => void calls.push({ activity: 'saveStay', input }),
  flagOverstay: async (input) => void calls.push({ activity: 'flagOverstay', input: { ...input } }),
  liftOverstay: async (input) => (calls.push({ activity: 'liftOverstay', input: { ...input } }), 1),
  replaceOverstayFlag: async (input) => (calls.push({ activity: 'replaceOverstayFlag', input }), 1),
  confirmDeparture: async (input) => void calls.push({ activity: 'confirmDeparture', input: { ...input } }),
};

let env: TestWorkflowEnvironment;
let worker: RunningTestWorker;
let staySeq = 0;

beforeAll(async () => {
  env = await startTimeSkippingEnv();
  worker = await startTestWorker(env, TASK_QUEUE, mockedStayActivities);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
});

/** A visitor's stay started now (server time), admitted until `days` local days from today. */
async function startStay(days: number, retainDays = 400) {
  const entryId = `E-T${++staySeq}`;
  const today = localDateInZone(await env.currentTimeMs(), ZONE);
  const input: StayInput = {
    country: 'US',
    entryId,
    category: 'visitor',
    ruleId: 'us.visitor',
    admitUntil: addDays(today, days),
    retainUntil: addDays(today, retainDays),
    timeZone: ZONE,
  };
  const handle = await env.client.workflow.start<typeof stay>('stay', {
    workflowId: `stay-us-${entryId}`,
    taskQueue: TASK_QUEUE,
    args: [input],
  });
  await settled(handle, (s) => s.status === 'awaiting_exit', 'opened');
  return { entryId, handle, admitUntil: input.admitUntil!, timerEnds: endOfLocalDay(input.admitUntil!, ZONE) };
}

/** Polls (real time; the server skips no time meanwhile) until the stay's state and its saved row agree with `check`. */
async function settled(
  handle: WorkflowHandle<typeof stay>,
  check: (s: StayState) => boolean,
  what: string,
): Promise<StayState> {
  const deadline = Date.now() + 15_000;
  let last: StayState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(stayStateQuery);
    if (check(last) && savedRevision(last.entryId) >= last.revision) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`stay never reached: ${what}; last state ${JSON.stringify(last)}`);
}

function savedRevision(entryId: string): number {
  const saved = callsOf('saveStay', entryId).map((c) => (c.input.state as StayState).revision);
  return Math.max(0, ...saved);
}

function callsOf(activity: keyof StayActivities, entryId: string) {
  return calls.filter(
    (c) => c.activity === activity && (c.input.entryId ?? flagOf(c)?.entryId ?? stateOf(c)?.entryId) === entryId,
  );
}
const flagOf = (c: Call) => c.input.flag as { entryId: string } | undefined;
const stateOf = (c: Call) => c.input.state as StayState | undefined;

/** Moves server time to `instant` (ms). */
async function skipTo(instant: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (instant > now) await env.sleep(instant - now);
}

const exit = (exitedAt: number) => ({
  exitId: `X-${staySeq}`,
  exitedAt: new Date(exitedAt).toISOString(),
  port: 'SURREY-BC',
  matchedBy: 'exact' as const,
});

describe('stay timers (time-skipping server, mocked activities)', () => {
  it('fires the overstay timer at the end of the admit-until day at the port, not before', async () => {
    const { entryId, handle, admitUntil, timerEnds } = await startStay(30);
    await skipTo(timerEnds - HOUR); // 23:00 on admit-until in Blaine: still lawful
    expect((await handle.query(stayStateQuery)).status).toBe('awaiting_exit');
    expect(callsOf('flagOverstay', entryId)).toEqual([]);

    await skipTo(timerEnds + HOUR);
    const state = await settled(handle, (s) => s.status === 'overstay', 'suspected overstay');
    const [flag] = callsOf('flagOverstay', entryId);
    expect(flag.input).toMatchObject({ entryId, kind: 'in_country', since: admitUntil, daysOver: null, exitId: null });
    // Flagged when the local day ended (07:00 or 08:00 UTC), not at UTC midnight.
    expect(Date.parse(flag.input.at as string)).toBeGreaterThanOrEqual(timerEnds);
    expect(Date.parse(flag.input.at as string)).toBeLessThan(timerEnds + HOUR);
    expect(state.overstayFlaggedAt).toBe(flag.input.at);
  });

  it('a granted extension moves the timer to the new date', async () => {
    const { entryId, handle, admitUntil, timerEnds } = await startStay(30);
    const later = addDays(admitUntil, 20);
    const granted = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ admitUntil: later, reason: 'I-539 approved', decision: 'granted' }],
    });
    expect(granted).toMatchObject({ admitUntil: later, originalAdmitUntil: admitUntil, status: 'awaiting_exit' });

    await skipTo(timerEnds + 2 * HOUR); // past the original date
    expect((await handle.query(stayStateQuery)).status).toBe('awaiting_exit');
    expect(callsOf('flagOverstay', entryId)).toEqual([]);

    await skipTo(endOfLocalDay(later, ZONE) + HOUR);
    await settled(handle, (s) => s.status === 'overstay', 'overstay after the extended date');
    expect(callsOf('flagOverstay', entryId).map((c) => c.input.since)).toEqual([later]);
  });

  it('an exit before the timer closes the stay as compliant: nothing is flagged, and it ends with retention', async () => {
    const { entryId, handle, timerEnds } = await startStay(30, 60);
    await skipTo(timerEnds - 10 * 24 * HOUR);
    await handle.signal(exitRecordedSignal, exit(await env.currentTimeMs()));
    await settled(handle, (s) => s.status === 'compliant', 'compliant');

    const result = await handle.result(); // the server skips to the end of retention
    expect(result).toMatchObject({ status: 'compliant', daysOver: null, exit: { exitId: `X-${staySeq}` } });
    expect(callsOf('flagOverstay', entryId)).toEqual([]);
    expect(callsOf('liftOverstay', entryId)).toEqual([]);
    expect(stateOf(callsOf('saveStay', entryId).at(-1)!)?.status).toBe('compliant');
  });

  it('an exit after the timer replaces the in-country flag with an out-of-country overstay in one activity', async () => {
    const { entryId, handle, admitUntil, timerEnds } = await startStay(30);
    await skipTo(timerEnds + HOUR);
    await settled(handle, (s) => s.status === 'overstay', 'suspected overstay');

    // Left on the 5th local day after admit-until (noon in Surrey, Pacific time); the record arrives later.
    await skipTo(timerEnds + 8 * 24 * HOUR);
    await handle.signal(exitRecordedSignal, exit(timerEnds + 4 * 24 * HOUR + 12 * HOUR));
    const state = await settled(handle, (s) => s.status === 'out_of_country_overstay', 'out-of-country overstay');
    expect(state.daysOver).toBe(5);
    const [replaced] = callsOf('replaceOverstayFlag', entryId);
    expect(replaced.input).toMatchObject({
      lift: { entryId, kinds: ['in_country'], reason: expect.stringMatching(/out-of-country overstay of 5 days/) },
      flag: { entryId, kind: 'out_of_country', since: admitUntil, daysOver: 5, exitId: `X-${staySeq}` },
    });
    expect(callsOf('flagOverstay', entryId).map((c) => c.input.kind)).toEqual(['in_country']); // no second flag
  });
});
