// The codec server of a node: the Temporal UI (in an operator's browser) posts the ciphertext it
// shows to /codec/decode and gets the plain payloads back, if the operator is authenticated (reader
// or above) and names a purpose (X-Purpose header or ?purpose=). Encoding makes ciphertext the
// node's workers accept as their own (a stay's exit signal, an extension update): with Temporal
// access that would act past the officer role, so it needs the officer role, a purpose and an audit row.
// Only this node's namespace is decoded; every refusal is logged and answered, never crashed on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { writeAudit } from '../../db/audit';
import { codecAllowedOrigins, corsHeaders } from '../../config/codec-origins';
import { payloadsFromJson, payloadsToJson, RemoteFormatError } from '../../codec/remote-format';
import type { NodeContext } from '../../node/context';
import { observeCodec } from '../../observability/metrics';
import { payloadCodecFor } from '../../temporal/data-converter';
import type { Purpose } from '../../privacy/purpose';
import { purposeOrRefuse } from '../purpose';
import { operatorId } from '../auth';
import { workflowOfCodecRequest } from '../../codec/workflow-of-request';

const OPERATIONS = ['decode', 'encode'] as const;
const LEAST_ROLE = { decode: 'reader', encode: 'officer' } as const;

export function registerCodecRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const allowed = codecAllowedOrigins();
  const codec = payloadCodecFor(ctx.config);
  const namespace = ctx.config.temporal.namespace;

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/codec/')) return;
    const origin = request.headers.origin;
    const headers = corsHeaders(origin, allowed);
    reply.headers(headers);
    if (origin && Object.keys(headers).length === 0) {
      ctx.log.warn('codec request from an origin not allowed by CORS', {
        origin: origin.slice(0, 100),
        route: request.url.split('?')[0],
      });
    }
  });

  app.options('/codec/:operation', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.includes(origin)) {
      return reply
        .status(403)
        .send({ error: `origin not allowed; add it to CODEC_CORS_ORIGINS (allowed: ${allowed.join(', ')})` });
    }
    return reply.status(204).send();
  });

  for (const operation of OPERATIONS) {
    app.post(`/codec/${operation}`, { config: { role: LEAST_ROLE[operation] } }, async (request, reply) => {
      const asked = request.headers['x-namespace'];
      if (asked !== namespace) {
        ctx.log.warn('codec request refused: wrong namespace', {
          operation,
          asked: typeof asked === 'string' ? asked.slice(0, 64) : 'none',
        });
        return reply
          .status(403)
          .send({ error: `this codec serves namespace "${namespace}" only; send X-Namespace: ${namespace}` });
      }
      // Decoding shows traveller data to a person, encoding makes what the workers act on: both name
      // a purpose (every purpose allows both).
      const query = request.query as { purpose?: unknown } | undefined;
      const purpose: Purpose | undefined = purposeOrRefuse(
        ctx,
        request,
        reply,
        request.headers['x-purpose'] ?? query?.purpose ?? request.operatorSession?.purpose ?? undefined,
        'decode',
      );
      if (!purpose) return reply;
      let payloads;
      try {
        payloads = payloadsFromJson(request.body);
      } catch (err) {
        if (err instanceof RemoteFormatError) return reply.status(400).send({ error: err.message });
        throw err;
      }
      try {
        const converted = codec ? await codec[operation](payloads) : payloads;
        if (payloads.length > 0) {
          // A disclosure (decode) or ciphertext made by a person (encode): audited with counts and
          // the workflow the payloads belong to when the caller says (ids carry no personal data).
          await writeAudit(ctx.pool, {
            actor: operatorId(request),
            action: `codec.${operation}`,
            purpose,
            counts: { payloads: payloads.length },
            details: { via: 'codec', workflow: workflowOfCodecRequest(request.headers) ?? null },
          });
        }
        observeCodec(ctx, operation, 'ok', payloads.length);
        return reply.send(payloadsToJson(converted));
      } catch (err) {
        // Codec errors name a key id at most, never payload content.
        ctx.log.warn('codec request refused: payload cannot be opened', { operation, error: (err as Error).message });
        observeCodec(ctx, operation, 'refused', payloads.length);
        return reply.status(422).send({ error: (err as Error).message });
      }
    });
  }
}
