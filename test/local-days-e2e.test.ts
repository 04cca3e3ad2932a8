// Local days end to end (issue 14; DOMAIN.md "Dates are local"): in each time zone of the border a
// traveller crosses at 23:30 local time, which is already the next day in UTC, and stays until the
// last lawful day, leaving at 23:30 local on it. On the real nodes (Temporal and PostgreSQL): capture
// stores the local day, the stay counts six months from it (8 CFR 214.2(b) for the US; IRPR s.183(2)
// for Canada), its timer has fired because that last day has ended at the port, the partner's record
// of the departure arrives through the exchange and closes the stay as compliant (0 days over: the
// departure was on the last lawful day, at the port), and retention keeps the record through the
// whole local day its period ends.
import type { Pool } from 'pg';
import { addMonths } from '../src/calendar';
import type { Country } from '../src/config';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { endOfLocalDay, localDateInZone, startOfLocalDay } from '../src/record/local-day';
import { PORTS, portTimeZones, type Port } from '../src/record/ports';
import { recordsDueBy } from '../src/retention/expired';
import { addYears as addYearsToDate } from '../src/calendar';
import type { RetentionRule } from '../src/retention/rules';
import type { SimulatedEntry } from '../src/simulator/generate';
import { capture } from './support/capture';
import { pairWithPools, type PairWithPools } from './support/nodes';

const PATIENT = { ackTimeout: '60 seconds', ackOverdueAfter: 2 } as const;
const DAY_MS = 86_400_000;

interface Trip {
  zone: string;
  entryPort: Port;
  exitPort: Port;
  /** The local day of entry at the entry port. */
  day: string;
  lastLawfulDay: string;
  entry: SimulatedEntry;
  exit: SimulatedEntry;
}

/** 23:30 local at a port on a day, written as the UTC instant (the port clock's choice of offset does not matter). */
const at2330 = (day: string, port: Port) => new Date(startOfLocalDay(day, port.time_zone) + (23 * 60 + 30) * 60_000);

function tripIn(zone: string, i: number): Trip {
  const entryPort = [...PORTS.values()].find((p) => p.time_zone === zone)!;
  const exitPort = PORTS.get(entryPort.facing)!;
  const day = localDateInZone(Date.now() - 200 * DAY_MS, zone);
  const lastLawfulDay = addMonths(day, 6);
  const person = {
    surname: 'Mendoza',
    first_name: `Zona${String.fromCharCode(65 + i)}`,
    middle_names: '',
    date_of_birth: '1979-04-0' + ((i % 9) + 1),
    citizenship: 'MEX',
    sex: 'F',
    document_type: 'P',
    document_number: `G${String(31415900 + i).padStart(8, '0')}`,
    document_issuer: 'MEX',
  };
  return {
    zone,
    entryPort,
    exitPort,
    day,
    lastLawfulDay,
    entry: {
      ...person,
      id: `ld-in-${i}`,
      port_of_entry: entryPort.code,
      entered_at: at2330(day, entryPort).toISOString(),
    },
    exit: {
      ...person,
      id: `ld-out-${i}`,
      port_of_entry: exitPort.code,
      entered_at: at2330(lastLawfulDay, exitPort).toISOString(),
    },
  } as Trip;
}

describe('a crossing at 23:30 local time in each time zone of the border', () => {
  let pair: PairWithPools;
  const db = {} as Record<Country, Pool>;
  const trips = portTimeZones().map(tripIn);

  beforeAll(async () => {
    pair = await pairWithPools();
    Object.assign(db, pair.db);
  }, 120_000);

  afterAll(async () => {
    await pair?.stop();
  });

  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('covers every zone of the border, and 23:30 local is the next day in UTC in each', () => {
    expect(trips.length).toBeGreaterThanOrEqual(14);
    for (const t of trips) expect(t.entry.entered_at.slice(0, 10)).not.toBe(t.day);
  });

  it('capture stores the local day; the stay counts from it and its timer fired once the last day ended at the port', async () => {
    for (const country of ['US', 'CA'] as const)
      await capture(
        pair[country],
        trips.filter((t) => t.entryPort.country === country).map((t) => t.entry),
      );
    for (const t of trips) {
      const node = db[t.entryPort.country];
      const { rows } = await node.query(
        `SELECT to_char(local_date, 'YYYY-MM-DD') AS local_date, time_zone, category FROM entries WHERE id = $1`,
        [t.entry.id],
      );
      expect({ zone: t.zone, ...rows[0] }).toEqual({
        zone: t.zone,
        local_date: t.day,
        time_zone: t.zone,
        category: 'visitor',
      });
      const stay = await waitFor(`the overstay flag in ${t.zone}`, async () => {
        const { rows: s } = await node.query(
          `SELECT to_char(admit_until, 'YYYY-MM-DD') AS admit_until, status FROM stays WHERE entry_id = $1`,
          [t.entry.id],
        );
        return s[0]?.status === 'overstay' ? s[0] : undefined;
      });
      expect(stay.admit_until).toBe(t.lastLawfulDay);
    }
  }, 180_000);

  it('the departure at 23:30 local on the last lawful day, exchanged, closes each stay as compliant', async () => {
    for (const country of ['US', 'CA'] as const)
      await capture(
        pair[country],
        trips.filter((t) => t.exitPort.country === country).map((t) => t.exit),
      );
    for (const from of ['US', 'CA'] as const) {
      const windows = new Set(
        trips.filter((t) => t.exitPort.country === from).map((t) => t.exit.entered_at.slice(0, 10)),
      );
      for (const window of windows)
        await runExchangeCycle(pair[from].ctx.temporal, pair[from].config, {
          from,
          to: from === 'US' ? 'CA' : 'US',
          window,
          options: PATIENT,
        });
    }
    for (const t of trips) {
      const node = db[t.entryPort.country];
      const { rows: exits } = await node.query(
        `SELECT to_char(local_date, 'YYYY-MM-DD') AS local_date, time_zone, exited_at FROM exits WHERE id = $1`,
        [t.exit.id],
      );
      expect({ zone: t.zone, ...exits[0] }).toEqual({
        zone: t.zone,
        local_date: t.lastLawfulDay,
        time_zone: t.exitPort.time_zone,
        exited_at: new Date(t.exit.entered_at),
      });
      const stay = await waitFor(`a compliant stay in ${t.zone}`, async () => {
        const { rows } = await node.query('SELECT status, days_over FROM stays WHERE entry_id = $1', [t.entry.id]);
        return rows[0]?.status === 'compliant' ? rows[0] : undefined;
      });
      expect(stay.days_over).toBeNull();
      const { rows: standing } = await node.query(
        'SELECT kind FROM overstays WHERE entry_id = $1 AND lifted_at IS NULL',
        [t.entry.id],
      );
      expect(standing).toEqual([]);
    }
  }, 300_000);

  it('retention keeps each record through the whole local day its period ends at the port', async () => {
    for (const t of trips) {
      const country = t.entryPort.country;
      const rules: RetentionRule[] = [
        { node: country, kind: '*', category: '*', years: 1, effectiveFrom: '2000-01-01', basis: 'test: one year' },
      ];
      const lastDay = addYearsToDate(t.day, 1);
      const ends = endOfLocalDay(lastDay, t.zone);
      const due = async (instant: number) =>
        (await recordsDueBy(db[country], rules, country, new Date(instant))).some((r) => r.id === t.entry.id);
      // 23:59 on the last day at the port: still kept (a UTC or instant count would already erase it).
      expect({ zone: t.zone, due: await due(ends - 60_000) }).toEqual({ zone: t.zone, due: false });
      expect({ zone: t.zone, due: await due(ends + 60_000) }).toEqual({ zone: t.zone, due: true });
    }
  }, 120_000);
});
