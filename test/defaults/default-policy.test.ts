// The built-in default policy: each shipped version is a clean bootstrap policy, it is merged as
// a cluster has it (input objects replace built-in ones), never into a cluster's objects, and it
// makes the grants of real add-ons through Kubernetes' own roles visible.
import { describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { loadFiles } from '../../src/collect/files.js';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { DEFAULT_POLICY_VERSIONS, kubernetesVersionFor, loadDefaultPolicy, NEWEST_DEFAULT_POLICY, resolveKubernetesVersion, withDefaultPolicy } from '../../src/defaults/versions.js';
import { mergeDefaultPolicy } from '../../src/defaults/merge.js';
import { analyze } from '../../src/engine/analyze.js';
import { resourceRequest } from '../../src/model/request.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { UsageError } from '../../src/errors.js';
import { snapshotFromYaml } from '../helpers/load.js';
import { buildDefaultPolicy } from '../../src/tools/default-policy.js';

// The samples/ folder each shipped version is generated from (see samples/SOURCES.md).
const SOURCE_FOLDERS: Record<string, string> = { '1.28': 'samples/kubernetes-bootstrap' };

const subjectsOf = (a: ReturnType<typeof analyze>, verb: string, resource: string, ns = '', group = '') =>
  [...new Set(a.whoCan(resourceRequest({ verb, apiGroup: group, resource, namespace: ns })).grants.map((g) => `${g.subject.kind}:${g.subject.namespace ?? ''}:${g.subject.name}`))];

describe.each(DEFAULT_POLICY_VERSIONS)('shipped default policy %s', (version) => {
  test('loads and analyses with no diagnostics', async () => {
    const a = analyze(await withDefaultPolicy(emptySnapshot(), version));
    expect(a.diagnostics.filter((d) => d.code !== 'no-rbac-objects')).toEqual([]);
    expect(a.snapshot.meta).toMatchObject({ kubernetesVersion: version });
  });

  test('is exactly what the generator makes of its attributed samples/ folder', async () => {
    const shipped = await loadDefaultPolicy(version);
    expect(SOURCE_FOLDERS[version], `no samples/ folder recorded for ${version}`).toBeDefined();
    expect(buildDefaultPolicy(SOURCE_FOLDERS[version]!, { version: shipped.version, release: shipped.release, origin: shipped.origin })).toEqual(shipped);
  });

  test('admin, edit and view aggregate as the controller would: view into edit into admin', async () => {
    const a = analyze(await withDefaultPolicy(emptySnapshot(), version));
    const rules = (name: string) => a.policy.roles.get(`clusterrole:${name}`)!;
    const can = (role: string, verb: string, resource: string, group = '') => rules(role).rules.some((r) => r.verbs.includes(verb) && r.resources.includes(resource) && r.apiGroups.includes(group));
    expect(new Set(rules('view').ruleSources)).toEqual(new Set(['system:aggregate-to-view']));
    expect(new Set(rules('edit').ruleSources)).toEqual(new Set(['system:aggregate-to-edit', 'view']));
    expect(new Set(rules('admin').ruleSources)).toEqual(new Set(['system:aggregate-to-admin', 'edit']));
    expect([can('view', 'get', 'pods'), can('view', 'get', 'secrets'), can('edit', 'get', 'secrets'), can('edit', 'create', 'rolebindings', 'rbac.authorization.k8s.io'), can('admin', 'create', 'rolebindings', 'rbac.authorization.k8s.io')]).toEqual([true, false, true, false, true]);
  });
});

describe('merging the default policy', () => {
  test('an input object with the same kind/namespace/name replaces the built-in one, with an info diagnostic', async () => {
    const s = await withDefaultPolicy(snapshotFromYaml('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\nrules: []\n'), '1.28');
    expect(s.clusterRoles.filter((r) => r.name === 'view')).toEqual([expect.objectContaining({ source: expect.objectContaining({ type: 'file' }) })]);
    expect(s.diagnostics).toEqual([expect.objectContaining({ severity: 'info', code: 'default-policy-replaced', message: expect.stringContaining('ClusterRole view of the Kubernetes v1.28.7 default policy is replaced by the input') })]);
  });

  test('a live cluster, or a snapshot that already has a default policy, never gets one added', async () => {
    const cluster = emptySnapshot({ origin: 'cluster' });
    expect(await withDefaultPolicy(cluster, '1.28')).toBe(cluster);
    const once = await withDefaultPolicy(emptySnapshot(), '1.28');
    expect((await withDefaultPolicy(once, '1.28')).clusterRoles).toHaveLength(once.clusterRoles.length);
  });

  test('the samples/kubernetes-bootstrap folder replaces every built-in v1.28.7 object and answers the same', async () => {
    const files = await loadFiles(['samples/kubernetes-bootstrap']);
    const merged = await loadFiles(['samples/kubernetes-bootstrap'], { defaultPolicy: '1.28' });
    expect(merged.clusterRoles.every((r) => r.source.type === 'file')).toBe(true);
    expect(merged.diagnostics.filter((d) => d.code === 'default-policy-replaced')).toHaveLength(files.clusterRoles.length + files.clusterRoleBindings.length + files.roles.length + files.roleBindings.length);
    expect(subjectsOf(analyze(merged), 'delete', 'secrets', 'kube-system')).toEqual(subjectsOf(analyze(files), 'delete', 'secrets', 'kube-system'));
  });

  test('an input with no RBAC objects says so, and that only the defaults are present', async () => {
    const b = new SnapshotBuilder();
    b.addText('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
    const s = mergeDefaultPolicy(b.build({ origin: 'files', inputs: ['deploy.yaml'] }, { summary: true }), await loadDefaultPolicy('1.28'));
    expect(s.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'no-rbac-objects', message: expect.stringMatching(/read deploy\.yaml: 1 file with 1 document; workloads Deployment x1 \(they run pods but grant nothing\); only the Kubernetes v1\.28\.7 default policy is present$/) }));
  });


  test('--kubernetes-version reads 1.28, v1.28 and 1.28.7 alike; an unknown one names the shipped ones', () => {
    expect(['1.28', 'v1.28', '1.28.7'].map(resolveKubernetesVersion)).toEqual(['1.28', '1.28', '1.28']);
    expect(resolveKubernetesVersion(undefined)).toBe(NEWEST_DEFAULT_POLICY);
    expect(() => resolveKubernetesVersion('1.2')).toThrow(UsageError);
    expect(() => resolveKubernetesVersion('1.2')).toThrow(`shipped: ${DEFAULT_POLICY_VERSIONS.join(', ')}`);
  });
});

describe('real add-ons without the bootstrap folder', () => {
  test('flux2: the cluster-admin binding of helm-controller and kustomize-controller grants *, marked as a default role', async () => {
    const a = analyze(await loadFiles(['samples/addons/flux2.yaml'], { defaultPolicy: true }));
    expect(a.diagnostics.filter((d) => d.code === 'missing-role')).toEqual([]);
    const grants = a.whoCan(resourceRequest({ verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'prod' })).grants.filter((g) => g.binding.name === 'cluster-reconciler');
    expect(grants.map((g) => [g.subject.name, g.role, g.binding.defaultPolicy]).sort()).toEqual([
      ['helm-controller', { kind: 'ClusterRole', name: 'cluster-admin', defaultPolicy: 'v1.28.7' }, undefined],
      ['kustomize-controller', { kind: 'ClusterRole', name: 'cluster-admin', defaultPolicy: 'v1.28.7' }, undefined],
    ]);
  });

  test('flux2 audit: cluster-admin-equivalent is critical for both controllers; findings of the defaults alone are counted, not listed', async () => {
    const a = analyze(await loadFiles(['samples/addons/flux2.yaml'], { defaultPolicy: true }));
    const result = audit(a, await loadQueries([BUILTIN_QUERIES]));
    const critical = result.findings.filter((f) => f.check === 'cluster-admin-equivalent' && !f.excluded).map((f) => `${f.severity}:${f.subject?.name}`);
    expect(critical.sort()).toEqual(['critical:helm-controller', 'critical:kustomize-controller']);
    expect(result.findings.some((f) => f.check === 'missing-role')).toBe(false);
    expect(result.findings.every((f) => !f.defaultPolicy)).toBe(true);
    expect(result.defaultPolicyOnly).toBeGreaterThan(0);
    const all = audit(a, await loadQueries([BUILTIN_QUERIES]), { includeDefaults: true });
    expect(all.findings.filter((f) => f.defaultPolicy)).toHaveLength(result.defaultPolicyOnly);
  });

  test('kube-prometheus: prometheus-adapter gets tokenreviews through system:auth-delegator and the kube-system auth reader Role', async () => {
    const a = analyze(await loadFiles(['samples/addons/kube-prometheus.yaml'], { defaultPolicy: true }));
    expect(subjectsOf(a, 'create', 'tokenreviews', '', 'authentication.k8s.io')).toContain('ServiceAccount:monitoring:prometheus-adapter');
    const d = a.can({ name: 'system:serviceaccount:monitoring:prometheus-adapter', groups: ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'] }, resourceRequest({ verb: 'get', resource: 'configmaps', name: 'extension-apiserver-authentication', namespace: 'kube-system' }));
    expect(d.allowed).toBe(true);
    expect(d.grants[0]!.role).toEqual({ kind: 'Role', name: 'extension-apiserver-authentication-reader', namespace: 'kube-system', defaultPolicy: 'v1.28.7' });
    expect(d.grants[0]!.binding.defaultPolicy).toBeUndefined();
  });

  test('argo-cd: without the default policy the same input answers for itself alone', async () => {
    const off = analyze(await loadFiles(['samples/addons/argo-cd.yaml']));
    const on = analyze(await loadFiles(['samples/addons/argo-cd.yaml'], { defaultPolicy: true }));
    expect(subjectsOf(off, 'get', 'secrets', 'argocd')).not.toContain('User::system:kube-controller-manager');
    expect(subjectsOf(on, 'get', 'secrets', 'kube-system')).toContain('ServiceAccount:kube-system:namespace-controller');
    expect(on.diagnostics.filter((d) => d.code === 'default-policy-replaced')).toEqual([]);
  });
});

describe('the Kubernetes version of a run', () => {
  test.each([
    ['1.33', false, '1.33'],
    ['v1.30.2', false, '1.30'],
    ['1.28.7', true, '1.28'],
    [undefined, true, undefined],
  ])('%s (default policy %s) -> %s', (text, withPolicy, minor) => {
    expect(kubernetesVersionFor(text, withPolicy)).toBe(minor);
  });

  test('a version with no shipped policy is a usage error only when the policy is wanted', () => {
    expect(() => kubernetesVersionFor('1.33', true)).toThrow(UsageError);
    expect(() => kubernetesVersionFor('1.33', true)).toThrow(/--no-default-policy/);
    expect(() => kubernetesVersionFor('one.two', false)).toThrow(UsageError);
  });
});
