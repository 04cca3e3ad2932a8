// What a collected page of pending entries becomes, without a database. Which entries may leave is
// the rollout's scope judged on the local day at the port (src/scope/rules.ts DEFAULT_SCOPE_PHASES:
// Phase II from 30 Jun 2013 without citizens, per CBSA and DHS; Phase III with citizens from 11 July
// 2019, Exit Information Regulations SOR/2019-241); the envelope is the exchange's own
// entry-exit-batch/1 (docs/exchange.md, "Signed messages").
import { batchEnvelope, dueForExchange, type PendingEntryRecord } from '../../src/exchange/collect-decisions';
import { DEFAULT_SCOPE_PHASES } from '../../src/scope/rules';

const pending = (id: string, citizenship: string, enteredAt: string): PendingEntryRecord => ({
  id,
  surname: 'Nguyen',
  first_name: 'Linh',
  middle_names: '',
  date_of_birth: '1988-01-09',
  citizenship,
  sex: 'F',
  document_type: 'P',
  document_number: 'C4455667',
  document_issuer: citizenship,
  port_of_entry: 'US-BLAINE-PH',
  entered_at: new Date(enteredAt),
  version: 2,
});

describe('which pending entries may leave', () => {
  it('sends no one from the gap between the pilot and Phase II, and no citizen in Phase II', () => {
    const rows = [
      pending('gap', 'VNM', '2013-03-01T18:00:00Z'),
      pending('visitor', 'VNM', '2013-07-01T18:00:00Z'),
      pending('citizen', 'USA', '2013-07-01T18:00:00Z'),
    ];
    expect(dueForExchange(rows, DEFAULT_SCOPE_PHASES).map((r) => r.id)).toEqual(['visitor']);
  });

  it('judges Phase III by the local day at the port, not the UTC day', () => {
    // 05:00 UTC on 11 July 2019 is still 10 July at Blaine (UTC-7): before Phase III, no citizens.
    const rows = [
      pending('late-evening', 'USA', '2019-07-11T05:00:00Z'),
      pending('after-midnight', 'USA', '2019-07-11T08:00:00Z'),
    ];
    expect(dueForExchange(rows, DEFAULT_SCOPE_PHASES).map((r) => r.id)).toEqual(['after-midnight']);
  });
});

describe('the batch envelope', () => {
  it('carries each entry as an exchange record with its version, and nothing else', () => {
    const row = pending('visitor', 'VNM', '2019-07-11T08:00:00Z');
    const envelope = batchEnvelope(
      {
        batchId: 'US-CA-2019-07-11-0001',
        from: 'US',
        to: 'CA',
        window: '2019-07-11',
        createdAt: new Date('2019-07-12T02:00:00Z'),
      },
      [{ ...row, sent_version: 1 } as PendingEntryRecord],
    );
    expect(envelope).toMatchObject({
      format: 'entry-exit-batch/1',
      batch_id: 'US-CA-2019-07-11-0001',
      sender: 'US',
      receiver: 'CA',
      cycle_window: '2019-07-11',
      created_at: '2019-07-12T02:00:00.000Z',
    });
    expect(envelope.records).toHaveLength(1);
    expect(envelope.records[0].version).toBe(2);
    expect(envelope.records[0].record).toEqual({
      id: 'visitor',
      surname: 'Nguyen',
      first_name: 'Linh',
      middle_names: '',
      date_of_birth: '1988-01-09',
      citizenship: 'VNM',
      sex: 'F',
      document_type: 'P',
      document_number: 'C4455667',
      document_issuer: 'VNM',
      port_of_entry: 'US-BLAINE-PH',
      entered_at: '2019-07-11T08:00:00.000Z',
    });
  });
});
