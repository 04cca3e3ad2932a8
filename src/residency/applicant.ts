// The applicant's side, without any server: `residency calc` and `residency compare` from a
// crossings file and a declared file. Pure: the CLI reads the files and prints the result.
import { dayNumber, isIsoDate } from '../calendar';
import { calculateResidency, calcRuleId, type CalcResult } from './calc';
import { compareAbsences, type ComparisonReport } from './compare';
import { EMPTY_DECLARED, parseCrossingsFile, parseDeclaredFile, type DatedCrossing, type Declared } from './inputs';
import { ResidencyError } from './errors';
import { timelineFromCrossings } from './timeline';

/** Which rules read each field of the declared file (docs/residency.md, "The declared file"). */
const DECLARED_FIELD_RULES: Record<string, string[]> = {
  temporary_resident_periods: ['ca-citizenship'],
  sentence_periods: ['ca-citizenship'],
  abroad_counted_as_present: ['ca-pr'],
  us_citizen_spouse: ['us-naturalisation'],
  absences: ['compare'],
};

function declaredFieldGiven(d: Declared, field: string): boolean {
  if (field === 'temporary_resident_periods') return d.temporaryResidentPeriods.length > 0;
  if (field === 'sentence_periods') return d.sentencePeriods.length > 0;
  if (field === 'abroad_counted_as_present') return d.abroadCountedAsPresent.length > 0;
  if (field === 'us_citizen_spouse') return d.usCitizenSpouse !== undefined;
  return d.absences.length > 0;
}

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
  for (const [field, used] of Object.entries(DECLARED_FIELD_RULES))
    if (declaredFieldGiven(declared, field) && !used.includes(rule))
      notes.push(`declared ${field} is not used by ${rule} (only by ${used.join(', ')})`);
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
