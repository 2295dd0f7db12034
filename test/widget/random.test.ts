import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier } from '../../src/widget/pkce';
import { base64url, randomToken } from '../../src/widget/random';

describe('random values', () => {
  it('makes 128-bit base64url state and nonce values: 22 characters, all different', () => {
    const values = new Set(Array.from({ length: 200 }, () => randomToken()));
    expect(values.size).toBe(200);
    for (const value of values) expect(value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('encodes base64url without padding', () => {
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });
});

describe('PKCE (RFC 7636)', () => {
  it('makes a 43-character verifier of unreserved characters', () => {
    expect(createCodeVerifier()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    await expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
