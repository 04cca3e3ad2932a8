// What every door does before and after its routes, in one place so server.ts registers it in one
// line: sources that keep being refused are answered 429 unread (source-throttle.ts), every answer
// carries the security headers (security-headers.ts), and the partner door checks signatures before
// its budget is counted (partner-guard.ts).
import type { FastifyInstance } from 'fastify';
import type { Door } from '../config';
import type { NodeContext } from '../node/context';
import { partnerGuard } from './partner-guard';
import { securityHeaders } from './security-headers';
import { SourceThrottle } from './source-throttle';

/** Registers the guards; call it before the routes' and the credentials' own hooks, so they run first. */
export function registerDoorGuards(app: FastifyInstance, ctx: NodeContext, door: Door): void {
  const throttle = new SourceThrottle(ctx, door);
  app.addHook('onRequest', throttle.hook);
  app.addHook('onSend', throttle.countRefusals);
  app.addHook('onSend', securityHeaders);
  if (door === 'partner') {
    const guard = partnerGuard(ctx);
    app.addHook('onRequest', guard.onRequest);
    app.addHook('preValidation', guard.preValidation);
  }
}
