// A folder where the docs' commands and library snippets run as a user would run them: the
// repository's samples at their documented paths, `manifests/` and `deploy/` (the docs' name for
// "your manifests") as the add-on samples, the package installed under its published name, and
// `rbac`, `kubectl-rbac` and `npx rbac` on PATH running the built CLI. A shim records every rbac
// run that exits 2, 3 or 70 (usage or unreadable input, cluster unreachable, internal error; 4 is
// --strict doing its job), so a command the docs show without output still has to work.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export interface DocSandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  rcLog: string;
  packageName: string;
}

const which = (cmd: string) => execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();

/** `kubeconfig`: the file that `rbac` without `-f` reads, as a user's current context. */
export function docSandbox(kubeconfig: string): DocSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'rbac-docs-'));
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
  for (const entry of ['samples', 'test', 'queries', 'docs', 'dist', 'src', 'package.json', 'tsconfig.json']) symlinkSync(join(repoRoot, entry), join(dir, entry));
  symlinkSync(join(repoRoot, 'samples/addons'), join(dir, 'manifests'));
  symlinkSync(join(repoRoot, 'samples/addons'), join(dir, 'deploy'));
  // The docs' "your own checks" and "your exclusions" are the shipped examples of each.
  for (const name of ['rbac-checks', 'our-checks']) symlinkSync(join(repoRoot, 'samples/checks'), join(dir, name));
  symlinkSync(join(repoRoot, 'samples/exclusions.yaml'), join(dir, 'rbac-exclusions.yaml'));
  mkdirSync(join(dir, 'node_modules', ...pkg.name.split('/').slice(0, -1)), { recursive: true });
  symlinkSync(repoRoot, join(dir, 'node_modules', pkg.name));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  const rcLog = join(dir, '.rbac-exit-codes');
  const cli = join(repoRoot, Object.values(pkg.bin)[0]!);
  const shim = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const run = `"${process.execPath}" "${cli}" "$@"; rc=$?; [ $rc -ge 2 ] && [ $rc -ne 4 ] && echo "$rc rbac $*" >> "${rcLog}"; exit $rc`;
  shim('rbac', run);
  shim('kubectl-rbac', run);
  shim(pkg.name.split('/').at(-1)!, run);
  // The docs' install steps have already happened in this checkout; `npm test` would recurse.
  shim('npm', `case "$1" in ci|install|test|link) exit 0;; esac; exec "${which('npm')}" "$@"`);
  shim('npx', `if [ "$1" = rbac ] || [ "$1" = kubectl-rbac ] || [ "$1" = "${pkg.name}" ]; then shift; exec "${bin}/rbac" "$@"; fi; exec "${which('npx')}" "$@"`);
  const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: dir, NO_COLOR: '1', COLUMNS: '100', LANG: 'C.UTF-8', KUBECONFIG: kubeconfig };
  return { dir, env, rcLog, packageName: pkg.name };
}
