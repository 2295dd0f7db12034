import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KAKAO_SDK_INTEGRITY, KAKAO_SDK_URL } from '../../src/widget/kakao-sdk';

// The loader caches its promise per page; each test gets a fresh module, as a fresh page would.
let loadKakaoSdk: typeof import('../../src/widget/kakao-sdk').loadKakaoSdk;
let kakaoSdkNow: typeof import('../../src/widget/kakao-sdk').kakaoSdkNow;
beforeEach(async () => {
  vi.resetModules();
  ({ loadKakaoSdk, kakaoSdkNow } = await import('../../src/widget/kakao-sdk'));
});

const fakeKakao = (initialized = false) => {
  let ready = initialized;
  return {
    VERSION: '2.8.1',
    init: vi.fn(() => {
      ready = true;
    }),
    isInitialized: () => ready,
    Auth: { authorize: vi.fn() },
  };
};

/** Catches the <script> the loader appends instead of letting happy-dom fetch it. */
function catchScripts() {
  const scripts: HTMLScriptElement[] = [];
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement) scripts.push(node);
    return node;
  });
  return scripts;
}

afterEach(() => {
  vi.restoreAllMocks();
  Reflect.deleteProperty(window, 'Kakao');
});

describe("Kakao's SDK", () => {
  it("loads Kakao's pinned version with SRI and crossorigin, then initialises it with the JS key", async () => {
    const scripts = catchScripts();
    const loading = loadKakaoSdk('js-key');
    const [script] = scripts;
    expect(script?.src).toBe(KAKAO_SDK_URL);
    expect(KAKAO_SDK_URL).toBe('https://t1.kakaocdn.net/kakao_js_sdk/2.8.1/kakao.min.js');
    expect(script?.integrity).toBe(KAKAO_SDK_INTEGRITY);
    expect(KAKAO_SDK_INTEGRITY).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    expect(script?.crossOrigin).toBe('anonymous');
    const kakao = fakeKakao();
    Reflect.set(window, 'Kakao', kakao);
    script?.onload?.(new Event('load'));
    await expect(loading).resolves.toBe(kakao);
    expect(kakao.init).toHaveBeenCalledWith('js-key');
  });

  it("loads the sandbox's stand-in with its build-time hash when data-sandbox is set", () => {
    const scripts = catchScripts();
    void loadKakaoSdk('js-key', 'http://localhost:8787/sandbox').catch(() => {});
    expect(scripts[0]?.src).toBe('http://localhost:8787/sandbox/kakao.js');
    expect(scripts[0]?.integrity).toBe(__SANDBOX_SDK_INTEGRITY__);
    scripts[0]?.onerror?.(new Event('error'));
  });

  it('loads once for many calls (hover, focus, click)', () => {
    const scripts = catchScripts();
    const quiet = () => {};
    void loadKakaoSdk('k').catch(quiet);
    void loadKakaoSdk('k').catch(quiet);
    expect(scripts).toHaveLength(1);
    scripts[0]?.onerror?.(new Event('error'));
  });

  it("reuses the skin's own window.Kakao and does not initialise it twice", async () => {
    const scripts = catchScripts();
    const kakao = fakeKakao(true);
    Reflect.set(window, 'Kakao', kakao);
    await expect(loadKakaoSdk('k')).resolves.toBe(kakao);
    expect(kakaoSdkNow('k')).toBe(kakao);
    expect(kakao.init).not.toHaveBeenCalled();
    expect(scripts).toHaveLength(0);
  });

  it('fails with sdk_unavailable when the script does not load, and tries again next time', async () => {
    const scripts = catchScripts();
    const first = loadKakaoSdk('k');
    scripts[0]?.onerror?.(new Event('error'));
    await expect(first).rejects.toMatchObject({ name: 'LoginError', code: 'sdk_unavailable' });
    void loadKakaoSdk('k').catch(() => {});
    expect(scripts).toHaveLength(2);
    scripts[1]?.onerror?.(new Event('error'));
  });

  it('fails with sdk_unavailable when the script loads something that is not the SDK', async () => {
    const scripts = catchScripts();
    const loading = loadKakaoSdk('k');
    Reflect.set(window, 'Kakao', { init: 'nope' });
    scripts[0]?.onload?.(new Event('load'));
    await expect(loading).rejects.toMatchObject({ code: 'sdk_unavailable' });
  });
});
