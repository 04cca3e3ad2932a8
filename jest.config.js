// Two projects. `unit`: pure code (test/unit/), no server, no database, no global setup: seconds
// (`npm run test:unit`). `integration`: everything else, against a real Temporal dev server and a real
// PostgreSQL that the global setup starts once; suites isolate themselves with their own namespaces and
// databases. `npm test` runs both.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // A global option: jest ignores testTimeout inside a project.
  testTimeout: 120000,
  // Workers can hold a native Temporal runtime; never let one keep jest alive.
  forceExit: false,
  detectOpenHandles: false,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      transform,
      // Starts a Temporal dev server and PostgreSQL only when a suite of this project runs.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
