// The report page's script: one bundle of client/main.ts with the library's engine, graphology,
// sigma.js and ForceAtlas2 (all MIT), made by the build (src/tools/build-page.ts) next to this
// file (dist/report/html/); the CLI bundle (dist/bundle/) finds it there too. Running from src/
// (tests), it is bundled on first use with the same options.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePage, PAGE_BUNDLE_FILE } from '../../tools/page-bundle.js';

let cached: string | undefined;

export function pageScript(): string {
  if (cached !== undefined) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  const built = [join(here, PAGE_BUNDLE_FILE), join(here, '../report/html', PAGE_BUNDLE_FILE)].find((f) => existsSync(f));
  if (built) cached = readFileSync(built, 'utf8');
  else if (existsSync(join(here, 'client/main.ts'))) cached = bundlePage(createRequire(import.meta.url)('esbuild'), join(here, '../../..'));
  else throw new Error(`the report page's script is missing (${join(here, PAGE_BUNDLE_FILE)}): run npm run build`);
  return cached;
}
