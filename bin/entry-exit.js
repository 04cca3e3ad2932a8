#!/usr/bin/env node
// The operator CLI. Runs the TypeScript sources through tsx, so a checkout needs no build step.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts');
