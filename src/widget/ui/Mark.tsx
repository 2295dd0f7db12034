/**
 * Brand marks, inline and decorative (the button's text or aria-label names it). Kakao's guide
 * (developers.kakao.com, "Design guide") mandates the black speech bubble; Naver's mark is the "N"
 * (developers.naver.com, login button guide). `currentColor` lets CSS colour them.
 */
import type { Provider } from '../../contract';

const PATHS: Record<Provider, string> = {
  kakao:
    'M12 3.5c-5.2 0-9.5 3.4-9.5 7.5 0 2.7 1.8 5 4.4 6.4l-.9 3.3c-.1.3.3.5.5.4l4-2.6 1.5.1c5.2 0 9.5-3.4 9.5-7.5S17.2 3.5 12 3.5z',
  naver: 'M5 4h4.7l4.6 6.7V4H19v16h-4.7l-4.6-6.7V20H5z',
};

export const Mark = ({ provider }: { provider: Provider }) => (
  <svg class="m" viewBox="0 0 24 24" aria-hidden="true">
    <path fill="currentColor" d={PATHS[provider]} />
  </svg>
);
