// Payload encryption: every payload a node hands to Temporal (workflow inputs, results, signals,
// activity arguments, failure messages) is sealed with AES-256-GCM before it leaves the process, so
// the Temporal server, its database and its UI hold ciphertext only. Each sealed payload names the
// key that sealed it, so keys rotate: the newest key seals, every listed key still opens.
import crypto from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PayloadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeyError';
  }
}

/** Key ids in order of age; the last one seals new payloads. */
export interface PayloadKeyRing {
  keys: Record<string, string>;
  /** Which variable the keys came from, for error messages (e.g. US_PAYLOAD_KEYS). */
  source?: string;
}

function keyBytes(kid: string, base64: string, source: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new PayloadKeyError(`${source} key "${kid}" is not 32 bytes of base64 (AES-256)`);
  return key;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys = new Map<string, Buffer>();
  private readonly sealingKeyId: string;
  private readonly source: string;

  constructor(ring: PayloadKeyRing) {
    this.source = ring.source ?? 'payload keys';
    const ids = Object.keys(ring.keys);
    if (ids.length === 0) throw new PayloadKeyError(`no payload key configured in ${this.source}`);
    for (const kid of ids) this.keys.set(kid, keyBytes(kid, ring.keys[kid], this.source));
    this.sealingKeyId = ids[ids.length - 1];
  }

  get encryptingKeyId(): string {
    return this.sealingKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private seal(payload: Payload): Payload {
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keys.get(this.sealingKeyId)!, iv);
    // The key id is authenticated too: moving a payload under another key id fails to open.
    cipher.setAAD(encoder.encode(this.sealingKeyId));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: encoder.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: encoder.encode(this.sealingKeyId) },
      data: new Uint8Array(sealed),
    };
  }

  private open(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding ? decoder.decode(payload.metadata.encoding) : undefined;
    // Once a node has payload keys, every payload must be sealed: a plaintext one (a signal typed
    // into a UI, a start from a tool without the codec, a history from a plaintext node) is refused,
    // so no traveller data enters a workflow unencrypted.
    if (encoding !== ENCRYPTED_ENCODING)
      throw new PayloadKeyError(
        `payload is not encrypted (encoding ${JSON.stringify((encoding ?? 'none').slice(0, 40))}); this node takes sealed payloads only: send it through the node's data converter`,
      );
    const rawKid = payload.metadata?.[KEY_ID_METADATA];
    const kid = rawKid ? decoder.decode(rawKid).slice(0, 64) : '';
    if (!kid)
      throw new PayloadKeyError(`encrypted payload carries no ${KEY_ID_METADATA}; it was not written by this codec`);
    const key = this.keys.get(kid);
    if (!key) {
      throw new PayloadKeyError(
        `payload was encrypted with key id "${kid}", which is not in ${this.source}; add that key (older keys stay listed after rotation)`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadKeyError(`encrypted payload (key id "${kid}") is truncated`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(encoder.encode(kid));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadKeyError(
        `encrypted payload (key id "${kid}") failed its integrity check: it was altered or sealed with another key of the same id`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
