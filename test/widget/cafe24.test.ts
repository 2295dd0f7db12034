/**
 * The Cafe24 hand-off in the widget (src/widget/cafe24.ts): only on a page with Cafe24's
 * `MemberAction.snsLogin`, the ticket leaves in a top-level form POST (never a URL), and the
 * store's SSO starts once when the page comes back, within the ticket's 2 minutes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handOff, resume, socialLoginAllowed } from '../../src/widget/cafe24';

const BACKEND = 'https://auth.example.com';
let snsLogin: ReturnType<typeof vi.fn>;
let submitted: HTMLFormElement[];

beforeEach(() => {
  sessionStorage.clear();
  snsLogin = vi.fn();
  submitted = [];
  vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
    this: HTMLFormElement,
  ) {
    submitted.push(this);
  });
});

afterEach(() => {
  Reflect.deleteProperty(window, 'MemberAction');
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

const onCafe24 = () => Reflect.set(window, 'MemberAction', { snsLogin });
const returnTo = (path: string) => new URL(path, location.href);

describe('handing a verified shopper to the store SSO', () => {
  it('does nothing on a page that is not a Cafe24 store', () => {
    expect(handOff(BACKEND, 'ticket-1', returnTo('/myshop/index.html'))).toBe(false);
    expect(submitted).toEqual([]);
    expect(sessionStorage.length).toBe(0);
  });

  it('posts the ticket top-level to the backend, in hidden fields, never in the URL', () => {
    onCafe24();
    expect(handOff(BACKEND, 'ticket-1', returnTo('/myshop/index.html?tab=1'))).toBe(true);
    const [form] = submitted;
    expect(form?.method).toBe('post');
    expect(form?.action).toBe(`${BACKEND}/sso/handoff`);
    expect(form?.action).not.toContain('ticket');
    const fields = Object.fromEntries(
      [...(form?.querySelectorAll('input') ?? [])].map((input) => [input.name, input.type]),
    );
    expect(fields).toEqual({ ticket: 'hidden', back: 'hidden', nonce: 'hidden' });
    expect(new FormData(form).get('ticket')).toBe('ticket-1');
    expect(new FormData(form).get('back')).toBe(location.href);
    // 128 random bits binding the hand-off to this tab (asked back under a strict referrer policy).
    expect(new FormData(form).get('nonce')).toMatch(/^[\w-]{22}$/);
    expect(snsLogin).not.toHaveBeenCalled();
  });

  it('starts the store SSO once when the page comes back, with the encoded return path', () => {
    onCafe24();
    handOff(BACKEND, 'ticket-1', returnTo('/myshop/index.html?tab=1'));
    resume();
    expect(snsLogin).toHaveBeenCalledExactlyOnceWith('sso', '%2Fmyshop%2Findex.html%3Ftab%3D1');
    resume();
    expect(snsLogin).toHaveBeenCalledTimes(1);
  });

  it('never sends the shopper off the store: another origin becomes "/"', () => {
    onCafe24();
    handOff(BACKEND, 'ticket-1', new URL('https://evil.example/x'));
    resume();
    expect(snsLogin).toHaveBeenCalledWith('sso', '%2F');
  });

  it('ignores a mark older than the ticket’s 2 minutes', () => {
    onCafe24();
    handOff(BACKEND, 'ticket-1', returnTo('/'));
    resume(Date.now() + 120_001);
    expect(snsLogin).not.toHaveBeenCalled();
  });
});

describe('coming back from a hand-off the browser sent without naming the page', () => {
  // A skin's `no-referrer` or `same-origin` policy makes the form POST carry `Origin: null`: the
  // backend then sends the page back with `#sl_handoff=<confirmation>` for this tab to confirm.
  const comeBack = (confirmation: string) =>
    history.replaceState(null, '', `#sl_handoff=${confirmation}`);
  const nonceOf = () => new FormData(submitted[0]).get('nonce');

  it('confirms with the nonce it sent, takes the value out of the address, then starts the store SSO', async () => {
    onCafe24();
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    handOff(BACKEND, 'ticket-1', returnTo('/myshop/index.html'));
    comeBack('confirmation-1');
    resume();
    expect(location.hash).toBe('');
    expect(fetch).toHaveBeenCalledExactlyOnceWith(`${BACKEND}/api/handoff/confirm`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirmation: 'confirmation-1', nonce: nonceOf() }),
    });
    // The store's SSO waits for the answer: the session opens only once it is confirmed.
    expect(snsLogin).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(snsLogin).toHaveBeenCalledWith('sso', '%2Fmyshop%2Findex.html'));
  });

  it('confirms nothing on a tab that did not start a hand-off (a page an attacker sent it to)', () => {
    onCafe24();
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    comeBack('planted-confirmation');
    resume();
    expect(location.hash).toBe('');
    expect(fetch).not.toHaveBeenCalled();
    expect(snsLogin).not.toHaveBeenCalled();
  });

  it('still lets the store answer when the backend refuses, and tells the merchant once', async () => {
    onCafe24();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 400 }));
    handOff(BACKEND, 'ticket-1', returnTo('/'));
    comeBack('stale');
    resume();
    await vi.waitFor(() => expect(snsLogin).toHaveBeenCalledOnce());
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^\[social-login\] hand-off not confirmed \(400\).*#security$/),
    );
  });
});

describe('store rules', () => {
  it('hides the buttons on an age-restricted Cafe24 store', async () => {
    onCafe24();
    const fetch = vi.fn(async () =>
      Response.json({ socialLogin: false, reason: 'age_restricted' }),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await socialLoginAllowed(BACKEND)).toBe(false);
    expect(fetch).toHaveBeenCalledWith(`${BACKEND}/api/store-rules`, { credentials: 'omit' });
  });

  it('keeps the buttons when the backend cannot answer, and asks nothing off Cafe24', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    expect(await socialLoginAllowed(BACKEND)).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
    onCafe24();
    expect(await socialLoginAllowed(BACKEND)).toBe(true);
  });
});
