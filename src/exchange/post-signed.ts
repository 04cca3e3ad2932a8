// Posting a signed message (a batch, an acknowledgement) to the partner's intake. The answer decides
// the retry: network errors, 5xx, 429 and 408 are thrown for Temporal to retry with backoff; any other
// 4xx is the partner refusing the contract and is thrown non-retryably (PartnerRefused).
import { ApplicationFailure } from '@temporalio/activity';
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
  let response: Response;
  try {
    response = await fetch(`${ctx.config.partnerUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      // A redirect would send the signed batch somewhere the partner never named: refused.
      redirect: 'error',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new Error(`partner unreachable at ${ctx.config.partnerUrl} sending ${what}: ${(err as Error).message}`);
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
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

/** True for the failure postSigned throws when the partner refused the message as a whole. */
export function isPartnerRefusal(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.type === NON_RETRYABLE.partnerRefused;
}
