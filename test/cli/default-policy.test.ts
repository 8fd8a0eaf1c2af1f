// The default policy as the CLI user meets it: on for manifest input, marked in every answer,
// off for batch unless asked for. Needs `npm run build` first.
import { describe, expect, test } from 'vitest';
import { rbac } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const FLUX = ['-f', 'samples/addons/flux2.yaml'];
const doc = (kind: string, body: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\n${body}\n`;

describe('manifest input gets the default policy', () => {
  test("rbac who-can '*' '*' -f samples/addons/flux2.yaml lists the cluster-admin holders, marked and footnoted (-o wide shows the role)", () => {
    const r = rbac(['who-can', '*', '*', ...FLUX, '-q', '-o', 'wide']);
    expect(r.stdout).toMatch(/ServiceAccount flux-system\/helm-controller +cluster-wide +ClusterRoleBinding cluster-reconciler +ClusterRole cluster-admin \(default\)/);
    expect(r.stdout).toMatch(/ServiceAccount flux-system\/kustomize-controller +cluster-wide +ClusterRoleBinding cluster-reconciler +ClusterRole cluster-admin \(default\)/);
    expect(r.stdout).toContain('(default) = from the Kubernetes v1.28.7 default policy, not in your manifests.');
  });

  test("rbac who-can '*' '*' -f samples/addons/flux2.yaml --no-default-policy answers for the manifests alone", () => {
    const r = rbac(['who-can', '*', '*', ...FLUX, '--no-default-policy']);
    expect(r.stdout).not.toContain('cluster-admin');
    expect(r.stdout).not.toContain('(default)');
    expect(r.stderr).toContain('[missing-role]');
  });

  test('rbac who-can get pods -f flux2.yaml -o json carries defaultPolicy on the built-in binding and role', () => {
    const out = JSON.parse(rbac(['who-can', 'get', 'pods', '-n', 'kube-system', ...FLUX, '-o', 'json', '-q']).stdout);
    const helm = out.subjects.find((s: { name: string }) => s.name === 'helm-controller');
    expect(helm.grants[0]).toMatchObject({ binding: { kind: 'ClusterRoleBinding', name: 'cluster-reconciler' }, role: { kind: 'ClusterRole', name: 'cluster-admin', defaultPolicy: 'v1.28.7' } });
    expect(helm.grants[0].binding.defaultPolicy).toBeUndefined();
    const scheduler = out.subjects.find((s: { name: string }) => s.name === 'system:kube-scheduler');
    expect(scheduler.grants[0]).toMatchObject({ binding: { name: 'system:kube-scheduler', defaultPolicy: 'v1.28.7' }, role: { name: 'system:kube-scheduler', defaultPolicy: 'v1.28.7' } });
  });

  test('rbac audit -f samples/addons/flux2.yaml: cluster-admin-equivalent is critical; the defaults alone are one line', () => {
    const r = rbac(['audit', ...FLUX, '--query', 'cluster-admin-equivalent', '-q']);
    expect(r.stdout).toMatch(/critical +cluster-admin-equivalent +ServiceAccount flux-system\/helm-controller/);
    expect(r.stdout).toMatch(/critical +cluster-admin-equivalent +ServiceAccount flux-system\/kustomize-controller/);
    expect(r.stdout).toContain('(default) = from the Kubernetes v1.28.7 default policy, not in your manifests.');
    const full = rbac(['audit', ...FLUX, '-q']).stdout;
    expect(full).not.toContain('kube-system/');
    const hidden = Number(/^(\d+) more rest only on the Kubernetes v1\.28\.7 default policy \(its own controllers and groups\): --include-defaults lists them\.$/m.exec(full)?.[1]);
    expect(hidden).toBeGreaterThan(0);
    // The count covers Kubernetes' own findings whether an exclusion applies or not.
    const all = JSON.parse(rbac(['audit', ...FLUX, '--include-defaults', '--show-excluded', '--expand', '-o', 'json', '-q']).stdout);
    const defaults = all.findings.filter((f: { defaultPolicy?: boolean }) => f.defaultPolicy);
    expect(defaults).toHaveLength(hidden);
    expect(defaults.map((f: { check: string; subject?: { name: string } }) => `${f.check}:${f.subject?.name ?? ''}`)).toContain('bound-to-anonymous:system:unauthenticated');
    expect(full).not.toContain('missing-role');
  });

  test('rbac who-can get pods --kubernetes-version 1.2 is a usage error naming the shipped versions', () => {
    const r = rbac(['who-can', 'get', 'pods', ...FLUX, '--kubernetes-version', '1.2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --kubernetes-version 1\.2: no default policy shipped for it \(shipped: 1\.28/);
  });

  test('rbac who-can get pods -f deployment.yaml warns that only the Kubernetes defaults are present', () => {
    const dir = tmpTree({ 'deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n' });
    const r = rbac(['who-can', 'get', 'pods', '-f', `${dir}/deployment.yaml`]);
    expect(r.stderr).toMatch(/warning: the input has no RBAC objects \(Role, ClusterRole, RoleBinding, ClusterRoleBinding\): read .*deployment\.yaml: 1 file with 1 document; workloads Deployment x1 \(they run pods but grant nothing\); only the Kubernetes v1\.28\.7 default policy is present \[no-rbac-objects\]/);
  });
});

describe('rbac batch answers for the input alone unless told', () => {
  const query = '{"op":"who-can","verb":"delete","apiGroup":"apps","resource":"deployments","namespace":"x"}';
  const names = (stdout: string) => (JSON.parse(stdout).subjects as { name: string }[]).map((s) => s.name);

  test('rbac batch -f flux2.yaml: no default policy, so the cluster-admin binding grants nothing', () => {
    expect(names(rbac(['batch', ...FLUX, '-q'], query).stdout)).not.toContain('helm-controller');
  });

  test('rbac batch -f flux2.yaml --default-policy: the cluster-admin holders appear', () => {
    expect(names(rbac(['batch', ...FLUX, '-q', '--default-policy'], query).stdout)).toEqual(expect.arrayContaining(['helm-controller', 'kustomize-controller']));
  });
});

describe('rbac diff on a repository without the default policy', () => {
  const base = doc('RoleBinding', 'metadata: {name: team-edit, namespace: team}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\nsubjects: [{kind: Group, name: team, apiGroup: rbac.authorization.k8s.io}]');
  const widget = doc('ClusterRole', 'metadata:\n  name: widgets-edit\n  labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}\nrules: [{apiGroups: [example.com], resources: [widgets], verbs: [delete]}]');
  const admin = doc('ClusterRoleBinding', 'metadata: {name: ci-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: ci, namespace: ci}]');

  test('a new ClusterRole labelled aggregate-to-edit: every holder of edit gains, through the built-in edit', () => {
    const dir = tmpTree({ 'a/rb.yaml': base, 'b/rb.yaml': base, 'b/widgets.yaml': widget });
    const out = JSON.parse(rbac(['diff', `${dir}/a`, `${dir}/b`, '-o', 'json', '-q']).stdout);
    const gains = out.changes.filter((c: { change: string }) => c.change === 'added');
    expect(gains).toEqual([expect.objectContaining({ subject: expect.objectContaining({ kind: 'Group', name: 'team' }) })]);
    expect(JSON.stringify(gains[0])).toContain('widgets');
  });

  test('a new binding to cluster-admin is critical', () => {
    const dir = tmpTree({ 'a/rb.yaml': base, 'b/rb.yaml': base, 'b/admin.yaml': admin });
    const r = rbac(['diff', `${dir}/a`, `${dir}/b`, '--fail-on', 'critical', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cluster-admin-equivalent');
  });
});
