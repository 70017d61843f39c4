import { defineConfig } from 'vitest/config';

// Two cores in CI: run test files in two forked workers, never more.
export default defineConfig({
  // graphql 16 ships ESM (.mjs, via "module") and CJS; Node loads the CJS build for our
  // dependencies, so tests must too, or two graphql realms meet ("from another module or realm").
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
