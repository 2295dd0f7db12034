/*
 * Sandbox stand-in for the Kakao JavaScript SDK v2 (https://developers.kakao.com/sdk/reference/js).
 * Only what a login button needs: Kakao.init, isInitialized, cleanup and Kakao.Auth.authorize,
 * which navigates the top-level page like the real SDK does (seed 002, "Kakao.Auth.authorize()"),
 * but to this sandbox's /kauth instead of kauth.kakao.com. Plain ES2017, no build step: the widget
 * loads this exact file with an SRI hash computed at build time, so keep it byte-stable.
 */
(() => {
  // The sandbox root is wherever this file was served from: <root>/kakao.js.
  const script = document.currentScript;
  const src = script ? script.src : '';
  const sandboxRoot = src.replace(/\/kakao\.js(?:[?#].*)?$/, '');

  const KakaoError = (message) => {
    const error = new Error(message);
    error.name = 'KakaoError';
    return error;
  };

  // Settings the real Kakao.Auth.authorize accepts, with the type each must have.
  const AUTHORIZE_SETTINGS = {
    redirectUri: 'string',
    state: 'string',
    scope: 'string',
    prompt: 'string',
    loginHint: 'string',
    serviceTerms: 'string',
    nonce: 'string',
    channelPublicId: 'string',
    throughTalk: 'boolean',
    isPopup: 'boolean',
  };
  const KNOWN_SETTINGS = Object.keys(AUTHORIZE_SETTINGS);

  let appKey = null;

  const isKakaoTalk = () => /KAKAOTALK/i.test(navigator.userAgent);

  const appendQuery = (uri, pairs) => {
    const query = pairs
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('&');
    return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
  };

  const validate = (settings) => {
    if (settings === null || typeof settings !== 'object') {
      throw KakaoError('Kakao.Auth.authorize: settings must be an object');
    }
    const invalid = Object.keys(settings).filter((key) => !KNOWN_SETTINGS.includes(key));
    if (invalid.length > 0) {
      throw KakaoError(`Kakao.Auth.authorize: Invalid parameter keys: ${invalid.join(',')}`);
    }
    for (const key of Object.keys(settings)) {
      const value = settings[key];
      if (value !== undefined && typeof value !== AUTHORIZE_SETTINGS[key]) {
        throw KakaoError(`Kakao.Auth.authorize: Illegal argument for ${key}`);
      }
    }
    if (settings.isPopup) {
      throw KakaoError('Kakao.Auth.authorize: isPopup is not supported by the sandbox SDK');
    }
    // Without a popup the code can only come back through a redirect.
    if (typeof settings.redirectUri !== 'string' || settings.redirectUri === '') {
      throw KakaoError('Kakao.Auth.authorize: Missing required keys: redirectUri');
    }
  };

  window.Kakao = {
    VERSION: '2.7.4-sandbox',

    init(key) {
      if (typeof key !== 'string' || key === '') {
        throw KakaoError('Kakao.init: Illegal argument for appKey');
      }
      appKey = key;
    },

    isInitialized() {
      return appKey !== null;
    },

    cleanup() {
      appKey = null;
    },

    Auth: {
      authorize(settings) {
        if (appKey === null) {
          throw KakaoError('Kakao.Auth.authorize: Kakao.init() must be called first');
        }
        validate(settings);
        const { redirectUri, state } = settings;

        // Automatic login exists only inside KakaoTalk's in-app browser; elsewhere the SDK
        // answers at once, without a round trip to Kakao (reference sheet, seed 002).
        if (settings.prompt === 'none' && !isKakaoTalk()) {
          window.location.href = appendQuery(redirectUri, [
            ['error', 'auto_login'],
            ['error_description', 'NOT_SUPPORTED_BROWSER'],
            ['state', state],
          ]);
          return;
        }

        // throughTalk would hand off to the KakaoTalk app on mobile; the sandbox has no app, so
        // it always continues with the web consent page.
        window.location.href = appendQuery(`${sandboxRoot}/kauth/oauth/authorize`, [
          ['client_id', appKey],
          ['redirect_uri', redirectUri],
          ['response_type', 'code'],
          ['state', state],
          ['nonce', settings.nonce],
          ['prompt', settings.prompt],
          ['scope', settings.scope],
          ['login_hint', settings.loginHint],
          // The real SDK's name for it (Kakao JS SDK 2.x source: `t["extra.service_terms"]`).
          ['extra.service_terms', settings.serviceTerms],
          ['channel_public_id', settings.channelPublicId],
        ]);
      },
    },
  };
})();
