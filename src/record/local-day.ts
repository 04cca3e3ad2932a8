// Local days. A crossing happens on a day at a port, in that port's time zone, whatever offset the
// port's clock wrote into the record (DOMAIN.md, "Dates are local"): admission periods, overstays,
// days over at exit, residency days, phase dates and retention are all counted in those days. An
// admission period whose last day is D ends when D has ended at the port: at local midnight after D.
//
// Pure and free of Node built-ins (Intl is part of the language), so workflows use it too.
import { PORTS } from './ports';
import { addDays, utcDay } from '../calendar';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows `timeZone` (an IANA name such as America/Toronto). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Zones whose rules changed after the runtime's own tz data (Node 20 ships tz 2025c): from `fromMs`
 * on, the zone keeps a fixed offset. British Columbia kept UTC-7 after its March 2026 change instead
 * of falling back in November 2026: so says the newer tz database PostgreSQL ships (America/Vancouver
 * "MST7"), and the database computes stored local days with it. Both sides must agree
 * (docs/rules.md, open question 9). A runtime that already knows the change is unaffected.
 */
const FIXED_OFFSET_FROM: Record<string, { fromMs: number; offsetMinutes: number }> = {
  'America/Vancouver': { fromMs: Date.UTC(2026, 10, 1, 9), offsetMinutes: -7 * 60 },
};

function wallClock(ms: number, timeZone: string): { date: string; wallMs: number } {
  const fixed = FIXED_OFFSET_FROM[timeZone];
  if (fixed && ms >= fixed.fromMs) {
    const wallMs = Math.floor((ms + fixed.offsetMinutes * 60_000) / 1000) * 1000;
    return { date: utcDay(wallMs), wallMs };
  }
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const wallMs = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return { date, wallMs };
}

function toMs(instant: string | number | Date): number {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${JSON.stringify(String(instant).slice(0, 40))}`);
  return ms;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in an IANA time zone. */
export function localDateInZone(instant: string | number | Date, timeZone: string): string {
  return wallClock(toMs(instant), timeZone).date;
}

/** The IANA time zone of a port; a clear error for a code the reference table does not hold. */
export function timeZoneOfPort(portCode: string): string {
  const port = PORTS.get(portCode);
  if (!port)
    throw new Error(`unknown port code ${JSON.stringify(portCode.slice(0, 40))}; see \`npx entry-exit ports\``);
  return port.time_zone;
}

/** The day (YYYY-MM-DD) of a crossing at `instantIso`, at the port `portCode`, in the port's zone. */
export function localDateAtPort(instantIso: string, portCode: string): string {
  return localDateInZone(instantIso, timeZoneOfPort(portCode));
}

/** The instant (ms) a local day starts in a zone: its first moment at local midnight. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d);
  if (Number.isNaN(wallMidnight)) throw new Error(`not a date written YYYY-MM-DD: ${JSON.stringify(date)}`);
  // The zone's offset near that midnight, applied twice so a DST change that day is taken into account.
  let guess = wallMidnight;
  for (let i = 0; i < 2; i++) guess = wallMidnight - (wallClock(guess, timeZone).wallMs - guess);
  return guess;
}

/** The instant (ms) a local day has ended in a zone: the start of the next local day. */
export function endOfLocalDay(date: string, timeZone: string): number {
  return startOfLocalDay(addDays(date, 1), timeZone);
}

/** The instant (ISO 8601, UTC) at which local day `date` has ended at a port. */
export function endOfLocalDayAtPort(date: string, portCode: string): string {
  return new Date(endOfLocalDay(date, timeZoneOfPort(portCode))).toISOString();
}
