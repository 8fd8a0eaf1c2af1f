// `npm run build` step after tsc: bundle the report page's script into
// dist/report/html/page.bundle.js, which `rbac report --html` inlines.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePage, PAGE_BUNDLE_FILE } from './page-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const code = bundlePage(createRequire(import.meta.url)('esbuild'), root);
writeFileSync(join(root, 'dist/report/html', PAGE_BUNDLE_FILE), code);
console.error(`page bundle: ${(code.length / 1024).toFixed(0)} KiB -> dist/report/html/${PAGE_BUNDLE_FILE}`);
