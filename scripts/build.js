#!/usr/bin/env node
// `npm run build`: the production build in dist/. Compiles src/, workflows/ and activities/ to
// JavaScript (tsconfig.build.json), copies the files the code reads at run time (SQL migrations, the
// dashboard page), and prebuilds the workflow bundle from the compiled workflows, so the node, the
// CLI and the setup job run with `node` and production dependencies only (docs/deployment.md).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// `--out DIR` builds elsewhere (the production-build test builds into a scratch copy).
const outFlag = process.argv.indexOf('--out');
const dist = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'dist');
// Files beside the code that the code opens by path (MIGRATIONS_DIR, DASHBOARD_HTML).
const RUNTIME_FILES = ['src/db/migrations', 'src/observability/dashboard.html'];

function main() {
  // A file removed from src/ must not linger in the build.
  fs.rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist],
    { cwd: root, stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  for (const file of RUNTIME_FILES) fs.cpSync(path.join(root, file), path.join(dist, file), { recursive: true });
  const { writeWorkflowBundle, PREBUILT_WORKFLOW_BUNDLE } = require(path.join(dist, 'src/temporal/workflow-bundle.js'));
  return writeWorkflowBundle(PREBUILT_WORKFLOW_BUNDLE).then((file) =>
    console.log(`entry-exit: built ${path.relative(root, dist)}/ (workflow bundle ${path.relative(root, file)})`),
  );
}

main().catch((err) => {
  console.error(`entry-exit: build failed: ${err.stack ?? err}`);
  process.exit(1);
});
