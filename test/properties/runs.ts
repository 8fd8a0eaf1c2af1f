// How many runs each property gets: BASE x RBAC_PROP_RUNS (default 1, so `npm test` stays fast;
// `npm run test:props` sets 100). The seed is fixed so a failure is reproducible; fast-check
// prints the shrunk counterexample and the path to replay it.
import type { Parameters } from 'fast-check';

export const PROP_RUNS = Math.max(0.01, Number(process.env.RBAC_PROP_RUNS ?? 1) || 1);
export const SEED = Number(process.env.RBAC_PROP_SEED ?? 20250611);

export function runs<T>(base: number): Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(base * PROP_RUNS)) };
}

/** A time budget for one test that grows with the number of runs. */
export function budgetMs(baseMs: number): number {
  return Math.max(60_000, Math.round(baseMs * PROP_RUNS));
}
