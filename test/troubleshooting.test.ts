/**
 * docs/troubleshooting.md: every error code the widget can report has a row in the table and an
 * entry (cause, what the merchant does) under a heading whose anchor is the code, which is where
 * the widget's console line links (src/widget/errors.ts).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS, WIDGET_ERROR_CODES } from '../src/contract';

const section = await readFile(new URL('../docs/troubleshooting.md', import.meta.url), 'utf8');
const tableCodes = [...section.matchAll(/^\| `([a-z_]+)` +\|/gm)].map((m) => m[1]);
const codes = [...new Set([...Object.keys(API_ERROR_STATUS), ...WIDGET_ERROR_CODES])].filter(
  (code) => code !== 'not_found' && code !== 'internal_error',
);

/** The entry under `## <code>`, up to the next heading. */
function entry(code: string): string | undefined {
  const start = section.indexOf(`\n## ${code}\n`);
  if (start < 0) return undefined;
  const end = section.indexOf('\n## ', start + 1);
  return section.slice(start, end < 0 ? undefined : end);
}

describe('the troubleshooting page', () => {
  it('has a table row for every code a login can fail with', () => {
    expect([...tableCodes].sort()).toEqual([...codes].sort());
  });

  it.each(codes)('explains %s: its cause and what the merchant does', (code) => {
    const text = entry(code);
    expect(text, `## ${code}`).toBeDefined();
    expect(text).toContain('**Cause**');
    expect(text).toContain('**What you do**');
  });

  it('lists the provider codes the backend reports under upstream_error', () => {
    for (const providerCode of ['KOE010', 'KOE101', 'KOE006', 'invalid_client'])
      expect(entry('upstream_error')).toContain(`\`${providerCode}\``);
  });
});
