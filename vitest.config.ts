import { defineConfig } from 'vitest/config';

// Unit tests run in parallel. Tests that share Redis or start servers live in test/ and in the
// integration files of server/ and sandbox/ (`*.int.test.ts`); they run one file at a time and each
// uses its own key prefix / queue names.
export default defineConfig({
  test: {
    projects: [
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
          exclude: ['**/node_modules/**', 'test/browser/**'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
