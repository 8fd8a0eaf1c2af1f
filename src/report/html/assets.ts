// The third-party browser code the HTML report inlines, read from node_modules when a report is
// built (so the page needs no network): graphology's UMD bundle and sigma.js v3's (both MIT).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface BrowserAssets {
  graphology: string;
  sigma: string;
}

let cached: BrowserAssets | undefined;

export function browserAssets(): BrowserAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // graphology's exports map hides package.json; its main entry sits next to the UMD bundle.
  const graphology = join(dirname(require.resolve('graphology')), 'graphology.umd.min.js');
  const sigma = join(dirname(require.resolve('sigma/package.json')), 'dist', 'sigma.min.js');
  cached = { graphology: readFileSync(graphology, 'utf8'), sigma: readFileSync(sigma, 'utf8') };
  return cached;
}
