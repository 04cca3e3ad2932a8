// Reading one traveller record (purpose limitation): an operator (reader or above) names a purpose
// from the fixed list; the read is audited with who, when, what and why. No purpose, no data.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { auditRead } from '../../privacy/purpose';
import { purposeOrRefuse } from '../purpose';
import { readRecord } from '../../privacy/records';
import { RecordIdSchema } from '../../record/schema';
import { operatorId } from '../auth';

export function registerRecordRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Params: { id: string }; Querystring: { purpose?: string } }>(
    '/records/:id',
    { config: { role: 'reader' } },
    async (request, reply) => {
      const actor = operatorId(request);
      const purpose = purposeOrRefuse(ctx, request, reply, request.query.purpose, 'record');
      if (!purpose) return reply;
      if (!RecordIdSchema.safeParse(request.params.id).success) {
        return reply
          .status(400)
          .send({ error: 'record id must be 1-64 characters of A-Z, a-z, 0-9, ".", "_", ":", "-"' });
      }
      const found = await readRecord(ctx.pool, request.params.id);
      if (!found) return reply.status(404).send({ error: `no record with id "${request.params.id}" on this node` });
      await auditRead(ctx.pool, { actor, purpose, what: found.kind, recordIds: [request.params.id], via: 'api' });
      return reply.send({ kind: found.kind, purpose, record: found.record });
    },
  );
}
