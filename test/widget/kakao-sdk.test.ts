import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KAKAO_SDK_INTEGRITY, kakaoSdkUrl } from '../../src/widget/kakao-sdk';
import { fakeKakaoSdk } from './helpers';

// The loader caches its promise per page; each test gets a fresh module, as a fresh page would.
let sdk: typeof import('../../src/widget/kakao-sdk');
beforeEach(async () => {
  vi.resetModules();
  sdk = await import('../../src/widget/kakao-sdk');
});

/** Catches the <script> the loader appends instead of letting happy-dom fetch it. */
function catchScripts() {
  const scripts: HTMLScriptElement[] = [];
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement) scripts.push(node);
    return node;
  });
  return scripts;
}

const warnings = () => vi.spyOn(console, 'warn').mockImplementation(() => {});
const settings = { redirectUri: 'https://shop.example/member/login.html', state: 's', nonce: 'n' };

afterEach(() => {
  vi.restoreAllMocks();
  Reflect.deleteProperty(window, 'Kakao');
});

describe("Kakao's SDK on the store's page", () => {
  it('initialises a copy the skin loaded but did not initialise, and authorizes through it', () => {
    const { init, authorize } = fakeKakaoSdk();
    const found = sdk.kakaoSdkNow('js-key');
    expect(init).toHaveBeenCalledWith('js-key');
    found?.authorize(settings);
    expect(authorize).toHaveBeenCalledWith(settings);
  });

  it('reuses a copy already initialised with the same key, without a second init', () => {
    const { init } = fakeKakaoSdk('js-key');
    expect(sdk.kakaoSdkNow('js-key')).toBeDefined();
    expect(sdk.kakaoSdkNow('js-key')).toBeDefined();
    expect(init).not.toHaveBeenCalled();
  });

  it("leaves a copy initialised with another app's key alone, and says why once", () => {
    const warn = warnings();
    const { init, authorize } = fakeKakaoSdk('share-button-key');
    expect(sdk.kakaoSdkNow('js-key')).toBeUndefined();
    expect(sdk.kakaoSdkNow('js-key')).toBeUndefined();
    expect(init).not.toHaveBeenCalled();
    expect(authorize).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[social-login\] Kakao's SDK on this page was initialised with another app's key.*#kakaos-sdk$/,
    );
  });

  it('leaves a v1 SDK untouched and says why once', () => {
    const warn = warnings();
    const v1 = { VERSION: '1.43.6', init: vi.fn(), isInitialized: () => false, Auth: {} };
    Reflect.set(window, 'Kakao', v1);
    expect(sdk.kakaoSdkNow('js-key')).toBeUndefined();
    expect(v1.init).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/older Kakao SDK \(v1\)/);
  });

  it('gives up on a copy whose init throws, without throwing into the page', () => {
    warnings();
    const broken = {
      VERSION: '2.7.1',
      isInitialized: () => false,
      init: () => {
        throw new Error('Kakao.init: App key must be provided');
      },
    };
    Reflect.set(window, 'Kakao', broken);
    expect(sdk.kakaoSdkNow('js-key')).toBeUndefined();
  });

  it('swallows the promise 2.x answers with, so a rejected one is no unhandled rejection', async () => {
    const { authorize } = fakeKakaoSdk('js-key');
    const refused = Promise.reject({ error: 'auto_login' });
    authorize.mockReturnValue(refused);
    sdk.kakaoSdkNow('js-key')?.authorize({ ...settings, prompt: 'none' });
    await expect(refused).rejects.toEqual({ error: 'auto_login' });
  });
});

describe("the widget's own copy", () => {
  it("loads Kakao's pinned version with SRI and crossorigin, then initialises it with the JS key", async () => {
    const scripts = catchScripts();
    const loading = sdk.loadKakaoSdk({ jsKey: 'js-key' });
    const [script] = scripts;
    expect(script?.src).toBe('https://t1.kakaocdn.net/kakao_js_sdk/2.8.1/kakao.min.js');
    expect(script?.src).toBe(kakaoSdkUrl(sdk.KAKAO_SDK_VERSION));
    expect(script?.integrity).toBe(KAKAO_SDK_INTEGRITY);
    expect(KAKAO_SDK_INTEGRITY).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    expect(script?.crossOrigin).toBe('anonymous');
    const { init } = fakeKakaoSdk();
    script?.onload?.(new Event('load'));
    await expect(loading).resolves.toBeDefined();
    expect(init).toHaveBeenCalledWith('js-key');
  });

  it('loads the version a store pinned, with the integrity value it gave', () => {
    const scripts = catchScripts();
    const pin = { version: '2.7.1', integrity: 'sha384-pinned' };
    void sdk.loadKakaoSdk({ jsKey: 'k', pin, sandbox: 'http://localhost:8787/sandbox' });
    expect(scripts[0]?.src).toBe('https://t1.kakaocdn.net/kakao_js_sdk/2.7.1/kakao.min.js');
    expect(scripts[0]?.integrity).toBe('sha384-pinned');
  });

  it("loads the sandbox's stand-in with its build-time hash when data-sandbox is set", () => {
    const scripts = catchScripts();
    void sdk.loadKakaoSdk({ jsKey: 'k', sandbox: 'http://localhost:8787/sandbox' }).catch(() => {});
    expect(scripts[0]?.src).toBe('http://localhost:8787/sandbox/kakao.js');
    expect(scripts[0]?.integrity).toBe(__SANDBOX_SDK_INTEGRITY__);
    scripts[0]?.onerror?.(new Event('error'));
  });

  it('loads once for many calls (hover, focus, click)', () => {
    const scripts = catchScripts();
    const quiet = () => {};
    void sdk.loadKakaoSdk({ jsKey: 'k' }).catch(quiet);
    void sdk.loadKakaoSdk({ jsKey: 'k' }).catch(quiet);
    expect(scripts).toHaveLength(1);
    scripts[0]?.onerror?.(new Event('error'));
  });

  it("never loads a second copy over the skin's own, usable or not", async () => {
    warnings();
    const scripts = catchScripts();
    fakeKakaoSdk('js-key');
    await expect(sdk.loadKakaoSdk({ jsKey: 'js-key' })).resolves.toBeDefined();
    fakeKakaoSdk('other-key');
    await expect(sdk.loadKakaoSdk({ jsKey: 'js-key' })).rejects.toMatchObject({
      code: 'sdk_unavailable',
    });
    expect(scripts).toHaveLength(0);
  });

  it('fails with sdk_unavailable when the script does not load, and tries again next time', async () => {
    const scripts = catchScripts();
    const first = sdk.loadKakaoSdk({ jsKey: 'k' });
    scripts[0]?.onerror?.(new Event('error'));
    await expect(first).rejects.toMatchObject({ name: 'LoginError', code: 'sdk_unavailable' });
    void sdk.loadKakaoSdk({ jsKey: 'k' }).catch(() => {});
    expect(scripts).toHaveLength(2);
    scripts[1]?.onerror?.(new Event('error'));
  });

  it('fails with sdk_unavailable when the script loads something that is not the SDK', async () => {
    warnings();
    const scripts = catchScripts();
    const loading = sdk.loadKakaoSdk({ jsKey: 'k' });
    Reflect.set(window, 'Kakao', { init: 'nope' });
    scripts[0]?.onload?.(new Event('load'));
    await expect(loading).rejects.toMatchObject({ code: 'sdk_unavailable' });
  });
});
