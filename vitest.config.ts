import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    // The tests read the widget's diagnostics in full (globals.d.ts `__DEBUG__`).
    define: { __DEBUG__: 'true' },
    test: {
      reporters: ['default', './test/summary-reporter.ts'],
      // A busy 2-core machine runs property tests and child processes slowly: no tight limits.
      testTimeout: 30_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'widget',
            include: ['test/widget/**/*.test.{ts,tsx}'],
            environment: 'happy-dom',
          },
        },
        {
          extends: true,
          test: {
            name: 'node',
            include: ['test/{server,sandbox,contract}/**/*.test.ts', 'test/*.test.ts'],
            environment: 'node',
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
            fileParallelism: false,
          },
        },
      ],
    },
  }),
);
