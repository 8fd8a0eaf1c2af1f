// Issue 14, items 1, 4 and 8: a pull request must not make rbac read a manifest differently from
// kubectl. Each test is a small hostile document that was misread, dropped or unbounded before.
// (test/collect/yaml-kubectl.test.ts compares the whole corpus with kubectl itself.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeText } from '../../src/collect/decode.js';
import { loadFiles } from '../../src/collect/files.js';
import { rbacAsync } from './support.js';

const CORPUS = join(import.meta.dirname, '../fixtures/yaml-kubectl');
const at = (f: string) => join(CORPUS, f);


describe('merge keys are applied as kubectl applies them', () => {
  test('subjects from `<<` are bound: audit --fail-on high fails, naming the user', async () => {
    const r = await rbacAsync(['audit', '-f', at('merge-subjects.yaml'), '--fail-on', 'high', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.some((f: { subject: { name: string } }) => f.subject.name === 'mallory')).toBe(true);
  });

  test('`roleRef: {name: view, <<: {name: cluster-admin}}` is cluster-admin (a later merge wins); a later key beats an earlier merge', async () => {
    const snap = await loadFiles([at('merge-later-wins.yaml'), at('merge-earlier-loses.yaml')]);
    expect(snap.clusterRoleBindings.map((b) => [b.name, b.roleRef.name])).toEqual([['later-merge', 'cluster-admin'], ['earlier-merge', 'view']]);
  });

  test('a ConfigMap that `<<` turns into a ClusterRoleBinding is the binding: diff --fail-on high fails', async () => {
    const r = await rbacAsync(['diff', at('merge-subjects.yaml'), at('merge-kind.yaml'), '--fail-on', 'high', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('system:authenticated');
  });
});

describe('documents kubectl accepts are read, not dropped', () => {
  test('duplicate keys: the last wins (kubectl keeps it), with a duplicate-key warning', async () => {
    const snap = await loadFiles([at('duplicate-keys.yaml'), at('duplicate-keys.json')]);
    expect(snap.clusterRoleBindings.map((b) => [b.name, b.roleRef.name, b.subjects.map((s) => s.name)])).toEqual([['last-name', 'cluster-admin', ['mallory']], ['json-dup', 'cluster-admin', ['mallory']]]);
    expect(snap.diagnostics.filter((d) => d.code === 'duplicate-key').map((d) => d.severity)).toEqual(['warning']);
  });

  test('1,500 aliases of small values are read (kubectl budgets expansion, not the number of aliases)', () => {
    const d = decodeText(readFileSync(at('aliases-many.yaml'), 'utf8'));
    expect(d.errors).toEqual([]);
    expect((d.documents[0]!.value as { values: { list: unknown[] } }).values.list).toHaveLength(1500);
  });

  test('block maps 300 deep are read; flow lists 300 deep are an error that fails --strict and --fail-on', async () => {
    expect(decodeText(readFileSync(at('deep-nesting.yaml'), 'utf8')).errors).toEqual([]);
    const strict = await rbacAsync(['who-can', 'get', 'pods', '-f', at('deep-flow.yaml'), '-f', at('merge-subjects.yaml'), '--strict']);
    expect(strict.code).toBe(4);
    const gate = await rbacAsync(['audit', '-f', at('deep-flow.yaml'), '--fail-on', 'critical']);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/nested deeper than 256 levels[\s\S]*--fail-on: 1 input error/);
  });

  test('!!binary names are decoded', async () => {
    const snap = await loadFiles([at('binary-names.yaml')]);
    expect(snap.clusterRoleBindings.map((b) => [b.name, b.roleRef.name, b.subjects.map((s) => s.name)])).toEqual([['binary-binding', 'cluster-admin', ['mallory']]]);
  });

  test('YAML 1.1 scalars: `name: yes` is a boolean to kubectl, so the binding has no usable name (reported), not "yes"', async () => {
    const d = decodeText('kind: ClusterRoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: yes}\nroleRef: {kind: ClusterRole, name: 010, apiGroup: rbac.authorization.k8s.io}\n');
    expect(d.documents[0]!.value).toMatchObject({ metadata: { name: true }, roleRef: { name: 8 } });
  });
});

describe('alias expansion is bounded', () => {
  test('0.8 MB that would expand to 100 M list entries through 500 aliases is refused early (an error for that document only)', () => {
    const big = `a: &a [${Array.from({ length: 200_000 }, () => 'x').join(',')}]`;
    const text = `${big}\nb: [${Array.from({ length: 500 }, () => '*a').join(', ')}]\n---\nkind: ClusterRole\nmetadata: {name: kept}\n`;
    expect(text.length).toBeLessThan(900_000);
    const d = decodeText(text);
    expect(d.errors.map((e) => [e.doc, e.message])).toEqual([[1, expect.stringMatching(/excessive aliasing/)]]);
    expect(d.documents.map((x) => (x.value as { metadata: { name: string } }).metadata.name)).toEqual(['kept']);
  });

  test('the billion-laughs corpus document is refused, as kubectl refuses it', () => {
    const d = decodeText(readFileSync(at('alias-bomb.yaml'), 'utf8'));
    expect(d.errors[0]!.message).toMatch(/excessive aliasing/);
  });
});

