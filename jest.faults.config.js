// `npm run test:faults`: the fault scenarios of docs (SIGKILL under load, the database stopped
// while serving, SIGTERM under load, two instances behind a round-robin). Each runs the built
// app as child processes over HTTP, so they are slow and kept out of `npm test`. One file at a
// time: they measure timings, and two at once on two cores would measure each other.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: { ignoreCodes: [151002] } }];

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'faults',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.fault-spec.ts'],
  transform: { '^.+\\.ts$': tsJest },
  globalSetup: '<rootDir>/test/faults/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120000,
};
