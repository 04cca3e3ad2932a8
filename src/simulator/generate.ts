// The traffic simulator's generator: realistic round trips across the land border, deterministic
// for a seed. Pure (no I/O), so tests and benchmarks reuse it. Each trip leaves home (US or CA),
// is captured entering the other country, and, usually, captured again coming home; a small share
// of visitors stays past the admission period or never comes back within the simulated days.
import type { Country } from '../config';
import { localDateInZone, startOfLocalDay } from '../record/local-day';
import { portsOf, type Port } from '../record/ports';
import type { ExemptGroup, PersonCategory } from '../record/schema';
import { addDays } from '../calendar';
import { seededRandom } from './random';
import { ISO3, makeTraveller, pick } from './travellers';

export interface SimulationRequest {
  /** First day, YYYY-MM-DD. */
  from: string;
  days: number;
  /** Trips that begin each day (each trip yields one or two entries). */
  perDay: number;
  seed: number;
  /**
   * Returns home after the last simulated day are captured too when they happen by this instant
   * (ISO 8601), after the simulated days' entries: a past period then has its travellers' later
   * returns, and only those who stayed on or never came back show as overstays. Default: the last
   * simulated day ends the capture.
   */
  returnsUntil?: string;
  /**
   * Share (0-1) of the eligible travellers in a group the agreement leaves out: Canadian citizens
   * living in Canada as Registered Indians, non-citizen visitors living in Canada as protected persons
   * travelling on a Canadian refugee travel document (CR). Default 0: drawn from a stream of its own,
   * so the rest of the traffic for a seed is the same with or without it.
   */
  exemptShare?: number;
}

/** What a port sends to POST /entries. */
export interface SimulatedEntry {
  id: string;
  surname: string;
  first_name: string;
  middle_names: string;
  date_of_birth: string;
  citizenship: string;
  sex: string;
  document_type: string;
  document_number: string;
  document_issuer: string;
  port_of_entry: string;
  entered_at: string;
  category: PersonCategory;
  admit_until?: string;
  exempt_group?: ExemptGroup;
}

export interface SimulatedCapture {
  country: Country;
  entry: SimulatedEntry;
}

/**
 * The crossing's instant for a local wall-clock time at the port, in its real zone (daylight saving
 * included), written with the port's offset; some port clocks write UTC instead ("Z"), as real
 * systems do, and the local day must come out the same (docs/rules.md, "Local days").
 */
function localTime(day: string, minutes: number, port: Port, rand: () => number = () => 1): string {
  const instant = startOfLocalDay(day, port.time_zone) + minutes * 60_000;
  if (rand() < 0.1) return new Date(instant).toISOString();
  const wall = localDateInZone(instant, port.time_zone);
  const offsetMinutes = Math.round((Date.parse(`${wall}T00:00:00Z`) + minutes * 60_000 - instant) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${day}T${hh}:${mm}:00${offset}`;
}

function minuteOfDay(rand: () => number): number {
  // Evening and overnight crossings near midnight, where a UTC day and the local day differ.
  if (rand() < 0.15) return rand() < 0.7 ? 22 * 60 + Math.floor(rand() * 120) : Math.floor(rand() * 90);
  const hour = Math.min(23, Math.max(0, Math.round(7 + rand() * 8 + (rand() - 0.5) * 6)));
  return hour * 60 + Math.floor(rand() * 60);
}

/** Stay length in days: many same-day trips, most short, a few long. */
function stayLength(rand: () => number): number {
  const r = rand();
  if (r < 0.3) return 0;
  if (r < 0.7) return 1 + Math.floor(rand() * 7);
  if (r < 0.95) return 8 + Math.floor(rand() * 50);
  return 60 + Math.floor(rand() * 140);
}

/**
 * Every entry the simulated days produce, in time order per day, each tagged with the node that
 * captures it. Returns after the last simulated day are left out unless `returnsUntil` reaches them.
 */
export function* simulateCrossings(request: SimulationRequest): Generator<SimulatedCapture> {
  const rand = seededRandom(request.seed);
  const exemptRand = seededRandom(request.seed + 27);
  const last = addDays(request.from, request.days - 1);
  const returnsAfterPeriod = request.returnsUntil !== undefined && request.returnsUntil.slice(0, 10) > last;
  const pending: Array<{ day: string; capture: SimulatedCapture }> = [];
  for (let d = 0; d < request.days; d++) {
    const day = addDays(request.from, d);
    const today: SimulatedCapture[] = [];
    for (let i = 0; i < request.perDay; i++) {
      const t = makeTraveller(rand, day);
      const away: Country = t.home === 'US' ? 'CA' : 'US';
      const outPort = pick(rand, portsOf(away));
      const tag = `${day.replace(/-/g, '')}-s${request.seed}-${String(i).padStart(6, '0')}`;
      const visitorAway = t.citizenship !== ISO3[away];
      // Officers usually admit visitors for six months; sometimes for a shorter, fixed period.
      const admitDays = rand() < 0.15 ? 7 + Math.floor(rand() * 21) : 182;
      const stayed = rand() < 0.04 && visitorAway ? admitDays + 1 + Math.floor(rand() * 30) : stayLength(rand);
      const neverReturns = rand() < 0.03;
      const outMinutes = minuteOfDay(rand);
      const exempt = request.exemptShare ? exemptGroupOf(t, exemptRand() < request.exemptShare) : undefined;
      today.push({
        country: away,
        entry: {
          id: `${away}-${tag}-out`,
          surname: t.surname[0],
          first_name: t.given[0],
          middle_names: t.middle,
          date_of_birth: t.dateOfBirth,
          citizenship: t.citizenship,
          sex: t.sex,
          document_type: t.documentType === 'PR' || t.documentType === 'PC' ? 'P' : t.documentType,
          document_number: t.documentNumber,
          document_issuer: t.documentType === 'PR' || t.documentType === 'PC' ? t.citizenship : t.documentIssuer,
          port_of_entry: outPort.code,
          entered_at: localTime(day, outMinutes, outPort, rand),
          category: visitorAway ? 'visitor' : 'citizen',
          ...(visitorAway ? { admit_until: addDays(day, admitDays) } : {}),
          ...(exempt ? exempt.away : {}),
        },
      });
      const backDay = addDays(day, stayed);
      if (neverReturns || (backDay > last && !returnsAfterPeriod)) continue;
      const homePorts = portsOf(t.home);
      const backPort = rand() < 0.7 ? homePorts.find((p) => p.code === outPort.facing)! : pick(rand, homePorts);
      const backMinutes = stayed === 0 ? Math.min(1439, outMinutes + 60 + Math.floor(rand() * 300)) : minuteOfDay(rand);
      const homeVisitor = t.homeCategory === 'visitor';
      pending.push({
        day: backDay,
        capture: {
          country: t.home,
          entry: {
            id: `${t.home}-${tag}-back`,
            surname: t.surname[1],
            first_name: t.given[1],
            middle_names: t.middle,
            date_of_birth: t.dateOfBirth,
            citizenship: t.citizenship,
            sex: t.sex,
            document_type: t.documentType === 'PC' && away === 'CA' ? 'P' : t.documentType,
            document_number: t.documentNumber,
            document_issuer: t.documentIssuer,
            port_of_entry: backPort.code,
            entered_at: localTime(backDay, backMinutes, backPort, rand),
            category: t.homeCategory,
            ...(homeVisitor && !exempt ? { admit_until: addDays(backDay, 182) } : {}),
            ...(exempt ? exempt.home : {}),
          },
        },
      });
    }
    for (let k = pending.length - 1; k >= 0; k--) {
      if (pending[k].day === day) {
        today.push(pending[k].capture);
        pending.splice(k, 1);
      }
    }
    today.sort(byEntryTime);
    yield* today;
  }
  if (returnsAfterPeriod) {
    const cutoff = Date.parse(request.returnsUntil!);
    yield* pending
      .map((p) => p.capture)
      .filter((c) => Date.parse(c.entry.entered_at) <= cutoff)
      .sort(byEntryTime);
  }
}

/**
 * The exempt group's fields on each leg, for a traveller drawn into one: a protected person
 * (IRPA s.95) travels on the refugee travel document Canada issued and enters Canada with no
 * admission period; a Registered Indian (Indian Act s.2(1)) keeps their own documents.
 */
function exemptGroupOf(
  t: ReturnType<typeof makeTraveller>,
  drawn: boolean,
): { away: Partial<SimulatedEntry>; home: Partial<SimulatedEntry> } | undefined {
  if (!drawn || t.home !== 'CA') return undefined;
  if (t.citizenship === 'CAN' && t.homeCategory === 'citizen')
    return { away: { exempt_group: 'registered_indian' }, home: { exempt_group: 'registered_indian' } };
  if (t.homeCategory !== 'visitor') return undefined;
  const travelDocument = { document_type: 'CR', document_issuer: 'CAN', exempt_group: 'protected_person' as const };
  return { away: travelDocument, home: { ...travelDocument, category: 'other' } };
}

function byEntryTime(a: SimulatedCapture, b: SimulatedCapture): number {
  return Date.parse(a.entry.entered_at) - Date.parse(b.entry.entered_at);
}

/** All simulated entries grouped by the node that captures them. */
export function simulateTraffic(request: SimulationRequest): Record<Country, SimulatedEntry[]> {
  const out: Record<Country, SimulatedEntry[]> = { US: [], CA: [] };
  for (const { country, entry } of simulateCrossings(request)) out[country].push(entry);
  return out;
}
