/**
 * Jest in native ESM mode (Nest 12 and its packages are ES modules): `npm test` runs it with
 * --experimental-vm-modules. Unit tests sit next to the code (src/**\/*.spec.ts); integration and
 * end-to-end suites in test/ talk to the real PostgreSQL, Redis and an SMTP server of their own.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/test/tsconfig.json' }] },
};

export default {
  testTimeout: 60_000,
  // A test file's app, Nest and TypeORM stay in the process that ran it (Node's VM modules leak),
  // so one process running every file grew past its 4 GB heap. With a limit, Jest runs the files
  // in a worker process (one, on a 2-core machine) and starts a fresh one once it holds more than
  // this after a file.
  workerIdleMemoryLimit: '1500MB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.mjs',
      globalTeardown: '<rootDir>/test/global-teardown.mjs',
    },
  ],
};
