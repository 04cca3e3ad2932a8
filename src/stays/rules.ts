// The rules a stay follows, as pure functions the workflow, the overstay list and the tests share.
// DHS's two outcomes (DOMAIN.md): a suspected in-country overstay (the admission period ended and no
// departure is recorded) and an out-of-country overstay (a departure recorded after it ended).
// A flag is only ever a suspicion: late or corrected exit data lifts it, keeping its history.
import { daysBetween, isIsoDate, utcDay } from '../calendar';
import { localDateAtPort } from '../record/local-day';
import { PORTS } from '../record/ports';
import type { ExtensionDecision, ExtensionRequest, RemovalOrder, StayState, StayStatusValue } from './contract';

/** The day a departure happened: its local day at the port that recorded it, else its UTC day. */
export function exitDayOf(exitedAt: string, exitPort?: string): string {
  return exitPort && PORTS.has(exitPort) ? localDateAtPort(exitedAt, exitPort) : utcDay(exitedAt);
}

/**
 * Days past the last lawful day on which the traveller left: 0 when they left in time. The day of
 * leaving is the local day at the port that recorded the departure (the partner's port of entry).
 */
export function daysOverAtExit(admitUntil: string, exitedAt: string, exitPort?: string): number {
  return Math.max(0, daysBetween(admitUntil, exitDayOf(exitedAt, exitPort)));
}

/** The stay's status, from its state; a removal order outranks the admission period. */
export function stayStatus(
  s: Pick<StayState, 'admitUntil' | 'extension' | 'exit' | 'daysOver' | 'overstayFlaggedAt' | 'removal'>,
): StayStatusValue {
  if (s.removal) {
    if (s.removal.status === 'pending') return 'removal_pending';
    if (s.removal.status === 'missed') return 'removal_missed';
    return 'departed_under_removal';
  }
  if (s.exit)
    return s.daysOver && s.daysOver > 0
      ? 'out_of_country_overstay'
      : s.admitUntil
        ? 'compliant'
        : 'no_admission_period';
  if (s.overstayFlaggedAt) return 'overstay';
  if (s.extension?.status === 'pending') return 'extension_pending';
  return s.admitUntil ? 'awaiting_exit' : 'no_admission_period';
}

/** Whether the admission period is being watched: a timer at its end would flag an overstay. */
export function watchingAdmission(s: StayState): boolean {
  return s.admitUntil !== null && s.exit === null && s.overstayFlaggedAt === null && s.extension?.status !== 'pending';
}

/**
 * Checks an extension or change-of-status application against the stay; returns what is wrong, or
 * null. An application must be made before the admission period ends (DHS: pending or granted
 * applications stop a person counting as an overstay; one made after the end does not undo it).
 */
export function extensionProblem(s: StayState, req: ExtensionRequest, today: string): string | null {
  if (!req || typeof req !== 'object')
    return 'send { admitUntil: "YYYY-MM-DD", reason: "...", decision: "pending" | "granted" }';
  if (!isIsoDate(req.admitUntil)) return 'admitUntil must be a real date written YYYY-MM-DD';
  if (typeof req.reason !== 'string' || req.reason.trim() === '')
    return 'a reason is required (the application or decision reference and its grounds)';
  if (req.reason.length > 500) return 'reason is longer than 500 characters';
  if (req.decision !== 'pending' && req.decision !== 'granted') return 'decision must be "pending" or "granted"';
  if (s.admitUntil === null) return 'this stay has no admission period to extend';
  if (s.exit) return `the traveller already left (exit ${s.exit.exitId}); an extension no longer applies`;
  if (s.extension?.status === 'pending') return 'an application is already pending; decide it first';
  if (req.admitUntil <= s.admitUntil)
    return `the new date ${req.admitUntil} must be later than the current admit-until ${s.admitUntil}`;
  if (today > s.admitUntil)
    return `the admission period ended on ${s.admitUntil}; an application must be made before it ends`;
  return null;
}

export function decisionProblem(s: StayState, d: ExtensionDecision): string | null {
  if (!d || typeof d !== 'object') return 'send { decision: "granted" | "refused", reason: "..." }';
  if (d.decision !== 'granted' && d.decision !== 'refused') return 'decision must be "granted" or "refused"';
  if (typeof d.reason !== 'string' || d.reason.trim() === '') return 'a reason is required';
  if (d.reason.length > 500) return 'reason is longer than 500 characters';
  if (s.extension?.status !== 'pending') return 'no extension application is pending on this stay';
  return null;
}

export function removalOrderProblem(order: RemovalOrder): string | null {
  if (!order || typeof order !== 'object') return 'send { orderId: "...", departBy: "YYYY-MM-DD" }';
  if (typeof order.orderId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(order.orderId)) {
    return 'orderId must be 1-64 characters of A-Z, a-z, 0-9, ".", "_", ":", "-" (the case reference, never a name)';
  }
  if (!isIsoDate(order.departBy)) return 'departBy must be a real date written YYYY-MM-DD';
  return null;
}

export type OverstayKind = 'in_country' | 'out_of_country' | 'removal_missed';

export interface StayRow {
  admitUntil: string | null;
  extensionStatus: string | null;
  exitedAt: string | null;
  /** The departure's local day at its port (YYYY-MM-DD), when known; else the UTC day of exitedAt. */
  exitDay?: string | null;
  departBy: string | null;
}

export interface OverstayAsOf {
  kind: OverstayKind;
  /** The admit-until date (for a removal order: the depart-by date) the overstay is counted from. */
  since: string;
  daysOver: number;
}

/**
 * A stay's suspected overstays on a given day, from its current data: in-country when no departure is
 * recorded by that day, out-of-country when the recorded departure came after the last lawful day,
 * and a missed removal-order departure. A pending extension keeps the stay from counting.
 */
export function overstaysAsOf(row: StayRow, asOf: string): OverstayAsOf[] {
  const out: OverstayAsOf[] = [];
  const exitDay = row.exitDay ?? (row.exitedAt ? utcDay(row.exitedAt) : null);
  const leftBy = (day: string) => exitDay !== null && exitDay <= day;
  if (row.admitUntil && row.extensionStatus !== 'pending' && row.admitUntil < asOf) {
    if (!leftBy(asOf))
      out.push({ kind: 'in_country', since: row.admitUntil, daysOver: daysBetween(row.admitUntil, asOf) });
    else if (exitDay! > row.admitUntil)
      out.push({ kind: 'out_of_country', since: row.admitUntil, daysOver: daysBetween(row.admitUntil, exitDay!) });
  }
  if (row.departBy && row.departBy < asOf && !leftBy(row.departBy)) {
    out.push({
      kind: 'removal_missed',
      since: row.departBy,
      daysOver: daysBetween(row.departBy, leftBy(asOf) ? exitDay! : asOf),
    });
  }
  return out;
}
