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
import type { createStayActivities } from '../activities/stays';
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
import { summaries } from '../src/observability/summaries';
import { STAY_RECORD_RETRY } from '../src/temporal/retry-policies';
import { AdmitUntil, StayStatus } from '../src/temporal/search-attributes';
import { StayCase, type StayEffect } from './stay-state';

// A database outage must never lose a flag: retry until it is written.
const { saveStay, flagOverstay, liftOverstay, replaceOverstayFlag, confirmDeparture } = proxyActivities<
  ReturnType<typeof createStayActivities>
>({
  startToCloseTimeout: '30 seconds',
  retry: STAY_RECORD_RETRY,
});

/** Patch id of the atomic flag replacement (2026-11-28); becomes deprecatePatch once no older stay runs. */
const OVERSTAY_FLAG_REPLACED_ATOMICALLY = 'overstay-flag-replaced-atomically';

const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

type Arrival = { kind: 'exit'; exit: ExitRecorded } | { kind: 'removal'; order: RemovalOrder };

export async function stay(input: StayInput): Promise<StayState> {
  const stayCase = new StayCase(input, () => Date.now());
  const published = new Publication(stayCase, input);
  const arrivals: Arrival[] = [];

  setHandler(stayStateQuery, () => stayCase.snapshot());
  setHandler(exitRecordedSignal, (exit) => void arrivals.push({ kind: 'exit', exit }));
  setHandler(removalOrderedSignal, (order) => void arrivals.push({ kind: 'removal', order }));
  // Updates answer once their change is in the database, so the caller reads what it wrote.
  setHandler(
    requestExtensionUpdate,
    (request) => {
      stayCase.applyForExtension(request);
      return published.saved();
    },
    { validator: (request) => refuseIf(stayCase.extensionRefusal(request)) },
  );
  setHandler(
    decideExtensionUpdate,
    (decision) => {
      stayCase.decideExtension(decision);
      return published.saved();
    },
    { validator: (decision) => refuseIf(stayCase.decisionRefusal(decision)) },
  );

  if (!input.carried && input.removal) arrivals.push({ kind: 'removal', order: input.removal });
  for (;;) {
    while (arrivals.length > 0) {
      const arrival = arrivals.shift()!;
      if (arrival.kind === 'exit') await recordExit(stayCase, arrival.exit);
      else await recordRemovalOrder(stayCase, arrival.order);
    }
    // Most passes have no effect and nothing to publish: awaiting only real work keeps a stay's
    // workflow task cheap (every promise in workflow code is tracked by the SDK for stack traces).
    const admissionEffects = stayCase.admissionEnded();
    if (admissionEffects.length > 0) await perform(admissionEffects);
    const removalEffects = stayCase.removalDeadlinePassed();
    if (removalEffects.length > 0) await perform(removalEffects);
    if (published.behind()) await published.publish();

    if (stayCase.retentionOver()) {
      await published.settleHandlers();
      return stayCase.state;
    }
    if (arrivals.length === 0 && historyIsLong(input)) {
      await published.settleHandlers();
      if (arrivals.length === 0) {
        // Search attributes are carried explicitly so the UI's StayStatus filter keeps finding the stay.
        const continueAsNew = makeContinueAsNewFunc<typeof stay>({
          typedSearchAttributes: workflowInfo().typedSearchAttributes,
        });
        return continueAsNew({ ...input, removal: undefined, carried: stayCase.state });
      }
      continue; // a signal came in meanwhile: handle it first
    }
    const deadline = stayCase.nextDeadline();
    await condition(() => arrivals.length > 0 || published.behind(), Math.max(1, deadline - Date.now()), {
      summary: stayCase.waitSummary(deadline),
    });
  }
}

async function recordExit(stayCase: StayCase, exit: ExitRecorded): Promise<void> {
  if (stayCase.ignoresExit(exit)) return;
  await perform(stayCase.recordExit(exit));
  if (stayCase.state.removal) await perform(stayCase.settleRemoval(exit));
  stayCase.changed();
}

async function recordRemovalOrder(stayCase: StayCase, order: RemovalOrder): Promise<void> {
  if (!stayCase.acceptsRemovalOrder(order)) return;
  await perform(stayCase.replacedOrderEffects(order));
  stayCase.recordRemovalOrder(order);
  if (stayCase.state.exit) await perform(stayCase.settleRemoval(stayCase.state.exit));
  stayCase.changed();
}

/** Carries out a transition's effects, in order. */
async function perform(effects: StayEffect[]): Promise<void> {
  for (const effect of effects) {
    if (effect.kind === 'flag') await flagOverstay(effect.flag);
    else if (effect.kind === 'lift') await liftOverstay(effect.lift);
    else if (effect.kind === 'confirm-departure') await confirmDeparture(effect.departure);
    // Versioning example (docs/versioning.md): stays recorded the flag and lifted the
    // in-country one in two activities, and the overstay list showed both in between. Stays that
    // reach this point after the change do it in one transaction; running stays replay the old way.
    else if (patched(OVERSTAY_FLAG_REPLACED_ATOMICALLY))
      await replaceOverstayFlag({ lift: effect.lift, flag: effect.flag });
    else {
      await flagOverstay(effect.flag);
      await liftOverstay(effect.lift);
    }
  }
}

function refuseIf(refusal: string | null): void {
  if (refusal) throw new Error(refusal);
}

function historyIsLong(input: StayInput): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested || info.historyLength > (input.continueAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE)
  );
}

/**
 * The stay as the rest of the node sees it: the `stays` row, the Temporal UI's details and the
 * StayStatus and AdmitUntil search attributes, written after each change.
 */
class Publication {
  private revision: number;
  private status: string | undefined;
  private admitUntil: string | null | undefined;

  constructor(
    private readonly stay: StayCase,
    input: StayInput,
  ) {
    // The starter wrote the opening state (and the start carried its search attributes): nothing
    // to publish until something changes.
    const published = input.carried ?? (input.openingRecorded ? stay.state : undefined);
    this.revision = published ? published.revision : 0;
    this.status = published?.status;
    this.admitUntil = published?.admitUntil;
    if (published && !input.carried) {
      setCurrentDetails(summaries.stayProgress(published.status, published.admitUntil, published.daysOver));
    }
  }

  behind(): boolean {
    return this.revision < this.stay.state.revision;
  }

  async publish(): Promise<void> {
    const state = this.stay.state;
    if (!this.behind()) return;
    const revision = state.revision;
    await saveStay({ workflowId: workflowInfo().workflowId, state, at: new Date(Date.now()).toISOString() });
    setCurrentDetails(summaries.stayProgress(state.status, state.admitUntil, state.daysOver));
    if (state.status !== this.status || state.admitUntil !== this.admitUntil) {
      upsertSearchAttributes([
        { key: StayStatus, value: state.status },
        ...(state.admitUntil ? [{ key: AdmitUntil, value: new Date(`${state.admitUntil}T00:00:00Z`) }] : []),
      ]);
      this.status = state.status;
      this.admitUntil = state.admitUntil;
    }
    this.revision = revision;
  }

  /** Resolves once the current change is published (the main loop publishes). */
  async saved(): Promise<StayState> {
    const revision = this.stay.state.revision;
    await condition(() => this.revision >= revision);
    return this.stay.state;
  }

  /** Lets running update handlers finish (they wait for their change to be published) before the run ends. */
  async settleHandlers(): Promise<void> {
    for (;;) {
      await condition(() => allHandlersFinished() || this.behind());
      if (this.behind()) await this.publish();
      else return;
    }
  }
}
