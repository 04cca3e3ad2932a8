// How long an operator's browser session lasts (src/http/session/lifetime.ts applies it).
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../http/session/lifetime';
import { processEnvironment, type Env } from './environment';

/** Limits from SESSION_IDLE_MINUTES and SESSION_LIFETIME_HOURS, else the defaults; a bad value is refused. */
export function operatorSessionLimits(env: Env = processEnvironment()): SessionLimits {
  const read = (name: string, unitMs: number, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${name}="${raw.slice(0, 20)}" is not a positive number; unset it for the default`);
    return value * unitMs;
  };
  return {
    idleMs: read('SESSION_IDLE_MINUTES', 60_000, DEFAULT_SESSION_LIMITS.idleMs),
    absoluteMs: read('SESSION_LIFETIME_HOURS', 3_600_000, DEFAULT_SESSION_LIMITS.absoluteMs),
  };
}
