// What ingest does with each record of a partner batch, without a database. The rules are the
// exchange's own protocol (no public format exists; docs/exchange.md, "Intake and ingest", step 1):
// schema-valid, a port of the sender's country, one record per id per batch; a known id with a
// higher version is a correction, the same version and content is accepted again, the same version
// with other content is rejected, an older version is accepted as superseded.
import { contentHash } from '../../src/record/content-hash';
import { judgeAgainstStored, screenBatchRecords, verdictsInOrder } from '../../src/exchange/ingest-decisions';

const record = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  surname: 'Tremblay',
  first_name: 'Chloé',
  middle_names: '',
  date_of_birth: '1985-06-14',
  citizenship: 'CAN',
  sex: 'F',
  document_type: 'P',
  document_number: 'GA302922',
  document_issuer: 'CAN',
  port_of_entry: 'CA-PACIFIC-HWY',
  entered_at: '2026-11-27T09:15:00-08:00',
  ...overrides,
});

describe('screening the records of a CA batch on the US node', () => {
  it('keeps valid records from partner ports and rejects the rest with a reason, by position', () => {
    const { rejected, valid } = screenBatchRecords(
      [
        { version: 1, record: record('ca-1') },
        { version: 1, record: record('ca-2', { port_of_entry: 'US-BLAINE-PH' }) },
        { version: 1, record: record('ca-1') },
        { version: 2, record: { id: 'ca-3', surname: 'X' } },
        { version: 1, record: { id: 'x'.repeat(65) } },
      ],
      'US',
      'CA',
    );
    expect(valid.map((v) => [v.position, v.record.id, v.version])).toEqual([[0, 'ca-1', 1]]);
    expect(valid[0].hash).toBe(contentHash(valid[0].record));
    expect(rejected.map((r) => [r.position, r.id, r.status])).toEqual([
      [1, 'ca-2', 'rejected'],
      [2, 'ca-1', 'rejected'],
      [3, 'ca-3', 'rejected'],
      // An id no sender could have meant is not echoed back.
      [4, null, 'rejected'],
    ]);
    expect(rejected[0].reason).toBe('port_of_entry is a US port; records from CA must be entries at CA ports');
    expect(rejected[1].reason).toBe('id appears twice in this batch; send each record once');
    expect(rejected[2].reason).toMatch(/first_name/);
  });
});

describe('judging a record against the stored version of its id', () => {
  const [screened] = screenBatchRecords([{ version: 2, record: record('ca-9') }], 'US', 'CA').valid;
  const stored = (version: number, hash = screened.hash) => [{ id: 'ca-9', version, content_hash: hash }];

  it('inserts an id not seen before', () => {
    const judged = judgeAgainstStored([screened], []);
    expect(judged.inserts).toEqual([screened]);
    expect(judged.corrections).toEqual([]);
    expect(judged.verdicts).toEqual([{ position: 0, id: 'ca-9', version: 2, status: 'accepted', reason: null }]);
  });

  it('treats a higher version as a correction', () => {
    const judged = judgeAgainstStored([screened], stored(1, 'other'));
    expect(judged.corrections).toEqual([screened]);
    expect(judged.inserts).toEqual([]);
    expect(judged.verdicts[0].status).toBe('accepted');
  });

  it('accepts the same version and content again, and an older version as superseded, changing nothing', () => {
    for (const judged of [judgeAgainstStored([screened], stored(2)), judgeAgainstStored([screened], stored(3, 'x'))]) {
      expect(judged.inserts).toEqual([]);
      expect(judged.corrections).toEqual([]);
      expect(judged.verdicts[0].status).toBe('accepted');
    }
  });

  it('rejects the same version with other content and says to send a correction', () => {
    const judged = judgeAgainstStored([screened], stored(2, 'other content'));
    expect(judged.inserts).toEqual([]);
    expect(judged.corrections).toEqual([]);
    expect(judged.verdicts[0]).toMatchObject({ status: 'rejected', id: 'ca-9', version: 2 });
    expect(judged.verdicts[0].reason).toMatch(/send the change as a correction with a higher version/);
  });

  it('puts all verdicts back in record order and counts the accepted ones', () => {
    const { verdicts, accepted } = verdictsInOrder(
      [{ position: 1, id: 'b', version: 1, status: 'rejected', reason: 'r' }],
      [
        { position: 2, id: 'c', version: 1, status: 'accepted', reason: null },
        { position: 0, id: 'a', version: 1, status: 'accepted', reason: null },
      ],
    );
    expect(verdicts.map((v) => v.position)).toEqual([0, 1, 2]);
    expect(accepted).toBe(2);
  });
});
