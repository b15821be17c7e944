import { defineConfig } from 'vitest/config';

// Benchmarks that need the TypeScript test servers run through vitest: npm run bench:org
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 60 * 60 * 1000,
    reporters: ['default'],
  },
});
