// rbac diff takes its sides as other commands take input: -f BASE -f HEAD or -f BASE,HEAD,
// --from/--to for sides of several inputs (snapshots included), and --strict (exit 4).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cliEntry, rbac, repoRoot } from '../helpers/cli.js';

const TEACH = 'samples/worlds/teaching.yaml';
const KYVERNO = 'samples/addons/kyverno.yaml';
const BOOT = 'samples/kubernetes-bootstrap';
const json = (args: string[]) => rbac(['diff', ...args, '-o', 'json', '-q', '--no-risk']);

describe('every spelling of the two sides gives the answer of BASE HEAD', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbac-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const snap = join(dir, 'teaching.json');
  execFileSync(process.execPath, [cliEntry, 'snapshot', '-f', TEACH, '--output-file', snap, '-q']);
  test.each([
    ['-f BASE -f HEAD', ['-f', TEACH, '-f', KYVERNO], [TEACH, KYVERNO]],
    ['-f BASE,HEAD', ['-f', `${TEACH},${KYVERNO}`], [TEACH, KYVERNO]],
    ['--from/--to', ['--from', TEACH, '--to', KYVERNO], [TEACH, KYVERNO]],
    ['a side of several inputs, as a comma list or repeated', ['--from', TEACH, '--to', `${TEACH},${KYVERNO}`], ['--from', TEACH, '--to', TEACH, '--to', KYVERNO]],
    ['a snapshot side is read as a snapshot', [snap, TEACH], [TEACH, TEACH]],
    ['a snapshot plus manifests on one side', ['--from', snap, '--to', `${snap},${KYVERNO}`], ['--from', TEACH, '--to', `${TEACH},${KYVERNO}`]],
  ])('%s', (_what, args, reference) => {
    const [a, b] = [json(args), json(reference)];
    expect(a.stderr).toBe(b.stderr);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
  });

  test('a snapshot of the same manifests is no change (it was read as an empty side before)', () => {
    expect(JSON.parse(json([snap, TEACH]).stdout).changes).toEqual([]);
  });
});

describe('--strict', () => {
  test.each([
    ['a side with a binding to a missing role: exit 4, the warning printed once', ['-f', `${TEACH},${TEACH}`, '--strict'], 4, /^warning: .*\[missing-role\]\n$/],
    ['clean sides: exit 0', ['-f', `${KYVERNO},${KYVERNO}`, '--strict'], 0, /^$/],
    ['--fail-on any-gain exits 1 before --strict', ['-f', `${KYVERNO},${TEACH}`, '--strict', '--fail-on', 'any-gain', '-q'], 1, /^$/],
    ['without --strict: exit 0', ['-f', `${TEACH},${TEACH}`], 0, /^$/],
  ])('%s', (_what, args, code, stderr) => {
    const r = rbac(['diff', ...args, '--no-risk']);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
  });
});

describe('usage errors (exit 2)', () => {
  test.each([
    [[TEACH, KYVERNO, '-f', `${TEACH},${KYVERNO}`], 'the two sides are given twice (BASE HEAD and -f): use one form'],
    [['-f', TEACH], 'diff needs BASE and HEAD (-f names 1 input(s))'],
    [['-f', `${TEACH},${KYVERNO},${BOOT}`], 'diff needs BASE and HEAD (-f names 3 input(s))'],
    [[TEACH, KYVERNO, BOOT], 'diff needs BASE and HEAD (3 argument(s))'],
    [['--from', TEACH], '--from and --to go together'],
    [['-f', '-,-'], 'only one side can be - (stdin)'],
    [['--git', 'HEAD~1', '-f', `${TEACH},${KYVERNO}`], '--git compares two revisions'],
  ])('rbac diff %j', (args, message) => {
    const r = rbac(['diff', ...args]);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.code).toBe(2);
  });
});
