/** `POST ${backend}/api/exchange` (docs/backend.md "HTTP API"), its answer parsed, not cast. */
import {
  type ExchangeRequest,
  type ExchangeResponse,
  isApiErrorCode,
  type LoginErrorCode,
  type ShopperProfile,
} from '../contract';
import { LoginError, warn } from './errors';
import { isString, optionalStrings, prop } from './guards';

export const EXCHANGE_TIMEOUT_MS = 15_000;

const isProfile = (v: unknown): v is ShopperProfile =>
  isString(prop(v, 'id')) &&
  isString(prop(v, 'providerUserId')) &&
  optionalStrings(v, ['name', 'email', 'phone', 'image']);

export function isExchangeResponse(v: unknown): v is ExchangeResponse {
  const provider = prop(v, 'provider');
  const member = prop(prop(v, 'member'), 'status');
  return (
    (provider === 'kakao' || provider === 'naver') &&
    isProfile(prop(v, 'user')) &&
    (member === 'existing' || member === 'new') &&
    optionalStrings(v, ['ticket', 'welcome'])
  );
}

/** The code of the backend's `{error:{code,message}}`, if it is one we know. */
export function errorCodeOf(body: unknown): LoginErrorCode | undefined {
  const code = prop(prop(body, 'error'), 'code');
  return isApiErrorCode(code) ? code : undefined;
}

export async function exchange(
  backend: string,
  body: ExchangeRequest,
  timeoutMs: number = EXCHANGE_TIMEOUT_MS,
): Promise<ExchangeResponse> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response: Response;
  let json: unknown;
  try {
    response = await fetch(`${backend}/api/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // The backend authorises by Origin and the code, never by cookies.
      credentials: 'omit',
      signal: abort.signal,
    });
    json = await response.json().catch(() => undefined);
  } catch (cause) {
    throw new LoginError(
      'network_error',
      __DEBUG__ ? 'the login backend did not answer' : undefined,
      {
        cause,
      },
    );
  } finally {
    clearTimeout(timer);
  }
  if (response.ok && isExchangeResponse(json)) return json;
  const code = response.ok ? undefined : errorCodeOf(json);
  const error = prop(json, 'error');
  const reason = prop(error, 'reason');
  // The provider's code and what to do about it are for the merchant's console only; the shopper
  // sees the short, translated message for `code`.
  const hint = prop(error, 'hint');
  const providerCode = prop(error, 'providerCode');
  if (code && isString(hint))
    warn(`${code}${isString(providerCode) ? ` (${providerCode})` : ''}: ${hint}`, code);
  throw new LoginError(
    code ?? 'upstream_error',
    __DEBUG__ ? `exchange answered ${response.status}` : undefined,
    {
      reason: reason === 'member_deleted' || reason === 'age_restricted' ? reason : undefined,
    },
  );
}
