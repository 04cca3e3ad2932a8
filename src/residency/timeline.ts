// Where a person was on each day, from a complete list of their crossings into and out of one
// country (the applicant's own list). Pure.
//
// How days count (IRCC: "any part of a day" in Canada is a day; USCIS counts the days of departure
// and return as days present): a day on which the person was in the country at any moment is a day
// present, so the entry day and the exit day are both present and a day trip abroad costs no day.
// Before the first crossing the person was where that crossing takes them from: inside before a
// first exit, outside before a first entry; with no crossing at all, inside throughout.
import { dayNumber } from '../admission/calendar';
import type { DatedCrossing } from './inputs';
import { ResidencyError } from './rules';

export interface TimelineAbsence {
  /** Day of the exit (a day present) and day of the return (present); null: not back by as-of. */
  exitDay: number;
  returnDay: number | null;
  exitSource: string;
  returnSource: string | null;
}

export interface Timeline {
  /** Inclusive day-number intervals present, sorted and disjoint; the first may start at -Infinity. */
  present: Array<[number, number]>;
  absences: TimelineAbsence[];
  /** The last day the records speak for (as-of); later days are projected by the rules. */
  lastDay: number;
  /** Where the person is at the end of as-of. */
  insideAtEnd: boolean;
}

/**
 * Builds the timeline up to and including `asOf` from crossings that must alternate entry, exit,
 * entry... once sorted by instant. A repeated kind means a crossing is missing from the list: that is
 * an error naming both lines, because the count would otherwise rest on a guess.
 */
export function timelineFromCrossings(all: DatedCrossing[], asOf: string): Timeline {
  const last = dayNumber(asOf);
  const sorted = all
    .map((c, order) => ({ c, order }))
    .sort((a, b) => a.c.instant - b.c.instant || a.order - b.order)
    .map((x) => x.c);
  for (let i = 1; i < sorted.length; i++) {
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
  let insideSince: number | null = sorted.length === 0 || sorted[0].kind === 'exit' ? Number.NEGATIVE_INFINITY : null;
  let open: TimelineAbsence | null = null;
  for (const c of sorted) {
    const day = dayNumber(c.day);
    if (day > last) continue; // after as-of: the caller drops these (and says so)
    if (c.kind === 'exit') {
      intervals.push([insideSince ?? day, day]);
      insideSince = null;
      open = { exitDay: day, returnDay: null, exitSource: c.source, returnSource: null };
      absences.push(open);
    } else {
      insideSince = day;
      if (open) {
        open.returnDay = day;
        open.returnSource = c.source;
        open = null;
      }
    }
  }
  if (insideSince !== null) intervals.push([insideSince, last]);
  // Merge: an exit and a return on the same day share that day.
  const present: Array<[number, number]> = [];
  for (const [from, to] of intervals) {
    const prev = present[present.length - 1];
    if (prev && from <= prev[1] + 1) prev[1] = Math.max(prev[1], to);
    else present.push([from, to]);
  }
  return { present, absences, lastDay: last, insideAtEnd: insideSince !== null };
}
