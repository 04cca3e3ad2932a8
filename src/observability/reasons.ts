// Reasons as metric labels and report rows: a refusal's or rejection's free text is folded into a
// short class from a fixed set, so a label can never carry a value from a record (a name, a
// document number) and the number of series stays bounded. Pure: tested without any server.
import { EXCHANGED_FIELDS } from '../record/schema';

const FIELDS = new Set<string>([...EXCHANGED_FIELDS, 'id', 'version', 'record']);

/** Class of a record rejection (ours of the partner's records, or the partner's of ours). */
export function rejectionReasonClass(reason: string | null | undefined): string {
  const text = (reason ?? '').trim();
  if (!text) return 'unspecified';
  if (text.startsWith('has field(s) outside the agreed data elements')) return 'extra-field';
  if (/^port_of_entry is a (US|CA) port/.test(text)) return 'wrong-country-port';
  if (text.startsWith('id appears twice')) return 'duplicate-in-batch';
  if (/already received with other content/.test(text)) return 'version-conflict';
  // Schema problems start with the field name ("document_number must ..."): the field is the class.
  const field = /^([a-z_]+)\b/.exec(text)?.[1];
  if (field && FIELDS.has(field)) return `invalid-${field}`;
  return 'other';
}

/** Class of an intake refusal (a whole batch or acknowledgement refused at the partner door). */
export function intakeRefusalClass(status: number, reason: string): string {
  if (reason.startsWith('unsigned')) return 'unsigned';
  if (reason.startsWith('unknown signing key')) return 'unknown-key';
  if (reason.startsWith('bad signature')) return 'bad-signature';
  if (reason.startsWith('replayed or stale')) return 'stale-signature';
  if (reason.includes('is not an ISO 8601 time')) return 'bad-timestamp';
  if (reason.startsWith('replayed batch id')) return 'replayed-batch-id';
  if (reason.startsWith('body is not valid JSON')) return 'not-json';
  if (reason.startsWith('malformed')) return 'malformed';
  if (reason.startsWith('wrong sender or receiver')) return 'wrong-party';
  if (reason.includes('NUL character')) return 'unstorable-text';
  if (reason.startsWith('unknown batch')) return 'unknown-batch';
  if (reason.includes('does not add up')) return 'ack-mismatch';
  return `http-${status}`;
}
