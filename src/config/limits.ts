// What each door takes: requests a minute per caller and per refusing source, time per request,
// bytes per body. Read from `<C>_..._RATE_LIMIT`, `<C>_REQUEST_TIMEOUT_MS`, `<C>_REFUSALS_PER_SOURCE`
// and `<C>_<DOOR>_BODY_LIMIT`.
import type { Country } from './country';
import { DOORS, type Door } from './door';
import type { Reader } from './reader';

/** Per-port and per-partner request budgets, and how long a request may take. */
export interface EdgeLimits {
  capturePerPortPerMinute: number;
  partnerPerMinute: number;
  operatorPerMinute: number;
  /** A request not fully received and answered within this is cut (slow clients). */
  requestTimeoutMs: number;
  /**
   * Refused requests (bad signature, failed authentication) a source address may make in a minute;
   * past it, the source is answered 429 before its body is read, whatever it claims to be.
   */
  refusalsPerSourcePerMinute: number;
  /** Largest request body each door reads, in bytes: batches need room, a port's request and an operator's do not. */
  bodyLimits: Record<Door, number>;
}

/** Default body limits: a partner batch (10 MiB), a port's request of 5,000 records (4 MiB), an operator's (1 MiB). */
export const DEFAULT_BODY_LIMITS: Record<Door, number> = {
  capture: 4 * 1024 * 1024,
  partner: 10 * 1024 * 1024,
  operator: 1024 * 1024,
};

export function readEdgeLimits(r: Reader, country: Country): EdgeLimits {
  const p = (name: string) => `${country}_${name}`;
  return {
    capturePerPortPerMinute: r.wholeNumber(p('CAPTURE_RATE_LIMIT'), 1200, 1, 10_000_000, 'requests a minute per port'),
    partnerPerMinute: r.wholeNumber(p('PARTNER_RATE_LIMIT'), 600, 1, 10_000_000, 'requests a minute per partner key'),
    operatorPerMinute: r.wholeNumber(p('OPERATOR_RATE_LIMIT'), 600, 1, 10_000_000, 'requests a minute per operator'),
    requestTimeoutMs: r.wholeNumber(
      p('REQUEST_TIMEOUT_MS'),
      30_000,
      100,
      600_000,
      'milliseconds a request may take to arrive and be answered',
    ),
    refusalsPerSourcePerMinute: r.wholeNumber(
      p('REFUSALS_PER_SOURCE'),
      60,
      1,
      10_000_000,
      'refused requests a minute per source address before it is answered 429 unread',
    ),
    bodyLimits: Object.fromEntries(
      DOORS.map((door) => [
        door,
        r.wholeNumber(
          `${country}_${door.toUpperCase()}_BODY_LIMIT`,
          DEFAULT_BODY_LIMITS[door],
          1024,
          64 * 1024 * 1024,
          `bytes the ${door} door reads of a request body`,
        ),
      ]),
    ) as Record<Door, number>,
  };
}
