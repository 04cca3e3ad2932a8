// A stay's state and its transitions: what the officer's file on one traveller says, and how each
// event changes it. Pure and deterministic (no Temporal import, time comes from the `now` it is given),
// so the stay workflow (workflows/stay.ts) stays a short process and the transitions are unit-tested.
//
// Each transition changes the state at once and returns the effects the workflow must then carry
// out, in order: the flag, lift and departure payloads are built here and nowhere else.
// Longer than 300 lines because the state, its transitions and the payloads they build belong
// together: split, one transition would be read across two files.
import type { DepartureConfirmed, FlagOverstay, LiftOverstay } from '../activities/stays';
import { dayNumber, endOfDay, utcDay } from '../src/calendar';
import { summaries } from '../src/observability/summaries';
import { endOfLocalDay, localDateInZone } from '../src/record/local-day';
import type {
  ExitRecorded,
  ExtensionDecision,
  ExtensionRequest,
  RemovalOrder,
  StayInput,
  StayState,
} from '../src/stays/contract';
import {
  daysOverAtExit,
  decisionProblem,
  exitDayOf,
  extensionProblem,
  removalOrderProblem,
  stayStatus,
  watchingAdmission,
  type OverstayKind,
} from '../src/stays/rules';

const RECENT_EVENTS_KEPT = 20;

/** What the workflow does after a transition, in order. */
export type StayEffect =
  | { kind: 'flag'; flag: FlagOverstay }
  | { kind: 'lift'; lift: LiftOverstay }
  /** A late exit after a suspected in-country overstay: lift that flag and raise the out-of-country one. */
  | { kind: 'replace-in-country-flag'; lift: LiftOverstay; flag: FlagOverstay }
  | { kind: 'confirm-departure'; departure: DepartureConfirmed };

export class StayCase {
  readonly state: StayState;
  /**
   * IANA zone of the port of entry: a day ends at local midnight there. Stays started before local
   * days carry no zone and keep counting UTC days, so their histories replay unchanged.
   */
  private readonly zone: string | undefined;

  constructor(
    input: StayInput,
    private readonly now: () => number,
  ) {
    this.zone = input.timeZone;
    this.state = input.carried ?? openingState(input, now());
  }

  /** The state as a query answers it: the status recomputed, so it never contradicts the rest. */
  snapshot(): StayState {
    return { ...this.state, status: stayStatus(this.state) };
  }

  // ---- Extensions (updates: validated first, nothing half-applied) ----

  extensionRefusal(request: ExtensionRequest): string | null {
    const problem = extensionProblem(this.state, request, this.today());
    return problem && `extension refused: ${problem}`;
  }

  applyForExtension(request: ExtensionRequest): void {
    const s = this.state;
    s.extension = {
      status: request.decision,
      admitUntil: request.admitUntil,
      reason: request.reason.trim(),
      at: this.nowIso(),
    };
    if (request.decision === 'granted') {
      s.admitUntil = request.admitUntil;
      this.note(`extension granted to ${request.admitUntil}`);
    } else {
      this.note(`extension to ${request.admitUntil} applied for: not counted as an overstay while pending`);
    }
    this.changed();
  }

  decisionRefusal(decision: ExtensionDecision): string | null {
    const problem = decisionProblem(this.state, decision);
    return problem && `decision refused: ${problem}`;
  }

  decideExtension(decision: ExtensionDecision): void {
    const extension = this.state.extension!;
    extension.status = decision.decision;
    extension.reason = `${extension.reason}; decision: ${decision.reason.trim()}`;
    if (decision.decision === 'granted') this.state.admitUntil = extension.admitUntil;
    this.note(`extension to ${extension.admitUntil} ${decision.decision}`);
    this.changed();
  }

  // ---- Exits ----

  /** A second, different exit closes nothing: the first one stands unless an operator matched this one. */
  ignoresExit(exit: ExitRecorded): boolean {
    const closedBy = this.state.exit;
    if (!closedBy || closedBy.exitId === exit.exitId || exit.matchedBy === 'operator') return false;
    this.note(`exit ${exit.exitId} ignored: the stay is already closed by exit ${closedBy.exitId}`);
    return true;
  }

  /**
   * The partner's record of the exit (or a correction of it) against the admission period: an exit in
   * time lifts any flag; a late one is an out-of-country overstay and replaces the in-country flag.
   */
  recordExit(exit: ExitRecorded): StayEffect[] {
    const s = this.state;
    const correction = s.exit !== null;
    const hadOutOfCountryFlag = (s.daysOver ?? 0) > 0;
    const hadInCountryFlag = s.overstayFlaggedAt !== null;
    s.exit = exit;
    this.note(`${correction ? 'exit corrected' : 'exit recorded'}: ${exit.exitId} on ${this.exitDay(exit)}`);
    if (!s.admitUntil) return [];

    // A pending application covers the time it asked for (DHS does not count it as an overstay).
    const lawfulUntil = s.extension?.status === 'pending' ? s.extension.admitUntil : s.admitUntil;
    const daysOver = this.zone
      ? daysOverAtExit(lawfulUntil, exit.exitedAt, exit.port)
      : daysOverAtExit(lawfulUntil, exit.exitedAt);
    s.daysOver = daysOver > 0 ? daysOver : null;
    s.overstayFlaggedAt = null;
    const at = this.nowIso();
    if (daysOver > 0) {
      const flag = this.flag('out_of_country', lawfulUntil, daysOver, exit.exitId, at);
      if (!hadInCountryFlag) return [{ kind: 'flag', flag }];
      const why = `departure on ${this.exitDay(exit)} recorded: out-of-country overstay of ${daysOver} days`;
      return [{ kind: 'replace-in-country-flag', flag, lift: this.lift(['in_country'], why, at) }];
    }
    if (!hadInCountryFlag && !hadOutOfCountryFlag) return [];
    const why = correction ? 'corrected exit data' : 'exit data arrived late';
    const reason = `${why}: departed on ${this.exitDay(exit)}, within the admission period`;
    return [{ kind: 'lift', lift: this.lift(['in_country', 'out_of_country'], reason, at) }];
  }

  // ---- Removal orders ----

  /** A malformed or repeated order changes nothing; returns whether this one does. */
  acceptsRemovalOrder(order: RemovalOrder): boolean {
    const problem = removalOrderProblem(order);
    if (problem) {
      this.note(`removal order ignored: ${problem}`);
      return false;
    }
    const current = this.state.removal;
    return !(current && current.orderId === order.orderId && current.departBy === order.departBy);
  }

  /** Lifting the missed-deadline flag of the order a new one replaces. */
  replacedOrderEffects(order: RemovalOrder): StayEffect[] {
    if (!this.state.removal?.missedFlaggedAt) return [];
    const reason = `removal order replaced by ${order.orderId}`;
    return [{ kind: 'lift', lift: this.lift(['removal_missed'], reason, this.nowIso()) }];
  }

  /** The order now standing: the traveller must depart by its day. */
  recordRemovalOrder(order: RemovalOrder): void {
    this.state.removal = { ...order, status: 'pending', missedFlaggedAt: null };
    this.note(`removal order ${order.orderId}: depart by ${order.departBy}`);
  }

  /** A recorded exit under a removal order: the departure is confirmed, on time or after the deadline. */
  settleRemoval(exit: ExitRecorded): StayEffect[] {
    const removal = this.state.removal!;
    const leftOn = this.exitDay(exit);
    const onTime = leftOn <= removal.departBy;
    const at = this.nowIso();
    const effects: StayEffect[] = [];
    if (onTime && removal.missedFlaggedAt) {
      const reason = `departure on ${leftOn} recorded late: left by the deadline`;
      effects.push({ kind: 'lift', lift: this.lift(['removal_missed'], reason, at) });
      removal.missedFlaggedAt = null;
    }
    if (!onTime) {
      const daysOver = dayNumber(leftOn) - dayNumber(removal.departBy);
      effects.push({ kind: 'flag', flag: this.flag('removal_missed', removal.departBy, daysOver, exit.exitId, at) });
      removal.missedFlaggedAt ??= at;
    }
    removal.status = onTime ? 'departed' : 'departed_late';
    const departure = {
      entryId: this.state.entryId,
      orderId: removal.orderId,
      exitId: exit.exitId,
      exitedAt: exit.exitedAt,
      onTime,
      at,
    };
    effects.push({ kind: 'confirm-departure', departure });
    this.note(`departure under removal order ${removal.orderId} confirmed${onTime ? '' : ' (after the deadline)'}`);
    return effects;
  }

  // ---- Deadlines ----

  /** The admission period ended with no departure recorded: a suspected in-country overstay. */
  admissionEnded(): StayEffect[] {
    const s = this.state;
    if (!watchingAdmission(s) || this.now() < this.dayEnds(s.admitUntil!)) return [];
    s.overstayFlaggedAt = this.nowIso();
    this.note(`admission period ended on ${s.admitUntil} with no departure recorded: suspected in-country overstay`);
    const flag = this.flag('in_country', s.admitUntil!, null, null, s.overstayFlaggedAt);
    this.changed();
    return [{ kind: 'flag', flag }];
  }

  /** The removal order's depart-by day ended with no departure recorded. */
  removalDeadlinePassed(): StayEffect[] {
    const removal = this.state.removal;
    if (removal?.status !== 'pending' || this.now() < this.dayEnds(removal.departBy)) return [];
    removal.status = 'missed';
    removal.missedFlaggedAt = this.nowIso();
    this.note(`removal order ${removal.orderId}: no departure recorded by ${removal.departBy}`);
    const flag = this.flag('removal_missed', removal.departBy, null, null, removal.missedFlaggedAt);
    this.changed();
    return [{ kind: 'flag', flag }];
  }

  /** The stay's data leaves retention: the stay ends (purging the rows is the retention rules' job). */
  retentionOver(): boolean {
    return this.now() >= this.retentionEnds();
  }

  /** When the next timer must fire: the end of admit-until, of depart-by, or of retention. */
  nextDeadline(): number {
    const s = this.state;
    const deadlines = [this.retentionEnds()];
    if (watchingAdmission(s)) deadlines.push(this.dayEnds(s.admitUntil!));
    if (s.removal?.status === 'pending') deadlines.push(this.dayEnds(s.removal.departBy));
    return Math.min(...deadlines);
  }

  /** What the timer to the deadline waits for, for the Temporal UI. */
  waitSummary(deadline: number): string {
    const s = this.state;
    if (watchingAdmission(s) && this.dayEnds(s.admitUntil!) === deadline)
      return summaries.stayWait({ kind: 'admit-until', day: s.admitUntil! });
    if (s.removal?.status === 'pending' && this.dayEnds(s.removal.departBy) === deadline)
      return summaries.stayWait({ kind: 'depart-by', day: s.removal.departBy });
    return summaries.stayWait({ kind: 'retention', day: s.retainUntil });
  }

  // ---- Bookkeeping ----

  /** Every change bumps the revision (the database keeps the highest it saw) and recomputes the status. */
  changed(): void {
    this.state.revision += 1;
    this.state.status = stayStatus(this.state);
  }

  private note(event: string): void {
    const recent = this.state.recent;
    recent.push({ at: this.nowIso(), event });
    if (recent.length > RECENT_EVENTS_KEPT) recent.splice(0, recent.length - RECENT_EVENTS_KEPT);
  }

  private flag(
    kind: OverstayKind,
    since: string,
    daysOver: number | null,
    exitId: string | null,
    at: string,
  ): FlagOverstay {
    return { entryId: this.state.entryId, kind, since, daysOver, exitId, at };
  }

  private lift(kinds: OverstayKind[], reason: string, at: string): LiftOverstay {
    return { entryId: this.state.entryId, kinds, reason, at };
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  private dayEnds(date: string): number {
    return this.zone ? endOfLocalDay(date, this.zone) : endOfDay(date);
  }

  private today(): string {
    return this.zone ? localDateInZone(this.now(), this.zone) : utcDay(this.now());
  }

  private exitDay(exit: ExitRecorded): string {
    return this.zone ? exitDayOf(exit.exitedAt, exit.port) : utcDay(exit.exitedAt);
  }

  private retentionEnds(): number {
    const retainUntil = this.state.retainUntil;
    return this.zone ? endOfLocalDay(retainUntil, this.zone) : Date.parse(`${retainUntil}T00:00:00Z`);
  }
}

function openingState(input: StayInput, now: number): StayState {
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
        at: new Date(now).toISOString(),
        event: input.admitUntil
          ? `stay opened under ${input.ruleId}: admitted until ${input.admitUntil}`
          : `stay opened under ${input.ruleId}: no admission period`,
      },
    ],
  };
  state.status = stayStatus(state);
  return state;
}
