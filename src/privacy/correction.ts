// Correction (access and correction principle): a traveller asks, an operator amends the record.
// Pure part: which fields may change, how `--field value` arguments read, and the amended record
// validated by the same schema as a capture. Problems name fields, never values.
import { contentHash } from '../record/content-hash';
import { CapturedEntrySchema, describeProblems, EXCHANGED_FIELDS, type CapturedEntry } from '../record/schema';

/** Every captured field except the id (a correction amends a record; it never renames it). */
export const CORRECTABLE_FIELDS = [...EXCHANGED_FIELDS.filter((f) => f !== 'id'), 'category', 'admit_until'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export class CorrectionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'CorrectionError';
  }
}

const asField = (name: string) => name.replace(/^--/, '').replace(/-/g, '_');

/** Checks field names of a correction; returns the problems (unknown, the id, duplicates). */
export function fieldProblems(names: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const field = asField(name);
    if (field === 'id') problems.push('id cannot be corrected: a correction amends the record under its id');
    else if (!(CORRECTABLE_FIELDS as readonly string[]).includes(field)) {
      problems.push(
        `"${field.slice(0, 40)}" is not a field of an entry; correctable fields: ${CORRECTABLE_FIELDS.join(', ')}`,
      );
    } else if (seen.has(field)) problems.push(`${field} is given twice`);
    seen.add(field);
  }
  return problems;
}

/** `--surname SMITH --date-of-birth 1980-01-02` into `{ surname: 'SMITH', date_of_birth: '1980-01-02' }`. */
export function parseFieldArguments(args: string[]): Record<string, string> {
  const changes: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    if (!flag.startsWith('--')) {
      problems.push(`expected --field value pairs, got a value without a field (argument ${i + 1})`);
      i -= 1;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) {
      problems.push(`${asField(flag)} has no value; write ${flag} VALUE`);
      i -= 1;
      continue;
    }
    changes[asField(flag)] = value;
  }
  problems.push(...fieldProblems(args.filter((a, i) => i % 2 === 0 && a.startsWith('--'))));
  if (Object.keys(changes).length === 0 && problems.length === 0)
    problems.push('nothing to correct: give at least one --field value');
  if (problems.length) throw new CorrectionError(problems);
  return changes;
}

/** The amended record, validated as a capture; throws CorrectionError listing every problem. */
export function applyCorrection(
  current: Record<string, unknown>,
  changes: Record<string, unknown>,
): { entry: CapturedEntry; changedFields: CorrectableField[] } {
  const problems = fieldProblems(Object.keys(changes));
  if (problems.length) throw new CorrectionError(problems);
  const merged: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    // An empty value clears an optional local field.
    if ((field === 'category' || field === 'admit_until') && (value === '' || value === null)) delete merged[field];
    else merged[field] = value;
  }
  for (const field of ['category', 'admit_until']) if (merged[field] === null) delete merged[field];
  const parsed = CapturedEntrySchema.safeParse(merged);
  if (!parsed.success) throw new CorrectionError(describeProblems(parsed.error));
  const before = CapturedEntrySchema.safeParse(
    Object.fromEntries(Object.entries(current).filter(([, v]) => v !== null)),
  );
  const old = (before.success ? before.data : current) as Record<string, unknown>;
  const changedFields = CORRECTABLE_FIELDS.filter((f) => (parsed.data as Record<string, unknown>)[f] !== old[f]);
  if (changedFields.length === 0)
    throw new CorrectionError(['nothing changes: the values given are those the record already has']);
  return { entry: parsed.data, changedFields };
}

export { contentHash };
