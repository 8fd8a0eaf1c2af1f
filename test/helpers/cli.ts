// Runs the built CLI as a user would (node dist/cli/main.js), with NO_COLOR, capturing everything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function rbac(args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/cli/main.js'), ...args], {
    cwd: repoRoot,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
