// Where a person was on each day, from a complete list of their crossings into and out of one
// country (the applicant's own list). Pure.
//
// How days count (IRCC: "any part of a day" in Canada is a day; USCIS counts the days of departure
// and return as days present): a day on which the person was in the country at any moment is a day
// present, so the entry day and the exit day are both present and a day trip abroad costs no day.
// Before the first crossing the person was where that crossing takes them from: inside before a
// first exit, outside before a first entry; with no crossing at all, inside throughout.
import { dayNumber } from '../calendar';
import type { DatedCrossing } from './inputs';
import { ResidencyError } from './errors';

export interface TimelineAbsence {
  /** Day of the exit (a day present) and day of the return (present); null: not back by as-of. */
  exitDay: number;
  returnDay: number | null;
  exitSource: string;
  returnSource: string | null;
}

/** Days no record speaks for (a crossing is missing): not counted, shown to the officer. */
export interface TimelineGap {
  kind: 'exit_missing' | 'entry_missing';
  from: number;
  to: number;
  /** The records on either side. */
  after: string | null;
  before: string;
}

export interface TimelineOptions {
  /**
   * What two crossings of one kind in a row mean. 'refuse' (the applicant's own list): an error.
   * 'gap' (a node's records, where a partner's record can be missing): the days between are not
   * counted and are reported as a gap.
   */
  missing: 'refuse' | 'gap';
  /** Before a first exit: inside (the applicant's list; a resident per `--present-at-start`) or a gap. */
  beforeFirstExit: 'inside' | 'gap';
}

export const APPLICANT_LIST: TimelineOptions = { missing: 'refuse', beforeFirstExit: 'inside' };

export interface Timeline {
  /** Inclusive day-number intervals present, sorted and disjoint; the first may start at -Infinity. */
  present: Array<[number, number]>;
  absences: TimelineAbsence[];
  /** The last day the records speak for (as-of); later days are projected by the rules. */
  lastDay: number;
  /** Where the person is at the end of as-of. */
  insideAtEnd: boolean;
  gaps: TimelineGap[];
}

/**
 * Builds the timeline up to and including `asOf` from crossings that must alternate entry, exit,
 * entry... once sorted by instant. A repeated kind means a crossing is missing from the list: that is
 * an error naming both lines, because the count would otherwise rest on a guess.
 */
export function timelineFromCrossings(
  all: DatedCrossing[],
  asOf: string,
  options: TimelineOptions = APPLICANT_LIST,
): Timeline {
  const last = dayNumber(asOf);
  const sorted = all
    .map((c, order) => ({ c, order }))
    .sort((a, b) => a.c.instant - b.c.instant || a.order - b.order)
    .map((x) => x.c);
  for (let i = 1; i < sorted.length && options.missing === 'refuse'; i++) {
    if (sorted[i].kind === sorted[i - 1].kind) {
      const kind = sorted[i].kind;
      throw new ResidencyError(
        `${sorted[i - 1].source} and ${sorted[i].source} are both ${kind === 'entry' ? 'entries' : 'exits'} (${sorted[i - 1].day}, ${sorted[i].day}) ` +
          `with no ${kind === 'entry' ? 'exit' : 'entry'} between them once sorted by time: add the missing crossing or remove the duplicate`,
      );
    }
  }
  const intervals: Array<[number, number]> = [];
  const absences: TimelineAbsence[] = [];
  const gaps: TimelineGap[] = [];
  const firstIsExit = sorted.length === 0 || sorted[0].kind === 'exit';
  let insideSince: number | null =
    firstIsExit && (sorted.length === 0 || options.beforeFirstExit === 'inside') ? Number.NEGATIVE_INFINITY : null;
  let open: TimelineAbsence | null = null;
  let previous: DatedCrossing | null = null;
  for (const c of sorted) {
    const day = dayNumber(c.day);
    if (day > last) continue; // after as-of: the caller drops these (and says so)
    if (c.kind === 'exit') {
      if (insideSince === null) {
        // Left without a recorded entry since the previous exit (or since records began).
        const from = previous ? dayNumber(previous.day) + 1 : Number.NEGATIVE_INFINITY;
        if (day - 1 >= from)
          gaps.push({ kind: 'entry_missing', from, to: day - 1, after: previous?.source ?? null, before: c.source });
        if (open) {
          // The person was back by this exit: the previous absence ends, its return unrecorded.
          open.returnDay = day;
          open = null;
        }
      }
      intervals.push([insideSince ?? day, day]);
      insideSince = null;
      open = { exitDay: day, returnDay: null, exitSource: c.source, returnSource: null };
      absences.push(open);
    } else {
      if (insideSince !== null && previous) {
        // Entered again without a recorded exit: only the earlier entry's day is known.
        const since = dayNumber(previous.day);
        intervals.push([insideSince, since]);
        if (day - 1 >= since + 1)
          gaps.push({ kind: 'exit_missing', from: since + 1, to: day - 1, after: previous.source, before: c.source });
      }
      insideSince = day;
      if (open) {
        open.returnDay = day;
        open.returnSource = c.source;
        open = null;
      }
    }
    previous = c;
  }
  if (insideSince !== null) intervals.push([insideSince, last]);
  // Merge: an exit and a return on the same day share that day.
  const present: Array<[number, number]> = [];
  for (const [from, to] of intervals) {
    const prev = present[present.length - 1];
    if (prev && from <= prev[1] + 1) prev[1] = Math.max(prev[1], to);
    else present.push([from, to]);
  }
  return { present, absences, lastDay: last, insideAtEnd: insideSince !== null, gaps };
}
