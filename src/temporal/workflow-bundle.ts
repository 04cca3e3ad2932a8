// The workflow code is bundled once (webpack, by the SDK) and loaded by every worker, as the
// production sample does: faster worker start and one bundle for both nodes.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './data-converter';

// workflows/index.ts in a checkout, dist/workflows/index.js in the build.
const WORKFLOWS_PATH = require.resolve('../../workflows');

/**
 * The bundle `npm run build` writes beside the compiled code (dist/workflow-bundle.js). Only the
 * build has one: a checkout runs its sources and bundles them at start, so it never loads a stale bundle.
 */
export const PREBUILT_WORKFLOW_BUNDLE: string | undefined = __filename.endsWith('.js')
  ? path.resolve(__dirname, '..', '..', 'workflow-bundle.js')
  : undefined;

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
