/**
 * Brand marks, inline and decorative (the button's text or aria-label names it). Kakao's guide
 * mandates the black speech bubble; Naver's mark is the "N". `currentColor` lets CSS colour them.
 */
import type { Provider } from '../../contract';

const PATHS: Record<Provider, string> = {
  kakao:
    'M12 3.5C6.75 3.5 2.5 6.85 2.5 11c0 2.67 1.77 5.02 4.43 6.35l-.9 3.3c-.08.3.26.53.51.36l3.95-2.62c.5.05 1 .08 1.51.08 5.25 0 9.5-3.36 9.5-7.5S17.25 3.5 12 3.5z',
  naver: 'M5 4h4.7l4.6 6.7V4H19v16h-4.7l-4.6-6.7V20H5z',
};

const SVG = 'http://www.w3.org/2000/svg';

export function mark(provider: Provider): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  svg.setAttribute('class', 'm');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', PATHS[provider]);
  svg.append(path);
  return svg;
}
