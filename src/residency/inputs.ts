// The applicant's inputs to `residency calc` and `residency compare`, read and checked: the crossings
// file (JSON lines) and the declared file (one JSON object). Pure: the caller reads the files.
//
// A crossing's day is the date part of its `at` as written, with the local offset it carries: an
// entry at 2024-03-01T23:30:00-08:00 happened on 2024-03-01 at that port, whatever the UTC date.
// The order of crossings is the order of their instants.
import { isIsoDate } from '../calendar';
import { ResidencyError } from './errors';

export interface DatedCrossing {
  kind: 'entry' | 'exit';
  /** The local day of the crossing, YYYY-MM-DD. */
  day: string;
  /** The instant, for ordering crossings (ms since the epoch). */
  instant: number;
  port?: string;
  /** Where it came from, for error messages: a line number, or a record id. */
  source: string;
}

export interface DatedPeriod {
  from: string;
  to: string;
}

export const TEMPORARY_STATUSES = ['temporary_resident', 'protected_person'] as const;
export const ABROAD_AS_PRESENT_REASONS = [
  'accompanying_canadian_citizen_spouse',
  'accompanying_canadian_citizen_parent',
  'employed_by_canadian_business',
  'accompanying_permanent_resident_employed_by_canadian_business',
] as const;

export interface Declared {
  /** ca-citizenship: days in Canada as a temporary resident or protected person before PR (half-day credit). */
  temporaryResidentPeriods: Array<DatedPeriod & { status: (typeof TEMPORARY_STATUSES)[number] }>;
  /** ca-citizenship: days serving a sentence (not counted). */
  sentencePeriods: DatedPeriod[];
  /** ca-pr: days outside Canada that count as days present (IRPA s.28(2)(a)(ii)-(v)). */
  abroadCountedAsPresent: Array<DatedPeriod & { reason: (typeof ABROAD_AS_PRESENT_REASONS)[number] }>;
  /** us-naturalisation: the spouse of a US citizen (INA 319(a)). */
  usCitizenSpouse?: { maritalUnionSince: string; spouseCitizenSince: string };
  /** compare: the absences the person declared (day left, day returned; null when not back). */
  absences: Array<{ from: string; to: string | null }>;
}

export const EMPTY_DECLARED: Declared = {
  temporaryResidentPeriods: [],
  sentencePeriods: [],
  abroadCountedAsPresent: [],
  absences: [],
};

// Date, 'T', hours and minutes, optional seconds and fraction, and a required offset (Z or ±hh:mm).
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;
const AT_EXAMPLE = 'e.g. "2024-03-01T18:45:00-05:00"';

/** The local day and the instant of an ISO 8601 date-time with its offset; null when it is not one. */
export function parseLocalDateTime(at: string): { day: string; instant: number } | null {
  const m = LOCAL_DATE_TIME.exec(at);
  if (!m) return null;
  const [, day, hh, mm, ss, , offH, offM] = m;
  if (!isIsoDate(day) || Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59)) return null;
  if (offH !== undefined && (Number(offH) > 14 || Number(offM) > 59)) return null;
  const instant = Date.parse(at.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(instant) ? null : { day, instant };
}

const CROSSING_FIELDS = new Set(['kind', 'at', 'port']);

/**
 * Reads a crossings file: one JSON object per line, `{kind: "entry"|"exit", at, port?}`; blank lines
 * are skipped. Every problem names its line and what to write instead. Returns the crossings in the
 * file's order and the names of any other fields seen (ignored, reported as a note).
 */
export function parseCrossingsFile(
  text: string,
  fileName = 'crossings',
): { crossings: DatedCrossing[]; ignoredFields: string[] } {
  const crossings: DatedCrossing[] = [];
  const ignored = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${fileName} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ResidencyError(
        `${where} is not valid JSON; write one object per line, e.g. {"kind":"entry","at":"2024-03-01T18:45:00-05:00"}`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new ResidencyError(`${where} must be a JSON object with "kind" and "at"`);
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) if (!CROSSING_FIELDS.has(key)) ignored.add(key);
    if (obj.kind !== 'entry' && obj.kind !== 'exit')
      throw new ResidencyError(
        `${where}: "kind" must be "entry" (into the rule's country) or "exit" (out of it), got ${JSON.stringify(obj.kind ?? null)}`,
      );
    if (typeof obj.at !== 'string')
      throw new ResidencyError(
        `${where}: "at" is missing; give the crossing's date and time with its local offset, ${AT_EXAMPLE}`,
      );
    const parsed = parseLocalDateTime(obj.at);
    if (!parsed)
      throw new ResidencyError(
        `${where}: "at" must be a real ISO 8601 date and time with its local offset (Z or ±hh:mm), ${AT_EXAMPLE}; got ${JSON.stringify(obj.at)}`,
      );
    if (obj.port !== undefined && typeof obj.port !== 'string')
      throw new ResidencyError(`${where}: "port", when given, must be a string`);
    crossings.push({
      kind: obj.kind,
      day: parsed.day,
      instant: parsed.instant,
      port: obj.port as string | undefined,
      source: where,
    });
  });
  return { crossings, ignoredFields: [...ignored].sort() };
}

const DECLARED_FIELDS = [
  'temporary_resident_periods',
  'sentence_periods',
  'abroad_counted_as_present',
  'us_citizen_spouse',
  'absences',
] as const;

function dateField(obj: Record<string, unknown>, key: string, where: string, nullable = false): string | null {
  const v = obj[key];
  if (nullable && (v === null || v === undefined)) return null;
  if (!isIsoDate(v))
    throw new ResidencyError(
      `${where}: "${key}" must be a real date written YYYY-MM-DD, got ${JSON.stringify(v ?? null)}`,
    );
  return v;
}

function periodList(
  doc: Record<string, unknown>,
  key: string,
  fileName: string,
): Array<Record<string, unknown> & DatedPeriod> {
  const v = doc[key];
  if (v === undefined) return [];
  if (!Array.isArray(v))
    throw new ResidencyError(`${fileName}: "${key}" must be a list of {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`);
  return v.map((item, i) => {
    const where = `${fileName}: ${key}[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new ResidencyError(`${where} must be an object {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`);
    const obj = item as Record<string, unknown>;
    const from = dateField(obj, 'from', where)!;
    const to = dateField(obj, 'to', where)!;
    if (to < from)
      throw new ResidencyError(`${where}: "to" (${to}) is before "from" (${from}); periods are inclusive, from <= to`);
    return { ...obj, from, to };
  });
}

/** Reads the declared file (see docs/residency.md, "The declared file"). Unknown keys are refused. */
export function parseDeclaredFile(text: string, fileName = 'declared'): Declared {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ResidencyError(
      `${fileName} is not valid JSON; it must be one JSON object (see docs/residency.md, "The declared file")`,
    );
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new ResidencyError(`${fileName} must be one JSON object with any of: ${DECLARED_FIELDS.join(', ')}`);
  const obj = doc as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !(DECLARED_FIELDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new ResidencyError(
      `${fileName}: unknown field(s) ${unknown.join(', ')}; the fields are ${DECLARED_FIELDS.join(', ')}`,
    );

  const temporaryResidentPeriods = periodList(obj, 'temporary_resident_periods', fileName).map((p, i) => {
    const status = p.status ?? 'temporary_resident';
    if (!(TEMPORARY_STATUSES as readonly unknown[]).includes(status))
      throw new ResidencyError(
        `${fileName}: temporary_resident_periods[${i}].status must be one of ${TEMPORARY_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
      );
    return { from: p.from, to: p.to, status: status as (typeof TEMPORARY_STATUSES)[number] };
  });
  const sentencePeriods = periodList(obj, 'sentence_periods', fileName).map((p) => ({ from: p.from, to: p.to }));
  const abroadCountedAsPresent = periodList(obj, 'abroad_counted_as_present', fileName).map((p, i) => {
    if (!(ABROAD_AS_PRESENT_REASONS as readonly unknown[]).includes(p.reason))
      throw new ResidencyError(
        `${fileName}: abroad_counted_as_present[${i}].reason must be one of ${ABROAD_AS_PRESENT_REASONS.join(', ')}, got ${JSON.stringify(p.reason ?? null)}`,
      );
    return { from: p.from, to: p.to, reason: p.reason as (typeof ABROAD_AS_PRESENT_REASONS)[number] };
  });

  let usCitizenSpouse: Declared['usCitizenSpouse'];
  if (obj.us_citizen_spouse !== undefined) {
    const s = obj.us_citizen_spouse;
    const where = `${fileName}: us_citizen_spouse`;
    if (s === null || typeof s !== 'object' || Array.isArray(s))
      throw new ResidencyError(
        `${where} must be {"marital_union_since": "YYYY-MM-DD", "spouse_citizen_since": "YYYY-MM-DD"}`,
      );
    const so = s as Record<string, unknown>;
    usCitizenSpouse = {
      maritalUnionSince: dateField(so, 'marital_union_since', where)!,
      spouseCitizenSince: dateField(so, 'spouse_citizen_since', where)!,
    };
  }

  const absencesRaw = obj.absences;
  let absences: Declared['absences'] = [];
  if (absencesRaw !== undefined) {
    if (!Array.isArray(absencesRaw))
      throw new ResidencyError(
        `${fileName}: "absences" must be a list of {"from": day left, "to": day returned or null}`,
      );
    absences = absencesRaw.map((item, i) => {
      const where = `${fileName}: absences[${i}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        throw new ResidencyError(`${where} must be an object {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD" or null}`);
      const a = item as Record<string, unknown>;
      const from = dateField(a, 'from', where)!;
      const to = dateField(a, 'to', where, true);
      if (to !== null && to < from)
        throw new ResidencyError(`${where}: "to" (the day back, ${to}) is before "from" (the day left, ${from})`);
      return { from, to };
    });
  }
  return { temporaryResidentPeriods, sentencePeriods, abroadCountedAsPresent, usCitizenSpouse, absences };
}
