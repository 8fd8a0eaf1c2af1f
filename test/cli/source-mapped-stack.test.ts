// An internal error's stack trace names src/ files and lines, though the CLI runs a bundle: the
// frames are mapped through the bundle's .map files when the error is reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../src/cli/source-mapped-stack.js';
import { bundleFrame, lineOf, repoRoot } from '../helpers/cli.js';

const bundleDir = join(repoRoot, 'dist/bundle');

describe('sourceMappedStack', () => {
  it.each([
    ['visible', 'function visible(', 'src/cli/run.ts', 'export function visible('],
    ['decodeText', 'function decodeText(', 'src/collect/decode.ts', 'export function decodeText('],
  ])('maps a frame in the bundle (%s) to its src/ file and line', (fn, inBundle, file, inSource) => {
    const mapped = sourceMappedStack(`TypeError: x\n    at ${fn} (${bundleFrame(bundleDir, inBundle)})`);
    expect(mapped).toBe(`TypeError: x\n    at ${fn} (${join(repoRoot, file)}:${lineOf(file, inSource)}:${mapped.split(':').pop()!.replace(')', '')})`);
  });

  it('leaves frames outside the bundle, and chunks without a map, as they are', () => {
    const stack = 'Error: x\n    at f (node:internal/x:1:2)\n    at g (file:///nowhere/chunk.mjs:3:4)\n    at h (/work/a.js:5:6)';
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('the bundle starts without Node\'s source maps turned on (they cost every run its module line counts)', () => {
    expect(readFileSync(join(bundleDir, 'rbac.mjs'), 'utf8')).not.toMatch(/setSourceMapsEnabled|enable-source-maps/);
  });
});
