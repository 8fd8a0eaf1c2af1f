// In a clone, after `npm ci`: links the package's own commands into node_modules/.bin, so
// `npx rbac ...` and `npx kubectl-rbac ...` run the built bundle at once. Without the link, npx
// does not find them locally and installs the project into its cache (running this build again,
// 10-40 s) or, outside a clone, fetches another package of that name. npm does not link a
// package's bins into its own node_modules; installs from a tarball or the registry never run this.
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './bundle.mjs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const binDir = join(ROOT, 'node_modules', '.bin');
if (existsSync(join(ROOT, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  for (const [name, target] of Object.entries(pkg.bin)) {
    const link = join(binDir, name);
    if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) rmSync(link, { force: true });
    symlinkSync(relative(dirname(link), join(ROOT, target)), link);
  }
}
