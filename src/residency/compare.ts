// What an IRCC or USCIS officer does with an application: the absences the person declared set
// beside the absences the crossing records show, each difference listed. Pure.
//
// An absence is the day the person left and the day they came back; both are days present (IRCC:
// "the day you leave and the day you return count as days in Canada"), so the days outside are the
// days strictly between. Declared and recorded absences are paired one to one by the most days in
// common (travel days included, so day trips pair too); what is left on either side is a difference.
import { dayNumber, fromDayNumber } from '../calendar';
import type { Declared } from './inputs';
import type { Timeline } from './timeline';

export type DifferenceKind =
  'departure_day_differs' | 'return_day_differs' | 'absence_not_declared' | 'declared_absence_not_recorded';

export interface AbsenceDifference {
  kind: DifferenceKind;
  declared: { from: string; to: string | null; days_outside: number } | null;
  recorded: { exit_day: string; return_day: string | null; days_outside: number } | null;
  /** Days outside as recorded minus as declared (positive: the records show more time away). */
  days_difference: number;
}

export interface ComparisonReport {
  as_of: string;
  since: string | null;
  declared_absences: number;
  recorded_absences: number;
  absences_agreeing: number;
  days_outside_declared: number;
  days_outside_recorded: number;
  differences: AbsenceDifference[];
}

interface Span {
  from: number;
  to: number | null;
  index: number;
}

/** Compares for absences that overlap [since, asOf]; `timeline` must be built up to asOf. */
export function compareAbsences(
  declared: Declared['absences'],
  timeline: Timeline,
  asOf: string,
  since?: string,
): ComparisonReport {
  const last = dayNumber(asOf);
  const first = since ? dayNumber(since) : Number.NEGATIVE_INFINITY;
  const outside = (s: Span) => Math.max(0, (s.to ?? last + 1) - s.from - 1);
  const inRange = (s: Span) => s.from <= last && (s.to ?? last) >= first;
  const dec: Span[] = declared
    .map((a, index) => ({ from: dayNumber(a.from), to: a.to === null ? null : dayNumber(a.to), index }))
    .filter(inRange);
  const rec: Span[] = timeline.absences
    .map((a, index) => ({ from: a.exitDay, to: a.returnDay, index }))
    .filter(inRange);

  const overlap = (a: Span, b: Span) => Math.min(a.to ?? last, b.to ?? last) - Math.max(a.from, b.from) + 1;
  const pairs: Array<{ d: Span; r: Span; common: number }> = [];
  for (const d of dec) for (const r of rec) if (overlap(d, r) > 0) pairs.push({ d, r, common: overlap(d, r) });
  pairs.sort((x, y) => y.common - x.common || x.d.from - y.d.from);
  const usedD = new Set<number>();
  const usedR = new Set<number>();
  const differences: AbsenceDifference[] = [];
  const declaredOut = (d: Span) => ({
    from: fromDayNumber(d.from),
    to: d.to === null ? null : fromDayNumber(d.to),
    days_outside: outside(d),
  });
  const recordedOut = (r: Span) => ({
    exit_day: fromDayNumber(r.from),
    return_day: r.to === null ? null : fromDayNumber(r.to),
    days_outside: outside(r),
  });
  let agreeing = 0;
  for (const { d, r } of pairs) {
    if (usedD.has(d.index) || usedR.has(r.index)) continue;
    usedD.add(d.index);
    usedR.add(r.index);
    const diff = outside(r) - outside(d);
    let differs = false;
    if (d.from !== r.from) {
      differences.push({
        kind: 'departure_day_differs',
        declared: declaredOut(d),
        recorded: recordedOut(r),
        days_difference: diff,
      });
      differs = true;
    }
    if (d.to !== r.to) {
      differences.push({
        kind: 'return_day_differs',
        declared: declaredOut(d),
        recorded: recordedOut(r),
        days_difference: diff,
      });
      differs = true;
    }
    if (!differs) agreeing += 1;
  }
  for (const r of rec.filter((x) => !usedR.has(x.index)))
    differences.push({
      kind: 'absence_not_declared',
      declared: null,
      recorded: recordedOut(r),
      days_difference: outside(r),
    });
  for (const d of dec.filter((x) => !usedD.has(x.index)))
    differences.push({
      kind: 'declared_absence_not_recorded',
      declared: declaredOut(d),
      recorded: null,
      days_difference: -outside(d),
    });
  const firstDay = (x: AbsenceDifference) => x.recorded?.exit_day ?? x.declared!.from;
  differences.sort((a, b) => (firstDay(a) < firstDay(b) ? -1 : firstDay(a) > firstDay(b) ? 1 : 0));
  return {
    as_of: asOf,
    since: since ?? null,
    declared_absences: dec.length,
    recorded_absences: rec.length,
    absences_agreeing: agreeing,
    days_outside_declared: dec.reduce((n, d) => n + outside(d), 0),
    days_outside_recorded: rec.reduce((n, r) => n + outside(r), 0),
    differences,
  };
}
