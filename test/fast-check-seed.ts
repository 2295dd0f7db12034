/**
 * Replays a property test's failure: fast-check prints `seed: N` when a property fails, and
 * `FC_SEED=N npx vitest run test/…` runs every property with that seed (and the path it printed,
 * with FC_PATH) instead of a fresh random one.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') {
  const path = process.env.FC_PATH;
  fc.configureGlobal({ seed: Number(seed), ...(path ? { path } : {}) });
}
