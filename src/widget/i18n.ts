import type { BlockReason, Lang, LoginErrorCode, Provider } from '../contract';

export { LANGS, type Lang } from '../contract';

/**
 * One row per language, fields separated by `|` to keep the bundle small:
 * Kakao label | Naver label | in progress | cancelled | again | unreachable | blocked | failed | retry |
 * "last used" badge | KakaoTalk-only note | open in browser | copy link | deleted member |
 * why to leave an in-app browser.
 * Brand names stay as the brands write them; neither brand publishes ja/zh labels (reference sheet
 * "Button design"), so those are ours. Kakao's label follows its design guide.
 */
const TABLE: Record<Lang, string> = {
  ko: '카카오 로그인|네이버 로그인|로그인 중…|로그인이 취소되었어요.|로그인을 완료하지 못했어요. 다시 시도해 주세요.|로그인 서버에 연결하지 못했어요.|이 계정으로는 로그인할 수 없어요.|로그인하지 못했어요.|다시 시도|최근 사용|카카오톡에서는 카카오 로그인만 쓸 수 있어요.|브라우저로 열기|링크 복사|탈퇴한 계정은 다시 가입할 수 없어요.|Safari나 Chrome에서 열어 로그인해 주세요.',
  en: 'Login with Kakao|Log in with NAVER|Signing in…|Login was cancelled.|Your login expired. Please try again.|Couldn’t reach the login service.|This account can’t log in to this store.|Login failed.|Try again|Last used|In KakaoTalk, log in with Kakao.|Open in browser|Copy link|A deleted account can’t join again.|To log in, open this page in Safari or Chrome.',
  ja: 'カカオでログイン|NAVERでログイン|ログイン中…|ログインがキャンセルされました。|有効期限が切れました。もう一度お試しください。|ログインサービスに接続できませんでした。|このアカウントではログインできません。|ログインできませんでした。|再試行|前回使用|カカオトークではカカオログインのみ使えます。|ブラウザで開く|リンクをコピー|退会したアカウントは再登録できません。|SafariかChromeで開いてログインしてください。',
  'zh-CN':
    '使用 Kakao 登录|使用 NAVER 登录|正在登录…|登录已取消。|登录已过期，请重试。|无法连接登录服务。|此账号无法在本店登录。|登录失败。|重试|上次使用|在 KakaoTalk 中仅可用 Kakao 登录。|在浏览器中打开|复制链接|已注销的账号无法再次注册。|请在 Safari 或 Chrome 中打开后登录。',
  'zh-TW':
    '使用 Kakao 登入|使用 NAVER 登入|正在登入…|登入已取消。|登入已逾時，請再試一次。|無法連線至登入服務。|此帳號無法在本店登入。|登入失敗。|重試|上次使用|在 KakaoTalk 中僅能用 Kakao 登入。|在瀏覽器中開啟|複製連結|已註銷的帳號無法再次註冊。|請在 Safari 或 Chrome 中開啟後登入。',
};

export interface Messages {
  label: Record<Provider, string>;
  busy: string;
  retry: string;
  lastUsed: string;
  /** Kakao-only mode's one-line note; the in-app browser row's link and copy button. */
  kakaoOnly: string;
  open: string;
  copy: string;
  /** One line on why the in-app browser row is there: log in from Safari or Chrome. */
  escape: string;
  /** `reason`: the store rule behind a `login_blocked`, when the backend named it. */
  error(code: LoginErrorCode, reason?: BlockReason): string;
}

/** Which message each error code shows: the shopper needs the next step, not the cause. */
const GROUP: Partial<Record<LoginErrorCode, number>> = {
  access_denied: 3,
  consent_required: 3,
  state_mismatch: 4,
  state_expired: 4,
  invalid_grant: 4,
  id_token_invalid: 4,
  network_error: 5,
  sdk_unavailable: 5,
  upstream_error: 5,
  upstream_timeout: 5,
  service_unavailable: 5,
  rate_limited: 5,
  login_blocked: 6,
};

export function messages(lang: Lang): Messages {
  const t = TABLE[lang].split('|');
  const at = (i: number) => t[i] ?? '';
  return {
    label: { kakao: at(0), naver: at(1) },
    busy: at(2),
    retry: at(8),
    lastUsed: at(9),
    kakaoOnly: at(10),
    open: at(11),
    copy: at(12),
    escape: at(14),
    error: (code, reason) => at(reason === 'member_deleted' ? 13 : (GROUP[code] ?? 7)),
  };
}

/**
 * A BCP 47 tag to one of our languages, or null: ja-JP → ja; zh-Hant, zh-TW, zh-HK, zh-MO → zh-TW;
 * other zh → zh-CN; en-* → en; ko-* → ko.
 */
export function matchLang(tag: string | null | undefined): Lang | null {
  const t = (tag ?? '').trim().toLowerCase();
  const base = t.split(/[-_]/)[0];
  if (base === 'zh') return /^zh[-_](hant|tw|hk|mo)\b/.test(t) ? 'zh-TW' : 'zh-CN';
  return base === 'ko' || base === 'en' || base === 'ja' ? base : null;
}
