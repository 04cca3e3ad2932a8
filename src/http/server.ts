// A node's HTTP service: three doors, each its own listener with its own address and credential.
// capture (the node's ports), partner (signed intake and acknowledgements: the only door meant to
// face the partner) and operator (operator API, codec endpoint, dashboards). Each door registers
// only its own routes (routes/index.ts), so another door's route is a 404 there.
import crypto from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Door } from '../config';
import type { NodeContext } from '../node/context';
import { authenticateOperator, authenticatePort } from './auth';
import { DOOR_ROUTES } from './routes';
import { trustProxy } from '../config/environment';
import { partnerDoorTls } from '../config/partner-tls';
import { registerDoorGuards } from './door-guards';
import { partnerBucket } from './partner-guard';

function rateLimitKey(ctx: NodeContext, door: Door) {
  return (request: FastifyRequest): string => {
    if (door === 'capture') return `port:${request.portCode ?? request.ip}`;
    if (door === 'operator') return `operator:${request.operator?.name ?? request.ip}`;
    // The partner is known by the key id its verified signature names, never by a header.
    return partnerBucket(ctx, request);
  };
}

export async function buildDoor(ctx: NodeContext, door: Door): Promise<FastifyInstance> {
  const { limits } = ctx.config;
  const https = door === 'partner' ? partnerDoorTls(ctx.config.partnerTls) : undefined;
  const app = Fastify({
    ...(https ? { https } : {}),
    logger: false,
    bodyLimit: limits.bodyLimits[door],
    genReqId: () => crypto.randomUUID(),
    // Proxies in front of a node terminate TLS; trust them only when told to.
    trustProxy: trustProxy(),
    // Slow clients: a request must arrive and be answered in time, and an idle connection is closed.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 5_000,
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      // The message may come from a driver and is not shown to the caller; the log keeps the id.
      ctx.log.error('http request failed', {
        requestId: request.id,
        door,
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
    reply.status(404).send({
      error: `no endpoint ${request.method} ${request.url.split('?')[0]} on the ${door} door; see docs/security.md`,
    }),
  );

  registerDoorGuards(app, ctx, door);
  const max =
    door === 'capture'
      ? limits.capturePerPortPerMinute
      : door === 'partner'
        ? limits.partnerPerMinute
        : limits.operatorPerMinute;
  // After authentication (preHandler), so the budget is the port's or the operator's own.
  await app.register(rateLimit, {
    max,
    timeWindow: '1 minute',
    hook: 'preHandler',
    keyGenerator: rateLimitKey(ctx, door),
  });

  app.get('/health', { config: { rateLimit: false } }, async () => ({
    ok: true,
    country: ctx.config.country,
    door,
    namespace: ctx.config.temporal.namespace,
  }));
  for (const register of DOOR_ROUTES[door]) register(app, ctx);
  // Added after the routes' own hooks (the codec's CORS headers, so a browser can read a 401);
  // a hook applies to every route of the door whenever it is added.
  if (door === 'capture') app.addHook('onRequest', authenticatePort(ctx));
  if (door === 'operator') app.addHook('onRequest', authenticateOperator(ctx));
  return app;
}
