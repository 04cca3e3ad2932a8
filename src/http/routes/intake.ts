// The partner's door: signed batches in (POST /intake/batches), signed acknowledgements of our own
// batches back (POST /intake/acks). Signatures cover the exact body bytes, so these routes read the
// body as text and parse it only after the signature holds.
import type { FastifyInstance } from 'fastify';
import { receiveAck, receiveBatch } from '../../exchange/intake';
import type { NodeContext } from '../../node/context';

export function registerIntakeRoutes(app: FastifyInstance, ctx: NodeContext): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/intake/batches', async (request, reply) => {
      const result = await receiveBatch(
        ctx,
        typeof request.body === 'string' ? request.body : '',
        request.headers,
        request.ip,
      );
      return reply.status(result.status).send(result.body);
    });
    scope.post('/intake/acks', async (request, reply) => {
      const result = await receiveAck(
        ctx,
        typeof request.body === 'string' ? request.body : '',
        request.headers,
        request.ip,
      );
      return reply.status(result.status).send(result.body);
    });
  });
}
