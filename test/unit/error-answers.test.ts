// One error mapping per capability (issue 13, point 5): the answer the HTTP routes send and the
// message the CLI prints come from the same mapping (src/errors/capabilities.ts).
import { WorkflowNotFoundError } from '@temporalio/client';
import { CliError, cliErrorFor } from '../../src/cli/errors';
import { correctionErrors, holdErrors, purposeErrors, reviewErrors, stayErrors } from '../../src/errors/capabilities';
import { ReviewDecisionError } from '../../src/matching/review-decision';
import { CorrectionError } from '../../src/privacy/correction';
import { PurposeError } from '../../src/privacy/purpose';
import { HoldError } from '../../src/retention/holds';
import { StayError } from '../../src/stays/start';

describe('error answers: one mapping per capability for HTTP and CLI', () => {
  test('a stay error keeps its status; no stay is 404 naming the entry and node', () => {
    expect(stayErrors('E-1', 'US')(new StayError('extension already decided', 409))).toEqual({
      status: 409,
      message: 'extension already decided',
    });
    const missing = stayErrors('E-1', 'US')(new WorkflowNotFoundError('not found', 'stay-x', undefined));
    expect(missing?.status).toBe(404);
    expect(missing?.message).toMatch(/^entry E-1 has no stay on the US node/);
  });

  test('a refused correction lists its problems: 404 for an unknown record, 422 otherwise', () => {
    expect(correctionErrors(new CorrectionError(['no entry X-9 on this node']))?.status).toBe(404);
    const refused = correctionErrors(new CorrectionError(['"hair" is not a field of an entry']));
    expect(refused).toEqual({
      status: 422,
      message: 'correction refused',
      problems: ['"hair" is not a field of an entry'],
    });
  });

  test('a hold that cannot be placed is 400, one that cannot be released 404', () => {
    expect(holdErrors('place')(new HoldError('no such record'))?.status).toBe(400);
    expect(holdErrors('release')(new HoldError('no hold on it'))?.status).toBe(404);
  });

  test('a review decision that does not fit the pair is 400, and the CLI says the same', () => {
    expect(reviewErrors(new ReviewDecisionError('no pending review item for that pair'))).toEqual({
      status: 400,
      message: 'no pending review item for that pair',
    });
    const cli = cliErrorFor(new ReviewDecisionError('no pending review item for that pair'), reviewErrors);
    expect((cli as CliError).message).toBe('no pending review item for that pair');
    expect(reviewErrors(new Error('other'))).toBeUndefined();
  });

  test('the CLI prints the same message: option first, one line per problem; other errors pass through', () => {
    const purpose = cliErrorFor(new PurposeError(undefined), purposeErrors);
    expect(purpose).toBeInstanceOf(CliError);
    expect((purpose as CliError).message).toMatch(/^--purpose: a purpose is required/);
    expect((purpose as CliError).exitCode).toBe(2);
    const correction = cliErrorFor(new CorrectionError(['a', 'b']), correctionErrors) as CliError;
    expect(correction.message).toBe('correction refused:\n  - a\n  - b');
    const other = new Error('driver failed');
    expect(cliErrorFor(other, purposeErrors, correctionErrors)).toBe(other);
    expect(stayErrors('E-1', 'US')(other)).toBeUndefined();
  });
});
