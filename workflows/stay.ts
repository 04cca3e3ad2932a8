// One traveller's stay, from entry to departure: the process a border officer would describe.
//
//   The traveller entered with a lawful admission period (or is under a removal order).
//   We wait for the partner's record of their exit, with a durable timer ending at admit-until.
//   - They leave in time: the stay is compliant.
//   - The timer fires first: a suspected in-country overstay is flagged, and we keep waiting.
//   - They leave afterwards: an out-of-country overstay, with the days over; the in-country flag
//     is lifted (kept, with the reason) because a departure is now on record.
//   - An extension or change-of-status application (update) moves admit-until, or keeps the stay
//     from counting as an overstay while pending, as DHS counts.
//   - A removal order (signal) sets a departure deadline: the matched exit confirms the departure;
//     a missed deadline is flagged.
//   - Late or corrected exit data (same exit id, new time) re-evaluates all of the above.
// The workflow stays open after the exit so corrections still reach it, keeps its history small by
// continuing as new, and ends by itself when the stay's data leaves retention.
import {
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NodeActivities } from '../activities';
import { dayNumber, endOfDay, utcDay } from '../src/calendar';
import { endOfLocalDay, localDateInZone } from '../src/record/local-day';
import {
  decideExtensionUpdate,
  exitRecordedSignal,
  removalOrderedSignal,
  requestExtensionUpdate,
  stayStateQuery,
  type ExitRecorded,
  type RemovalOrder,
  type StayInput,
  type StayState,
} from '../src/stays/contract';
import {
  daysOverAtExit,
  decisionProblem,
  exitDayOf,
  extensionProblem,
  removalOrderProblem,
  stayStatus,
  watchingAdmission,
} from '../src/stays/rules';
import { AdmitUntil, StayStatus } from '../src/temporal/search-attributes';
import { summaries } from '../src/observability/summaries';

// A database outage must never lose a flag: retry until it is written.
const { saveStay, flagOverstay, liftOverstay, replaceOverstayFlag, confirmDeparture } = proxyActivities<NodeActivities>(
  {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  },
);

/** Patch id of the atomic flag replacement (2026-11-28); becomes deprecatePatch once no older stay runs. */
const OVERSTAY_FLAG_REPLACED_ATOMICALLY = 'overstay-flag-replaced-atomically';

const RECENT_EVENTS_KEPT = 20;
const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

type Arrival = { kind: 'exit'; exit: ExitRecorded } | { kind: 'removal'; order: RemovalOrder };

export async function stay(input: StayInput): Promise<StayState> {
  const workflowId = workflowInfo().workflowId;
  const state: StayState = input.carried ?? openingState(input);
  const arrivals: Arrival[] = [];
  let published = input.carried ? state.revision : 0;
  let publishedStatus = input.carried ? state.status : undefined;
  let publishedAdmitUntil = input.carried ? state.admitUntil : undefined;

  const now = () => Date.now();
  // Local days: a day ends at local midnight at the port of entry. Stays started before local days
  // carry no zone and keep counting UTC days, so their histories replay unchanged.
  const zone = input.timeZone;
  const dayEnds = (date: string) => (zone ? endOfLocalDay(date, zone) : endOfDay(date));
  const today = () => (zone ? localDateInZone(now(), zone) : utcDay(now()));
  const exitDay = (exit: ExitRecorded) => (zone ? exitDayOf(exit.exitedAt, exit.port) : utcDay(exit.exitedAt));
  const retentionEnds = () =>
    zone ? endOfLocalDay(state.retainUntil, zone) : Date.parse(`${state.retainUntil}T00:00:00Z`);
  const nowIso = () => new Date(now()).toISOString();
  const note = (event: string) => {
    state.recent.push({ at: nowIso(), event });
    if (state.recent.length > RECENT_EVENTS_KEPT) state.recent.splice(0, state.recent.length - RECENT_EVENTS_KEPT);
  };
  const changed = () => {
    state.revision += 1;
    state.status = stayStatus(state);
  };
  const persisted = async () => {
    const revision = state.revision;
    await condition(() => published >= revision);
    return state;
  };

  // The status is recomputed for the answer, so a query between two steps never contradicts itself.
  setHandler(stayStateQuery, () => ({ ...state, status: stayStatus(state) }));
  setHandler(exitRecordedSignal, (exit) => void arrivals.push({ kind: 'exit', exit }));
  setHandler(removalOrderedSignal, (order) => void arrivals.push({ kind: 'removal', order }));

  setHandler(
    requestExtensionUpdate,
    async (request) => {
      if (request.decision === 'granted') {
        state.extension = {
          status: 'granted',
          admitUntil: request.admitUntil,
          reason: request.reason.trim(),
          at: nowIso(),
        };
        state.admitUntil = request.admitUntil;
        note(`extension granted to ${request.admitUntil}`);
      } else {
        state.extension = {
          status: 'pending',
          admitUntil: request.admitUntil,
          reason: request.reason.trim(),
          at: nowIso(),
        };
        note(`extension to ${request.admitUntil} applied for: not counted as an overstay while pending`);
      }
      changed();
      return persisted();
    },
    {
      validator: (request) => {
        const problem = extensionProblem(state, request, today());
        if (problem) throw new Error(`extension refused: ${problem}`);
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async (decision) => {
      const extension = state.extension!;
      extension.status = decision.decision;
      extension.reason = `${extension.reason}; decision: ${decision.reason.trim()}`;
      if (decision.decision === 'granted') state.admitUntil = extension.admitUntil;
      note(`extension to ${extension.admitUntil} ${decision.decision}`);
      changed();
      return persisted();
    },
    {
      validator: (decision) => {
        const problem = decisionProblem(state, decision);
        if (problem) throw new Error(`decision refused: ${problem}`);
      },
    },
  );

  async function recordExit(exit: ExitRecorded): Promise<void> {
    if (state.exit && state.exit.exitId !== exit.exitId && exit.matchedBy !== 'operator') {
      note(`exit ${exit.exitId} ignored: the stay is already closed by exit ${state.exit.exitId}`);
      return;
    }
    const correction = state.exit !== null;
    const hadOutOfCountryFlag = (state.daysOver ?? 0) > 0;
    const hadInCountryFlag = state.overstayFlaggedAt !== null;
    state.exit = exit;
    note(`${correction ? 'exit corrected' : 'exit recorded'}: ${exit.exitId} on ${exitDay(exit)}`);

    if (state.admitUntil) {
      // A pending application covers the time it asked for (DHS does not count it as an overstay).
      const lawfulUntil = state.extension?.status === 'pending' ? state.extension.admitUntil : state.admitUntil;
      const daysOver = zone
        ? daysOverAtExit(lawfulUntil, exit.exitedAt, exit.port)
        : daysOverAtExit(lawfulUntil, exit.exitedAt);
      state.daysOver = daysOver > 0 ? daysOver : null;
      state.overstayFlaggedAt = null;
      const at = nowIso();
      if (daysOver > 0) {
        const flag = {
          entryId: state.entryId,
          kind: 'out_of_country' as const,
          since: lawfulUntil,
          daysOver,
          exitId: exit.exitId,
          at,
        };
        const lift = {
          entryId: state.entryId,
          kinds: ['in_country' as const],
          reason: `departure on ${exitDay(exit)} recorded: out-of-country overstay of ${daysOver} days`,
          at,
        };
        // Versioning example (README, "Changing a workflow"): stays recorded the flag and lifted the
        // in-country one in two activities, and the overstay list showed both in between. Stays that
        // reach this point after the change do it in one transaction; running stays replay the old way.
        if (hadInCountryFlag && patched(OVERSTAY_FLAG_REPLACED_ATOMICALLY)) {
          await replaceOverstayFlag({ lift, flag });
        } else {
          await flagOverstay(flag);
          if (hadInCountryFlag) await liftOverstay(lift);
        }
      } else if (hadInCountryFlag || hadOutOfCountryFlag) {
        const why = correction ? 'corrected exit data' : 'exit data arrived late';
        await liftOverstay({
          entryId: state.entryId,
          kinds: ['in_country', 'out_of_country'],
          reason: `${why}: departed on ${exitDay(exit)}, within the admission period`,
          at,
        });
      }
    }
    if (state.removal) await settleRemoval(exit);
    changed();
  }

  async function settleRemoval(exit: ExitRecorded): Promise<void> {
    const removal = state.removal!;
    const leftOn = exitDay(exit);
    const onTime = leftOn <= removal.departBy;
    const at = nowIso();
    if (onTime && removal.missedFlaggedAt) {
      await liftOverstay({
        entryId: state.entryId,
        kinds: ['removal_missed'],
        reason: `departure on ${leftOn} recorded late: left by the deadline`,
        at,
      });
      removal.missedFlaggedAt = null;
    }
    if (!onTime) {
      const daysOver = dayNumber(leftOn) - dayNumber(removal.departBy);
      await flagOverstay({
        entryId: state.entryId,
        kind: 'removal_missed',
        since: removal.departBy,
        daysOver,
        exitId: exit.exitId,
        at,
      });
      removal.missedFlaggedAt ??= at;
    }
    removal.status = onTime ? 'departed' : 'departed_late';
    await confirmDeparture({
      entryId: state.entryId,
      orderId: removal.orderId,
      exitId: exit.exitId,
      exitedAt: exit.exitedAt,
      onTime,
      at,
    });
    note(`departure under removal order ${removal.orderId} confirmed${onTime ? '' : ' (after the deadline)'}`);
  }

  async function recordRemovalOrder(order: RemovalOrder): Promise<void> {
    const problem = removalOrderProblem(order);
    if (problem) {
      note(`removal order ignored: ${problem}`);
      return;
    }
    if (state.removal && state.removal.orderId === order.orderId && state.removal.departBy === order.departBy) return;
    if (state.removal?.missedFlaggedAt) {
      await liftOverstay({
        entryId: state.entryId,
        kinds: ['removal_missed'],
        reason: `removal order replaced by ${order.orderId}`,
        at: nowIso(),
      });
    }
    state.removal = { ...order, status: 'pending', missedFlaggedAt: null };
    note(`removal order ${order.orderId}: depart by ${order.departBy}`);
    if (state.exit) await settleRemoval(state.exit);
    changed();
  }

  async function flagWhatIsDue(): Promise<void> {
    if (watchingAdmission(state) && now() >= dayEnds(state.admitUntil!)) {
      state.overstayFlaggedAt = nowIso();
      note(`admission period ended on ${state.admitUntil} with no departure recorded: suspected in-country overstay`);
      await flagOverstay({
        entryId: state.entryId,
        kind: 'in_country',
        since: state.admitUntil!,
        daysOver: null,
        exitId: null,
        at: state.overstayFlaggedAt,
      });
      changed();
    }
    const removal = state.removal;
    if (removal?.status === 'pending' && now() >= dayEnds(removal.departBy)) {
      removal.status = 'missed';
      removal.missedFlaggedAt = nowIso();
      note(`removal order ${removal.orderId}: no departure recorded by ${removal.departBy}`);
      await flagOverstay({
        entryId: state.entryId,
        kind: 'removal_missed',
        since: removal.departBy,
        daysOver: null,
        exitId: null,
        at: removal.missedFlaggedAt,
      });
      changed();
    }
  }

  async function publish(): Promise<void> {
    if (published >= state.revision) return;
    const revision = state.revision;
    await saveStay({ workflowId, state, at: nowIso() });
    setCurrentDetails(summaries.stayProgress(state.status, state.admitUntil, state.daysOver));
    if (state.status !== publishedStatus || state.admitUntil !== publishedAdmitUntil) {
      upsertSearchAttributes([
        { key: StayStatus, value: state.status },
        ...(state.admitUntil ? [{ key: AdmitUntil, value: new Date(`${state.admitUntil}T00:00:00Z`) }] : []),
      ]);
      publishedStatus = state.status;
      publishedAdmitUntil = state.admitUntil;
    }
    published = revision;
  }

  /** Lets running update handlers finish (they wait for their change to be published) before the run ends. */
  async function settleHandlers(): Promise<void> {
    for (;;) {
      await condition(() => allHandlersFinished() || published < state.revision);
      if (published < state.revision) await publish();
      else return;
    }
  }

  function nextDeadline(): number {
    const deadlines = [retentionEnds()];
    if (watchingAdmission(state)) deadlines.push(dayEnds(state.admitUntil!));
    if (state.removal?.status === 'pending') deadlines.push(dayEnds(state.removal.departBy));
    return Math.min(...deadlines);
  }

  /** What the timer to the next deadline waits for, for the Temporal UI. */
  function waitSummary(deadline: number): string {
    if (watchingAdmission(state) && dayEnds(state.admitUntil!) === deadline)
      return summaries.stayWait({ kind: 'admit-until', day: state.admitUntil! });
    if (state.removal?.status === 'pending' && dayEnds(state.removal.departBy) === deadline)
      return summaries.stayWait({ kind: 'depart-by', day: state.removal.departBy });
    return summaries.stayWait({ kind: 'retention', day: state.retainUntil });
  }

  if (!input.carried && input.removal) arrivals.push({ kind: 'removal', order: input.removal });
  for (;;) {
    while (arrivals.length > 0) {
      const arrival = arrivals.shift()!;
      if (arrival.kind === 'exit') await recordExit(arrival.exit);
      else await recordRemovalOrder(arrival.order);
    }
    await flagWhatIsDue();
    await publish();

    if (now() >= retentionEnds()) {
      // The data leaves retention: the stay ends; purging the rows is the retention rules' job.
      await settleHandlers();
      return state;
    }
    if (
      arrivals.length === 0 &&
      (workflowInfo().continueAsNewSuggested ||
        workflowInfo().historyLength > (input.continueAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE))
    ) {
      await settleHandlers();
      if (arrivals.length === 0) {
        // Search attributes are carried explicitly so the UI's StayStatus filter keeps finding the stay.
        const continueAsNew = makeContinueAsNewFunc<typeof stay>({
          typedSearchAttributes: workflowInfo().typedSearchAttributes,
        });
        return continueAsNew({ ...input, removal: undefined, carried: state });
      }
      continue; // a signal came in meanwhile: handle it first
    }
    const deadline = nextDeadline();
    await condition(() => arrivals.length > 0 || published < state.revision, Math.max(1, deadline - now()), {
      summary: waitSummary(deadline),
    });
  }
}

function openingState(input: StayInput): StayState {
  const state: StayState = {
    entryId: input.entryId,
    status: 'awaiting_exit',
    category: input.category,
    ruleId: input.ruleId,
    admitUntil: input.admitUntil,
    originalAdmitUntil: input.admitUntil,
    extension: null,
    exit: null,
    daysOver: null,
    overstayFlaggedAt: null,
    removal: null,
    retainUntil: input.retainUntil,
    revision: 1,
    recent: [
      {
        at: new Date(Date.now()).toISOString(),
        event: input.admitUntil
          ? `stay opened under ${input.ruleId}: admitted until ${input.admitUntil}`
          : `stay opened under ${input.ruleId}: no admission period`,
      },
    ],
  };
  state.status = stayStatus(state);
  return state;
}
