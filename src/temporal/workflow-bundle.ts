// The workflow code is bundled once (webpack, by the SDK) and loaded by every worker, as the
// production sample does: faster worker start and one bundle for both nodes.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../config';
import { FAILURE_CONVERTER_PATH } from './data-converter';

const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

/** The workflow bundle's code, built in memory. */
export async function bundleWorkflows(): Promise<string> {
  // The failure converter goes into the bundle too, so failures raised in workflow code are
  // encoded like every other payload.
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: quietLogger,
  });
  return code;
}

export async function writeWorkflowBundle(outFile: string): Promise<string> {
  const code = await bundleWorkflows();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
  return outFile;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };
