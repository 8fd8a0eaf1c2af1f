// Issue 15: one -o vocabulary (the format matrix), tables that fit the terminal, colour only on a
// terminal, and one CSV convention. In process, with the terminal injected through Io.
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { Io } from '../../src/cli/io.js';
import { COMMAND_FORMATS } from '../../src/cli/output-format.js';

const TEACH = ['-f', 'samples/worlds/teaching.yaml', '-q'];
const BOOT = ['-f', 'samples/kubernetes-bootstrap', '-q'];
const ESC = '\u001b[';

async function rbac(args: string[], terminal: Partial<Io> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), write: async (t) => void (stdout += t), env: {}, ...terminal };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

// One answering invocation per command; `-o FORMAT` is appended.
const INVOCATIONS: Record<keyof typeof COMMAND_FORMATS, string[]> = {
  'who-can': ['who-can', 'get', 'secrets', ...TEACH],
  'what-can': ['what-can', 'sa:prod:deployer', ...TEACH],
  can: ['can', 'user:jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH],
  explain: ['explain', 'user:jane', '--group', 'devs', 'list', 'secrets', '-n', 'prod', ...TEACH],
  paths: ['paths', 'sa:prod:deployer', ...TEACH],
  audit: ['audit', ...TEACH],
  export: ['export', '--subject', 'sa:prod:deployer', ...TEACH],
  diff: ['diff', 'samples/worlds/teaching.yaml', 'samples/worlds/aggregation-cycle.yaml', '-q'],
  graph: ['graph', '--focus', 'sa:prod:deployer', ...TEACH],
  batch: ['batch', '--queries', 'test/fixtures/batch-one.jsonl', ...TEACH],
  snapshot: ['snapshot', ...TEACH],
};

describe('the format matrix: every command writes each format it lists, and no other', () => {
  const cases = Object.entries(COMMAND_FORMATS).flatMap(([cmd, formats]) => formats.map((f) => [cmd, f] as const));
  test.each(cases)('rbac %s -o %s', async (cmd, format) => {
    const r = await rbac([...INVOCATIONS[cmd as keyof typeof COMMAND_FORMATS], '-o', format]);
    expect([0, 1], r.stderr).toContain(r.code);
    expect(r.stdout.length).toBeGreaterThan(0);
    if (format === 'json') expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  test.each(Object.keys(COMMAND_FORMATS))('rbac %s -o bogus is a usage error naming the formats it can write', async (cmd) => {
    const r = await rbac([...INVOCATIONS[cmd as keyof typeof COMMAND_FORMATS], '-o', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`-o bogus: rbac ${cmd} writes ${COMMAND_FORMATS[cmd as keyof typeof COMMAND_FORMATS].slice(0, -1).join(', ')}`);
    expect(r.stdout).toBe('');
  });

  test('export -o table is a table, not CSV', async () => {
    const r = await rbac([...INVOCATIONS.export, '-o', 'table']);
    expect(r.stdout.split('\n')[0]).toMatch(/^SUBJECT\s+SCOPE\s+VERB\s+RESOURCE\s+ROLE$/);
  });

  test('snapshot -o FILE (the old spelling) is a usage error that names --output-file, and writes nothing', async () => {
    const r = await rbac(['snapshot', ...TEACH, '-o', 'prod.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use --output-file prod.json');
  });

  test('who-can -o name prints subjects as rbac reads them back, system:masters first', async () => {
    const r = await rbac(['who-can', 'get', 'secrets', '-n', 'prod', ...TEACH, '--no-default-policy', '-o', 'name']);
    expect(r.stdout).toBe('group:system:masters\ngroup:sre\nuser:alice\n');
    const sa = await rbac(['who-can', 'create', 'deployments', '-n', 'prod', ...TEACH, '--no-default-policy', '-o', 'name']);
    expect(sa.stdout).toContain('serviceaccount:prod:deployer\n');
    expect((await rbac(['what-can', 'serviceaccount:prod:deployer', ...TEACH, '-o', 'csv'])).code).toBe(0);
  });

  test('-o wide adds columns the table leaves out', async () => {
    const table = await rbac(['who-can', 'get', 'secrets', ...TEACH]);
    const wide = await rbac(['who-can', 'get', 'secrets', ...TEACH, '-o', 'wide']);
    expect(table.stdout.split('\n')[1]).toMatch(/^SUBJECT\s+SCOPE\s+BINDING$/);
    expect(wide.stdout.split('\n')[1]).toMatch(/^SUBJECT\s+SCOPE\s+BINDING\s+ROLE\s+RULE\s+SOURCE$/);
  });
});

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean).sort();

describe('tables fit the terminal', () => {
  // Names short enough that every column can fit 80 (a column is never narrower than its longest word).
  const small = ['--no-default-policy'];
  test.each([
    [80, ['what-can', 'sa:prod:deployer', ...TEACH, ...small]],
    [80, ['can', 'user:jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH]],
    [80, ['explain', 'user:jane', '--group', 'devs', 'list', 'secrets', '-n', 'prod', ...TEACH]],
    [100, ['who-can', 'delete', 'secrets', '-n', 'kube-system', ...BOOT]],
    [100, ['what-can', 'sa:prod:deployer', ...TEACH]],
    [100, ['audit', ...TEACH, ...small]],
    [100, ['paths', '--to', 'clusterrole:cluster-admin', ...BOOT]],
    [200, ['audit', '-f', 'samples/addons/argo-cd.yaml', '-q', '-o', 'wide']],
    [200, ['diff', 'samples/worlds/teaching.yaml', 'samples/worlds/aggregation-cycle.yaml', '-q', '-o', 'wide']],
    [200, ['paths', '--to', 'clusterrole:cluster-admin', ...BOOT, '-o', 'wide']],
  ])('COLUMNS=%i: no line is wider, and no word is lost against the piped output', async (width, args) => {
    const piped = await rbac(args);
    const fitted = await rbac(args, { env: { COLUMNS: String(width) } });
    expect(piped.stdout.split('\n').some((l) => l.length > width), 'the case must need wrapping').toBe(true);
    for (const line of fitted.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
    expect(words(fitted.stdout)).toEqual(words(piped.stdout));
  });

  test('a terminal\'s own width counts when COLUMNS is not set; piped output never wraps', async () => {
    const args = ['who-can', 'delete', 'secrets', '-n', 'kube-system', ...BOOT];
    const tty = await rbac(args, { stdoutIsTTY: true, columns: 100 });
    expect(Math.max(...tty.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    const piped = await rbac(args, { stdoutIsTTY: false, columns: 100 });
    expect(Math.max(...piped.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(100);
  });
});

describe('colour: on a terminal only, and NO_COLOR / --no-color turn it off', () => {
  const audit = ['audit', '-f', 'samples/addons/argo-cd.yaml', '-q'];
  test.each([
    ['a terminal', { stdoutIsTTY: true }, [], true],
    ['piped', { stdoutIsTTY: false }, [], false],
    ['a terminal with NO_COLOR', { stdoutIsTTY: true, env: { NO_COLOR: '1' } }, [], false],
    ['a terminal with --no-color', { stdoutIsTTY: true }, ['--no-color'], false],
    ['a dumb terminal', { stdoutIsTTY: true, env: { TERM: 'dumb' } }, [], false],
    ['piped with FORCE_COLOR', { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } }, [], true],
    ['FORCE_COLOR with --no-color', { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } }, ['--no-color'], false],
  ] as const)('audit severities on %s', async (_what, terminal, flags, coloured) => {
    const r = await rbac([...audit, ...flags], terminal as Partial<Io>);
    expect(r.stdout.includes(`${ESC}1;31mcritical${ESC}0m`)).toBe(coloured);
    if (!coloured) expect(r.stdout).not.toContain('\u001b');
  });

  test('can: yes in green, no in red; colour never reaches JSON or CSV', async () => {
    const yes = await rbac(['can', 'user:jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH], { stdoutIsTTY: true });
    expect(yes.stdout.startsWith(`${ESC}32myes${ESC}0m\n`)).toBe(true);
    const no = await rbac(['can', 'user:jane', 'delete', 'nodes', ...TEACH], { stdoutIsTTY: true });
    expect(no.stdout.startsWith(`${ESC}31mno${ESC}0m\n`)).toBe(true);
    for (const f of ['json', 'csv']) expect((await rbac(['audit', ...TEACH, '-o', f], { stdoutIsTTY: true })).stdout).not.toContain('\u001b');
  });

  test('an escape sequence inside a name stays escaped even with colour on', async () => {
    const manifest = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: "eve\\e[32mok"}]\n';
    const r = await rbac(['audit', '-f', '-', '-q'], { stdoutIsTTY: true, readStdin: async () => manifest });
    expect(r.stdout).toContain(`${ESC}1;31mcritical`);
    expect(r.stdout).toContain('eve\\u001b[32mok');
    expect(r.stdout).not.toContain('eve\u001b');
  });
});

const header = async (args: string[]) => (await rbac([...args, '-o', 'csv'])).stdout.split('\n')[0]!.split(',');

describe('one CSV convention', () => {
  test('every CSV starts with the subject, and shared columns have the same names', async () => {
    const headers = {
      'who-can': await header(INVOCATIONS['who-can']),
      'what-can': await header(INVOCATIONS['what-can']),
      can: await header(INVOCATIONS.can),
      export: await header(INVOCATIONS.export),
      audit: await header(INVOCATIONS.audit),
      diff: await header(INVOCATIONS.diff),
    };
    for (const [cmd, h] of Object.entries(headers)) expect(h.slice(0, 3), cmd).toEqual(['subject_kind', 'subject_namespace', 'subject_name']);
    const grant = headers['who-can'];
    for (const cmd of ['what-can', 'can'] as const) expect(headers[cmd].slice(0, grant.length), cmd).toEqual(grant);
    const shared = ['scope', 'namespace', 'binding_kind', 'binding_namespace', 'binding_name', 'role_kind', 'role_namespace', 'role_name', 'aggregated_from', 'rule_index'];
    for (const cmd of ['export', 'diff'] as const) expect(headers[cmd].slice(3, 3 + shared.length), cmd).toEqual(shared);
    expect(headers.audit.slice(3)).toEqual(expect.arrayContaining(['scope', 'namespace']));
  });

  test('the core group is (core) and lists are joined by "; " in who-can and export alike', async () => {
    const who = (await rbac(['who-can', 'get', 'secrets', '-n', 'prod', ...TEACH, '-o', 'csv'])).stdout;
    const exp = (await rbac(['export', '--subject', 'sa:prod:deployer', ...TEACH, '-o', 'csv'])).stdout;
    expect(who).toContain(',get; list; watch,(core),');
    expect(exp).toContain(',get,(core),secrets,');
    expect(exp).not.toMatch(/,get,,secrets,/);
  });

  test('the system:masters row says it is the privileged group', async () => {
    const rows = (await rbac(['who-can', 'get', 'secrets', ...TEACH, '-o', 'csv'])).stdout.split('\n');
    const h = rows[0]!.split(',');
    const masters = rows[1]!.split(',');
    expect(masters[h.indexOf('subject_name')]).toBe('system:masters');
    expect(masters[h.indexOf('privileged')]).toBe('yes');
    expect(rows.slice(2).filter(Boolean).every((r) => r.split(',').at(-1) === '')).toBe(true);
  });

  test.each([
    ['secret', 'secrets'],
    ['deploy', 'deployments'],
    ['deployments.apps', 'deployments'],
  ])('export --resource %s resolves as who-can does (%s)', async (given, resource) => {
    const r = await rbac(['export', '--resource', given, ...TEACH, '--no-default-policy', '-o', 'jsonl']);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => x.resource))).toEqual(new Set([resource, '*'].filter((x) => rows.some((y) => y.resource === x))));
    expect(rows.every((x) => x.resource === resource || x.resource === '*')).toBe(true);
    expect(rows.every((x) => x.subresource === '')).toBe(true);
  });

  test('export --resource pods/exec keeps the subresource rows and drops plain pods', async () => {
    const rows = (await rbac(['export', '--resource', 'pods/exec', ...TEACH, '--no-default-policy', '-o', 'jsonl'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.resource === '*' || (x.resource === 'pods' && x.subresource === 'exec'))).toBe(true);
  });
});
