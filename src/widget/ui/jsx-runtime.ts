/**
 * What the JSX of ui/*.tsx compiles to (vite.config.ts points `preact/jsx-runtime` here for the
 * bundle): Preact's own `createElement`, which the bundle carries anyway (mount.ts uses it),
 * instead of the runtime's copy of the same vnode code. Saves about 100 B gzip.
 */
import { type ComponentType, createElement, Fragment } from 'preact';

type Props = Record<string, unknown>;

export function jsx(type: string | ComponentType<Props>, props: Props, key?: unknown) {
  return createElement(type, key === undefined ? props : { ...props, key });
}
export { Fragment, jsx as jsxs };
