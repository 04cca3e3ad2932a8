// When an operator's browser session ends: idle, absolute, signed out; and the limits' settings.
import { operatorSessionLimits } from '../../src/config/operator-sessions';
import { DEFAULT_SESSION_LIMITS, sessionCookieName, sessionEnd } from '../../src/http/session/lifetime';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 8, 8, 0) + minutes * 60_000);
const limits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 };

describe('operator session lifetime', () => {
  it('holds while used within the idle time and before the absolute lifetime', () => {
    expect(sessionEnd({ createdAt: at(0), lastSeenAt: at(400), endedAt: null, endReason: null }, at(429), limits)).toBe(
      undefined,
    );
  });
  it('ends after the idle time with no request', () => {
    expect(sessionEnd({ createdAt: at(0), lastSeenAt: at(10), endedAt: null, endReason: null }, at(40), limits)).toBe(
      'idle',
    );
  });
  it('ends at the absolute lifetime however busy', () => {
    expect(sessionEnd({ createdAt: at(0), lastSeenAt: at(479), endedAt: null, endReason: null }, at(480), limits)).toBe(
      'absolute',
    );
  });
  it('stays ended once ended, with its reason', () => {
    const ended = { createdAt: at(0), lastSeenAt: at(1), endedAt: at(2), endReason: 'revoked' };
    expect(sessionEnd(ended, at(3), limits)).toBe('revoked');
  });
  it('reads the limits from the environment and refuses a bad value', () => {
    expect(operatorSessionLimits({})).toEqual(DEFAULT_SESSION_LIMITS);
    expect(operatorSessionLimits({ SESSION_IDLE_MINUTES: '5', SESSION_LIFETIME_HOURS: '1' })).toEqual({
      idleMs: 300_000,
      absoluteMs: 3_600_000,
    });
    expect(() => operatorSessionLimits({ SESSION_IDLE_MINUTES: 'soon' })).toThrow(/SESSION_IDLE_MINUTES="soon"/);
  });
  it('keeps one cookie per node, since browsers share cookies across ports of a host', () => {
    expect(sessionCookieName('us-cbp')).not.toBe(sessionCookieName('ca-cbsa'));
  });
});
