// The CLI bundle starts from a V8 code cache made by the build (src/cli/code-cache.ts). A cache
// may only ever make a start faster: whatever is wrong with it, the file's own code runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_CODE_CACHE, CLI_SCRIPT, CLI_SCRIPT_NAME } from '../../src/cli/bundle-layout.js';
import { requireCompiled, writeCodeCache, type CacheUse } from '../../src/cli/code-cache.js';
import { cliEnv, repoRoot } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rbac-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module like the bundle: CommonJS, requiring a built-in, a function compiled only when called.
const moduleSource = (answer: number) => `const { basename } = require('node:path');\nexports.answer = () => ${answer};\nexports.file = basename(__filename);\n`;

const HEADER = 12; // ours: CRC-32 and length of the source, CRC-32 of V8's data

const unchanged = (c: Buffer) => c;
const flip = (at: number) => (c: Buffer) => {
  const d = Buffer.from(c);
  d[at] = d[at]! ^ 0xff;
  return d;
};
/** V8's data made wrong in V8's own header (its magic number), with our CRC of it made right again.
 * (A change further in is not caught by a release V8, and can crash the process: the CRC's job.) */
const v8Refuses = (c: Buffer) => {
  const d = flip(HEADER)(c);
  d.writeUInt32LE(crc32(d.subarray(HEADER)), 8);
  return d;
};

describe('requireCompiled', () => {
  it.each<[string, string | undefined, (c: Buffer) => Buffer, CacheUse]>([
    ['no cache file: compiled from the source', undefined, unchanged, 'absent'],
    ['the cache of this source: used', moduleSource(42), unchanged, 'used'],
    ['a cache of another source of the same length, which V8 alone would take: not used', moduleSource(41), unchanged, 'stale'],
    ['a cache whose data changed after it was made: not used', moduleSource(42), flip(100), 'damaged'],
    ['a cache cut short: not used', moduleSource(42), (c) => c.subarray(0, 6), 'damaged'],
    ['a cache V8 refuses (another Node, other V8 flags): compiled from the source', moduleSource(42), v8Refuses, 'rejected'],
  ])('%s', (name, madeFrom, damage, use) => {
    const file = join(dir, `${name.replace(/\W+/g, '-').slice(0, 30)}.cjs`);
    const cacheFile = `${file}.cache`;
    if (madeFrom !== undefined) {
      // The cache of madeFrom, made after a run (so answer() is compiled in it), then damaged. Made
      // under another name: V8 would find the same name and source in its in-memory cache and
      // not look at the data at all, as it never does in a fresh process.
      writeFileSync(file, madeFrom);
      const made = requireCompiled(file, cacheFile, `${file} (making its cache)`);
      (made.exports as { answer: () => number }).answer();
      writeCodeCache(made, cacheFile);
      writeFileSync(cacheFile, damage(readFileSync(cacheFile)));
    }
    writeFileSync(file, moduleSource(42));
    const loaded = requireCompiled(file, cacheFile);
    const exports = loaded.exports as { answer: () => number; file: string };
    expect({ cache: loaded.cache, answer: exports.answer(), file: exports.file }).toEqual({ cache: use, answer: 42, file: file.split('/').pop() });
  });

  it('a cache that cannot be written leaves nothing behind and says why', () => {
    const file = join(dir, 'unwritable.cjs');
    writeFileSync(file, moduleSource(42));
    const target = join(dir, 'unwritable.cache');
    mkdirSync(join(target, 'in-the-way'), { recursive: true }); // a folder where the cache goes
    expect(() => writeCodeCache(requireCompiled(file, target), target)).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir).filter((f) => f.startsWith('unwritable.cache.tmp'))).toEqual([]);
  });

  it('the build\'s cache is the bundle\'s, and a fresh node process (as users start the CLI) takes it', () => {
    // dist/cli/code-cache.js is the tsc build of the same module (npm test builds first).
    const bundle = join(repoRoot, 'dist/bundle');
    const script = `import { requireCompiled } from ${JSON.stringify(join(repoRoot, 'dist/cli/code-cache.js'))};
      process.stdout.write(requireCompiled(${JSON.stringify(join(bundle, CLI_SCRIPT))}, ${JSON.stringify(join(bundle, CLI_CODE_CACHE))}, ${JSON.stringify(CLI_SCRIPT_NAME)}).cache);`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })).toBe('used');
  });
});

describe('the installed CLI whatever its cache', () => {
  // A copy of the package layout the bundle needs: dist/bundle, and the checks and page it finds from there.
  const copy = join(dir, 'package');
  mkdirSync(join(copy, 'dist/bundle'), { recursive: true });
  for (const f of ['rbac.mjs', CLI_SCRIPT, `${CLI_SCRIPT}.map`]) copyFileSync(join(repoRoot, 'dist/bundle', f), join(copy, 'dist/bundle', f));
  symlinkSync(join(repoRoot, 'queries'), join(copy, 'queries'));
  symlinkSync(join(repoRoot, 'dist/report'), join(copy, 'dist/report'));
  const shipped = readFileSync(join(repoRoot, 'dist/bundle', CLI_CODE_CACHE));
  const args = [['who-can', 'get', 'pods', '-f', 'samples/kubernetes-bootstrap', '-o', 'json'], ['audit', '-f', 'samples/worlds/teaching.yaml', '-o', 'json']];
  const answer = (entry: string, a: string[]) => {
    try {
      return execFileSync(process.execPath, [entry, ...a], { cwd: repoRoot, env: cliEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return (e as { stdout: string }).stdout; // audit exits 1 on findings
    }
  };

  it('without its CommonJS file, says the installation is incomplete, naming the file (exit 70, no stack trace)', () => {
    const lone = join(dir, 'lone');
    mkdirSync(lone, { recursive: true });
    copyFileSync(join(repoRoot, 'dist/bundle/rbac.mjs'), join(lone, 'rbac.mjs'));
    const r = spawnSync(process.execPath, [join(lone, 'rbac.mjs'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(70);
    expect(r.stderr).toBe(`error: this installation of rbac is incomplete: ${join(lone, CLI_SCRIPT)} is missing (npm run build makes it; or reinstall)\n`);
  });

  it.each<[string, Buffer | undefined]>([
    ['without a cache', undefined],
    ['with a damaged cache', flip(5000)(shipped)],
    ['with a cache of another build', Buffer.concat([shipped.subarray(0, 4), Buffer.from([shipped[4]! ^ 1]), shipped.subarray(5)])],
  ])('answers as the shipped CLI does, %s', (_name, cache) => {
    rmSync(join(copy, 'dist/bundle', CLI_CODE_CACHE), { force: true });
    if (cache) writeFileSync(join(copy, 'dist/bundle', CLI_CODE_CACHE), cache);
    for (const a of args) {
      const shippedAnswer = answer(join(repoRoot, 'dist/bundle/rbac.mjs'), a);
      expect(shippedAnswer.length).toBeGreaterThan(1000);
      expect(answer(join(copy, 'dist/bundle/rbac.mjs'), a)).toBe(shippedAnswer);
    }
  });
});
