/**
 * Brand marks, inline and decorative (the button's text or aria-label names it). Kakao's guide
 * (developers.kakao.com, "Design guide") mandates the black speech bubble; Naver's mark is the "N"
 * (developers.naver.com, login button guide). `currentColor` lets CSS colour them.
 */
import type { Provider } from '../../contract';

const PATHS: Record<Provider, string> = {
  kakao:
    'M12 3.5C6.75 3.5 2.5 6.85 2.5 11c0 2.67 1.77 5.02 4.43 6.35l-.9 3.3c-.08.3.26.53.51.36l3.95-2.62c.5.05 1 .08 1.51.08 5.25 0 9.5-3.36 9.5-7.5S17.25 3.5 12 3.5z',
  naver: 'M5 4h4.7l4.6 6.7V4H19v16h-4.7l-4.6-6.7V20H5z',
};

export const Mark = ({ provider }: { provider: Provider }) => (
  <svg class="m" viewBox="0 0 24 24" aria-hidden="true">
    <path fill="currentColor" d={PATHS[provider]} />
  </svg>
);
