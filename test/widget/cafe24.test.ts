/**
 * The Cafe24 hand-off in the widget (src/widget/cafe24.ts): only on a page with Cafe24's
 * `MemberAction.snsLogin`, the ticket leaves in a top-level form POST (never a URL), and the
 * store's SSO starts once when the page comes back, within the ticket's 2 minutes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handOff, resume } from '../../src/widget/cafe24';

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
    expect(fields).toEqual({ ticket: 'hidden', back: 'hidden' });
    expect(new FormData(form).get('ticket')).toBe('ticket-1');
    expect(new FormData(form).get('back')).toBe(location.href);
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
