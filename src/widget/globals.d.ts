/** Replaced at build time by vite.config.ts `define`. */
declare const __WIDGET_VERSION__: string;
/** SRI hash of src/sandbox/public/kakao.js, so the sandbox SDK loads with `integrity` too. */
declare const __SANDBOX_SDK_INTEGRITY__: string;
