// The rows the person index reads and writes: the record columns every query selects, the row shape
// and its mapping to the evidence's record, and the ids and errors the index's modules share.
import { randomUUID } from 'node:crypto';
import { type PersonRecord } from './evidence';

export class PersonIndexError extends Error {
  override name = 'PersonIndexError';
}

export type RecordKind = 'entry' | 'exit';
export const recordKey = (kind: RecordKind, id: string) => `${kind}:${id}`;
export const newPersonId = () => `P-${randomUUID()}`;

export const RECORD_COLUMNS = `id, surname, first_name, date_of_birth::text AS date_of_birth, citizenship, sex, document_type,
  document_number, document_issuer`;

export interface RecordRow {
  kind: RecordKind | 'identity';
  id: string;
  surname: string;
  first_name: string;
  date_of_birth: string;
  citizenship: string;
  sex: string;
  document_type: string;
  document_number: string;
  document_issuer: string;
  person_id?: string;
}

export const toRecord = (r: RecordRow): PersonRecord => ({
  kind: r.kind,
  id: r.id,
  surname: r.surname,
  firstName: r.first_name,
  dateOfBirth: r.date_of_birth,
  citizenship: r.citizenship,
  sex: r.sex,
  documentType: r.document_type,
  documentNumber: r.document_number,
  documentIssuer: r.document_issuer,
});

export const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
