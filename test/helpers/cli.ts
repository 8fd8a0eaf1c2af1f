// Runs the CLI as a user would: the bundle the package's bins point at (dist/bundle/rbac.mjs, made
// from src/ by test/bundle-setup.ts before the tests), piped, with NO_COLOR and no COLUMNS (so
// nothing wraps), capturing everything.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI_SCRIPT, CLI_SCRIPT_NAME } from '../../src/cli/bundle-layout.js';

export const repoRoot = join(import.meta.dirname, '../..');
/** The CLI users run: what package.json's bins point at. */
export const cliEntry = join(repoRoot, 'dist/bundle/rbac.mjs');

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
  const r = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: repoRoot,
    input: input ?? '',
    encoding: 'utf8',
    env: cliEnv(env),
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** A stack frame (`dist/bundle/rbac-cli.cjs:LINE:COLUMN`, as the bundle's code is named) at the first place `text` appears in the CLI bundle in `dir`. */
export function bundleFrame(dir: string, text: string): string {
  const lines = readFileSync(join(dir, CLI_SCRIPT), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text}: not in ${join(dir, CLI_SCRIPT)}`);
  return `${CLI_SCRIPT_NAME}:${i + 1}:${lines[i]!.indexOf(text) + 1}`;
}

/** 1-based line of the first line of a repository file that contains `text`. */
export const lineOf = (file: string, text: string): number => readFileSync(join(repoRoot, file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

/** Two spellings of one command: the same stdout, stderr and exit code, and a real answer. */
export function expectSameRun(args: string[], reference: string[]): void {
  const [a, b] = [rbac(args), rbac(reference)];
  expect(a.stderr).toBe(b.stderr);
  expect(a.stdout).toBe(b.stdout);
  expect(a.code).toBe(b.code);
  expect(a.stdout.length).toBeGreaterThan(0);
}
