import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['apps/**/*.{spec,int-spec}.ts', 'libs/**/*.{spec,int-spec}.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's 1 s default for expect.poll is shorter than a browser round trip to a busy server on
    // a shared 2-core machine; the conditions polled for are the same, only the patience differs.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', './tools/summary-reporter.ts'],
  },
});
