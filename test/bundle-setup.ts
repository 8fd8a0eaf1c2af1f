// Vitest global setup: bundles the CLI from src/ before any test runs (esbuild, under a second),
// so the CLI tests always run the current source through the bundle users get, never a stale one.
import { bundleCli } from '../scripts/bundle.mjs';

export async function setup(): Promise<void> {
  await bundleCli();
}
