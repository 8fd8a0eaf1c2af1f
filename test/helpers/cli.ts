// Runs the CLI as a user would: the bundle the package's bins point at (dist/bundle/rbac.mjs, made
// from src/ by test/bundle-setup.ts before the tests), with NO_COLOR, capturing everything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');
/** The CLI users run: what package.json's bins point at. */
export const cliEntry = join(repoRoot, 'dist/bundle/rbac.mjs');

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function rbac(args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: repoRoot,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
