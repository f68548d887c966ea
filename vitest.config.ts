import { defineConfig } from 'vitest/config';

/**
 * Tests run against real servers: `test/global-setup.ts` starts one Postgres and one Mongo-wire
 * server for the whole run (or uses PG_URL / MONGO_URL) and every test file makes its own scratch
 * databases on them. No timing bounds are asserted anywhere; the timeouts below only stop a hang.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
