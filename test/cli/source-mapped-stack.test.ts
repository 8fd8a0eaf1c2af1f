// An internal error's stack trace names src/ files and lines, though the CLI runs a bundle: the
// frames are mapped through the bundle's .map file when the error is reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_CODE_CACHE, CLI_SCRIPT, CLI_SCRIPT_NAME } from '../../src/cli/bundle-layout.js';
import { requireCompiled } from '../../src/cli/code-cache.js';
import { sourceMappedStack } from '../../src/cli/source-mapped-stack.js';
import { bundleFrame, lineOf, repoRoot } from '../helpers/cli.js';

const bundleDir = join(repoRoot, 'dist/bundle');
const bundleFile = join(bundleDir, CLI_SCRIPT);

describe('sourceMappedStack', () => {
  it.each([
    ['visible', 'function visible(', 'src/cli/run.ts', 'export function visible('],
    ['decodeText', 'function decodeText(', 'src/collect/decode.ts', 'export function decodeText('],
  ])('maps a frame in the bundle (%s) to its src/ file and line', (fn, inBundle, file, inSource) => {
    const mapped = sourceMappedStack(`TypeError: x\n    at ${fn} (${bundleFrame(bundleDir, inBundle)})`, bundleFile);
    expect(mapped).toBe(`TypeError: x\n    at ${fn} (${join(repoRoot, file)}:${lineOf(file, inSource)}:${mapped.split(':').pop()!.replace(')', '')})`);
  });

  it('leaves frames outside the bundle as they are, and the bundle\'s own when its map is missing', () => {
    const stack = `Error: x\n    at f (node:internal/x:1:2)\n    at g (/elsewhere/${CLI_SCRIPT_NAME}:3:4)\n    at h (/work/a.js:5:6)`;
    expect(sourceMappedStack(stack, bundleFile)).toBe(stack);
    const own = `Error: x\n    at f (${bundleFrame(bundleDir, 'function visible(')})`;
    expect(sourceMappedStack(own, join(repoRoot, 'nowhere', CLI_SCRIPT))).toBe(own);
  });

  it('an internal error in the bundle as users run it, from its code cache, names src/ files', async () => {
    // hoistLeadingOptions meets a word that is not a string: a TypeError inside the bundle's code.
    const { exports } = requireCompiled(bundleFile, join(bundleDir, CLI_CODE_CACHE), CLI_SCRIPT_NAME);
    let err = '';
    const io = { out: () => undefined, err: (t: string) => void (err += t), write: async () => undefined };
    const code = await (exports as { run: (argv: unknown[], io: unknown) => Promise<number> }).run([5], io);
    expect(code).not.toBe(0);
    expect(err).toMatch(/^internal error/);
    expect(err).toContain(`at hoistLeadingOptions (${join(repoRoot, 'src/cli/argv.ts')}:${lineOf('src/cli/argv.ts', "if (word === '-' || !word.startsWith('-')) break;")}:`);
    expect(err).not.toContain(CLI_SCRIPT_NAME);
  });

  it.each([['rbac.mjs'], [CLI_SCRIPT]])('%s starts without Node\'s source maps turned on (they cost every run its module line counts)', (file) => {
    expect(readFileSync(join(bundleDir, file), 'utf8')).not.toMatch(/setSourceMapsEnabled|enable-source-maps/);
  });
});
