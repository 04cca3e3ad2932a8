// The applicant's side, without any server: `residency calc` and `residency compare` from a
// crossings file and a declared file. Pure: the CLI reads the files and prints the result.
import { dayNumber, isIsoDate } from '../admission/calendar';
import { calculateResidency, calcRuleId, type CalcResult } from './calc';
import { compareAbsences, type ComparisonReport } from './compare';
import { EMPTY_DECLARED, parseCrossingsFile, parseDeclaredFile, type DatedCrossing } from './inputs';
import { ResidencyError } from './errors';
import { timelineFromCrossings } from './timeline';

export interface ApplicantFiles {
  crossings: { name: string; text: string };
  declared?: { name: string; text: string };
}

function dateOption(name: string, value: unknown): string {
  if (!isIsoDate(value))
    throw new ResidencyError(`${name} must be a real date written YYYY-MM-DD, got ${JSON.stringify(value ?? null)}`);
  return value;
}

function readCrossings(files: ApplicantFiles, asOf: string): { crossings: DatedCrossing[]; notes: string[] } {
  const { crossings, ignoredFields } = parseCrossingsFile(files.crossings.text, files.crossings.name);
  const notes: string[] = [];
  if (ignoredFields.length) notes.push(`fields ignored in the crossings: ${ignoredFields.join(', ')}`);
  const later = crossings.filter((c) => dayNumber(c.day) > dayNumber(asOf));
  if (later.length) notes.push(`${later.length} crossing(s) after the as-of date are not counted`);
  if (crossings.length === 0) notes.push('no crossings: the person is taken to have been in the country throughout');
  return { crossings: crossings.filter((c) => dayNumber(c.day) <= dayNumber(asOf)), notes };
}

/** `residency calc`: one rule for one date, from the applicant's own crossings. */
export function calcFromFiles(
  opts: { rule: unknown; asOf: unknown; prSince?: unknown },
  files: ApplicantFiles,
): CalcResult & { notes: string[] } {
  const rule = calcRuleId(opts.rule);
  const asOf = dateOption('--as-of', opts.asOf);
  const prSince = opts.prSince === undefined ? undefined : dateOption('--pr-since', opts.prSince);
  const declared = files.declared ? parseDeclaredFile(files.declared.text, files.declared.name) : EMPTY_DECLARED;
  const { crossings, notes } = readCrossings(files, asOf);
  const timeline = timelineFromCrossings(crossings, asOf);
  const result = calculateResidency({ rule, asOf, prSince, declared, timeline });
  if (rule === 'ca-pr' && prSince === undefined)
    notes.push('no --pr-since: the person is taken to have been a permanent resident for five years or more');
  return { ...result, notes };
}

/** `residency compare`: the declared absences beside the crossings, every difference listed. */
export function compareFromFiles(
  opts: { asOf: unknown; since?: unknown },
  files: Required<ApplicantFiles>,
): ComparisonReport & { notes: string[] } {
  const asOf = dateOption('--as-of', opts.asOf);
  const since = opts.since === undefined ? undefined : dateOption('--since', opts.since);
  const declared = parseDeclaredFile(files.declared.text, files.declared.name);
  const { crossings, notes } = readCrossings(files, asOf);
  const timeline = timelineFromCrossings(crossings, asOf);
  return { ...compareAbsences(declared.absences, timeline, asOf, since), notes };
}
