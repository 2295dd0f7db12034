/** The per-module table of `npm run build`: every byte of the file credited to one source. */
import { describe, expect, it } from 'vitest';
import { bytesBySource, creditLiteral, UNMAPPED } from '../scripts/module-sizes.ts';

describe('bytes by source module', () => {
  it('credits each byte to the module its source-map segment names, so the rows add up to the file', () => {
    // "a" from x, "b\n" from y, "cd" from x again (VLQ: A=0, C=+1, D=-1).
    const code = 'ab\ncd';
    const sizes = bytesBySource(code, { sources: ['x', 'y'], mappings: 'AAAA,CCAA;ADAA' });
    expect(sizes).toEqual({ x: 3, y: 2 });
    expect(Object.values(sizes).reduce((a, b) => a + b, 0)).toBe(Buffer.byteLength(code));
  });

  it('keeps bytes no segment names (the wrapper the bundler writes) in a row of their own', () => {
    expect(bytesBySource('(x)', { sources: ['x'], mappings: 'CAAA,C' })).toEqual({
      [UNMAPPED]: 2,
      x: 1,
    });
  });

  it('moves an unmapped string literal (the inlined CSS) to the module it came from', () => {
    const code = 'f(":host{a:b}")';
    const sizes = { [UNMAPPED]: Buffer.byteLength(code) };
    creditLiteral(sizes, code, ':host{', 'styles.css');
    expect(sizes).toEqual({ [UNMAPPED]: 3, 'styles.css': 12 });
  });
});
