// Days physically present in a country, from a person's entries into it and exits from it. Pure.
//
// How crossing days count: a day on which the person was in the country at any moment counts as a
// whole day present, so the day of entry and the day of exit are both days present, and a day trip
// abroad (out and back the same day) costs no day. Days are UTC calendar days.
//
// Records can be missing (a partner outage, an unmatched exit). The arithmetic never guesses: two
// entries in a row mean an exit is missing, two exits in a row an entry; the days between are not
// counted and are reported as a gap, so an officer sees exactly what the count rests on.
import { dayNumber, fromDayNumber, utcDay } from '../admission/calendar';

export interface Crossing {
  /** The record id (entries.id or exits.id). */
  id: string;
  kind: 'entry' | 'exit';
  /** ISO 8601 instant. */
  at: string;
  port?: string;
}

export interface Trip {
  /** First and last day present (inclusive), YYYY-MM-DD. */
  from: string;
  to: string;
  entryId: string | null;
  exitId: string | null;
  /** No exit recorded yet: counted up to the end of the window. */
  open: boolean;
}

export interface Gap {
  kind: 'exit_missing' | 'entry_missing';
  /** Days not counted because a record is missing (inclusive); empty when the records are a day apart. */
  from: string;
  to: string;
  days: number;
  afterRecord: string | null;
  beforeRecord: string;
}

export interface Absence {
  /** Day of the exit and day of the return (null: not back yet). */
  exitDay: string;
  returnDay: string | null;
  exitId: string;
  entryId: string | null;
  /** Whole days outside, between the exit day and the return day (or the end of the window). */
  daysOutside: number;
}

export interface PresenceReport {
  window: { from: string; to: string; days: number };
  daysPresent: number;
  trips: Trip[];
  gaps: Gap[];
  absences: Absence[];
}

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Presence in [window.from, window.to] (inclusive). `presentAtStart` says the person was in the
 * country before their first record (a resident whose first recorded crossing is an exit); without
 * it the time before a first exit is a gap.
 */
export function presence(
  crossings: Crossing[],
  window: { from: string; to: string },
  opts: { presentAtStart?: boolean } = {},
): PresenceReport {
  const sorted = [...crossings].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === b.kind ? 0 : a.kind === 'exit' ? -1 : 1),
  );
  const lo = dayNumber(window.from);
  const hi = dayNumber(window.to);
  const spans: Array<{ from: number; to: number; entryId: string | null; exitId: string | null; open: boolean }> = [];
  const gaps: Gap[] = [];
  const absences: Absence[] = [];

  let inside: boolean | 'unknown' = opts.presentAtStart ? true : 'unknown';
  let openSince = NEG_INF;
  let openEntry: string | null = null;
  let last: { id: string; day: number } | null = null;

  const gap = (kind: Gap['kind'], from: number, to: number, before: string) =>
    gaps.push({
      kind,
      from: fromDayNumber(Math.max(from, lo)),
      to: fromDayNumber(Math.min(to, hi)),
      days: Math.max(0, Math.min(to, hi) - Math.max(from, lo) + 1),
      afterRecord: last?.id ?? null,
      beforeRecord: before,
    });

  for (const c of sorted) {
    const day = dayNumber(utcDay(c.at));
    if (c.kind === 'entry') {
      if (inside === true) {
        // Entered again without leaving: the exit between is missing. Only the first entry's day counts.
        // (When presence at the start was assumed, the entry contradicts it: nothing before is counted.)
        if (openSince === NEG_INF) gap('exit_missing', lo, day - 1, c.id);
        else {
          spans.push({ from: openSince, to: openSince, entryId: openEntry, exitId: null, open: false });
          gap('exit_missing', openSince + 1, day - 1, c.id);
        }
      } else if (inside === false && last) {
        const absence = absences[absences.length - 1];
        absence.returnDay = fromDayNumber(day);
        absence.entryId = c.id;
        absence.daysOutside = Math.max(0, day - dayNumber(absence.exitDay) - 1);
      }
      inside = true;
      openSince = day;
      openEntry = c.id;
    } else {
      if (inside === true) {
        spans.push({ from: openSince, to: day, entryId: openEntry, exitId: c.id, open: false });
      } else {
        // Left without a recorded entry since the previous exit (or since records began).
        const since = inside === false && last ? last.day + 1 : lo;
        gap('entry_missing', since, day - 1, c.id);
        spans.push({ from: day, to: day, entryId: null, exitId: c.id, open: false });
      }
      absences.push({
        exitDay: fromDayNumber(day),
        returnDay: null,
        exitId: c.id,
        entryId: null,
        daysOutside: Math.max(0, hi - day),
      });
      inside = false;
      openEntry = null;
    }
    last = { id: c.id, day };
  }
  if (inside === true) spans.push({ from: openSince, to: hi, entryId: openEntry, exitId: null, open: true });

  // Count the union of present days inside the window (an exit and a return on one day overlap).
  const present = new Set<number>();
  const trips: Trip[] = [];
  for (const s of spans) {
    const from = Math.max(s.from, lo);
    const to = Math.min(s.to, hi);
    if (from > to) continue;
    for (let d = from; d <= to; d++) present.add(d);
    trips.push({
      from: fromDayNumber(from),
      to: fromDayNumber(to),
      entryId: s.entryId,
      exitId: s.exitId,
      open: s.open,
    });
  }
  return {
    window: { from: window.from, to: window.to, days: hi - lo + 1 },
    daysPresent: present.size,
    trips,
    gaps: gaps.filter((g) => g.days > 0),
    absences: absences.filter(
      (a) => dayNumber(a.exitDay) <= hi && (a.returnDay === null || dayNumber(a.returnDay) >= lo),
    ),
  };
}

/** Present days before a day (exclusive) and from it on, for rules that weigh them differently. */
export function splitPresentDays(report: PresenceReport, boundary: string): { before: number; onOrAfter: number } {
  const b = dayNumber(boundary);
  let before = 0;
  let after = 0;
  const seen = new Set<number>();
  for (const t of report.trips) {
    for (let d = dayNumber(t.from); d <= dayNumber(t.to); d++) {
      if (seen.has(d)) continue;
      seen.add(d);
      if (d < b) before++;
      else after++;
    }
  }
  return { before, onOrAfter: after };
}
