// POST /entries: capture from this node's ports. All-or-nothing per request (see src/capture).
import type { FastifyInstance } from 'fastify';
import { captureEntries, recordsOfBody } from '../../capture/capture';
import type { NodeContext } from '../../node/context';
import { observeCapture } from '../../observability/metrics';

export function registerEntryRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/entries', async (request, reply) => {
    const records = recordsOfBody(request.body);
    if (!records)
      return reply
        .status(400)
        .send({ error: 'send one record (a JSON object), an array of records, or {"records":[...]}' });
    const outcome = await captureEntries(ctx, records);
    observeCapture(ctx, records, outcome);
    if (!outcome.ok && outcome.status === 503)
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: outcome.error, stored: outcome.stored, already: outcome.already });
    if (!outcome.ok) return reply.status(outcome.status).send({ error: outcome.error, records: outcome.records });
    return reply.status(outcome.stored > 0 ? 201 : 200).send({ stored: outcome.stored, already: outcome.already });
  });
}
