// The partner door's guard. Before a body is read (onRequest), a request whose headers alone fail
// (unsigned, a key id this node does not hold, a timestamp outside the skew) is refused; once the body
// is in (preValidation), the signature over it is checked. Every bad signature gets the one same
// answer (docs/security.md), whatever was wrong: the caller learns nothing of which key ids exist
// or what it got wrong; the log keeps the reason. Only a verified request carries a key id
// (request.partnerKeyId), and the partner's rate-limit budget counts those only.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerOf } from '../config';
import { checkSignatureHeaders, transportNow, verifyMessage, type MessageKind } from '../exchange/signing';
import type { NodeContext } from '../node/context';
import { observeIntakeRefusal } from '../observability/metrics';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key id whose signature this request's body carries, once verified (partner door). */
    partnerKeyId?: string;
  }
}

const KIND_OF_ROUTE: Record<string, { kind: MessageKind; label: string }> = {
  '/intake/batches': { kind: 'batch', label: 'batch' },
  '/intake/acks': { kind: 'ack', label: 'acknowledgement' },
};

/** The one answer to every bad signature: unknown key id, wrong key, changed body, stale or future time. */
export const SIGNATURE_REFUSED =
  'bad signature: this node does not accept the signature, its key id or its timestamp; sign the exact body with a key this node was given, at the current time';

function refuse(ctx: NodeContext, request: FastifyRequest, reply: FastifyReply, status: 400 | 401, reason: string) {
  const { label } = KIND_OF_ROUTE[request.routeOptions.url ?? '']!;
  const unsigned = reason.startsWith('unsigned');
  // An unsigned request is told so (that gives nothing away); every other signature failure alike.
  const answer = unsigned || status === 400 ? reason : SIGNATURE_REFUSED;
  ctx.log.warn(`${label} refused`, { status, reason, remote: request.ip });
  observeIntakeRefusal(ctx, label, status, reason);
  // The body, if any is still coming, is not read: the connection closes after the answer.
  return reply
    .status(status)
    .header('connection', 'close')
    .send({ error: `${label} refused: ${answer}` });
}

export function partnerGuard(ctx: NodeContext) {
  const keys = () => ctx.config.partnerPublicKeys;
  return {
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      const route = KIND_OF_ROUTE[request.routeOptions.url ?? ''];
      if (!route) return;
      const checked = checkSignatureHeaders(route.kind, request.headers, keys(), transportNow());
      if (!checked.ok) return refuse(ctx, request, reply, checked.status, checked.reason);
    },
    preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
      const route = KIND_OF_ROUTE[request.routeOptions.url ?? ''];
      if (!route) return;
      const body = typeof request.body === 'string' ? request.body : '';
      const verified = verifyMessage(route.kind, body, request.headers, keys(), transportNow());
      if (!verified.ok) return refuse(ctx, request, reply, verified.status, verified.reason);
      request.partnerKeyId = verified.keyId;
    },
  };
}

/** The verified partner's rate-limit bucket: its key id, whatever address it sends from. */
export function partnerBucket(ctx: NodeContext, request: FastifyRequest): string {
  return `partner:${partnerOf(ctx.config.country)}:${request.partnerKeyId ?? `unverified:${request.ip}`}`;
}
