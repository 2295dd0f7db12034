import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { bytesBySource, creditLiteral } from './scripts/module-sizes.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The sandbox's stand-in Kakao SDK is a static file, so its SRI hash is known at build time and the
 * widget loads it with `integrity` exactly as it loads Kakao's real SDK.
 */
const sandboxSdk = readFileSync(new URL('./src/sandbox/public/kakao.js', import.meta.url));
const sandboxSdkIntegrity = `sha384-${createHash('sha384').update(sandboxSdk).digest('base64')}`;

/**
 * What each source module adds to the shipped file: its bytes of the final minified output, read
 * off the source map (scripts/module-sizes.ts), written beside the bundle for scripts/size.ts. The
 * map itself is built only for this and never lands in dist/.
 */
const moduleSizes = (): Plugin => ({
  name: 'module-sizes',
  generateBundle(_options, bundle) {
    const sizes: Record<string, number> = {};
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !chunk.map) continue;
      const sources = chunk.map.sources.map((source) =>
        relative(process.cwd(), resolve('dist', source).replace(/[?#].*$/, '')).replace(/\\/g, '/'),
      );
      const found = bytesBySource(chunk.code, { ...chunk.map, sources });
      creditLiteral(found, chunk.code, ':host{', 'src/widget/ui/styles.css');
      for (const [name, bytes] of Object.entries(found)) sizes[name] = (sizes[name] ?? 0) + bytes;
    }
    mkdirSync('dist', { recursive: true });
    writeFileSync('dist/modules.json', `${JSON.stringify(sizes, null, 2)}\n`);
  },
  writeBundle(options, bundle) {
    for (const name of Object.keys(bundle))
      if (name.endsWith('.map')) rmSync(resolve(options.dir ?? 'dist', name), { force: true });
  },
});

export default defineConfig({
  plugins: [moduleSizes()],
  // The widget's views are Preact components: JSX compiles to preact/jsx-runtime calls (the same
  // setting as tsconfig.json's `jsxImportSource`), no plugin needed; that import is answered by
  // ui/jsx-runtime.ts, Preact's own createElement (which the bundle has anyway).
  // `development: false` so that the shipped file is the same whatever NODE_ENV the build runs
  // under (a test runner's `test` would otherwise compile JSX with source positions).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  resolve: {
    alias: {
      'preact/jsx-runtime': fileURLToPath(
        new URL('./src/widget/ui/jsx-runtime.ts', import.meta.url),
      ),
    },
  },
  define: {
    __WIDGET_VERSION__: JSON.stringify(pkg.version),
    __SANDBOX_SDK_INTEGRITY__: JSON.stringify(sandboxSdkIntegrity),
    // Full diagnostic sentences only in a debug build; the tests run with them (vitest.config.ts).
    __DEBUG__: JSON.stringify(process.env.WIDGET_DEBUG === '1'),
  },
  build: {
    // Optional chaining and `??` as written (Chrome/Android WebView 80, Safari/iOS 13.4, Samsung
    // Internet 13, Firefox 74): every browser a 2026 storefront sees, and no down-levelling bytes.
    target: 'es2020',
    // CSS is written for engines with `system-ui` and `:focus-visible` (Safari 15.4, Firefox 92);
    // older ones use the next font in the stack and their own focus ring, so nothing is expanded
    // for them.
    cssTarget: ['chrome90', 'safari15.4', 'firefox92'],
    // Terser, three passes, with the `unsafe*`, `pure_getters` and `keep_fargs: false` options of
    // Preact's own build (preactjs/preact `mangle.json`; its `hoist_vars` and `reduce_funcs: false`
    // made this bundle larger): about 450 B gzip under Vite's default minifier (measured on this
    // bundle). The widget's code leans on none of what they assume away (getters with side
    // effects, `fn.length`, `String(symbol)`).
    // Not property mangling of Preact's `__x` names (as its own build does): it saved 3 B here when
    // measured with @preact/signals, which hooks into Preact by those names written as strings
    // (`options["__b"]`) and which mangling silently disconnected; not worth the risk.
    minify: 'terser',
    terserOptions: {
      ecma: 2020,
      compress: {
        passes: 3,
        hoist_funs: true,
        unsafe: true,
        unsafe_arrows: true,
        unsafe_methods: true,
        unsafe_comps: true,
        pure_getters: true,
        keep_fargs: false,
      },
    },
    outDir: 'dist',
    emptyOutDir: true,
    // Hidden and deleted after the build (module-sizes above): only for the per-module table.
    sourcemap: 'hidden',
    lib: {
      entry: 'src/widget/index.ts',
      name: 'SocialLoginBundle',
      formats: ['iife'],
      fileName: () => 'social-login.js',
    },
  },
});
