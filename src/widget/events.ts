/**
 * `sociallogin:*` DOM events (bubbling, crossing shadow roots) and the matching `on…` options.
 * A merchant's callback that throws is logged, never allowed to break the login.
 */

import { reportError } from './errors';
import type { Callbacks } from './options';

export interface EventDetails {
  ready: Parameters<NonNullable<Callbacks['onReady']>>[0];
  start: Parameters<NonNullable<Callbacks['onStart']>>[0];
  success: Parameters<NonNullable<Callbacks['onSuccess']>>[0];
  error: Parameters<NonNullable<Callbacks['onError']>>[0];
}
export type EventName = keyof EventDetails;

/** Where an event goes: an element (or document) and the callbacks given with it. */
export interface Target {
  el?: EventTarget;
  callbacks?: Callbacks;
}

const CALLBACK = {
  ready: 'onReady',
  start: 'onStart',
  success: 'onSuccess',
  error: 'onError',
} as const;

/**
 * Dispatches to every target; false when a listener called preventDefault(). Only
 * `sociallogin:success` is cancelable: it keeps the shopper on the page (docs/api.md "Events").
 */
export function emit<N extends EventName>(
  name: N,
  detail: EventDetails[N],
  targets: Target[],
): boolean {
  let allowed = true;
  for (const { el, callbacks } of targets) {
    if (el) {
      const event = new CustomEvent(`sociallogin:${name}`, {
        detail,
        bubbles: true,
        composed: true,
        cancelable: name === 'success',
      });
      // A listener that throws is reported by the browser and does not stop dispatch.
      if (!el.dispatchEvent(event)) allowed = false;
    }
    const callback: unknown = callbacks?.[CALLBACK[name]];
    if (typeof callback === 'function') {
      try {
        callback(detail);
      } catch (error) {
        reportError(`your ${CALLBACK[name]} callback threw`, error);
      }
    }
  }
  return allowed;
}
