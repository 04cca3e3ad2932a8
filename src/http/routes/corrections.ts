// Amending an own entry at a traveller's request: `POST /records/:id/corrections`
// `{ "changes": { "surname": "..." }, "reason": "request CR-2026-0042" }`. See src/privacy/correct-entry.ts.
import type { FastifyInstance } from 'fastify';
import { correctEntry } from '../../privacy/correct-entry';
import type { NodeContext } from '../../node/context';
import { operatorId } from '../auth';
import { sendErrorAnswer } from '../error-answer';
import { correctionErrors } from '../../errors/capabilities';

export function registerCorrectionRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post<{ Params: { id: string }; Body: { changes?: unknown; reason?: unknown } }>(
    '/records/:id/corrections',
    { config: { role: 'officer' } },
    async (request, reply) => {
      const body = request.body ?? {};
      if (
        typeof body !== 'object' ||
        typeof body.changes !== 'object' ||
        body.changes === null ||
        Array.isArray(body.changes)
      ) {
        return reply.status(400).send({ error: 'send {"changes": {"field": "value", ...}, "reason": "..."}' });
      }
      if (typeof body.reason !== 'string')
        return reply.status(400).send({ error: 'reason is required: the traveller request it answers' });
      try {
        const result = await correctEntry(ctx.pool, {
          recordId: request.params.id,
          changes: body.changes as Record<string, unknown>,
          reason: body.reason,
          actor: operatorId(request),
          via: 'api',
        });
        ctx.log.info('record corrected', {
          recordId: result.recordId,
          version: result.version,
          fields: result.fields.join(','),
        });
        return reply.status(200).send(result);
      } catch (err) {
        return sendErrorAnswer(reply, err, correctionErrors);
      }
    },
  );
}
