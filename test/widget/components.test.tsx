/**
 * The widget's views on their own (happy-dom, @testing-library/preact): what a shopper sees and
 * what a click does. The page's login status is a signal; changing it is wrapped in `act` so the
 * views have redrawn before the assertions.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { messages } from '../../src/widget/i18n';
import { parseOptions } from '../../src/widget/options';
import { status } from '../../src/widget/state';
import { EscapeRow } from '../../src/widget/ui/EscapeRow';
import { InAppNote } from '../../src/widget/ui/InAppNote';
import { KakaoButton, NaverButton } from '../../src/widget/ui/LoginButton';
import { StatusLine } from '../../src/widget/ui/StatusLine';
import { WelcomeNotice } from '../../src/widget/ui/WelcomeNotice';
import { Widget } from '../../src/widget/ui/Widget';
import { page } from './helpers';

const text = messages('en');
const buttonProps = () => ({
  text,
  iconOnly: false,
  lastUsed: false,
  busy: false,
  onLogin: vi.fn(),
  onIntent: vi.fn(),
});

afterEach(() => {
  cleanup();
  act(() => {
    status.value = { kind: 'idle' };
  });
  vi.unstubAllGlobals();
});

describe('KakaoButton and NaverButton', () => {
  it('are real buttons named in the page language, styleable as ::part(button kakao)', () => {
    render(
      <>
        <KakaoButton {...buttonProps()} />
        <NaverButton {...buttonProps()} />
      </>,
    );
    const kakao = screen.getByRole('button', { name: 'Login with Kakao' });
    expect(kakao.getAttribute('type')).toBe('button');
    expect(kakao.getAttribute('part')).toBe('button kakao');
    expect(screen.getByRole('button', { name: 'Log in with NAVER' }).getAttribute('part')).toBe(
      'button naver',
    );
  });

  it('start the login on click and warm up on hover or focus', () => {
    const props = buttonProps();
    render(<KakaoButton {...props} />);
    const button = screen.getByRole('button', { name: 'Login with Kakao' });
    fireEvent.pointerEnter(button);
    fireEvent.focus(button);
    expect(props.onIntent.mock.calls).toEqual([['kakao'], ['kakao']]);
    fireEvent.click(button);
    expect(props.onLogin).toHaveBeenCalledWith('kakao');
  });

  it('show only the mark in icon layout, still named by the label', () => {
    render(<NaverButton {...buttonProps()} iconOnly />);
    const button = screen.getByRole('button', { name: 'Log in with NAVER' });
    expect(button.textContent).toBe('');
    expect(button.getAttribute('title')).toBe('Log in with NAVER');
  });

  it('carry the "last used" badge as a description, beside (not inside) the centred label', () => {
    render(<KakaoButton {...buttonProps()} lastUsed />);
    const button = screen.getByRole('button', { name: 'Login with Kakao' });
    const badge = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(badge?.textContent).toBe('Last used');
    expect(badge?.parentElement).toBe(button);
    expect(button.querySelector('.c')?.textContent).toBe('Login with Kakao');
  });

  it('say they are busy while their login is under way', () => {
    render(<KakaoButton {...buttonProps()} busy />);
    expect(screen.getByRole('button').getAttribute('aria-busy')).toBe('true');
  });
});

describe('StatusLine', () => {
  it('is quiet while nothing happens, its two regions already in the room kept for them, then says "signing in…" politely', () => {
    const { container } = render(<StatusLine text={text} onRetry={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByRole('alert').textContent).toBe('');
    // One grid cell for both (styles.css `.st`): a status never pushes the store's page.
    const line = container.querySelector('.st');
    expect(line?.contains(screen.getByRole('status'))).toBe(true);
    expect(line?.contains(screen.getByRole('alert'))).toBe(true);
    act(() => {
      status.value = { kind: 'redirecting', provider: 'naver' };
    });
    expect(screen.getByRole('status').textContent).toBe('Signing in…');
  });

  it('shows an error in the alert with a retry button', () => {
    const onRetry = vi.fn();
    render(<StatusLine text={text} onRetry={onRetry} />);
    act(() => {
      status.value = { kind: 'error', code: 'network_error', message: '', provider: 'kakao' };
    });
    expect(screen.getByRole('alert').textContent).toContain('Couldn’t reach the login service.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('reads a cancelled login calmly: a status, not an alert, with a real retry button', () => {
    render(<StatusLine text={text} onRetry={vi.fn()} />);
    act(() => {
      status.value = { kind: 'error', code: 'access_denied', message: '', provider: 'naver' };
    });
    const line = screen.getByRole('status');
    expect(line.textContent).toContain('Login was cancelled.');
    expect(line.classList.contains('e')).toBe(false);
    expect(screen.getByRole('alert').textContent).toBe('');
    expect(screen.getByRole('button', { name: 'Try again' }).tagName).toBe('BUTTON');
  });

  it('offers no retry when no provider is known', () => {
    render(<StatusLine text={text} onRetry={vi.fn()} />);
    act(() => {
      status.value = { kind: 'error', code: 'state_mismatch', message: '', provider: null };
    });
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('InAppNote and EscapeRow', () => {
  it('explains Kakao-only mode in one line, as ::part(note)', () => {
    const { container } = render(<InAppNote text={text} />);
    expect(container.textContent).toBe('In KakaoTalk, log in with Kakao.');
    expect(container.firstElementChild?.getAttribute('part')).toBe('note');
  });

  it('says why to leave the app, then links out where the app has a way', () => {
    render(
      <EscapeRow text={text} href="https://shop.example/" external="intent://shop.example/" />,
    );
    expect(screen.getByText('To log in, open this page in Safari or Chrome.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open in browser' }).getAttribute('href')).toBe(
      'intent://shop.example/',
    );
  });

  it('copies the link where there is no way out, and ticks it once copied', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<EscapeRow text={text} href="https://shop.example/p/1" external={null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await vi.waitFor(() => expect(screen.getByRole('button').textContent).toBe('Copy link ✓'));
    expect(writeText).toHaveBeenCalledWith('https://shop.example/p/1');
  });

  it('shows the address itself when the clipboard is refused', async () => {
    const writeText = vi.fn(() => Promise.reject(new Error('denied')));
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<EscapeRow text={text} href="https://shop.example/p/1" external={null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await vi.waitFor(() => expect(screen.getByText('https://shop.example/p/1')).toBeTruthy());
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('WelcomeNotice', () => {
  it('shows the title and lines, and closes with its button', () => {
    const onClose = vi.fn();
    const notice = {
      title: 'Welcome!',
      lines: ['A coupon is waiting.', '500 points'],
      close: 'Close',
    };
    render(<WelcomeNotice notice={notice} onClose={onClose} />);
    expect(screen.getByRole('status').textContent).toContain('A coupon is waiting.500 points');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('Widget', () => {
  const options = () => {
    const parsed = parseOptions(
      [{ attribute: true, values: { backend: 'https://auth.example.com', lang: 'en' } }],
      page(),
    ).options;
    if (!parsed) throw new Error('options');
    return parsed;
  };
  const handlers = () => ({ onLogin: vi.fn(), onIntent: vi.fn(), onRetry: vi.fn() });

  it("draws the providers' official buttons by default, the dark-label Naver as the accessible theme", () => {
    const { container, rerender } = render(
      <Widget options={options()} providers={['kakao', 'naver']} lastUsed={null} {...handlers()} />,
    );
    expect(container.firstElementChild?.className).toBe('w vertical medium rounded brand');
    rerender(
      <Widget
        options={{ ...options(), theme: 'accessible' }}
        providers={['kakao', 'naver']}
        lastUsed={null}
        {...handlers()}
      />,
    );
    expect(container.firstElementChild?.className).toBe('w vertical medium rounded accessible');
  });

  it('shows the buttons in the given order, the badge on the last used one', () => {
    render(
      <Widget
        options={options()}
        providers={['naver', 'kakao']}
        lastUsed="kakao"
        {...handlers()}
      />,
    );
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.dataset.provider)).toEqual(['naver', 'kakao']);
    expect(buttons[1]?.hasAttribute('aria-describedby')).toBe(true);
  });

  it('hides the buttons during the automatic login, keeping their room, leaving only "signing in…"', () => {
    render(<Widget options={options()} providers={['kakao']} lastUsed={null} {...handlers()} />);
    act(() => {
      status.value = { kind: 'redirecting', provider: 'kakao', silent: true };
    });
    // `q` is `visibility: hidden` (styles.css): the page does not move while it leaves.
    expect(screen.getByRole('button', { hidden: true }).closest('.l')?.className).toBe('l q');
    expect(screen.getByRole('status').textContent).toBe('Signing in…');
    act(() => {
      status.value = { kind: 'idle' };
    });
    expect(screen.getByRole('button', { name: 'Login with Kakao' })).toBeTruthy();
  });

  it('retries the failed provider with where the attempt was going', () => {
    const on = handlers();
    render(<Widget options={options()} providers={['kakao', 'naver']} lastUsed={null} {...on} />);
    act(() => {
      status.value = {
        kind: 'error',
        code: 'upstream_error',
        message: '',
        provider: 'naver',
        returnTo: 'https://shop.example/cart',
      };
    });
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(on.onRetry).toHaveBeenCalledWith('naver', 'https://shop.example/cart');
  });
});
