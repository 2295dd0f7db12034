/** Replaced at build time by vite.config.ts `define`. */
declare const __WIDGET_VERSION__: string;
/** SRI hash of src/sandbox/public/kakao.js, so the sandbox SDK loads with `integrity` too. */
declare const __SANDBOX_SDK_INTEGRITY__: string;
/**
 * Merchant-facing diagnostics in full (tests and `WIDGET_DEBUG=1 npm run build`); the production
 * bundle says the option and the value and links the README, which says the rest.
 */
declare const __DEBUG__: boolean;
