// The payload codec and the data converter, without a server: round trip, rotation, tamper
// detection, unknown key, plaintext refusal, and failure messages encoded.
import crypto from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { encodeErrorToFailure } from '@temporalio/common/lib/internal-non-workflow';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { ApplicationFailure } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadKeyError,
} from '../../src/codec/aes-gcm-codec';
import { payloadsFromJson, payloadsToJson } from '../../src/codec/remote-format';
import { ConfigError, readNodeConfig } from '../../src/config';
import { dataConverterFor, payloadCodecFor } from '../../src/temporal/data-converter';

const key = () => crypto.randomBytes(32).toString('base64');
const SECRET = { surname: 'QUINTANILLA-ZABALETA', date_of_birth: '1961-04-09', document_number: 'XK4419027' };
const text = (p: Payload) => Buffer.from(p.data ?? []).toString('latin1') + JSON.stringify(p.metadata);
const meta = (p: Payload, k: string) => Buffer.from(p.metadata![k]!).toString();

describe('AES-256-GCM payload codec', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips payloads and leaves no plaintext in the encoded form', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { 'k-1': k1 } });
    const plain = [
      defaultPayloadConverter.toPayload(SECRET),
      defaultPayloadConverter.toPayload(null),
      defaultPayloadConverter.toPayload('x'),
    ];
    const sealed = await codec.encode(plain);
    expect(sealed).toHaveLength(3);
    for (const p of sealed) {
      expect(meta(p, 'encoding')).toBe(ENCRYPTED_ENCODING);
      expect(meta(p, KEY_ID_METADATA)).toBe('k-1');
      expect(text(p)).not.toContain('QUINTANILLA');
      expect(text(p)).not.toContain('1961-04-09');
    }
    // Same input, fresh nonce: ciphertexts differ.
    const again = await codec.encode([plain[0]]);
    expect(Buffer.from(again[0].data!).equals(Buffer.from(sealed[0].data!))).toBe(false);
    const opened = await codec.decode(sealed);
    expect(defaultPayloadConverter.fromPayload(opened[0])).toEqual(SECRET);
    expect(defaultPayloadConverter.fromPayload(opened[1])).toBeNull();
    expect(defaultPayloadConverter.fromPayload(opened[2])).toBe('x');
  });

  it('rotates: the newest (last listed) key encrypts, older keys still decrypt', async () => {
    const before = new AesGcmPayloadCodec({ keys: { old: k1 } });
    const after = new AesGcmPayloadCodec({ keys: { old: k1, new: k2 } });
    expect(after.encryptingKeyId).toBe('new');
    const sealedBefore = await before.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const sealedAfter = await after.encode([defaultPayloadConverter.toPayload(SECRET)]);
    expect(meta(sealedAfter[0], KEY_ID_METADATA)).toBe('new');
    expect(defaultPayloadConverter.fromPayload((await after.decode(sealedBefore))[0])).toEqual(SECRET);
    expect(defaultPayloadConverter.fromPayload((await after.decode(sealedAfter))[0])).toEqual(SECRET);
    // A node that dropped the old key can no longer read what it sealed.
    const retired = new AesGcmPayloadCodec({ keys: { new: k2 }, source: 'US_PAYLOAD_KEYS' });
    await expect(retired.decode(sealedBefore)).rejects.toThrow(/key id "old", which is not in US_PAYLOAD_KEYS/);
  });

  it('detects tampering: a flipped bit, a truncated payload, a swapped key id', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { a: k1, b: k2 } });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const flipped = Buffer.from(sealed.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(/failed its integrity check/);
    await expect(codec.decode([{ ...sealed, data: Buffer.from(sealed.data!).subarray(0, 10) }])).rejects.toThrow(
      /truncated/,
    );
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('a') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadKeyError);
  });

  it('names only the unknown key id, never payload content', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { other: k2 } });
    const [sealed] = await new AesGcmPayloadCodec({ keys: { 'us-k9': k1 } }).encode([
      defaultPayloadConverter.toPayload(SECRET),
    ]);
    const error = await codec.decode([sealed]).catch((e: Error) => e);
    expect(String(error)).toMatch(/"us-k9"/);
    expect(String(error)).not.toMatch(/QUINTANILLA|1961|XK44/);
  });

  it('refuses payloads that were never encrypted, once payload keys are configured (issue 16)', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { a: k1 } });
    const plain = defaultPayloadConverter.toPayload({ id: 'e-1' });
    await expect(codec.decode([plain])).rejects.toThrow(PayloadKeyError);
    await expect(codec.decode([plain])).rejects.toThrow(/payload is not encrypted \(encoding "json\/plain"\)/);
  });

  it('speaks the remote codec JSON format both ways and refuses anything else', async () => {
    const codec = new AesGcmPayloadCodec({ keys: { a: k1 } });
    const sealed = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const json = payloadsToJson(sealed);
    expect(typeof json.payloads[0].data).toBe('string');
    const back = payloadsFromJson(JSON.parse(JSON.stringify(json)));
    expect(defaultPayloadConverter.fromPayload((await codec.decode(back))[0])).toEqual(SECRET);
    expect(() => payloadsFromJson({ nope: 1 })).toThrow(/\{"payloads": \[\.\.\.\]\}/);
    expect(() => payloadsFromJson({ payloads: [{ data: '***' }] })).toThrow(
      /payloads\[0\]\.data must be a base64 string/,
    );
  });
});

describe('data converter of a node', () => {
  const env = (extra: Record<string, string> = {}) => ({ US_OPERATOR_TOKEN: 'x'.repeat(20), ...extra });

  it('refuses to run without a payload key unless plaintext is explicitly allowed', () => {
    const { config } = readNodeConfig('US', env());
    expect(() => dataConverterFor(config, {})).toThrow(ConfigError);
    expect(() => dataConverterFor(config, {})).toThrow(/US_PAYLOAD_KEYS is not set.*US_ALLOW_PLAINTEXT_PAYLOADS=true/s);
    expect(dataConverterFor(config, { US_ALLOW_PLAINTEXT_PAYLOADS: 'true' }).payloadCodecs).toEqual([]);
    expect(() => dataConverterFor(config, { US_ALLOW_PLAINTEXT_PAYLOADS: 'yes please' })).toThrow(ConfigError);
  });

  it('encrypts with the configured keys and encodes failure messages too', async () => {
    const { config } = readNodeConfig('US', env({ US_PAYLOAD_KEYS: `k1=${key()},k2=${key()}` }));
    expect(payloadCodecFor(config)!.encryptingKeyId).toBe('k2');
    const loaded = loadDataConverter(dataConverterFor(config));
    const failure = await encodeErrorToFailure(
      loaded,
      ApplicationFailure.nonRetryable('record of QUINTANILLA-ZABALETA is odd'),
    );
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure)).not.toContain('QUINTANILLA');
    const encoded = failure.encodedAttributes!;
    expect(Buffer.from(encoded.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
  });
});
