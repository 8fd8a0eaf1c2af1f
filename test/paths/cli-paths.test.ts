// rbac paths from the command line: certain and conditional paths in table and JSON, --to a
// grant bound nowhere yet, and --baseline gating only on new paths.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rbac } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const BOOT = ['-f', 'samples/kubernetes-bootstrap', '-q'];
const doc = (kind: string, name: string, body: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\n${body}\n---\n`;
const BINDER =
  doc('ClusterRole', 'binder', 'rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]') +
  doc('ClusterRoleBinding', 'binder', 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binder}\nsubjects: [{kind: User, name: ci}]') +
  doc('Role', 'rb-writer', 'rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}]', 'default') +
  doc('RoleBinding', 'rb-writer', 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rb-writer}\nsubjects: [{kind: User, name: ci}]', 'default');

describe('rbac paths', () => {
  test('--to clusterrole:admin@default finds the holder of bind on every ClusterRole plus create rolebindings in default', () => {
    const root = tmpTree({ 'ci.yaml': BINDER });
    const r = rbac(['paths', '--to', 'clusterrole:admin@default', '-f', join(root, 'ci.yaml'), ...BOOT, '-o', 'json']);
    expect(r.code).toBe(1);
    const ci = JSON.parse(r.stdout).paths.find((p: { source: string }) => p.source === 'user:ci');
    expect(ci).toMatchObject({ hops: 1, certain: true });
    expect(ci.steps.map((s: { kind: string; to: string }) => `${s.kind}:${s.to}`)).toEqual(['bind:clusterrole:*@default', 'any-of:clusterrole:admin@default']);
  });

  test('conditional paths say so in the table (CERTAIN no) and in JSON (certain: false, conditions)', () => {
    const table = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...BOOT]);
    expect(table.stdout).toMatch(/^2\s+no\s+sa:kube-system:token-cleaner\s/m);
    expect(table.stdout).toContain('get secrets in kube-system (if a legacy ServiceAccount token Secret exists)');
    const json = JSON.parse(rbac(['paths', '--to', 'clusterrole:cluster-admin', ...BOOT, '-o', 'json']).stdout);
    const cleaner = json.paths.find((p: { source: string }) => p.source === 'sa:kube-system:token-cleaner');
    expect(cleaner).toMatchObject({ certain: false, conditions: ['if a legacy ServiceAccount token Secret exists'] });
    expect(cleaner.steps.find((s: { kind: string }) => s.kind === 'read-token-secrets')).toMatchObject({ condition: 'if a legacy ServiceAccount token Secret exists' });
  });

  test('a legacy token Secret in the input makes the read-secrets path certain (its data is never kept)', () => {
    const root = tmpTree({ 's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: clusterrole-aggregation-controller-token\n  namespace: kube-system\n  annotations: {kubernetes.io/service-account.name: clusterrole-aggregation-controller}\ntype: kubernetes.io/service-account-token\ndata: {token: c2VjcmV0LXRva2Vu}\n' });
    const r = rbac(['paths', 'sa:kube-system:token-cleaner', '--to', 'clusterrole:cluster-admin', ...BOOT, '-f', join(root, 's.yaml'), '-o', 'json']);
    const [p] = JSON.parse(r.stdout).paths;
    expect(p).toMatchObject({ certain: true, hops: 2 });
    expect(p.steps[1]).toMatchObject({ kind: 'read-token-secrets', to: 'sa:kube-system:clusterrole-aggregation-controller' });
    expect(r.stdout).not.toContain('c2VjcmV0');
  });

  test('--baseline lists and fails only on paths the baseline does not hold, whatever its order', () => {
    const root = tmpTree({ 'ci.yaml': BINDER });
    const known = join(root, 'known.json');
    const before = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...BOOT, '-o', 'json']);
    const previous = JSON.parse(before.stdout);
    previous.paths.reverse();
    writeFileSync(known, JSON.stringify(previous));
    const same = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...BOOT, '--baseline', known]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`no new path found. ${previous.paths.length} path(s) already in ${known} are not listed.`);
    // A ClusterRoleBinding of bind + create clusterrolebindings to user:ci: one new path.
    writeFileSync(join(root, 'ci.yaml'), BINDER + doc('ClusterRole', 'crb-writer', 'rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}]') + doc('ClusterRoleBinding', 'crb-writer', 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: crb-writer}\nsubjects: [{kind: User, name: ci}]'));
    const gained = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...BOOT, '-f', join(root, 'ci.yaml'), '--baseline', known, '-o', 'json']);
    expect(gained.code).toBe(1);
    const out = JSON.parse(gained.stdout);
    expect(out.paths.map((p: { source: string }) => p.source)).toEqual(['user:ci']);
    expect(out.baseline).toEqual({ file: known, known: previous.paths.length });
  });

  test('--baseline gates a repository of add-on manifests that starts from the built-in default policy', () => {
    const root = tmpTree({});
    const known = join(root, 'known.json');
    const flux = ['-f', 'samples/addons/flux2.yaml', '-q'];
    const before = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...flux, '-o', 'json']);
    writeFileSync(known, before.stdout);
    // The default policy's own paths (its controllers) are in the baseline like the chart's.
    expect(JSON.parse(before.stdout).paths.some((p: { source: string }) => p.source.startsWith('sa:kube-system:'))).toBe(true);
    expect(rbac(['paths', '--to', 'clusterrole:cluster-admin', ...flux, '--baseline', known]).code).toBe(0);
    const grown = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...flux, '-f', 'samples/addons/argo-cd.yaml', '--baseline', known, '-o', 'json']);
    expect(grown.code).toBe(1);
    const sources = JSON.parse(grown.stdout).paths.map((p: { source: string }) => p.source);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((s: string) => s.startsWith('sa:argocd:'))).toBe(true);
  });

  test('--baseline with a file that is not a paths output stops with exit 2 naming the file', () => {
    const root = tmpTree({ 'bad.json': '{"findings": []}' });
    const r = rbac(['paths', '--to', 'clusterrole:cluster-admin', ...BOOT, '--baseline', join(root, 'bad.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(root, 'bad.json')}: no "paths" list`);
    expect(readFileSync(join(root, 'bad.json'), 'utf8')).toBe('{"findings": []}');
  });
});

