/**
 * Cafe24 tokens at rest (../sealed.ts): sealed with their own key derived from SESSION_SECRET, so
 * a copy of the SQLite file alone opens no store's Admin API. Anything without the `v1.` prefix is
 * a row written before encryption (migrated at start, token-store.ts).
 */
import { type Sealer, sealer } from '../sealed';

export { isSealed, type Sealer } from '../sealed';

export const tokenSealer = (sessionSecret: string): Sealer =>
  sealer(sessionSecret, 'cafe24-tokens/v1');
