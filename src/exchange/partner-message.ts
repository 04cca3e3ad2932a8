// The one check every signed partner message passes before anything is stored: a batch of the
// partner's records and an acknowledgement of one of our batches alike. In order: the signature
// (signing.ts), the JSON, the agreed envelope, and the direction (sender, receiver and the batch id's
// direction prefix). Pure (test/unit/partner-message.test.ts); intake answers the refusals it returns.
import type { z } from 'zod';
import type { Country } from '../config';
import {
  AckEnvelopeSchema,
  BatchEnvelopeSchema,
  envelopeProblems,
  type AckEnvelope,
  type BatchEnvelope,
} from './batch';
import { verifyMessage, type MessageKind } from './signing';

interface Envelopes {
  batch: BatchEnvelope;
  ack: AckEnvelope;
}

interface MessageRule<K extends MessageKind> {
  /** The message's name in refusals. */
  label: string;
  schema: z.ZodType<Envelopes[K]>;
  /** The direction prefix the batch id must carry: a batch comes from the partner, an ack is of our own batch. */
  batchPrefix(own: Country, partner: Country): string;
  /** What this node takes of this kind, for the wrong-direction refusal. */
  takes(own: Country, partner: Country): string;
}

const RULES: { [K in MessageKind]: MessageRule<K> } = {
  batch: {
    label: 'batch',
    schema: BatchEnvelopeSchema,
    batchPrefix: (own, partner) => `${partner}-${own}-`,
    takes: (own, partner) => `batches from ${partner} to ${own}`,
  },
  ack: {
    label: 'acknowledgement',
    schema: AckEnvelopeSchema,
    batchPrefix: (own, partner) => `${own}-${partner}-`,
    takes: (_own, partner) => `acknowledgements from ${partner} of its own batches`,
  },
};

export type OpenedMessage<T> =
  { ok: true; message: T; keyId: string } | { ok: false; status: 400 | 401; reason: string };

/** Verifies and reads a signed partner message of one kind; a refusal says what was wrong. */
export function openPartnerMessage<K extends MessageKind>(
  kind: K,
  raw: string,
  headers: Record<string, string | string[] | undefined>,
  parties: { own: Country; partner: Country; partnerPublicKeys: Record<string, string> },
  now: Date,
): OpenedMessage<Envelopes[K]> {
  const rule: MessageRule<K> = RULES[kind];
  const { own, partner } = parties;
  const verified = verifyMessage(kind, raw, headers, parties.partnerPublicKeys, now);
  if (!verified.ok) return verified;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, status: 400, reason: 'body is not valid JSON' };
  }
  const parsed = rule.schema.safeParse(json);
  if (!parsed.success)
    return { ok: false, status: 400, reason: `malformed ${rule.label}: ${envelopeProblems(parsed.error).join('; ')}` };
  const message = parsed.data;
  if (
    message.sender !== partner ||
    message.receiver !== own ||
    !message.batch_id.startsWith(rule.batchPrefix(own, partner))
  )
    return {
      ok: false,
      status: 400,
      reason: `wrong sender or receiver: this ${own} node takes ${rule.takes(own, partner)} only`,
    };
  return { ok: true, message, keyId: verified.keyId };
}
