// Failure messages and stack traces can name what went wrong with a record; they are encoded as
// payloads so the payload codec encrypts them too. Loaded by path (the worker bundles it into the
// workflow sandbox), so this file imports nothing Node-specific.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
