import { defineConfig } from 'vitest/config';

// Projects: `unit` (parallel), `app-ui` (component tests in jsdom), `integration` (Redis, servers, child
// processes: one file at a time, each with its own key prefix / queue names), `cluster` (the same kind of tests
// against a private 3-master Redis Cluster: REDIS_CLUSTER_NODES) and `browser` (Chromium through the dev host).
// `npm test` runs them as stages in that order (scripts/test.mjs) so heavy stages do not compete for the two cores
// of a CI machine.
export default defineConfig({
  test: {
    projects: [
      'app-ui/vitest.config.ts',
      'test/browser/vitest.config.ts',
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'sandbox/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/**/*.int.test.ts', 'sandbox/**/*.int.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/browser/**', 'test/cluster/**'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cluster',
          // The cluster's own suite, plus two suites run again unchanged on the cluster: the mirror's guard through
          // Personalize's sync, and decisions end to end (mirror → recompute → edge → results through the official
          // SDK, real workers and the sandbox).
          include: [
            'test/cluster/**/*.test.ts',
            'test/mirror/sync-guard.test.ts',
            'test/assignments/decisions-end-to-end.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
