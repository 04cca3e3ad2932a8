// Which browser origins may call a codec endpoint: the Temporal UI's. The UI fetches the codec from
// the operator's browser, so the codec answers CORS preflights for those origins and no others.
import { processEnvironment, type Env } from './environment';

/** The dev server UI (npm start) on both spellings of localhost. */
export const DEFAULT_UI_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/**
 * `CODEC_CORS_ORIGINS` (comma-separated), else the defaults plus the test stack's UI
 * (TEST_TEMPORAL_UI_URL) and a UI on TEMPORAL_UI_PORT.
 */
export function codecAllowedOrigins(env: Env = processEnvironment()): string[] {
  const explicit = env.CODEC_CORS_ORIGINS?.trim();
  if (explicit)
    return explicit
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean);
  const origins = new Set(DEFAULT_UI_ORIGINS);
  if (env.TEMPORAL_UI_PORT) {
    origins.add(`http://localhost:${env.TEMPORAL_UI_PORT}`);
    origins.add(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
  }
  if (env.TEST_TEMPORAL_UI_URL) {
    const url = new URL(env.TEST_TEMPORAL_UI_URL);
    origins.add(url.origin);
    origins.add(`${url.protocol}//localhost:${url.port}`);
  }
  return [...origins];
}

/** Headers to add to a codec response for a request from `origin` (none when the origin is not allowed). */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin || !allowed.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Authorization-Extras, Content-Type, X-Namespace',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}
