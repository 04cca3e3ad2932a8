// The one place where a stored record's instant becomes the local day of its crossing. Records in
// PostgreSQL keep the instant (timestamptz), not the offset written at the port, so the day has to
// come from the port's time zone. Until the port time-zone table is merged (src/record/local-day.ts,
// `localDateAtPort(instantIso, portCode)`), this is the UTC day: switch this body to that call.
// The applicant's `residency calc` never comes here: it takes the date as written with its offset.
import { utcDay } from '../admission/calendar';

export function recordLocalDay(instantIso: string, portCode: string): string {
  void portCode;
  return utcDay(instantIso);
}
