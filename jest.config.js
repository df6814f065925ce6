/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The product's tests, and the testbed's own (testbed/__tests__).
  roots: ['<rootDir>/__tests__', '<rootDir>/testbed'],
  testMatch: ['**/*.test.ts'],
  // tsconfig sets isolatedModules, so ts-jest only transpiles; type-checking is `npm run build`.
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // One temporary directory per run (TMPDIR), removed at its end; the files that only read the
  // shipped app's synthesis share one made there.
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
  testTimeout: 60_000,
  // Jest's default leaves a core to its parent process, which mostly waits: on the 2-core CI
  // machine that meant one worker. Two workers took the unit tests from 35 s to 29 s (npm run bench).
  maxWorkers: '100%',
};
