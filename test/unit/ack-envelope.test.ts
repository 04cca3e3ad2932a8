// The acknowledgement of a batch, both ways, without a server (docs/exchange.md, "Signed messages":
// the entry-exit-ack/1 envelope with per-record results; an acknowledgement that does not add up is
// refused with 400 at intake).
import { ackMismatch, buildAck, resultsAsSent } from '../../src/exchange/ack-envelope';

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
  const sent = [
    { id: 'ca-1', version: 1 },
    { id: 'ca-2', version: 1 },
    { id: 'ca-3', version: 2 },
  ];

  it('takes one that names each record of the batch once, at its position, with counts that agree', () => {
    expect(ackMismatch(ack, sent)).toBeUndefined();
  });

  it('refuses one with a result missing, or counts that do not agree with its results', () => {
    expect(ackMismatch(ack, [...sent, { id: 'ca-4', version: 1 }])).toBe(
      'acknowledgement of US-CA-2026-11-27-0001 does not add up: 3 results for 4 records',
    );
    expect(ackMismatch({ ...ack, accepted: 3, rejected: 0 }, sent)).toMatch(/does not add up/);
  });

  it('refuses one whose results name an id the batch did not carry, though its counts add up', () => {
    const stranger = { ...ack, results: ack.results.map((r, i) => (i === 2 ? { ...r, id: 'ca-999' } : r)) };
    expect(ackMismatch(stranger, sent)).toBe(
      'acknowledgement of US-CA-2026-11-27-0001: result 2 names a record or version the batch did not carry at position 2',
    );
  });

  it('refuses one naming a record twice, or another version of it', () => {
    const twice = { ...ack, results: [ack.results[0], ack.results[1], { ...ack.results[0] }] };
    expect(ackMismatch({ ...twice, accepted: 2 }, sent)).toMatch(/position 0 has more than one result/);
    const otherVersion = { ...ack, results: ack.results.map((r, i) => (i === 2 ? { ...r, version: 1 } : r)) };
    expect(ackMismatch(otherVersion, sent)).toMatch(/did not carry at position 2/);
    const outside = { ...ack, results: ack.results.map((r, i) => (i === 2 ? { ...r, position: 7 } : r)) };
    expect(ackMismatch(outside, sent)).toMatch(/position 7, outside the batch/);
  });

  it('lets only a rejection lack an id, and gives it the id the batch carried there', () => {
    const acceptedNoId = { ...ack, results: ack.results.map((r, i) => (i === 0 ? { ...r, id: null } : r)) };
    expect(ackMismatch(acceptedNoId, sent)).toMatch(/accepts a record without naming it/);
    expect(resultsAsSent(ack, sent)[1]).toEqual({
      position: 1,
      id: 'ca-2',
      version: 1,
      status: 'rejected',
      reason: 'surname is required',
    });
  });
});
