import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The sandbox's stand-in Kakao SDK is a static file, so its SRI hash is known at build time and the
 * widget loads it with `integrity` exactly as it loads Kakao's real SDK.
 */
const sandboxSdk = readFileSync(new URL('./src/sandbox/public/kakao.js', import.meta.url));
const sandboxSdkIntegrity = `sha384-${createHash('sha384').update(sandboxSdk).digest('base64')}`;

export default defineConfig({
  define: {
    __WIDGET_VERSION__: JSON.stringify(pkg.version),
    __SANDBOX_SDK_INTEGRITY__: JSON.stringify(sandboxSdkIntegrity),
  },
  build: {
    target: 'es2018',
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
