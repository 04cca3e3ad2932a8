import { answerTo, type ErrorMapping } from '../errors/answer';

/** An error a CLI command reports as one line, with what to do, and a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The CliError a capability's answer to `err` becomes (src/errors/), or `err` itself when no mapping
 * knows it: `throw cliErrorFor(err, holdErrors('place'))`.
 */
export function cliErrorFor(err: unknown, ...mappings: ErrorMapping[]): unknown {
  const answer = answerTo(err, mappings);
  if (!answer) return err;
  const message = answer.problems ? `${answer.message}:\n  - ${answer.problems.join('\n  - ')}` : answer.message;
  return new CliError(answer.option ? `${answer.option}: ${message}` : message, answer.exitCode ?? 2);
}
