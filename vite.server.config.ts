import { defineConfig } from 'vite';

/**
 * The backend compiled for production (`npm run build`, after the widget's build): ES modules for
 * Node 20+ in dist/server/, run with `node dist/server/main.js`. Packages in `dependencies` stay
 * imports (Vite's SSR build externalises them), so `npm ci --omit=dev` is all the runtime needs;
 * the sandbox is not in it: the server never imports it (biome.json; development mounts it from
 * scripts/dev-server.ts).
 */
export default defineConfig({
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
