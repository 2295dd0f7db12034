import type { MallState } from './state';

export interface Cafe24ApiContext {
  clientId: string;
  clientSecret: string;
  /** Exact-match list; omitted, any http(s) URI. */
  redirectUris?: string[];
  now: () => number;
  bucketSize: number;
  drainPerSecond: number;
  /** A mall's state, created on first use. */
  mall(mallId: string): MallState;
}
