/*
 * Sandbox stand-in for Kakao's JavaScript SDK 2.x (https://developers.kakao.com/sdk/reference/js).
 * It behaves as Kakao's published 2.7.1 build does in everything a login button relies on or could
 * trip over, and test/e2e/kakao-sdk-conformance.test.ts runs one scenario table against both files:
 * - before `Kakao.init(key)` the global has only VERSION, init, isInitialized and cleanup; `Auth`
 *   appears once init runs; a second init throws "Kakao.init: Already initialized";
 * - `Kakao.Auth.getAppKey()` names the key init was given;
 * - `Kakao.Auth.authorize(settings)` checks its settings as the SDK does ("Invalid parameter keys",
 *   "Illegal argument for …"), then navigates the page to the authorize endpoint with the same
 *   query the SDK builds (the settings, response_type, auth_tran_id, ka, is_popup) and answers with
 *   a promise;
 * - the automatic login (`prompt: 'none'`) outside KakaoTalk returns to redirectUri with
 *   error=auto_login at once, as Kakao's guide describes.
 * It differs where the sandbox has nothing to stand in for: the authorize endpoint is this
 * sandbox's /kauth, there is no KakaoTalk app to hand a phone's login to (the web consent page
 * always follows), and no popup. Plain ES2017, no build step: the widget loads this exact file with
 * an SRI hash computed at build time, so keep it byte-stable.
 */
(() => {
  // The sandbox root is wherever this file was served from: <root>/kakao.js.
  const script = document.currentScript;
  const src = script ? script.src : '';
  const sandboxRoot = src.replace(/\/kakao\.js(?:[?#].*)?$/, '');
  const VERSION = '2.7.1-sandbox';

  function KakaoError(message) {
    const error = new Error(message);
    error.name = 'KakaoError';
    return error;
  }

  const isString = (value) => typeof value === 'string';
  const isBoolean = (value) => typeof value === 'boolean';
  // Every setting Kakao.Auth.authorize accepts in 2.7.1, with the check the SDK applies.
  const AUTHORIZE_SETTINGS = {
    redirectUri: isString,
    state: isString,
    prompt: isString,
    scope: isString,
    isPopup: isBoolean,
    throughTalk: isBoolean,
    throughSyncplugin: isBoolean,
    serviceTerms: isString,
    channelPublicId: isString,
    deviceType: (value) => value === 'watch' || value === 'tv',
    loginHint: isString,
    nonce: isString,
    settleId: isString,
    kauth_tx_id: isString,
  };
  const AUTHORIZE_DEFAULTS = { isPopup: false, throughTalk: true, throughSyncplugin: true };

  let appKey = null;

  const isKakaoTalk = () => /KAKAOTALK/i.test(navigator.userAgent);

  const query = (pairs) =>
    pairs
      .filter((pair) => pair[1] !== undefined)
      .map((pair) => `${encodeURIComponent(pair[0])}=${encodeURIComponent(pair[1])}`)
      .join('&');

  // The SDK's own header: sdk, os, sdk type, language, device, origin.
  const ka = () =>
    [
      `sdk/${VERSION}`,
      'os/javascript',
      'sdk_type/javascript',
      `lang/${navigator.language}`,
      `device/${navigator.platform.replace(/ /g, '_')}`,
      `origin/${encodeURIComponent(location.origin)}`,
    ].join(' ');

  const transactionId = () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
    return Array.from(crypto.getRandomValues(new Uint8Array(60)), (n) => alphabet[n % 66]).join('');
  };

  function checked(settings) {
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      throw new Error('params should be an Object');
    }
    const invalid = Object.keys(settings).filter((key) => !(key in AUTHORIZE_SETTINGS));
    if (invalid.length > 0) {
      throw KakaoError(`Invalid parameter keys: ${invalid.join(',')} at Auth.authorize`);
    }
    const merged = Object.assign({}, settings);
    for (const key of Object.keys(AUTHORIZE_DEFAULTS)) {
      if (!(key in merged)) merged[key] = AUTHORIZE_DEFAULTS[key];
    }
    for (const key of Object.keys(merged)) {
      if (!AUTHORIZE_SETTINGS[key](merged[key])) {
        throw KakaoError(`Illegal argument for "${key}" in Auth.authorize`);
      }
    }
    return merged;
  }

  /** Sends the page back to redirectUri with these parameters, as the SDK does on its errors. */
  function answerAtRedirect(settings, params) {
    if (!settings.redirectUri) return;
    const separator = settings.redirectUri.indexOf('?') > -1 ? '&' : '?';
    window.location.href = settings.redirectUri + separator + query(Object.entries(params));
  }

  const Auth = {
    getAppKey() {
      return appKey;
    },

    authorize(given) {
      const settings = checked(given);
      if (settings.isPopup) {
        throw KakaoError('isPopup is not supported by the sandbox SDK');
      }
      // Automatic login exists only inside KakaoTalk's in-app browser.
      if (settings.prompt && settings.prompt.indexOf('none') > -1 && !isKakaoTalk()) {
        const refusal = Object.assign(
          { error: 'auto_login', error_description: 'NOT_SUPPORTED_BROWSER' },
          settings.state ? { state: settings.state } : {},
        );
        answerAtRedirect(settings, refusal);
        return Promise.reject(refusal);
      }
      window.location.href = `${sandboxRoot}/kauth/oauth/authorize?${query([
        ['client_id', appKey],
        ['scope', settings.scope || undefined],
        ['prompt', settings.prompt || undefined],
        ['state', settings.state || undefined],
        ['nonce', settings.nonce || undefined],
        ['login_hint', settings.loginHint || undefined],
        ['settle_id', settings.settleId || undefined],
        ['kauth_tx_id', settings.kauth_tx_id || undefined],
        ['device_type', settings.deviceType || undefined],
        ['channel_public_id', settings.channelPublicId || undefined],
        [
          'extra.service_terms',
          settings.serviceTerms || settings.serviceTerms === '' ? settings.serviceTerms : undefined,
        ],
        ['redirect_uri', settings.redirectUri || 'JS-SDK'],
        ['response_type', 'code'],
        ['auth_tran_id', transactionId()],
        ['ka', ka()],
        ['is_popup', String(settings.isPopup)],
      ])}`;
      // The page is leaving; the SDK's promise settles only for popups and app hand-offs.
      return new Promise(() => {});
    },
  };

  const Kakao = {
    VERSION,

    init(key) {
      if (appKey !== null) throw KakaoError('Kakao.init: Already initialized');
      if (typeof key !== 'string') throw KakaoError('Kakao.init: App key must be provided');
      appKey = key;
      this.Auth = Auth;
    },

    isInitialized() {
      return appKey !== null;
    },

    cleanup() {
      appKey = null;
    },
  };

  window.Kakao = Kakao;
})();
