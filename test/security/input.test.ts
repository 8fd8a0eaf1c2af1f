// Input handling: symbolic links inside folders are not followed out of the tree; paths, revisions
// and file names are data, never shell; YAML cannot run code (no js/function tags) or pollute
// prototypes; and user errors are one line on stderr, never a stack trace.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze } from '../../src/engine/analyze.js';
import { rbacAsync, rbacInProcess } from './support.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
const cr = (name: string, extra = '') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${extra}rules:\n- {apiGroups: [""], resources: [secrets], verbs: [get]}\n`;
const crb = (role: string, user: string) => `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ${role}-b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: [{kind: User, name: ${user}}]\n`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rbac-input-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('symbolic links inside a folder are not followed (see also test/collect/files.test.ts)', () => {
  test('links to a passwd-like file, to /etc/passwd and to an outside folder are skipped, and nothing of them is printed', async () => {
    const outside = join(root, 'outside');
    const tree = join(root, 'tree');
    mkdirSync(join(outside, 'more'), { recursive: true });
    mkdirSync(tree);
    writeFileSync(join(outside, 'passwd'), `${PASSWD}`);
    writeFileSync(join(outside, 'passwd.yaml'), cr('outside-canary', `  annotations: {passwd: "${PASSWD.split('\n')[0]}"}\n`) + crb('outside-canary', 'mallory'));
    writeFileSync(join(outside, 'more', 'x.yaml'), cr('outside-dir-canary') + crb('outside-dir-canary', 'mallory'));
    writeFileSync(join(tree, 'inside.yaml'), cr('inside') + crb('inside', 'alice'));
    symlinkSync(join(outside, 'passwd.yaml'), join(tree, 'a-passwd.yaml'));
    symlinkSync(join(outside, 'passwd'), join(tree, 'b-passwd.yml'));
    if (existsSync('/etc/passwd')) symlinkSync('/etc/passwd', join(tree, 'etc-passwd.yaml'));
    symlinkSync(join(outside, 'more'), join(tree, 'linked-dir'));
    symlinkSync(tree, join(tree, 'loop'));

    const snap = await loadFiles([tree]);
    expect(snap.clusterRoles.map((r) => r.name)).toEqual(['inside']);
    expect(snap.diagnostics.filter((d) => d.code === 'symlink-skipped').length).toBe(existsSync('/etc/passwd') ? 5 : 4);
    const a = analyze(snap);
    expect(a.whoCan(a.resolve({ verb: 'get', resource: 'secrets', namespace: 'x' }).request).grants.map((g) => g.subject.name)).toEqual(['alice']);

    const r = await rbacInProcess(['who-can', 'get', 'secrets', '-A', '-f', tree, '-o', 'json', '-v']);
    expect(r.code).toBe(0);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain('root:x:0:0');
      expect(text).not.toContain('mallory');
      expect(text).not.toContain('outside-canary');
    }
    expect(r.stderr).toContain('symbolic link inside a folder not followed');
  });

  test('a link the user names on the command line is what the user named: it is read', async () => {
    const target = join(root, 'named-target.yaml');
    writeFileSync(target, cr('named') + crb('named', 'bob'));
    symlinkSync(target, join(root, 'named-link.yaml'));
    expect((await loadFiles([join(root, 'named-link.yaml')])).clusterRoles.map((r) => r.name)).toEqual(['named']);
  });
});

describe('paths, revisions and names are data, never shell', () => {
  test('file, kubeconfig and --git arguments with shell syntax run nothing', async () => {
    const marker = join(root, 'pwned');
    const hostile = [`$(touch ${marker})`, `; touch ${marker}`, `\`touch ${marker}\``, `| touch ${marker}`, `x && touch ${marker}`];
    const runs = [
      ...hostile.map((h) => rbacInProcess(['who-can', 'get', 'pods', '-f', h])),
      ...hostile.map((h) => rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', h])),
      ...hostile.map((h) => rbacInProcess(['diff', '--git', h])),
      rbacInProcess(['diff', '--git', `--output=${marker}`]),
      rbacInProcess(['diff', '--git', `HEAD...--output=${marker}`]),
    ];
    const results = await Promise.all(runs);
    for (const r of results) {
      expect([2, 3]).toContain(r.code);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test('a manifest whose file name is shell syntax is read as a file, and runs nothing', async () => {
    const marker = join(root, 'pwned-by-name');
    const file = join(root, `$(touch ${marker.replace(/\//g, '_')}).yaml`);
    writeFileSync(file, cr('by-name') + crb('by-name', 'carol'));
    const r = await rbacInProcess(['who-can', 'get', 'secrets', '-A', '-f', file, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('carol');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('YAML is parsed safely', () => {
  const marker = () => join(root, 'yaml-pwned');
  const payloads = () => [
    `kind: !!js/function 'function () { require("fs").writeFileSync("${marker()}", "x"); globalThis.__rbacPwned = 1; return "ClusterRole"; }'\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: f1}\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: !<tag:yaml.org,2002:js/function> 'function () { globalThis.__rbacPwned = 2; return "x"; }'\nrules: []\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: f3}\nrules:\n- verbs: [!!js/undefined '', !!js/regexp /x/]\n  apiGroups: [""]\n  resources: [pods]\n`,
    `!!python/object/apply:os.system ["touch ${marker()}"]\n`,
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: !Ref other}\nrules: []\n`,
    `{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "j"}, "toString": "function(){globalThis.__rbacPwned = 3}"}\n`,
  ];

  test('custom tags (!!js/function, !!js/undefined, !!js/regexp, !!python/..., !Ref) execute nothing', async () => {
    const dir = join(root, 'tags');
    mkdirSync(dir);
    payloads().forEach((p, i) => writeFileSync(join(dir, `p${i}.yaml`), `${p}---\n${cr(`after-${i}`)}`));
    const snap = await loadFiles([dir]);
    expect((globalThis as Record<string, unknown>).__rbacPwned).toBeUndefined();
    expect(existsSync(marker())).toBe(false);
    // The documents after each hostile one are read; no ClusterRole name is anything but a plain string.
    expect(snap.clusterRoles.map((r) => r.name)).toEqual(expect.arrayContaining(payloads().map((_, i) => `after-${i}`)));
    for (const r of snap.clusterRoles) expect(typeof r.name).toBe('string');
    for (const r of snap.clusterRoles) for (const rule of r.rules) for (const v of rule.verbs) expect(typeof v).toBe('string');
    const cli = await rbacInProcess(['who-can', 'get', 'pods', '-f', dir, '-o', 'json']);
    expect(cli.code).toBe(0);
    expect(cli.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(marker())).toBe(false);
  });

  test('__proto__, constructor and merge keys do not pollute Object.prototype', async () => {
    const dir = join(root, 'proto');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.yaml'), `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n__proto__: {polluted: yaml-top}\nmetadata:\n  name: p1\n  labels: {__proto__: {polluted: label}, constructor: {prototype: {polluted: ctor}}}\nrules:\n- __proto__: {polluted: rule}\n  verbs: [get]\n  apiGroups: [""]\n  resources: [pods]\n`);
    writeFileSync(join(dir, 'b.yaml'), `base: &b {__proto__: {polluted: merge}}\nobj:\n  <<: *b\n---\n${cr('p2')}`);
    writeFileSync(join(dir, 'c.json'), '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","__proto__":{"polluted":"json"},"metadata":{"name":"p3","labels":{"__proto__":{"polluted":"jl"}}},"rules":[]}');
    writeFileSync(join(dir, 'd.yaml'), `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: agg}\naggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {__proto__: x}\n    matchExpressions: [{key: __proto__, operator: Exists}]\nrules: []\n`);
    const snap = await loadFiles([dir]);
    analyze(snap);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(snap.clusterRoles.map((r) => r.name).sort()).toEqual(['agg', 'p1', 'p2', 'p3']);
  });
});

describe('errors are one line, never a stack trace (the CLI\'s single handler, src/cli/run.ts)', () => {
  test('bad flags, arguments, files, subjects, durations, kubeconfigs and snapshots', async () => {
    const badKubeconfig = join(root, 'bad-kubeconfig');
    writeFileSync(badKubeconfig, ': : not yaml [\n\0');
    const badSnapshot = join(root, 'bad-snapshot.json');
    writeFileSync(badSnapshot, '{"apiVersion":"rbac.dev/v1alpha1","kind":"RbacSnapshot","meta":{"origin":"files"},"objects":{"roles":[{"kind":"Role"}]}}');
    const futureSnapshot = join(root, 'future-snapshot.json');
    writeFileSync(futureSnapshot, '{"apiVersion":"rbac.dev/v9","kind":"RbacSnapshot"}');
    const cases: string[][] = [
      ['who-can', 'get', 'pods', '-f', join(root, 'does-not-exist.yaml')],
      ['who-can', '--no-such-flag'],
      ['who-can'],
      ['what-can', 'sa:missing-its-name', '-f', join(root, 'named-target.yaml')],
      ['what-can', 'sa:only-one-part', '-f', join(root, 'named-target.yaml')],
      ['who-can', 'get', 'pods', '--request-timeout', 'soon'],
      ['who-can', 'get', 'pods', '--kubeconfig', badKubeconfig],
      ['who-can', 'get', 'pods', '--kubeconfig', join(root, 'nope')],
      ['who-can', 'get', 'pods', '-f', badSnapshot],
      ['who-can', 'get', 'pods', '-f', futureSnapshot],
      ['who-can', 'get', 'pods', '-f', '-', '-f', '-'],
      ['who-can', 'get', 'pods', '-f', root, '--aggregation', 'sometimes'],
      ['who-can', 'get', 'pods', '-f', root, '-o', 'xml'],
      ['audit', '-f', root, '--fail-on', 'apocalyptic'],
      ['audit', '-f', root, '--query', 'no-such-check'],
      ['export', '-f', root, '-o', 'pdf'],
      ['snapshot', '-o', join(root, 'no', 'such', 'dir', 'x.json'), '-f', join(root, 'named-target.yaml')],
      ['diff', join(root, 'missing-a'), join(root, 'missing-b')],
      ['batch', '-f', root, '--queries', join(root, 'no-queries.jsonl')],
      ['no-such-command'],
    ];
    const results = await Promise.all(cases.map((c) => rbacInProcess(c)));
    results.forEach((r, i) => {
      const label = cases[i]!.join(' ');
      expect(r.stderr, label).not.toMatch(/^\s+at /m);
      expect(r.stderr, label).not.toMatch(/internal error/);
      expect([2, 3], `${label}: ${r.stderr}`).toContain(r.code);
    });
    // And through a real process, where an uncaught error would print Node's own trace.
    const real = [await rbacAsync(['who-can', 'get', 'pods', '-f', badSnapshot])];
    for (const r of real) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
