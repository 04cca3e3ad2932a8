// Posting a signed message (a batch, an acknowledgement) to the partner's intake. The answer decides
// the retry: network errors, 5xx, 429 and 408 are thrown for Temporal to retry with backoff; any other
// 4xx is the partner refusing the contract and is thrown non-retryably (PartnerRefused).
import https from 'node:https';
import { ApplicationFailure } from '@temporalio/activity';
import { partnerClientTls } from '../config/partner-tls';
import type { NodeContext } from '../node/context';
import { NON_RETRYABLE } from '../temporal/retry-policies';
import { signMessage, transportNow, type MessageKind } from './signing';

/** POSTs a signed message; throws retryably on network errors and 5xx, non-retryably on 4xx. */
export async function postSigned(
  ctx: NodeContext,
  kind: MessageKind,
  path: string,
  body: string,
  what: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  if (!ctx.config.signingKey)
    throw ApplicationFailure.nonRetryable(
      `no signing key: set ${ctx.config.country}_SIGNING_KEY`,
      NON_RETRYABLE.misconfigured,
    );
  const headers = signMessage(kind, body, ctx.config.signingKey, ctx.config.signingKeyId, transportNow());
  let response: { status: number; text: string };
  try {
    response = await post(
      `${ctx.config.partnerUrl}${path}`,
      { 'content-type': 'application/json', ...headers },
      body,
      partnerClientTls(ctx.config.partnerTls),
    );
  } catch (err) {
    throw new Error(`partner unreachable at ${ctx.config.partnerUrl} sending ${what}: ${(err as Error).message}`);
  }
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    // An answer that is not JSON is judged by its status alone.
  }
  // 5xx, a rate limit (429) and a timeout (408) pass: retried with backoff, never taken as a refusal.
  if (response.status >= 500 || response.status === 429 || response.status === 408)
    throw new Error(`partner answered ${response.status} to ${what}: ${String(json.error ?? '')}`);
  if (response.status >= 400) {
    throw ApplicationFailure.nonRetryable(
      `partner refused ${what} (${response.status}): ${String(json.error ?? 'no reason given')}`,
      NON_RETRYABLE.partnerRefused,
    );
  }
  return { status: response.status, json };
}

const POST_TIMEOUT_MS = 30_000;

/**
 * One POST to the partner. Without mutual TLS, fetch; with it (src/config/partner-tls.ts), https with
 * this node's client certificate and the partner's CA. Either way a redirect is an error: it would send
 * the signed message somewhere the partner never named.
 */
async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  tls: ReturnType<typeof partnerClientTls>,
): Promise<{ status: number; text: string }> {
  if (!tls) {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    return { status: response.status, text: await response.text().catch(() => '') };
  }
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'POST', headers, ...tls, timeout: POST_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) reject(new Error(`redirect (${status}) refused`));
        else resolve({ status, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${POST_TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** True for the failure postSigned throws when the partner refused the message as a whole. */
export function isPartnerRefusal(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.type === NON_RETRYABLE.partnerRefused;
}
