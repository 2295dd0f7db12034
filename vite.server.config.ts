import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

/**
 * The sandbox reads its stand-in Kakao SDK beside its own module (`new URL('./public/kakao.js',
 * import.meta.url)`). In the build every chunk sits in dist/server/, so the file goes to
 * dist/server/public/, where that URL then points. (The Cafe24 store stand-in is the demo's, not
 * the backend's, and stays out.)
 */
const SANDBOX_FILES = {
  'public/kakao.js': 'src/sandbox/public/kakao.js',
};

const sandboxFiles = (): Plugin => ({
  name: 'sandbox-files',
  generateBundle() {
    for (const [fileName, source] of Object.entries(SANDBOX_FILES))
      this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
  },
});

/**
 * The backend compiled for production (`npm run build`, after the widget's build): ES modules for
 * Node 20+ in dist/server/, run with `node dist/server/main.js`. Packages in `dependencies` stay
 * imports (Vite's SSR build externalises them), so `npm ci --omit=dev` is all the runtime needs;
 * the sandbox is a chunk of its own, loaded only with SANDBOX=1.
 */
export default defineConfig({
  plugins: [sandboxFiles()],
  publicDir: false,
  build: {
    ssr: 'src/server/main.ts',
    outDir: 'dist/server',
    // Only dist/server/: the widget's build has already written dist/social-login.js.
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
