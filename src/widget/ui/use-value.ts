/**
 * A component's view of a signal (@preact/signals-core): its value now, and a redraw of the
 * component whenever it changes. The whole of what the views need from @preact/signals' Preact
 * integration (which costs about 1.2 KB gzip more for features the widget does not use: signals
 * as JSX text, per-attribute bindings, `useComputed`…).
 */
import type { ReadonlySignal } from '@preact/signals-core';
import { useLayoutEffect, useState } from 'preact/hooks';

export function useValue<T extends object>(signal: ReadonlySignal<T>): T {
  const [value, set] = useState(signal.value);
  // `subscribe` hands over the value at once too, so a change between the draw and this effect
  // is not missed; it returns the unsubscribe that the unmount runs. Set before paint (a layout
  // effect) so that change shows in the first frame.
  useLayoutEffect(() => signal.subscribe(set), [signal]);
  return value;
}
