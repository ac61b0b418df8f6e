import { defineConfig } from 'vitest/config';

export default defineConfig({
  // @actions/* ship sourcemaps without sources; Vite would warn for each file it inlines.
  logLevel: 'error',
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // GitHub's workflow parser imports JSON without import attributes; let Vite transform it.
    server: { deps: { inline: [/@actions\//] } },
    pool: 'forks',
  },
});
