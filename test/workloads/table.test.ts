// who-can --workloads and diff's workload table fit the terminal like every other table (COLUMNS,
// a tty's width; piped output never wraps), and -o wide adds the role, the rule and why the token is mounted.
import { describe, expect, test } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

async function rbac(args: string[], terminal: Partial<Io> = {}): Promise<string> {
  let stdout = '';
  const io: Io = { out: (t) => void (stdout += t), err: () => undefined, write: async (t) => void (stdout += t), env: {}, ...terminal };
  await run(args, io);
  return stdout;
}
const words = (text: string) => text.split(/[\s,]+/).filter(Boolean).sort();
const PROM = ['--workloads', '-f', 'samples/addons/kube-prometheus.yaml', '-f', 'samples/workloads', '-q'];
const SHOP = ['--workloads', '-f', 'test/fixtures/workloads/diff-head.yaml', '-q'];

const DIFF = ['diff', '--from', 'test/fixtures/workloads/diff-base.yaml', '--to', 'test/fixtures/workloads/diff-head.yaml', '-q'];

describe('who-can --workloads and diff workload tables fit the terminal', () => {
  test.each([
    [100, DIFF],
    [140, DIFF],
    [80, ['who-can', 'get', 'configmaps', '-n', 'shop', ...SHOP]],
    [100, ['who-can', 'create', 'tokenreviews', ...PROM]],
    [200, ['who-can', 'create', 'tokenreviews', ...PROM, '-o', 'wide']],
  ])('COLUMNS=%i: no line is wider, and no word is lost against the piped output', async (width, args) => {
    const piped = await rbac(args);
    const fitted = await rbac(args, { env: { COLUMNS: String(width) } });
    expect(piped.split('\n').some((l) => l.length > width), 'the case must need wrapping').toBe(true);
    for (const line of fitted.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
    expect(words(fitted)).toEqual(words(piped));
  });

  test('a terminal\'s own width counts when COLUMNS is not set; piped output never wraps', async () => {
    const args = ['who-can', 'create', 'tokenreviews', ...PROM];
    expect(Math.max(...(await rbac(args, { stdoutIsTTY: true, columns: 100 })).split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(Math.max(...(await rbac(args, { stdoutIsTTY: false, columns: 100 })).split('\n').map((l) => l.length))).toBeGreaterThan(100);
  });

  test.each([
    ['table', ['WORKLOAD', 'SERVICEACCOUNT', 'NODES', 'SCOPE', 'BINDING']],
    ['wide', ['WORKLOAD', 'SERVICEACCOUNT', 'NODES', 'SCOPE', 'BINDING', 'ROLE', 'RULE', 'MOUNTED BECAUSE']],
  ])('-o %s has the columns %j', async (format, columns) => {
    const header = (await rbac(['who-can', 'create', 'tokenreviews', ...PROM, '-o', format])).split('\n')[1]!;
    expect(header.split(/ {2,}/)).toEqual(columns);
  });
});
