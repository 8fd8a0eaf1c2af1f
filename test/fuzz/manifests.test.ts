// Fuzzed input: real manifests from samples/ with one document mutated, read through loadFiles
// from temp files and (a few) through the built CLI. Whatever the mutation: no crash and no stack
// trace, diagnostics that name the file and the document, bounded time and memory, and the answers
// from the intact documents exactly as if the mutated one were not there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { decodeText } from '../../src/collect/decode.js';
import { rbac } from '../helpers/cli.js';
import { budgetMs, runs } from '../properties/runs.js';
import { analyzeOf, answers, CLASSES, INTACT, mutantArb, streamWith, TEACHING, type Mutant, type MutationClass } from './mutations.js';

let dir: string;
let intactAnswers: ReturnType<typeof answers>;
/** One mutated file per class, kept for the CLI runs. */
const kept = new Map<MutationClass, Mutant>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rbac-fuzz-'));
  const file = join(dir, 'intact.yaml');
  writeFileSync(file, streamWith(INTACT, Buffer.alloc(0), INTACT.length).bytes.subarray(0, -5));
  intactAnswers = answers(analyzeOf(await loadFiles([file])));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function check(m: Mutant, at: number): Promise<void> {
  const { bytes, mutantDoc } = streamWith(INTACT, m.bytes, at);
  const file = join(dir, `case-${++n}-${m.cls}.yaml`);
  writeFileSync(file, bytes);
  kept.set(m.cls, m);
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const snap = await loadFiles([file]);
  const a = analyzeOf(snap);
  const got = answers(a);
  const ms = performance.now() - t0;
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  const label = `${m.cls}: ${m.what} (document ${mutantDoc})`;
  expect(got, label).toEqual(intactAnswers);
  expect(ms, `${label}: time`).toBeLessThan(8000);
  expect(heapGrowth, `${label}: heap growth`).toBeLessThan(400 * 2 ** 20);
  expect(process.memoryUsage().rss, `${label}: resident memory`).toBeLessThan(2 * 2 ** 30);
  const docs = INTACT.length + 1;
  for (const d of a.diagnostics) {
    if (d.source?.type !== 'file') continue;
    expect(d.source.file, label).toBe(file);
    expect(d.source.doc, label).toBeGreaterThanOrEqual(1);
    expect(d.source.doc, label).toBeLessThanOrEqual(docs + 1);
  }
  if (m.mustReport) {
    const named = a.diagnostics.filter((d) => d.severity === 'error' && d.source?.type === 'file' && d.source.file === file && d.source.doc === mutantDoc);
    expect(named.length, `${label}: an error naming ${file}#${mutantDoc}; got ${JSON.stringify(a.diagnostics.map((d) => [d.code, d.source]))}`).toBeGreaterThan(0);
  }
}

describe('mutated manifests through loadFiles', () => {
  for (const cls of CLASSES) {
    const heavy = cls === 'huge-string' || cls === 'deep-nesting' || cls === 'alias-bomb';
    test(
      cls,
      async () => {
        await fc.assert(
          fc.asyncProperty(mutantArb(cls), fc.nat(), async (m, at) => check(m, at)),
          runs(heavy ? 1 : 4),
        );
      },
      budgetMs(heavy ? 3000 : 1000),
    );
  }

  test('a JSON List with one mutated item: the other items are read as before', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<MutationClass>('flip-type', 'drop-field', 'wrong-kind', 'huge-string'), fc.nat(), async (cls, at) => {
        const m = fc.sample(mutantArb(cls), { seed: at, numRuns: 1 })[0]!;
        const decoded = decodeText(m.bytes.toString('utf8')).documents[0]?.value ?? 'unreadable';
        const items: unknown[] = [...INTACT];
        items.splice(at % (items.length + 1), 0, decoded);
        const file = join(dir, `list-${++n}.json`);
        writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
        expect(answers(analyzeOf(await loadFiles([file]))), `${cls}: ${m.what}`).toEqual(intactAnswers);
      }),
      runs(6),
    );
  });

  // Regressions: the shrunk counterexamples of bugs these fuzzers found (fixed in src/).
  test('regression: two 10k-deep flow documents in one file no longer abort the process (V8 fatal OOM in the yaml parser)', async () => {
    const file = join(dir, 'deep-twice.yaml');
    const cr = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: kept}\nrules: []\n';
    writeFileSync(file, `${cr}---\n${'['.repeat(10_000)}\n---\n${'{'.repeat(10_000)}\n---\n${'- '.repeat(10_000)}x\n`);
    const snap = await loadFiles([file]);
    expect(snap.clusterRoles.map((r) => r.name)).toEqual(['kept']);
    expect(snap.diagnostics.filter((d) => d.code === 'yaml-syntax').map((d) => d.source && 'doc' in d.source && d.source.doc)).toEqual([2, 3, 4]);
  });

  test('regression: a block sequence nested 5000 deep on one line is a diagnostic, not a RangeError out of loadFiles', async () => {
    const file = join(dir, 'dashes.yaml');
    writeFileSync(file, `${'- '.repeat(5000)}x\n`);
    const snap = await loadFiles([file]);
    // The file holds no RBAC object either, which is said too (no silent emptiness).
    expect(snap.diagnostics.map((d) => d.code)).toEqual(['yaml-syntax', 'no-rbac-objects']);
  });

  test('regression: a recursive alias in a rule (`verbs: &v [get, *v]`) is an error for its document, as kubectl refuses it (it was a circular value)', async () => {
    const file = join(dir, 'circular.yaml');
    writeFileSync(file, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n- verbs: &v [get, *v]\n  apiGroups: [""]\n  resources: [pods]\n');
    const snap = await loadFiles([file]);
    expect(snap.clusterRoles).toEqual([]);
    expect(snap.diagnostics.find((d) => d.code === 'yaml-syntax')?.message).toMatch(/anchor 'v' value contains itself/);
  });

  test('regression: a rule entry that is a list nested 10k deep (JSON) is a wrong-type warning, not a RangeError from JSON.stringify', async () => {
    const file = join(dir, 'deep-entry.json');
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    writeFileSync(file, `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"x"},"rules":[{"verbs":["get",${deep}],"apiGroups":[""],"resources":["pods"]}]}`);
    const snap = await loadFiles([file]);
    expect(snap.clusterRoles[0]!.rules[0]!.verbs).toEqual(['get', '<invalid a list>']);
    const d = snap.diagnostics.find((x) => x.code === 'wrong-type')!;
    expect(d.message).toMatch(/non-string entry \(a list\)/);
    expect(d.message.length).toBeLessThan(300);
  });
});

describe('mutated manifests through the CLI', () => {
  // Smaller files than above (the teaching world only): each CLI run starts a process.
  const cliFile = (cls: MutationClass) => {
    const m = kept.get(cls)!;
    const file = join(dir, `cli-${cls}.yaml`);
    writeFileSync(file, streamWith(TEACHING, m.bytes, 3).bytes);
    return file;
  };

  test(
    'every mutation class at once: exit 4 with --strict, 0 without, no stack trace, the broken documents named',
    () => {
      expect(kept.size).toBe(CLASSES.length);
      const files = new Map(CLASSES.map((c) => [c, cliFile(c)] as const));
      const strict = rbac(['who-can', 'get', 'secrets', '-A', ...[...files.values()].flatMap((f) => ['-f', f]), '-o', 'json', '--strict']);
      expect(strict.stderr).not.toMatch(/^\s+at /m);
      expect(strict.code, strict.stderr.slice(0, 2000)).toBe(4);
      expect(JSON.parse(strict.stdout)).toBeTruthy();
      const reported = ['deep-nesting', 'duplicate-keys', 'alias-bomb'] as const;
      const plain = rbac(['who-can', 'get', 'secrets', '-A', ...reported.flatMap((c) => ['-f', files.get(c)!]), '-o', 'json', '-v']);
      expect(plain.stderr).not.toMatch(/^\s+at /m);
      expect(plain.code).toBe(0);
      for (const c of reported) expect(plain.stderr, c).toContain(`${files.get(c)!}#4`);
    },
    budgetMs(60_000),
  );

  test('the alias bomb and deep nesting in a process limited to 200 MB of heap', () => {
    const prev = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${prev ?? ''} --max-old-space-size=200`.trim();
    try {
      const r = rbac(['who-can', 'get', 'secrets', '-A', '-f', cliFile('alias-bomb'), '-f', cliFile('deep-nesting'), '-o', 'json']);
      expect(r.stderr).not.toMatch(/^\s+at |FATAL|out of memory/m);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/alias/i);
    } finally {
      if (prev === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = prev;
    }
  });
});
