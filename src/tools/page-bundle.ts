// How the report page's script is bundled: src/report/html/client/main.ts with the library
// modules it imports, graphology, sigma.js and ForceAtlas2, as one minified IIFE for the browser.
// Used by the build (build-page.ts, after tsc) and, when running from src/ (tests), on demand.
import { join } from 'node:path';

/** The little of esbuild's API used here (esbuild is a devDependency: never imported statically). */
interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[]; errors: unknown[] };
}

export const PAGE_BUNDLE_FILE = 'page.bundle.js';

export function bundlePage(esbuild: Esbuild, root: string): string {
  const out = esbuild.buildSync({
    entryPoints: [join(root, 'src/report/html/client/main.ts')],
    bundle: true,
    // 'browser': a node: builtin anywhere in the engine fails the build.
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles![0]!.text;
}
