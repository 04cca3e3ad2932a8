// Reads typed settings from an Env and collects every problem instead of stopping at the first.
import { processEnvironment, type Env } from './environment';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

export class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env = processEnvironment()) {}

  text(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  port(name: string, fallback: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      this.problems.push(`${name}="${raw}" is not a TCP port; use a whole number from 1 to 65535 (0 picks a free one)`);
      return fallback;
    }
    return port;
  }

  url(name: string, fallback: string): string {
    const raw = this.text(name, fallback)!;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      this.problems.push(`${name}="${raw}" is not an http(s) URL; use for example https://partner.example:8402`);
    }
    return raw.replace(/\/+$/, '');
  }

  /** A whole number from `min` to `max`; `what` says what the number means, for the problem message. */
  wholeNumber(name: string, fallback: number, min: number, max: number, what: string): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(
        `${name}="${raw}" is not a whole number from ${min} to ${max} (${what}); leave it unset for ${fallback}`,
      );
      return fallback;
    }
    return value;
  }

  keyList(name: string): Record<string, string> {
    const raw = this.text(name);
    const keys: Record<string, string> = {};
    if (raw === undefined) return keys;
    for (const entry of raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf('=');
      if (eq <= 0 || eq === entry.length - 1) {
        this.problems.push(
          `${name} has an entry that is not KEY_ID=BASE64 (entry ${Object.keys(keys).length + 1}); list keys as kid1=...,kid2=...`,
        );
        continue;
      }
      keys[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return keys;
  }
}
