/**
 * A view that follows a signal (@preact/signals-core): `draw(props, value)` with the signal's value
 * now, drawn again whenever it changes. A Preact class component, so the bundle needs neither
 * preact/hooks nor @preact/signals' Preact integration (whose signals-as-JSX-text and attribute
 * bindings the widget does not use).
 */
import type { ReadonlySignal } from '@preact/signals-core';
import { Component, type ComponentChildren } from 'preact';

export function watching<P, T>(
  signal: ReadonlySignal<T>,
  draw: (props: P, value: T) => ComponentChildren,
) {
  return class extends Component<P> {
    drawn?: T;
    off?: () => void;
    componentDidMount() {
      // `subscribe` hands over the value at once too: a change between the draw and now is not
      // missed, and an unchanged one costs no second draw.
      this.off = signal.subscribe((value) => value !== this.drawn && this.forceUpdate());
    }
    componentWillUnmount() {
      this.off?.();
    }
    render() {
      this.drawn = signal.value;
      return draw(this.props, this.drawn);
    }
  };
}
