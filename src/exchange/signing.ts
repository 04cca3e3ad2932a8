// Signed messages between the nodes. The signature covers a purpose label, the key id, a timestamp
// and the sha-256 of the exact body bytes, so a body changed in transit, a signature moved to
// another message kind, or an old message played again are all refused.
import crypto from 'node:crypto';
import { privateKeyFrom, publicKeyFrom } from '../config/keys';

export const SIGNATURE_HEADERS = {
  keyId: 'x-signature-key-id',
  timestamp: 'x-signature-timestamp',
  signature: 'x-signature',
} as const;

export type MessageKind = 'batch' | 'ack';

/**
 * Signature timestamps use the machine's real clock, not the node's injectable business clock:
 * tests (and the fault suite) move business time on one node to bring deadlines closer, and that
 * must not make the partner treat every message as a replay. Replay protection is about transport.
 */
export function transportNow(): Date {
  return new Date();
}

/** How far a signature timestamp may be from the receiver's clock before the message is a replay. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

function signedText(kind: MessageKind, keyId: string, timestamp: string, body: string): Buffer {
  const digest = crypto.createHash('sha256').update(body, 'utf8').digest('hex');
  return Buffer.from(`entry-exit-${kind}-v1\n${keyId}\n${timestamp}\n${digest}`, 'utf8');
}

export function signMessage(
  kind: MessageKind,
  body: string,
  signingKey: string,
  keyId: string,
  now: Date,
): Record<string, string> {
  const timestamp = now.toISOString();
  const signature = crypto
    .sign(null, signedText(kind, keyId, timestamp, body), privateKeyFrom(signingKey))
    .toString('base64');
  return {
    [SIGNATURE_HEADERS.keyId]: keyId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}

export type Verification = { ok: true; keyId: string } | { ok: false; status: 400 | 401; reason: string };

type SignedHeaders = { ok: true; keyId: string; timestamp: string; signature: string; publicKey: string };

/**
 * The checks the headers alone allow: signed at all, by a key id this node holds, at a time within
 * the clock skew. The partner door makes them before it reads a body (src/http/partner-guard.ts).
 */
export function checkSignatureHeaders(
  kind: MessageKind,
  headers: Record<string, string | string[] | undefined>,
  partnerPublicKeys: Record<string, string>,
  now: Date,
): SignedHeaders | Extract<Verification, { ok: false }> {
  const header = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' ? v.trim() : undefined;
  };
  const keyId = header(SIGNATURE_HEADERS.keyId);
  const timestamp = header(SIGNATURE_HEADERS.timestamp);
  const signature = header(SIGNATURE_HEADERS.signature);
  if (!keyId || !timestamp || !signature) {
    return {
      ok: false,
      status: 401,
      reason: `unsigned ${kind}: send the ${SIGNATURE_HEADERS.keyId}, ${SIGNATURE_HEADERS.timestamp} and ${SIGNATURE_HEADERS.signature} headers`,
    };
  }
  const publicKey = Object.prototype.hasOwnProperty.call(partnerPublicKeys, keyId)
    ? partnerPublicKeys[keyId]
    : undefined;
  if (!publicKey) {
    return {
      ok: false,
      status: 401,
      // The known key ids are not listed: a caller probing for them learns nothing.
      reason: `unknown signing key id ${JSON.stringify(keyId.slice(0, 40))}; sign with a key this node was given (the partner's operators can say which)`,
    };
  }
  const at = Date.parse(timestamp);
  if (Number.isNaN(at))
    return { ok: false, status: 400, reason: `${SIGNATURE_HEADERS.timestamp} is not an ISO 8601 time` };
  if (Math.abs(now.getTime() - at) > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      status: 401,
      reason: `replayed or stale ${kind}: signed at ${timestamp}, more than ${MAX_CLOCK_SKEW_MS / 60000} minutes from this node's clock; sign it again when sending`,
    };
  }
  return { ok: true, keyId, timestamp, signature, publicKey };
}

/** Checks a message's signature against the partner's configured public keys and the receiver's clock. */
export function verifyMessage(
  kind: MessageKind,
  body: string,
  headers: Record<string, string | string[] | undefined>,
  partnerPublicKeys: Record<string, string>,
  now: Date,
): Verification {
  const signed = checkSignatureHeaders(kind, headers, partnerPublicKeys, now);
  if (!signed.ok) return signed;
  const { keyId, timestamp, signature, publicKey } = signed;
  let valid = false;
  try {
    valid = crypto.verify(
      null,
      signedText(kind, keyId, timestamp, body),
      publicKeyFrom(publicKey),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      ok: false,
      status: 401,
      reason: `bad signature: the ${kind} was not signed by key ${keyId} or was changed after signing`,
    };
  return { ok: true, keyId };
}
