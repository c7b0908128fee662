import base from './jest.config.mjs';

/** Browser end-to-end tests: the built console + API + embedded PostgreSQL + Debian Chromium. */
export default {
  ...base,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 180000,
};
