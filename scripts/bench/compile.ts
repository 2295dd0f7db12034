/**
 * The processes under load run as compiled JavaScript, as production runs the backend (`node
 * dist/server/main.js`, built by Vite): target.ts and the backend it starts, built once per bench
 * by Vite's server build, bare node:http included, so neither carries tsx's per-function costs
 * (esbuild's keepNames wraps every closure made at run time).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const root = new URL('../..', import.meta.url).pathname;
/** Inside the project, so the compiled file's imports of packages resolve from node_modules. */
const outDir = join(root, 'node_modules', '.cache', 'social-login-bench');

let compiled: Promise<string> | undefined;

export function compiledTarget(): Promise<string> {
  compiled ??= (async () => {
    mkdirSync(outDir, { recursive: true });
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      publicDir: false,
      build: {
        ssr: join(root, 'scripts/bench/target.ts'),
        outDir,
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'target.js' } },
      },
    });
    return join(outDir, 'target.js');
  })();
  return compiled;
}
