// The purpose of a read of traveller data on the operator door: named by the caller, one that the
// read allows (src/privacy/purpose.ts), or the request is refused 400 and the refusal logged.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NodeContext } from '../node/context';
import { PurposeError, requirePurpose, type Purpose, type TravellerRead } from '../privacy/purpose';
import { purposeErrors } from '../errors/capabilities';
import { sendErrorAnswer } from './error-answer';

/** The read's purpose, or undefined once the refusal is sent (the handler then returns the reply). */
export function purposeOrRefuse(
  ctx: NodeContext,
  request: FastifyRequest,
  reply: FastifyReply,
  raw: unknown,
  read: TravellerRead,
): Purpose | undefined {
  try {
    return requirePurpose(raw, read);
  } catch (err) {
    if (!(err instanceof PurposeError)) throw err;
    ctx.log.warn('read refused: no valid purpose', { read, operator: request.operator?.name });
    void sendErrorAnswer(reply, err, purposeErrors);
    return undefined;
  }
}
