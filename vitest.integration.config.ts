import { defineConfig } from 'vitest/config';

// Real-server tier (Samba AD, authoritative DNS, nginx) and real-browser tier (the HTML report in
// Chromium). Each suite bounds its own server or browser start.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts', 'test/**/*.chromium.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
