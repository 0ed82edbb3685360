import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'services/*/src/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'builders/*/src/**/*.test.ts',
      'deployers/*/src/**/*.test.ts',
      'deployers/*/test/**/*.test.ts',
      'test/**/*.test.ts',
      'web/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'test/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores (vitest's default is cores - 1): most lab and
    // end-to-end files wait on timers, retries and the network, not the CPU, and every lab
    // namespace, port and cache write is private to its process.
    maxWorkers: 2,
  },
});
