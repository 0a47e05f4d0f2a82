import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/plain-summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts'],
          setupFiles: ['./test/quiet-sqlite-warning.ts'],
          // Some unit tests stream a million records or start worker threads; on a busy 2-core
          // machine that can pass vitest's 5 s default. Speed is measured by the benchmarks.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/fixtures/**', '**/node_modules/**'],
          setupFiles: ['./test/quiet-sqlite-warning.ts'],
          // Fixture builds are CPU-bound on a 2-core machine and share Astro's caches per fixture:
          // one file at a time is both faster and race-free.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
