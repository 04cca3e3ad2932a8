// The one check every signed partner message passes (batches and acknowledgements alike), without
// a server. The rules are the exchange's own protocol (docs/exchange.md, "Signed messages" and
// "Intake and ingest"): the signature covers the kind, key id, time and the body's sha-256; the body
// is the agreed envelope; a batch comes from the partner to this node, an acknowledgement is of one
// of this node's own batches.
import { generateNodeKeys } from '../../src/config/keys';
import { openPartnerMessage } from '../../src/exchange/partner-message';
import { signMessage } from '../../src/exchange/signing';

const ca = generateNodeKeys('CA');
const parties = { own: 'US', partner: 'CA', partnerPublicKeys: { 'ca-1': ca.publicKey } } as const;
const now = new Date('2026-11-28T06:00:00Z');
const signed = (kind: 'batch' | 'ack', body: unknown, at = now) => {
  const raw = JSON.stringify(body);
  return { raw, headers: signMessage(kind, raw, ca.signingKey, 'ca-1', at) };
};

const batch = {
  format: 'entry-exit-batch/1',
  batch_id: 'CA-US-2026-11-27-0001',
  sender: 'CA',
  receiver: 'US',
  cycle_window: '2026-11-27',
  created_at: '2026-11-28T05:00:00Z',
  records: [{ version: 1, record: { id: 'ca-1' } }],
};
const ack = {
  format: 'entry-exit-ack/1',
  batch_id: 'US-CA-2026-11-27-0001',
  sender: 'CA',
  receiver: 'US',
  acknowledged_at: '2026-11-28T05:30:00Z',
  accepted: 1,
  rejected: 0,
  results: [{ position: 0, id: 'us-1', version: 1, status: 'accepted' }],
};

describe('opening a signed partner message', () => {
  it('opens a batch from the partner and an acknowledgement of our own batch, naming the key', () => {
    const b = signed('batch', batch);
    expect(openPartnerMessage('batch', b.raw, b.headers, parties, now)).toEqual({
      ok: true,
      message: batch,
      keyId: 'ca-1',
    });
    const a = signed('ack', ack);
    expect(openPartnerMessage('ack', a.raw, a.headers, parties, now)).toEqual({
      ok: true,
      message: ack,
      keyId: 'ca-1',
    });
  });

  it('refuses a signature moved to the other kind of message (401)', () => {
    const a = signed('ack', batch);
    expect(openPartnerMessage('batch', a.raw, a.headers, parties, now)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^bad signature: the batch was not signed by key ca-1/),
    });
  });

  it('refuses a body changed after signing, and a message signed too long ago (401)', () => {
    const b = signed('batch', batch);
    expect(openPartnerMessage('batch', b.raw.replace('ca-1', 'ca-2'), b.headers, parties, now)).toMatchObject({
      ok: false,
      status: 401,
    });
    const old = signed('batch', batch, new Date(now.getTime() - 6 * 60_000));
    expect(openPartnerMessage('batch', old.raw, old.headers, parties, now)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^replayed or stale batch/),
    });
  });

  it('refuses a malformed envelope by field, without echoing values (400)', () => {
    const b = signed('batch', { ...batch, records: [], extra: 'Tremblay' });
    const opened = openPartnerMessage('batch', b.raw, b.headers, parties, now);
    expect(opened).toMatchObject({ ok: false, status: 400 });
    expect(!opened.ok && opened.reason).toMatch(/^malformed batch: /);
    expect(!opened.ok && opened.reason).not.toMatch(/Tremblay/);
    const a = signed('ack', { ...ack, accepted: 'all' });
    expect(openPartnerMessage('ack', a.raw, a.headers, parties, now)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^malformed acknowledgement: accepted /),
    });
  });

  it('refuses the wrong direction: our own batch sent back, or an acknowledgement of a batch we never made', () => {
    const b = signed('batch', { ...batch, batch_id: 'US-CA-2026-11-27-0001' });
    expect(openPartnerMessage('batch', b.raw, b.headers, parties, now)).toEqual({
      ok: false,
      status: 400,
      reason: 'wrong sender or receiver: this US node takes batches from CA to US only',
    });
    const a = signed('ack', { ...ack, batch_id: 'CA-US-2026-11-27-0001' });
    expect(openPartnerMessage('ack', a.raw, a.headers, parties, now)).toEqual({
      ok: false,
      status: 400,
      reason: 'wrong sender or receiver: this US node takes acknowledgements from CA of its own batches only',
    });
  });

  it('refuses a body that is not JSON (400)', () => {
    const raw = '{"format":';
    const headers = signMessage('batch', raw, ca.signingKey, 'ca-1', now);
    expect(openPartnerMessage('batch', raw, headers, parties, now)).toEqual({
      ok: false,
      status: 400,
      reason: 'body is not valid JSON',
    });
  });
});
