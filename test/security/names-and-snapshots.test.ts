// Issue 14 items 11-14: names cannot forge output (newlines, tabs, markdown cells, replayed
// diagnostics), look-alike subjects are shown escaped and named, `export --by` is a neutralised
// CSV, and hostile snapshot files or unreadable folders are clean errors (exit 2), never exit 70.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { parseCsv, rbacInProcess } from './support.js';

// readdir of a folder named `locked` fails as an unreadable folder does.
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  return {
    ...fs,
    readdir: (async (p: string, ...rest: unknown[]) => {
      if (String(p).endsWith('/locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
      return (fs.readdir as (...a: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readdir,
  };
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rbac-names-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const binding = (name: string, users: string[]) =>
  JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: users.map((u) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: u })) });
const ROLE = JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] });
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('names cannot forge output', () => {
  const FORGED = 'eve\nUser admin  cluster-wide  ClusterRoleBinding x\tClusterRole cluster-admin';

  test('a newline or tab in a subject name is shown escaped in the table: no forged row', async () => {
    const f = file('forge.json', `${ROLE}\n${binding('b', [FORGED])}\n`);
    const r = await rbacInProcess(['who-can', 'get', 'secrets', '-f', f]);
    expect(r.stdout).not.toMatch(/^User admin/m);
    expect(r.stdout).toContain('eve\\u000aUser admin');
    expect(r.stdout).toContain('\\u0009ClusterRole');
  });

  test('in diff -o markdown a name cannot end the table, inject text or mention anyone', async () => {
    const base = file('md-base.json', `${ROLE}\n`);
    const head = file('md-head.json', `${ROLE}\n${binding('b', ['x |\n\n## Approved by @security-team\n| y'])}\n`);
    const r = await rbacInProcess(['diff', base, head, '-o', 'markdown']);
    expect(r.stdout).not.toMatch(/^## Approved/m);
    expect(r.stdout).not.toMatch(/(^|[^\\])@security-team/);
    const named = r.stdout.split('\n').filter((l) => l.includes('security-team'));
    expect(named.length).toBeGreaterThan(0);
    for (const l of named) expect(l.startsWith('| ➕') && l.replace(/\\\|/g, '').split('|').length === 9, l).toBe(true);
  });

  test('diagnostics replayed from a snapshot stay one line each', async () => {
    const snap = file('diag.json', JSON.stringify({ apiVersion: 'rbac.dev/v1alpha1', kind: 'RbacSnapshot', meta: { origin: 'files' }, objects: {}, diagnostics: [{ severity: 'warning', code: 'x', message: 'first\nerror: forged line\twith tab' }] }));
    const r = await rbacInProcess(['who-can', 'get', 'pods', '-f', snap]);
    expect(r.stderr).not.toMatch(/^error: forged/m);
    expect(r.stderr).toContain('first\\u000aerror: forged line\\u0009with tab');
  });
});

describe('look-alike subjects', () => {
  test('alice, ali\\u200bce, alice\\u2060 and \\u202ealice print escaped, with one warning naming them all', async () => {
    const f = file('alike.json', `${ROLE}\n${binding('b', ['alice', 'ali\u200bce', 'alice\u2060', '\u202ealice'])}\n`);
    const r = await rbacInProcess(['who-can', 'get', 'secrets', '-f', f]);
    for (const shown of ['User alice ', 'User ali\\u200bce', 'User alice\\u2060', 'User \\u202ealice']) expect(r.stdout).toContain(shown);
    expect(r.stdout).not.toMatch(/[\u200b\u2060\u202e]/);
    expect(r.stderr).toMatch(/warning: .*look alike .* 4 different subjects .*\[look-alike-subjects\]/);
  });
});

describe('export --by is a neutralised CSV', () => {
  test.each(['subject', 'resource'])('--by %s', async (by) => {
    const role = JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['=HYPERLINK("http://x")'], verbs: ['get'] }] });
    const f = file(`by-${by}.json`, `${role}\n${binding('b', ['=cmd|calc'])}\n`);
    const r = await rbacInProcess(['export', '-f', f, '--by', by]);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual([by, 'rows', 'verbs']);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(r.stdout).toContain(by === 'subject' ? 'User:=cmd|calc' : "'=HYPERLINK");
  });
});

describe('hostile snapshot files and folders are clean errors', () => {
  const snapshot = (patch: Record<string, unknown>, objects: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'rbac.dev/v1alpha1', kind: 'RbacSnapshot', meta: { origin: 'files' }, objects, diagnostics: [], ...patch });
  const cr = (extra: Record<string, unknown>) => ({ kind: 'ClusterRole', name: 'x', labels: {}, annotations: {}, source: { type: 'builtin' }, rules: [], ...extra });
  test.each([
    ['clusterRoleSelectors: [5]', snapshot({}, { clusterRoles: [cr({ aggregationRule: { clusterRoleSelectors: [5] } })] }), /aggregationRule is malformed/],
    ['meta.inputs: "x"', snapshot({ meta: { origin: 'files', inputs: 'x' } }), /meta.inputs/],
    ['non-string shortNames', snapshot({ apiResources: [{ group: '', resource: 'pods', kind: 'Pod', namespaced: true, shortNames: [5] }] }), /apiResources\[0\]/],
    ['a diagnostic source that is a number', snapshot({ diagnostics: [{ severity: 'warning', code: 'x', message: 'm', source: 5 }] }), /diagnostics\[0\].source/],
  ])('%s: exit 2, one line', async (_, text, message) => {
    const r = await rbacInProcess(['who-can', 'get', 'pods', '-f', file(`snap-${Math.random().toString(36).slice(2)}.json`, text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test('an unreadable sub-folder under -f: exit 2 naming it (EACCES injected: root reads every folder)', async () => {
    mkdirSync(join(dir, 'tree', 'locked'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'ok.json'), ROLE);
    const r = await rbacInProcess(['who-can', 'get', 'pods', '-f', join(dir, 'tree')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/locked: cannot read \(EACCES\)/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
