import { defineConfig } from 'vitest/config';

// Real-server tier (Samba AD, authoritative DNS). Each suite bounds its own server start.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
