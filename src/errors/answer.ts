// One error mapping per capability: a refusal from a capability (a StayError, a HoldError, ...) is
// turned into one answer, which the HTTP routes send (status and JSON body) and the CLI prints
// (message and exit code). The mapping is written once, in this folder, instead of once per route
// and once per command; src/http/error-answer.ts and src/cli/errors.ts apply it.

export interface ErrorAnswer {
  /** HTTP status of the refusal. */
  status: number;
  /** What was wrong and what to do: the HTTP body's `error`, and the CLI's message. */
  message: string;
  /** Each problem, when the refusal lists several: HTTP `problems`, one CLI line each. */
  problems?: string[];
  /** The CLI option the problem is about (`--purpose`); the CLI's message names it first. */
  option?: string;
  /** The CLI's exit code; 2 (a refused request) when unset. */
  exitCode?: number;
}

/** A capability's mapping: the answer to one of its errors, or undefined for any other error. */
export type ErrorMapping = (err: unknown) => ErrorAnswer | undefined;

/** The first answer the mappings give to `err`, or undefined when none knows it. */
export function answerTo(err: unknown, mappings: readonly ErrorMapping[]): ErrorAnswer | undefined {
  for (const mapping of mappings) {
    const answer = mapping(err);
    if (answer) return answer;
  }
  return undefined;
}
