#!/usr/bin/env node
// The operator CLI. In a checkout (dev dependencies installed) it runs the TypeScript sources through
// tsx, so no build step is needed; where tsx is absent (the image, a production install) it runs the
// build from `npm run build`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
let tsx;
try {
  tsx = require.resolve('tsx/cjs');
} catch {
  tsx = undefined;
}
if (tsx) {
  require(tsx);
  require('../src/cli/main.ts');
} else if (fs.existsSync(built)) {
  require(built);
} else {
  process.stderr.write('entry-exit: no build found (dist/) and no tsx to run the sources: run `npm run build`\n');
  process.exit(2);
}
