import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium, the real app SDK over the wire, the sandbox. One file at a time.
export default defineConfig({
  test: {
    name: 'browser',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
