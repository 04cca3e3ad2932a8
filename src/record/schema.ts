// The record the two agencies exchange: exactly the 11 data elements of the 2019 CBSA–CBP
// memorandum (Customs Act s.92(1)) plus the record's own id. Defined once here and used by capture,
// transmit, intake and tests. Any other field is refused: data minimisation is part of the agreement.
import { z } from 'zod';
import { isKnownCountryCode, normaliseCountryCode } from './countries';
import {
  documentNumberProblem,
  documentNumberShapeProblem,
  mrzDocumentNumber,
  normaliseDocumentNumber,
} from './documents';
import { localDateAtPort } from './local-day';
import { normalisePortCode, PORTS } from './ports';
import { isIsoDate } from '../calendar';

/** The agreed data elements, in the memorandum's order, after the record id. */
export const EXCHANGED_FIELDS = [
  'id',
  'surname',
  'first_name',
  'middle_names',
  'date_of_birth',
  'citizenship',
  'sex',
  'document_type',
  'document_number',
  'document_issuer',
  'port_of_entry',
  'entered_at',
] as const;
export type ExchangedField = (typeof EXCHANGED_FIELDS)[number];

/**
 * Travel documents accepted at the land border. Numbers are exchanged as printed, without the MRZ
 * check digit (src/record/documents.ts).
 */
export const DOCUMENT_TYPES = {
  P: 'passport',
  PC: 'US passport card',
  ID: 'identity card',
  PR: 'permanent resident card',
  TT: 'trusted traveller card (NEXUS, FAST)',
  EDL: 'enhanced driver licence',
  CR: 'refugee or certificate-of-identity travel document',
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

export const SEXES = ['M', 'F', 'X'] as const;

// Letters and marks of any script, spaces, apostrophes, hyphens and full stops: enough for every
// name on an ICAO document, and nothing that markup or SQL would need.
const NAME_PATTERN = /^[\p{L}\p{M}](?:[\p{L}\p{M}' .\u2019-]*[\p{L}\p{M}.])?$/u;
const MAX_NAME = 100;

export const RecordIdSchema = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_", ":", "-"');

const name = (what: string, required: boolean) =>
  z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .superRefine((s, ctx) => {
      if (s === '') {
        if (required) ctx.addIssue({ code: 'custom', message: `is empty; a ${what} is required` });
        return;
      }
      if (s.length > MAX_NAME) ctx.addIssue({ code: 'custom', message: `is longer than ${MAX_NAME} characters` });
      else if (!NAME_PATTERN.test(s)) {
        ctx.addIssue({ code: 'custom', message: `has characters a ${what} cannot hold (letters, spaces, ' - . only)` });
      }
    });

/** A real date written YYYY-MM-DD (the calendar's check, kept under the name the schema reads). */
export const isCalendarDate = (s: string): boolean => isIsoDate(s);

const calendarDate = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .refine(isCalendarDate, 'must be a real date written YYYY-MM-DD');

const countryCode = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .transform(normaliseCountryCode)
  .refine(isKnownCountryCode, 'must be an ISO 3166-1 alpha-3 or ICAO 9303 country code, such as CAN, USA, DEU');

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const instant = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .refine((s) => ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s)) && isCalendarDate(s.slice(0, 10)), {
    message: 'must be an ISO 8601 date and time with an offset, such as 2026-11-27T14:05:00-05:00',
  })
  .transform((s) => new Date(s).toISOString());

const recordShape = {
  id: RecordIdSchema,
  surname: name('surname', true),
  first_name: name('first name', false),
  middle_names: name('middle name', false).default(''),
  date_of_birth: calendarDate,
  citizenship: countryCode,
  sex: z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .transform((s) => (s.trim() === '<' ? 'X' : s.trim().toUpperCase()))
    .pipe(z.enum(SEXES, { errorMap: () => ({ message: `must be one of ${SEXES.join(', ')}` }) })),
  document_type: z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .transform((s) => s.trim().toUpperCase())
    .pipe(
      z.enum(Object.keys(DOCUMENT_TYPES) as [DocumentType, ...DocumentType[]], {
        errorMap: () => ({ message: `must be one of ${Object.keys(DOCUMENT_TYPES).join(', ')}` }),
      }),
    ),
  document_number: z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .transform(normaliseDocumentNumber)
    .superRefine((s, ctx) => {
      const problem = documentNumberShapeProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  document_issuer: countryCode,
  port_of_entry: z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .transform(normalisePortCode)
    .refine((s) => PORTS.has(s), 'is not a known land port code (see `npx entry-exit ports`)'),
  entered_at: instant,
};

function refineRecord(
  r: {
    date_of_birth: string;
    entered_at: string;
    port_of_entry: string;
    document_number: string;
    document_type: string;
    document_issuer: string;
  },
  ctx: z.RefinementCtx,
) {
  // Characters and length are checked on the field; here, the format of the type and issuer.
  const numberProblem = documentNumberShapeProblem(r.document_number)
    ? null
    : documentNumberProblem(r.document_number, r.document_type, r.document_issuer);
  if (numberProblem) ctx.addIssue({ code: 'custom', path: ['document_number'], message: numberProblem });
  if (r.date_of_birth < '1900-01-01') {
    ctx.addIssue({ code: 'custom', path: ['date_of_birth'], message: 'is before 1900-01-01' });
  }
  if (r.entered_at < '2000-01-01') {
    ctx.addIssue({ code: 'custom', path: ['entered_at'], message: 'is before 2000-01-01' });
  }
  const dayOfEntry = PORTS.has(r.port_of_entry)
    ? localDateAtPort(r.entered_at, r.port_of_entry)
    : r.entered_at.slice(0, 10);
  if (r.date_of_birth > dayOfEntry) {
    ctx.addIssue({ code: 'custom', path: ['date_of_birth'], message: 'is after the date of entry' });
  }
}

/** One exchanged record, normalised. Unknown fields are refused (`strict`). */
export const ExchangeRecordSchema = z.object(recordShape).strict().superRefine(refineRecord);
export type ExchangeRecord = z.output<typeof ExchangeRecordSchema>;
export type ExchangeRecordInput = z.input<typeof ExchangeRecordSchema>;

/** Person categories known locally at capture. Never transmitted. */
export const PERSON_CATEGORIES = ['citizen', 'permanent_resident', 'visitor', 'temporary_resident', 'other'] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

/**
 * Groups the agreement leaves out of the exchange (CBSA, Entry/Exit Initiative privacy impact
 * assessment): Registered Indians (Indian Act s.2(1)) and protected persons (IRPA s.95). Local: the
 * port says so at capture, the record stays on the node and is never sent (src/scope/rules.ts).
 */
export const EXEMPT_GROUPS = ['registered_indian', 'protected_person'] as const;
export type ExemptGroup = (typeof EXEMPT_GROUPS)[number];

/**
 * What a port captures: the exchanged record plus local data the officer sets (category and an
 * officer-fixed admit-until date). The local fields stay on this node.
 */
export const CapturedEntrySchema = z
  .object({
    ...recordShape,
    category: z
      .enum(PERSON_CATEGORIES, { errorMap: () => ({ message: `must be one of ${PERSON_CATEGORIES.join(', ')}` }) })
      .optional(),
    admit_until: calendarDate.optional(),
    /**
     * For a Visa Waiver Program national returning from Canada or Mexico: the admit-until date of the
     * original VWP admission (8 CFR 217.3(b)), from the traveller's I-94.
     */
    original_admit_until: calendarDate.optional(),
    /** A group never exchanged (EXEMPT_GROUPS): the record is kept here and left out of every batch. */
    exempt_group: z
      .enum(EXEMPT_GROUPS, { errorMap: () => ({ message: `must be one of ${EXEMPT_GROUPS.join(', ')}` }) })
      .optional(),
    /** The MRZ line holding the document number, when the port read it: its check digit is checked. Never stored. */
    mrz: z.string({ invalid_type_error: 'must be a string' }).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    refineRecord(r, ctx);
    if (r.admit_until !== undefined && r.port_of_entry && PORTS.has(r.port_of_entry)) {
      if (r.admit_until < localDateAtPort(r.entered_at, r.port_of_entry))
        ctx.addIssue({ code: 'custom', path: ['admit_until'], message: 'is before the day of entry at the port' });
    }
    if (r.mrz !== undefined) {
      const read = mrzDocumentNumber(r.mrz);
      if ('problem' in read) ctx.addIssue({ code: 'custom', path: ['mrz'], message: read.problem });
      else if (read.number !== r.document_number)
        ctx.addIssue({
          code: 'custom',
          path: ['mrz'],
          message:
            'holds another document number than document_number; send the number as printed and the MRZ of the same document',
        });
    }
  });
export type CapturedEntry = z.output<typeof CapturedEntrySchema>;

/** The exchanged part of a captured entry: what may leave the node. */
export function toExchangeRecord(entry: CapturedEntry | ExchangeRecord): ExchangeRecord {
  const out = {} as Record<string, unknown>;
  for (const field of EXCHANGED_FIELDS) out[field] = entry[field];
  return out as ExchangeRecord;
}

/**
 * One line per problem, naming the field and never echoing its value (it may be personal data):
 * `document_type must be one of P, PC, ID, ...`.
 */
export function describeProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `has field(s) outside the agreed data elements: ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')} (data minimisation: only ${EXCHANGED_FIELDS.join(', ')} may be sent)`;
    }
    const field = issue.path.join('.') || 'record';
    if (issue.code === 'invalid_type' && issue.received === 'undefined') return `${field} is required`;
    if (issue.code === 'invalid_type' && field === 'record')
      return `record must be a JSON object, got ${issue.received}`;
    return `${field} ${issue.message}`;
  });
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function parseExchangeRecord(input: unknown): ParseResult<ExchangeRecord> {
  const result = ExchangeRecordSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: describeProblems(result.error) };
}

export function parseCapturedEntry(input: unknown): ParseResult<CapturedEntry> {
  const result = CapturedEntrySchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: describeProblems(result.error) };
}
