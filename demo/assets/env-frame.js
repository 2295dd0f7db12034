// A gallery environment preview (inside an iframe): pretend to be the browser named by `?env=`
// before the widget reads navigator.userAgent, then mount the buttons with `?options=` (JSON).
// The widget itself is unchanged: it sees the user agent a shopper's browser would send.
// Real user agents, as in test/widget/fixtures/user-agents.ts.
const USER_AGENTS = {
  desktop:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  mobile:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  kakaotalk:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.5',
  inapp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 329.0.0.41.93',
  // LINE has an "open in browser" link (openExternalBrowser=1); the screenshot tests use it.
  line: 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/12.4.0',
};

const query = new URLSearchParams(location.search);
const userAgent = USER_AGENTS[query.get('env')];
if (userAgent) {
  Object.defineProperty(Navigator.prototype, 'userAgent', { get: () => userAgent });
}

let options = {};
try {
  const parsed = JSON.parse(query.get('options') || '{}');
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) options = parsed;
} catch {}

window.SocialLogin = window.SocialLogin || [];
document.addEventListener('DOMContentLoaded', () => {
  const target = document.getElementById('frame-buttons');
  // A preview never signs anyone in by itself: no automatic KakaoTalk login here.
  if (target) window.SocialLogin.push(['mount', target, { autoLogin: false, ...options }]);
});
