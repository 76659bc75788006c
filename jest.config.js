// Three projects: fast unit specs beside the code, end-to-end tests over HTTP against a real
// PostgreSQL (embedded unless TEST_DATABASE_URL is set), one cloned database per file, and
// browser tests of the pages on the same setup.
// Files are transpiled one by one (tsconfig.jest.json); `npm run typecheck` checks the types.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: { ignoreCodes: [151002] } }];

/** @type {import('jest').Config} */
module.exports = {
  // Jest reads testTimeout from the top level only (a project's own is ignored): 60 s leaves
  // room for an app start on a busy machine; browser tests raise it in their setup file.
  testTimeout: 60000,
  // Both cores: each worker runs its own files (and, for pages, its own Chromium).
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      // The contract check: every /api response is checked against docs/openapi.json.
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-check.setup.ts'],
    },
    {
      // Pages in a real Chromium (playwright-core; @sparticuz/chromium unless CHROMIUM_PATH),
      // over the same database setup as e2e; axe checks every page a test reaches.
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.browser-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/browser/support/jest-setup.ts'],
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
