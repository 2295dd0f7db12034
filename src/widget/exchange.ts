/** `POST ${backend}/api/exchange` (docs/backend.md "HTTP API"), its answer read by the contract's guards. */
import {
  EXCHANGE_PATH,
  type ExchangeRequest,
  type ExchangeResponse,
  isExchangeResponse,
  readError,
} from '../contract';
import { LoginError, warn } from './errors';

export const EXCHANGE_TIMEOUT_MS = 15_000;

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
    response = await fetch(backend + EXCHANGE_PATH, {
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
  const error = response.ok ? undefined : readError(json);
  // The provider's code and what to do about it are for the merchant's console only; the shopper
  // sees the short, translated message for `code`.
  if (error?.hint)
    warn(
      `${error.code}${error.providerCode ? ` (${error.providerCode})` : ''}: ${error.hint}`,
      error.code,
    );
  throw new LoginError(
    error?.code ?? 'upstream_error',
    __DEBUG__ ? `exchange answered ${response.status}` : undefined,
    {
      reason: error?.reason,
    },
  );
}
