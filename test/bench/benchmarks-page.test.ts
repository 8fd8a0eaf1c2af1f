// docs/benchmarks.md is written by `npm run bench` (src/bench/run.ts): the generated tables, then
// docs/benchmarks-targets.md, kept by hand, appended as it is. A figure recorded in
// benchmarks.md alone is lost at the next run, so the two must agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

test('docs/benchmarks.md ends with docs/benchmarks-targets.md, as npm run bench appends it', () => {
  const page = readFileSync(join(repoRoot, 'docs/benchmarks.md'), 'utf8');
  const targets = readFileSync(join(repoRoot, 'docs/benchmarks-targets.md'), 'utf8');
  const at = page.indexOf(targets.split('\n')[0]!);
  expect(at).toBeGreaterThan(0);
  expect(page.slice(at - 1)).toBe(`\n${targets}`);
});
