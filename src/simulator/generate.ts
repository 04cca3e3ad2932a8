// The traffic simulator's generator: realistic round trips across the land border, deterministic
// for a seed. Pure (no I/O), so tests and benchmarks reuse it. Each trip leaves home (US or CA),
// is captured entering the other country, and, usually, captured again coming home; a small share
// of visitors stays past the admission period or never comes back within the simulated days.
import type { Country } from '../config';
import { localDateInZone, startOfLocalDay } from '../record/local-day';
import { portsOf, type Port } from '../record/ports';
import type { PersonCategory } from '../record/schema';
import { NAME_POOLS } from './names';

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
}

export interface SimulatedCapture {
  country: Country;
  entry: SimulatedEntry;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 24 * 3600 * 1000;
const ALNUM = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const FOREIGN = [
  'MEX',
  'GBR',
  'DEU',
  'FRA',
  'IND',
  'CHN',
  'PHL',
  'KOR',
  'VNM',
  'UKR',
  'TUR',
  'POL',
  'EGY',
  'NOR',
  'AUS',
  'JPN',
  'BRA',
];

const ISO3: Record<Country, string> = { US: 'USA', CA: 'CAN' };

interface Traveller {
  home: Country;
  citizenship: string;
  /** How the traveller stands in the home country. */
  homeCategory: PersonCategory;
  surname: [string, string];
  given: [string, string];
  middle: string;
  dateOfBirth: string;
  sex: string;
  documentType: string;
  documentNumber: string;
  documentIssuer: string;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function variants(rand: () => number, entry: string | [string, ...string[]]): [string, string] {
  if (typeof entry === 'string') return [entry, entry];
  const first = entry[0];
  // The other agency's record usually agrees; sometimes it carries a transliteration variant.
  return [first, entry.length > 1 && rand() < 0.3 ? pick(rand, entry.slice(1)) : first];
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

function makeTraveller(rand: () => number, day: string): Traveller {
  const home: Country = rand() < 0.5 ? 'US' : 'CA';
  const roll = rand();
  const kind = roll < 0.6 ? 'citizen' : roll < 0.8 ? 'permanent_resident' : 'visitor';
  const pool =
    kind === 'citizen'
      ? pick(
          rand,
          NAME_POOLS.filter((p) => p.citizenships.includes(ISO3[home])),
        )
      : pick(rand, NAME_POOLS);
  const citizenship =
    kind === 'citizen'
      ? ISO3[home]
      : pick(rand, pool.citizenships.filter((c) => c !== 'USA' && c !== 'CAN').concat(FOREIGN)).slice(0, 3);
  const age = 18 + Math.floor(rand() * 62);
  const birth = new Date(Date.parse(`${day}T00:00:00Z`) - (age * 365.25 + rand() * 365) * DAY_MS);
  let documentType = 'P';
  let documentIssuer = citizenship;
  if (kind === 'citizen') {
    documentType = pick(rand, home === 'US' ? ['P', 'P', 'PC', 'EDL', 'TT'] : ['P', 'P', 'EDL', 'TT']);
    documentIssuer = ISO3[home];
  } else if (kind === 'permanent_resident') {
    documentType = 'PR';
    documentIssuer = ISO3[home];
  }
  const middle = rand() < 0.3 ? variants(rand, pick(rand, pool.given))[0] : '';
  return {
    home,
    citizenship,
    homeCategory: kind as PersonCategory,
    surname: variants(rand, pick(rand, pool.surnames)),
    given: variants(rand, pick(rand, pool.given)),
    middle,
    dateOfBirth: birth.toISOString().slice(0, 10),
    sex: rand() < 0.01 ? 'X' : rand() < 0.5 ? 'M' : 'F',
    documentType,
    documentNumber: realShapedDocumentNumber(rand, documentType, documentIssuer),
    documentIssuer,
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const chars = (rand: () => number, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');

/**
 * A number shaped as the document prints it, with no check digit (src/record/documents.ts): US
 * passport a letter and 8 digits, US passport card C and 8 digits, Canadian passport 2 letters and
 * 6 digits, green card 3 letters and 10 digits; other documents 9 letters and digits.
 */
export function realShapedDocumentNumber(rand: () => number, documentType: string, issuer: string): string {
  if (documentType === 'P' && issuer === 'USA') return chars(rand, LETTERS, 1) + chars(rand, '0123456789', 8);
  if (documentType === 'PC' && issuer === 'USA') return `C${chars(rand, '0123456789', 8)}`;
  if (documentType === 'P' && issuer === 'CAN') return chars(rand, LETTERS, 2) + chars(rand, '0123456789', 6);
  if (documentType === 'PR' && issuer === 'USA')
    return pick(rand, ['SRC', 'EAC', 'LIN', 'WAC', 'IOE']) + chars(rand, '0123456789', 10);
  if (documentType === 'PR' && issuer === 'CAN') return chars(rand, LETTERS, 2) + chars(rand, '0123456789', 7);
  if (documentType === 'EDL' || documentType === 'TT') return chars(rand, '0123456789', 9);
  return chars(rand, ALNUM, 9);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
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
            ...(homeVisitor ? { admit_until: addDays(backDay, 182) } : {}),
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

function byEntryTime(a: SimulatedCapture, b: SimulatedCapture): number {
  return Date.parse(a.entry.entered_at) - Date.parse(b.entry.entered_at);
}

/** All simulated entries grouped by the node that captures them. */
export function simulateTraffic(request: SimulationRequest): Record<Country, SimulatedEntry[]> {
  const out: Record<Country, SimulatedEntry[]> = { US: [], CA: [] };
  for (const { country, entry } of simulateCrossings(request)) out[country].push(entry);
  return out;
}
