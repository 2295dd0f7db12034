import { defineConfig } from 'vite';

/**
 * The backend compiled for production (`npm run build`, after the widget's build): ES modules for
 * Node 20+ in dist/server/, run with `node dist/server/main.js` (the admin CLI of the malls:
 * `node dist/server/malls.js`, docs/malls.md). Packages in `dependencies` stay imports (Vite's SSR
 * build externalises them), so `npm ci --omit=dev` is all the runtime needs. The sandbox is not
 * in it: the server never imports it (biome.json; development mounts it, scripts/dev-server.ts).
 */
export default defineConfig({
  publicDir: false,
  build: {
    // The server, and the admin CLI of the malls registered beside the environment's.
    ssr: true,
    outDir: 'dist/server',
    // Only dist/server/: the widget's build has already written dist/social-login.js.
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { main: 'src/server/main.ts', malls: 'src/server/malls-main.ts' },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
