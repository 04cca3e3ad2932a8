// Reading one traveller record (purpose limitation): an operator with the token names a purpose
// from the fixed list; the read is audited with who, when, what and why. No purpose, no data.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { auditRead, PurposeError, requirePurpose } from '../../privacy/purpose';
import { readRecord } from '../../privacy/records';
import { RecordIdSchema } from '../../record/schema';
import { operatorId, requireOperator } from '../auth';

export function registerRecordRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Params: { id: string }; Querystring: { purpose?: string } }>(
    '/records/:id',
    { preHandler: requireOperator(ctx) },
    async (request, reply) => {
      const actor = operatorId(request);
      let purpose;
      try {
        purpose = requirePurpose(request.query.purpose);
      } catch (err) {
        if (!(err instanceof PurposeError)) throw err;
        ctx.log.warn('record read refused: no valid purpose', { actor });
        return reply.status(400).send({ error: err.message });
      }
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
