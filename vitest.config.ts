import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    // The tests read the widget's diagnostics in full (globals.d.ts `__DEBUG__`).
    define: { __DEBUG__: 'true' },
    test: {
      reporters: ['default', './test/summary-reporter.ts'],
      setupFiles: ['./test/fast-check-seed.ts'],
      // These limits only catch a test that hangs; they never judge speed (npm run bench does).
      // On a busy 2-core machine a 300-run property test has taken over 20 s and a suite's
      // start-up hook (servers, Chromium) over 10 s, so both are generous.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // expect.poll waits for something to appear; 1 s (the default) is tight for a busy browser.
      expect: { poll: { timeout: 15_000 } },
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
            fileParallelism: false,
          },
        },
      ],
    },
  }),
);
