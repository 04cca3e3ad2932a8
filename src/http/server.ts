// A node's HTTP service: entry capture from its ports, the partner intake, operator endpoints and
// the codec server. Each capability registers its routes from its own module (routes/index.ts).
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { NodeContext } from '../node/context';
import { registerRoutes } from './routes';

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

export function buildHttpServer(ctx: NodeContext): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    // Proxies in front of a node terminate TLS; trust them only when told to.
    trustProxy: process.env.TRUST_PROXY === 'true',
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      // The message may come from a driver and is not shown to the caller; the log keeps the id.
      ctx.log.error('http request failed', {
        requestId: request.id,
        route: request.routeOptions.url,
        error: err.name,
        code: err.code,
      });
      return reply.status(status).send({ error: 'internal error; the node logged it', request_id: request.id });
    }
    const message =
      err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'send Content-Type: application/json'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `body is larger than this endpoint takes; send fewer records per request`
          : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'body is empty; send a JSON document'
            : err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
              ? 'body is not valid JSON; check quoting and commas'
              : err.message;
    return reply.status(status).send({ error: message });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: `no endpoint ${request.method} ${request.url.split('?')[0]}; see README "HTTP API"` }),
  );

  app.get('/health', async () => ({ ok: true, country: ctx.config.country, namespace: ctx.config.temporal.namespace }));
  registerRoutes(app, ctx);
  return app;
}
