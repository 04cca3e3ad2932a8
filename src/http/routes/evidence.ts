// GET /evidence/:entryId?purpose=...: the evidence behind an entry's stay for an authorised
// operator. A read without a recognised purpose is refused (400) and logged; every read is audited.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { purposeOrRefuse } from '../purpose';
import { openEvidence } from '../../stays/evidence';
import { operatorId } from '../auth';
import { sendStayError } from './stays';

export function registerEvidenceRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Params: { entryId: string }; Querystring: { purpose?: string } }>(
    '/evidence/:entryId',
    { config: { role: 'reader' } },
    async (request, reply) => {
      const purpose = purposeOrRefuse(ctx, request, reply, request.query.purpose, 'evidence');
      if (!purpose) return reply;
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
