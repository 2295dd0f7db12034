import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { type Cafe24Api, type Cafe24ApiOptions, createCafe24Api } from './cafe24-api/index';
import { ExpiringStore } from './codes';
import {
  CODE_TTL_SECONDS,
  type CodeGrant,
  type PendingAuthorization,
  type SandboxContext,
  type SandboxProvider,
  type SigningKey,
  type TokenGrant,
} from './context';
import { SANDBOX_APP_NAME, SANDBOX_CREDENTIALS } from './defaults';
import { Faults, type SandboxFault, type SandboxFaultTarget } from './faults';
import { isRegisteredRedirect } from './http';
import { kakaoApiRoutes } from './kakao-api';
import { kakaoAuthRoutes, kakaoScope } from './kakao-auth';
import { naverApiRoutes } from './naver-api';
import { naverAuthRoutes } from './naver-auth';
import { findShopper, type SandboxShopper, scriptShopper } from './shoppers';

/**
 * Offline stand-ins for Kakao and Naver login that speak their documented protocols, so the
 * widget and the backend run the same code against the sandbox as against the real providers.
 * Mount it with `parent.route('/sandbox', sandbox.app)`; below the mount point:
 *   /kauth   Kakao authorization server (authorize, token, OIDC discovery, JWKS)
 *   /kapi    Kakao API (/v2/user/me)
 *   /nid     Naver login (/oauth2.0/authorize, /oauth2.0/token)
 *   /openapi Naver API (/v1/nid/me)
 *   /kakao.js stand-in Kakao JS SDK
 */

export type { SandboxFault, SandboxFaultTarget } from './faults';
export type { SandboxShopper } from './shoppers';
export { SANDBOX_SHOPPERS } from './shoppers';

export interface SandboxOptions {
  /** Public URL of the sandbox root, e.g. 'http://localhost:8787/sandbox'. */
  baseUrl: string;
  kakao?: {
    appName?: string;
    jsKey?: string;
    restKey?: string;
    /** '' models an app with "client secret" switched off. */
    clientSecret?: string;
    /** Exact-match list; omitted, every http(s) URI is accepted. */
    redirectUris?: string[];
    /** OpenID Connect enabled for the app (default true): tokens carry an id_token. */
    oidc?: boolean;
  };
  naver?: {
    appName?: string;
    clientId?: string;
    clientSecret?: string;
    callbackUrls?: string[];
  };
  /** Millisecond clock, for expiry tests. */
  now?: () => number;
  /** The Cafe24 Admin API stand-in (credentials, bucket size), mounted at /cafe24-api. */
  cafe24Api?: Cafe24ApiOptions;
}

export interface IssueCodeParams {
  redirectUri: string;
  state?: string;
  nonce?: string;
  shopper?: Partial<SandboxShopper>;
  codeChallenge?: string;
  /** Default S256 when a challenge is given. */
  codeChallengeMethod?: 'S256' | 'plain';
  /** Kakao consent items (comma or space separated) on top of the app's defaults. */
  scope?: string;
}

export interface Sandbox {
  /** Routes relative to the sandbox root. */
  app: Hono;
  /** The Cafe24 Admin API stand-in: seed members, coupons and points; read its stats. */
  cafe24Api: Cafe24Api;
  /** One-shot: affects the next request to `target` only. */
  injectFault(target: SandboxFaultTarget, fault: SandboxFault): void;
  /** A code as if `shopper` had just consented, for backend tests that skip the browser. */
  issueCode(provider: SandboxProvider, p: IssueCodeParams): Promise<string>;
  /** Forgets codes, tokens and faults, and releases hanging requests. */
  reset(): void;
}

const KAKAO_SDK = readFileSync(new URL('./public/kakao.js', import.meta.url));

export function createSandbox(options: SandboxOptions): Sandbox {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const root = new URL(baseUrl);
  const now = options.now ?? Date.now;
  let signingKey: Promise<SigningKey> | undefined;

  const ctx: SandboxContext = {
    baseUrl,
    cookiePath: root.pathname === '' ? '/' : root.pathname,
    secureCookies: root.protocol === 'https:',
    now,
    kakao: {
      appName: options.kakao?.appName ?? SANDBOX_APP_NAME,
      jsKey: options.kakao?.jsKey ?? SANDBOX_CREDENTIALS.kakaoJsKey,
      restKey: options.kakao?.restKey ?? SANDBOX_CREDENTIALS.kakaoRestKey,
      clientSecret: options.kakao?.clientSecret ?? SANDBOX_CREDENTIALS.kakaoClientSecret,
      redirectUris: options.kakao?.redirectUris,
      oidc: options.kakao?.oidc ?? true,
    },
    naver: {
      appName: options.naver?.appName ?? SANDBOX_APP_NAME,
      clientId: options.naver?.clientId ?? SANDBOX_CREDENTIALS.naverClientId,
      clientSecret: options.naver?.clientSecret ?? SANDBOX_CREDENTIALS.naverClientSecret,
      callbackUrls: options.naver?.callbackUrls,
    },
    codes: new ExpiringStore<CodeGrant>(now),
    tokens: new ExpiringStore<TokenGrant>(now),
    pending: new ExpiringStore<PendingAuthorization>(now),
    faults: new Faults(),
    // Generated on first use, so creating a sandbox stays synchronous and cheap; kept across
    // reset() like a provider's published keys.
    signingKey: () => {
      signingKey ??= createSigningKey();
      return signingKey;
    },
  };

  const app = new Hono();
  app.route('/kauth', kakaoAuthRoutes(ctx));
  app.route('/kapi', kakaoApiRoutes(ctx));
  app.route('/nid', naverAuthRoutes(ctx));
  app.route('/openapi', naverApiRoutes(ctx));
  const cafe24Api = createCafe24Api({ now, ...options.cafe24Api });
  app.route('/cafe24-api', cafe24Api.app);
  app.get('/kakao.js', (c) => {
    // Loaded cross-origin with `integrity` and `crossorigin="anonymous"`, which needs CORS.
    c.header('content-type', 'application/javascript; charset=utf-8');
    c.header('access-control-allow-origin', '*');
    c.header('cross-origin-resource-policy', 'cross-origin');
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'no-cache');
    return c.body(KAKAO_SDK);
  });
  app.get('/avatars/:file', (c) => {
    const shopper = findShopper(c.req.param('file').replace(/\.svg$/, ''));
    c.header('content-type', 'image/svg+xml');
    c.header('access-control-allow-origin', '*');
    c.header('cross-origin-resource-policy', 'cross-origin');
    c.header('x-content-type-options', 'nosniff');
    return c.body(avatarSvg(shopper?.name.charAt(0) ?? '?'));
  });

  return {
    app,
    cafe24Api,
    injectFault: (target, fault) => ctx.faults.inject(target, fault),
    async issueCode(provider, p) {
      const registered = provider === 'kakao' ? ctx.kakao.redirectUris : ctx.naver.callbackUrls;
      if (!isRegisteredRedirect(p.redirectUri, registered)) {
        throw new Error(
          `issueCode: redirectUri ${p.redirectUri} is not registered for ${provider}`,
        );
      }
      const grant: CodeGrant = {
        provider,
        redirectUri: p.redirectUri,
        state: p.state,
        nonce: p.nonce,
        scope: provider === 'kakao' ? kakaoScope(ctx, p.scope) : '',
        shopper: scriptShopper(p.shopper),
        codeChallenge: p.codeChallenge,
        codeChallengeMethod:
          p.codeChallenge === undefined ? undefined : (p.codeChallengeMethod ?? 'S256'),
        authTime: Math.floor(now() / 1000),
      };
      return ctx.codes.issue(grant, CODE_TTL_SECONDS);
    },
    reset() {
      ctx.codes.clear();
      ctx.tokens.clear();
      ctx.pending.clear();
      ctx.faults.reset();
      cafe24Api.reset();
    },
  };
}

async function createSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

/** A plain initial on a circle: profile images that never leave the machine. */
function avatarSvg(initial: string): string {
  const letter = initial.replace(/[<>&"']/g, '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><circle cx="80" cy="80" r="80" fill="#d9d9d9"/><text x="80" y="100" font-size="64" text-anchor="middle" font-family="sans-serif" fill="#555">${letter}</text></svg>`;
}
