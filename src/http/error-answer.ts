// Sends a capability's answer to a refusal (src/errors/) as HTTP; any other error goes on to the
// server's handler (500, logged without detail).
import type { FastifyReply } from 'fastify';
import { answerTo, type ErrorMapping } from '../errors/answer';

export function sendErrorAnswer(reply: FastifyReply, err: unknown, ...mappings: ErrorMapping[]): FastifyReply {
  const answer = answerTo(err, mappings);
  if (!answer) throw err;
  return reply
    .status(answer.status)
    .send(answer.problems ? { error: answer.message, problems: answer.problems } : { error: answer.message });
}
