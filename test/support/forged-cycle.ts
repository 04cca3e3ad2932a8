// One exchange cycle signed with a key the partner does not know: the partner must refuse the
// batch, and nothing of it may be stored there or shown as sent here. Used by the exchange and
// the no-copy-left-behind suites.
import { generateNodeKeys } from '../../src/config/keys';
import { runExchangeCycle, type RunCycleRequest } from '../../src/exchange/cycle-client';
import type { TestNode } from './nodes';

/**
 * Runs the US→CA cycle of `window` with the US node signing by a freshly generated key (not the one
 * Canada knows as us-1), puts the real key back whatever happens, and returns the cycle's error.
 * Fails the test if the cycle succeeded.
 */
export async function runCycleSignedWithUnknownKey(
  US: TestNode,
  window: string,
  options: RunCycleRequest['options'],
): Promise<Error> {
  const realKey = US.ctx.config.signingKey;
  US.ctx.config.signingKey = generateNodeKeys().signingKey;
  try {
    await runExchangeCycle(US.ctx.temporal, US.config, { from: 'US', to: 'CA', window, options });
  } catch (err) {
    return err as Error;
  } finally {
    US.ctx.config.signingKey = realKey;
  }
  throw new Error(`the ${window} cycle signed with an unknown key was not refused`);
}
