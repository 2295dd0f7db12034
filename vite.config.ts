import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

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
 * What each source module adds to the bundle, minified (Rollup's rendered length), written beside
 * it for scripts/size.ts to print: the budget's breakdown.
 */
const moduleSizes = (): Plugin => ({
  name: 'module-sizes',
  generateBundle(_options, bundle) {
    const sizes: Record<string, number> = {};
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, info] of Object.entries(chunk.modules)) {
        const name = relative(process.cwd(), id.replace(/[?#].*$/, '')).replace(/\\/g, '/');
        sizes[name] = (sizes[name] ?? 0) + info.renderedLength;
      }
    }
    mkdirSync('dist', { recursive: true });
    writeFileSync('dist/modules.json', `${JSON.stringify(sizes, null, 2)}\n`);
  },
});

export default defineConfig({
  plugins: [moduleSizes()],
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
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    lib: {
      entry: 'src/widget/index.ts',
      name: 'SocialLoginBundle',
      formats: ['iife'],
      fileName: () => 'social-login.js',
    },
  },
});
