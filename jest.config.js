// Jest runs every suite against a real Temporal dev server and a real PostgreSQL, both started once
// by the global setup. Suites isolate themselves with their own namespaces and databases.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
  // Workers can hold a native Temporal runtime; never let one keep jest alive.
  forceExit: false,
  detectOpenHandles: false,
};
