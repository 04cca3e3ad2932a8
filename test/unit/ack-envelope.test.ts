// The acknowledgement of a batch, both ways, without a server (docs/exchange.md, "Signed messages":
// the entry-exit-ack/1 envelope with per-record results; an acknowledgement that does not add up is
// refused with 400 at intake).
import { ackMismatch, buildAck } from '../../src/exchange/ack-envelope';

const verdicts = [
  { position: 0, id: 'ca-1', version: 1, status: 'accepted' as const, reason: null },
  { position: 1, id: null, version: 1, status: 'rejected' as const, reason: 'surname is required' },
  { position: 2, id: 'ca-3', version: 2, status: 'accepted' as const, reason: null },
];

describe('building the acknowledgement of a partner batch', () => {
  it('carries each verdict by position, reasons only on rejections, and the counts', () => {
    const ack = buildAck('CA-US-2026-11-27-0001', 'US', 'CA', new Date('2026-11-28T06:00:00Z'), verdicts);
    expect(ack).toEqual({
      format: 'entry-exit-ack/1',
      batch_id: 'CA-US-2026-11-27-0001',
      sender: 'US',
      receiver: 'CA',
      acknowledged_at: '2026-11-28T06:00:00.000Z',
      accepted: 2,
      rejected: 1,
      results: [
        { position: 0, id: 'ca-1', version: 1, status: 'accepted' },
        { position: 1, id: null, version: 1, status: 'rejected', reason: 'surname is required' },
        { position: 2, id: 'ca-3', version: 2, status: 'accepted' },
      ],
    });
  });
});

describe('checking an acknowledgement of one of our batches', () => {
  const ack = buildAck('US-CA-2026-11-27-0001', 'CA', 'US', new Date('2026-11-28T06:00:00Z'), verdicts);

  it('takes one that has a result per record and counts that agree', () => {
    expect(ackMismatch(ack, 3)).toBeUndefined();
  });

  it('refuses one with a result missing, or counts that do not agree with its results', () => {
    expect(ackMismatch(ack, 4)).toBe(
      'acknowledgement of US-CA-2026-11-27-0001 does not add up: 3 results for 4 records',
    );
    expect(ackMismatch({ ...ack, accepted: 3, rejected: 0 }, 3)).toMatch(/does not add up/);
  });
});
