// GET /evidence/:entryId?purpose=...: the evidence behind an entry's stay for an authorised
// operator. A read without a recognised purpose is refused (400) and logged; every read is audited.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { PurposeError, requirePurpose } from '../../privacy/purpose';
import { openEvidence } from '../../stays/evidence';
import { operatorId, requireOperator } from '../auth';
import { sendStayError } from './stays';

export function registerEvidenceRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Params: { entryId: string }; Querystring: { purpose?: string } }>(
    '/evidence/:entryId',
    { preHandler: requireOperator(ctx) },
    async (request, reply) => {
      let purpose;
      try {
        purpose = requirePurpose(request.query.purpose);
      } catch (err) {
        if (!(err instanceof PurposeError)) throw err;
        ctx.log.warn('evidence read refused: no valid purpose', {
          entryId: request.params.entryId,
          operator: operatorId(request),
        });
        return reply.status(400).send({ error: err.message });
      }
      try {
        return await openEvidence(ctx.pool, ctx.config.country, {
          entryId: request.params.entryId,
          actor: operatorId(request),
          purpose,
          via: 'api',
        });
      } catch (err) {
        return sendStayError(ctx, reply, request.params.entryId, err);
      }
    },
  );
}
