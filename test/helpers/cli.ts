// Runs the built CLI as a user would (node dist/cli/main.js), piped, with NO_COLOR and no COLUMNS
// (so nothing wraps), capturing everything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** The environment of a run: the test's own, without width or colour settings, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { COLUMNS: _c, FORCE_COLOR: _f, NO_COLOR: _n, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1', ...env };
}

export function rbac(args: string[], input?: string, env?: Record<string, string>): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/cli/main.js'), ...args], {
    cwd: repoRoot,
    input: input ?? '',
    encoding: 'utf8',
    env: cliEnv(env),
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
