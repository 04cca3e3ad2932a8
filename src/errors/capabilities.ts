// The error mapping of each capability (see ./answer.ts): which refusals it has, with the HTTP
// status and the message both the HTTP routes and the CLI give.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ReviewDecisionError } from '../matching/review-decision';
import { PersonRemovalError } from '../persons/removal';
import { PersonIndexError } from '../persons/person-rows';
import { CorrectionError } from '../privacy/correction';
import { PurposeError } from '../privacy/purpose';
import { ResidencyError } from '../residency/errors';
import { HoldError } from '../retention/holds';
import { StayError } from '../stays/start';
import type { ErrorMapping } from './answer';

/** A read without a valid purpose: refused 400; the CLI names its --purpose option. */
export const purposeErrors: ErrorMapping = (err) =>
  err instanceof PurposeError ? { status: 400, message: err.message, option: '--purpose' } : undefined;

/** A stay's refusals: its own (with their status), no stay for the entry, an update the workflow refused. */
export const stayErrors =
  (entryId: string, country: string): ErrorMapping =>
  (err) => {
    if (err instanceof StayError) return { status: err.status, message: err.message };
    if (err instanceof WorkflowNotFoundError)
      return {
        status: 404,
        message: `entry ${entryId} has no stay on the ${country} node (no admission period or removal order)`,
      };
    if (err instanceof WorkflowUpdateFailedError)
      return { status: 400, message: (err.cause as Error | undefined)?.message ?? err.message };
    return undefined;
  };

/** The person index and removal orders refuse with 400 (the purpose of a person read too). */
export const personErrors: ErrorMapping = (err) =>
  err instanceof PersonIndexError || err instanceof PersonRemovalError || err instanceof PurposeError
    ? { status: 400, message: err.message }
    : undefined;

/** Legal holds: a hold that cannot be placed is a bad request; one that cannot be released is not there. */
export const holdErrors =
  (operation: 'place' | 'release'): ErrorMapping =>
  (err) =>
    err instanceof HoldError ? { status: operation === 'place' ? 400 : 404, message: err.message } : undefined;

/** A refused correction lists every problem; an unknown record is 404, anything else 422. */
export const correctionErrors: ErrorMapping = (err) =>
  err instanceof CorrectionError
    ? {
        status: /^no entry/.test(err.problems[0]) ? 404 : 422,
        message: 'correction refused',
        problems: err.problems,
      }
    : undefined;

/** Residency inputs a rule cannot use: 400. */
export const residencyErrors: ErrorMapping = (err) =>
  err instanceof ResidencyError ? { status: 400, message: err.message } : undefined;

/** An operator's decision on the review list that does not fit the pair (not on the list, decided already): 400. */
export const reviewErrors: ErrorMapping = (err) =>
  err instanceof ReviewDecisionError ? { status: 400, message: err.message } : undefined;
