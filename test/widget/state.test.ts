import { describe, expect, it, vi } from 'vitest';
import { signal } from '../../src/widget/state';

describe('the status signal', () => {
  it('tells a subscriber the value at once and after every change, until it unsubscribes', () => {
    const s = signal(1);
    const seen = vi.fn();
    const stop = s.subscribe(seen);
    s.value = 2;
    s.value = 2; // the same value is no change
    stop();
    s.value = 3;
    expect(seen.mock.calls).toEqual([[1], [2]]);
    expect(s.value).toBe(3);
  });

  it('lets a subscriber unsubscribe another while being told', () => {
    const s = signal('a');
    const second = vi.fn();
    let stopSecond = () => {};
    s.subscribe((v) => v === 'b' && stopSecond());
    stopSecond = s.subscribe(second);
    s.value = 'b';
    s.value = 'c';
    expect(second.mock.calls).toEqual([['a'], ['b']]);
  });
});
