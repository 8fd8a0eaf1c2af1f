// Reading files, folders and stdin.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { InputError } from '../../src/errors.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const cr = (name: string, verb = 'get') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n- {apiGroups: [""], resources: [pods], verbs: [${verb}]}\n`;

describe('loadFiles', () => {
  test('folders are read recursively in lexical path order, later definitions winning', async () => {
    const root = tmpTree({ 'b/x.yaml': cr('r', 'list'), 'a.yaml': cr('r', 'get'), 'c.yml': cr('c'), 'notes.txt': 'not a manifest', 'd.json': JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'j' }, rules: [] }) });
    const s = await loadFiles([root]);
    expect(s.clusterRoles.map((r) => r.name).sort()).toEqual(['c', 'j', 'r']);
    expect(s.clusterRoles.find((r) => r.name === 'r')!.rules[0]!.verbs).toEqual(['list']);
  });

  test('stdin is read for -', async () => {
    const s = await loadFiles(['-'], { readStdin: async () => cr('from-stdin') });
    expect(s.clusterRoles[0]!.source).toMatchObject({ file: '<stdin>', doc: 1 });
  });

  test('a missing file is an InputError naming it', async () => {
    await expect(loadFiles(['/nonexistent/x.yaml'])).rejects.toThrow(InputError);
    await expect(loadFiles(['/nonexistent/x.yaml'])).rejects.toThrow('/nonexistent/x.yaml: no such file or folder');
  });

  test('a malformed file is a diagnostic; the other files are still read', async () => {
    const root = tmpTree({ 'bad.yaml': 'kind: [\n', 'good.yaml': cr('ok') });
    const s = await loadFiles([root]);
    expect(s.clusterRoles.map((r) => r.name)).toEqual(['ok']);
    expect(s.diagnostics.find((d) => d.code === 'yaml-syntax')!.source).toMatchObject({ file: join(root, 'bad.yaml'), doc: 1 });
  });

  test('symbolic links inside a folder are not followed', async () => {
    const outside = tmpTree({ 'secret.yaml': cr('outside') });
    const root = tmpTree({ 'in.yaml': cr('inside') });
    symlinkSync(outside, join(root, 'link'));
    const s = await loadFiles([root]);
    expect(s.clusterRoles.map((r) => r.name)).toEqual(['inside']);
    expect(s.diagnostics.some((d) => d.code === 'symlink-skipped')).toBe(true);
  });

  test('an empty folder is a warning', async () => {
    const s = await loadFiles([tmpTree({ 'README.md': '# hi' })]);
    expect(s.diagnostics.map((d) => d.code)).toContain('empty-folder');
  });
});

describe('streaming and the careful path agree', () => {
  test('a file with one broken document: good documents counted once, diagnostics once', async () => {
    const root = tmpTree({ 'f.yaml': `${cr('a')}---\nkind: [\n---\n${cr('b')}` });
    const s = await loadFiles([join(root, 'f.yaml')]);
    expect(s.clusterRoles.map((r) => r.name)).toEqual(['a', 'b']);
    expect(s.diagnostics.filter((d) => d.code === 'yaml-syntax')).toHaveLength(1);
    expect(s.diagnostics.filter((d) => d.code === 'duplicate-object')).toHaveLength(0);
  });

  test('YAML timestamps stay strings (core schema, as Kubernetes reads manifests)', async () => {
    const root = tmpTree({ 'f.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n  labels: {since: 2024-01-01}\nrules: []\n' });
    const s = await loadFiles([join(root, 'f.yaml')]);
    expect(s.clusterRoles[0]!.labels).toEqual({ since: '2024-01-01' });
    expect(s.diagnostics.filter((d) => d.code === 'wrong-type')).toEqual([]);
  });
});
