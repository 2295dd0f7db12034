/** The mounted containers: where events go and which options each mount was given. */
import type { Target } from './events';
import type { Options } from './options';

export const mounts = new Map<Element, Options>();

/** Every mount as an event target; the document when nothing is mounted. */
export function allTargets(): Target[] {
  const targets: Target[] = [...mounts].map(([el, callbacks]) => ({ el, callbacks }));
  return targets.length ? targets : [{ el: document }];
}
