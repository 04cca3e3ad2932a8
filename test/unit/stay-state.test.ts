// The stay's transitions (workflows/stay-state.ts) without Temporal: what each event does to the state
// and which flag, lift and departure effects the workflow must carry out. DHS's two outcomes
// (DOMAIN.md, "Lawful period of admission and overstays"): a suspected in-country overstay when the
// admission period ends with no departure recorded; an out-of-country overstay when the departure is
// recorded after it. Port BLAINE-WA / SURREY-BC: Pacific time.
import type { StayInput } from '../../src/stays/contract';
import { StayCase } from '../../workflows/stay-state';

const visitor: StayInput = {
  country: 'US',
  entryId: 'E-1',
  category: 'visitor',
  ruleId: 'us.visitor',
  admitUntil: '2026-06-30',
  retainUntil: '2101-01-01',
  timeZone: 'America/Los_Angeles',
};

function stayAt(iso: string, input: StayInput = visitor) {
  let now = Date.parse(iso);
  const stay = new StayCase(input, () => now);
  return { stay, moveTo: (to: string) => (now = Date.parse(to)) };
}

const exitOn = (exitedAt: string, exitId = 'X-1') => ({
  exitId,
  exitedAt,
  port: 'SURREY-BC',
  matchedBy: 'exact' as const,
});

describe('the stay as an officer keeps it', () => {
  it('opens awaiting the exit, with the timer at the end of the admit-until local day (midnight Pacific)', () => {
    const { stay } = stayAt('2026-01-01T18:00:00Z');
    expect(stay.state).toMatchObject({ status: 'awaiting_exit', revision: 1, originalAdmitUntil: '2026-06-30' });
    // 2026-07-01T00:00 PDT is 07:00 UTC.
    expect(new Date(stay.nextDeadline()).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(stay.waitSummary(stay.nextDeadline())).toMatch(/admit-until 2026-06-30/);
  });

  it('flags nothing before the admit-until day has ended at the port, then a suspected in-country overstay', () => {
    const { stay, moveTo } = stayAt('2026-01-01T18:00:00Z');
    moveTo('2026-07-01T06:59:59Z'); // still 30 June in Blaine
    expect(stay.admissionEnded()).toEqual([]);
    moveTo('2026-07-01T07:00:00Z');
    expect(stay.admissionEnded()).toEqual([
      {
        kind: 'flag',
        flag: {
          entryId: 'E-1',
          kind: 'in_country',
          since: '2026-06-30',
          daysOver: null,
          exitId: null,
          at: '2026-07-01T07:00:00.000Z',
        },
      },
    ]);
    expect(stay.state).toMatchObject({ status: 'overstay', revision: 2 });
    expect(stay.admissionEnded()).toEqual([]); // flagged once
  });

  it('a late exit after the in-country flag replaces it with an out-of-country overstay and its days over', () => {
    const { stay, moveTo } = stayAt('2026-01-01T18:00:00Z');
    moveTo('2026-07-02T00:00:00Z');
    stay.admissionEnded();
    moveTo('2026-07-20T00:00:00Z');
    const effects = stay.recordExit(exitOn('2026-07-10T19:00:00Z')); // 10 July in Surrey: 10 days over
    expect(effects).toEqual([
      {
        kind: 'replace-in-country-flag',
        flag: expect.objectContaining({ kind: 'out_of_country', since: '2026-06-30', daysOver: 10, exitId: 'X-1' }),
        lift: expect.objectContaining({
          kinds: ['in_country'],
          reason: 'departure on 2026-07-10 recorded: out-of-country overstay of 10 days',
        }),
      },
    ]);
    stay.changed();
    expect(stay.snapshot()).toMatchObject({ status: 'out_of_country_overstay', daysOver: 10, overstayFlaggedAt: null });
  });

  it('a late exit without a standing flag raises the out-of-country flag alone; one in time lifts nothing', () => {
    const late = stayAt('2026-07-20T00:00:00Z').stay;
    expect(late.recordExit(exitOn('2026-07-03T19:00:00Z')).map((e) => e.kind)).toEqual(['flag']);
    const inTime = stayAt('2026-06-20T00:00:00Z').stay;
    expect(inTime.recordExit(exitOn('2026-06-19T19:00:00Z'))).toEqual([]);
    inTime.changed();
    expect(inTime.state.status).toBe('compliant');
  });

  it('late exit data showing a timely departure lifts the flag, saying why', () => {
    const { stay, moveTo } = stayAt('2026-01-01T18:00:00Z');
    moveTo('2026-07-02T00:00:00Z');
    stay.admissionEnded();
    const [lift] = stay.recordExit(exitOn('2026-06-28T19:00:00Z'));
    expect(lift).toMatchObject({
      kind: 'lift',
      lift: {
        kinds: ['in_country', 'out_of_country'],
        reason: 'exit data arrived late: departed on 2026-06-28, within the admission period',
      },
    });
  });

  it('a second, different exit is ignored unless an operator matched it', () => {
    const { stay } = stayAt('2026-06-01T00:00:00Z');
    stay.recordExit(exitOn('2026-05-30T19:00:00Z'));
    expect(stay.ignoresExit(exitOn('2026-05-31T19:00:00Z', 'X-2'))).toBe(true);
    expect(stay.state.recent.at(-1)?.event).toMatch(/exit X-2 ignored/);
    expect(stay.ignoresExit(exitOn('2026-05-31T19:00:00Z', 'X-1'))).toBe(false); // a correction
    expect(stay.ignoresExit({ ...exitOn('2026-05-31T19:00:00Z', 'X-2'), matchedBy: 'operator' })).toBe(false);
  });

  it('a pending extension stops the timer and counts the exit against the date applied for (DHS)', () => {
    const { stay, moveTo } = stayAt('2026-06-01T00:00:00Z');
    expect(stay.extensionRefusal({ admitUntil: '2026-06-01', reason: 'I-539', decision: 'pending' })).toMatch(
      /^extension refused: the new date 2026-06-01 must be later/,
    );
    stay.applyForExtension({ admitUntil: '2026-09-30', reason: ' I-539 ', decision: 'pending' });
    expect(stay.state).toMatchObject({
      status: 'extension_pending',
      admitUntil: '2026-06-30',
      extension: { status: 'pending', reason: 'I-539' },
    });
    moveTo('2026-08-01T00:00:00Z');
    expect(stay.admissionEnded()).toEqual([]);
    expect(stay.recordExit(exitOn('2026-07-31T19:00:00Z'))).toEqual([]);
  });

  it('a removal order: a missed deadline is flagged, a late departure confirmed with the days late', () => {
    const { stay, moveTo } = stayAt('2026-01-01T18:00:00Z', { ...visitor, admitUntil: null });
    expect(stay.acceptsRemovalOrder({ orderId: 'Jane Doe', departBy: '2026-02-01' })).toBe(false);
    const order = { orderId: 'RO-1', departBy: '2026-02-01' };
    expect(stay.acceptsRemovalOrder(order)).toBe(true);
    expect(stay.replacedOrderEffects(order)).toEqual([]);
    stay.recordRemovalOrder(order);
    stay.changed();
    expect(stay.acceptsRemovalOrder(order)).toBe(false); // the same order again changes nothing
    moveTo('2026-02-02T08:00:00Z'); // 2 February, 00:00 PST
    expect(stay.removalDeadlinePassed()).toEqual([
      { kind: 'flag', flag: expect.objectContaining({ kind: 'removal_missed', since: '2026-02-01', daysOver: null }) },
    ]);
    expect(stay.state.status).toBe('removal_missed');
    const exit = exitOn('2026-02-06T19:00:00Z');
    stay.recordExit(exit);
    expect(stay.settleRemoval(exit)).toEqual([
      { kind: 'flag', flag: expect.objectContaining({ kind: 'removal_missed', daysOver: 5, exitId: 'X-1' }) },
      {
        kind: 'confirm-departure',
        departure: expect.objectContaining({ orderId: 'RO-1', exitId: 'X-1', onTime: false }),
      },
    ]);
    expect(stay.snapshot()).toMatchObject({ status: 'departed_under_removal', removal: { status: 'departed_late' } });
  });

  it('ends when the data leaves retention (end of the retain-until local day)', () => {
    const { stay, moveTo } = stayAt('2100-12-31T12:00:00Z');
    expect(stay.retentionOver()).toBe(false);
    moveTo('2101-01-02T08:00:00Z');
    expect(stay.retentionOver()).toBe(true);
  });
});
