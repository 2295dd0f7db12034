/**
 * Store rules from Cafe24's social login manual ("Social login settings", serviceguide.cafe24.com/en_US/PM.SN.LI.html):
 * - "For age-restricted stores, social media login cannot be used since it does not call the date
 *   of birth data" → STORE_AGE_RESTRICTED=1: /api/exchange answers 403 login_blocked and
 *   `GET /api/store-rules` tells the widget to render nothing.
 * - A deleted member cannot rejoin with the same social account → tombstones (members.ts).
 * - A changed App ID is a new store → the provider app id is part of every subject (sso/subject.ts).
 */
import { Hono } from 'hono';
import { STORE_RULES_PATH, type StoreRules as StoreRulesBody } from '../contract';
import { ApiError } from './errors';

export interface StoreRules {
  ageRestricted: boolean;
}

export const AGE_RESTRICTED_MESSAGE =
  'this store is age-restricted: social login cannot verify a date of birth, so it is not available here; log in with a store ID';

export function rulesBody(rules: StoreRules): StoreRulesBody {
  return rules.ageRestricted
    ? { socialLogin: false, reason: 'age_restricted' }
    : { socialLogin: true };
}

/** Throws login_blocked when the store's rules refuse every social login. */
export function assertSocialLoginAllowed(rules: StoreRules): void {
  if (rules.ageRestricted)
    throw new ApiError('login_blocked', AGE_RESTRICTED_MESSAGE, { reason: 'age_restricted' });
}

/** Public and cacheable for a minute: the same answer for every shopper. */
export function storeRulesRoute(rules: StoreRules): Hono {
  const app = new Hono();
  app.get(STORE_RULES_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(rulesBody(rules));
  });
  return app;
}
