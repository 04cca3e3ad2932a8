// The one place where a stored record's instant becomes the local day of its crossing. Records in
// PostgreSQL keep the instant (timestamptz), not the offset written at the port, so the day comes
// from the port's time zone (src/record/local-day.ts). A legacy row whose port code is not in the
// table has no zone to go by: it keeps its UTC day, as the exchange's collection does.
// The applicant's `residency calc` never comes here: it takes the date as written with its offset.
import { utcDay } from '../calendar';
import { localDateAtPort } from '../record/local-day';
import { PORTS } from '../record/ports';

export function recordLocalDay(instantIso: string, portCode: string): string {
  return PORTS.has(portCode) ? localDateAtPort(instantIso, portCode) : utcDay(instantIso);
}
