// When an operator's browser session ends: after an idle time with no request, after an absolute
// lifetime whatever the activity, or at sign-out (OWASP Session Management Cheat Sheet: idle and
// absolute timeouts, both enforced by the server). Pure, so the rule is tested in milliseconds.

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** 30 minutes idle, 8 hours in all: a working shift, signed in again after a break. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };

export type SessionEnd = 'signed-out' | 'idle' | 'absolute' | 'revoked';

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

/** Why the session has ended at `now`, or undefined while it holds. */
export function sessionEnd(session: SessionTimes, now: Date, limits: SessionLimits): SessionEnd | undefined {
  if (session.endedAt) return (session.endReason as SessionEnd | null) ?? 'signed-out';
  if (now.getTime() - session.createdAt.getTime() >= limits.absoluteMs) return 'absolute';
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs) return 'idle';
  return undefined;
}

/**
 * The session cookie of a node's operator door. Browsers key cookies by host, not port, so both
 * demo nodes (and the codec router beside them) share one jar: the namespace keeps them apart.
 */
export function sessionCookieName(namespace: string): string {
  return `ee_session_${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
