// From documents to a Snapshot, the way `kubectl apply -f` reads manifests.
import { describe, expect, test } from 'vitest';
import { snapshotFromYaml } from '../helpers/load.js';

const role = (name: string, ns?: string, verb = 'get') => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [${verb}]
`;

describe('SnapshotBuilder', () => {
  test('kind: List items are unpacked, with their item index as source', () => {
    const s = snapshotFromYaml(`apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: a}
  rules: []
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: sa1, namespace: ns1}
`);
    expect(s.clusterRoles.map((r) => r.name)).toEqual(['a']);
    expect(s.serviceAccounts[0]).toMatchObject({ name: 'sa1', namespace: 'ns1', source: { doc: 1, item: 1 } });
  });

  test('typed lists (RoleList from the API) are unpacked too', () => {
    const s = snapshotFromYaml(`{"kind":"RoleList","apiVersion":"rbac.authorization.k8s.io/v1","items":[{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r","namespace":"x"},"rules":[]}]}`);
    expect(s.roles.map((r) => `${r.namespace}/${r.name}`)).toEqual(['x/r']);
  });

  test('a namespaced object without a namespace lands in the default namespace', () => {
    expect(snapshotFromYaml(role('r')).roles[0]!.namespace).toBe('default');
  });

  test('the later definition of the same object wins, with a warning naming both places', () => {
    const s = snapshotFromYaml(role('r', 'ns1', 'get'), role('r', 'ns1', 'list'));
    expect(s.roles).toHaveLength(1);
    expect(s.roles[0]!.rules[0]!.verbs).toEqual(['list']);
    const d = s.diagnostics.find((x) => x.code === 'duplicate-object')!;
    expect(d.message).toContain('inline-2.yaml#1');
    expect(d.message).toContain('inline-1.yaml#1');
  });

  test('the same name in two namespaces is two objects', () => {
    expect(snapshotFromYaml(role('r', 'a'), role('r', 'b')).roles).toHaveLength(2);
  });

  test('other kinds are skipped and counted; workloads are kept', () => {
    const s = snapshotFromYaml('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c2}\n');
    expect(s.diagnostics.find((d) => d.code === 'skipped-kinds')!.message).toBe('skipped 2 object(s) of kinds that carry no RBAC (ConfigMap: 2)');
    expect(s.workloads?.map((w) => `${w.kind} ${w.namespace}/${w.name} ${w.serviceAccount}`)).toEqual(['Deployment default/d default']);
  });

  test('CRDs are kept for resource scope and names', () => {
    const s = snapshotFromYaml(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Cluster
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
`);
    expect(s.customResources[0]).toMatchObject({ group: 'stable.example.com', plural: 'crontabs', namespaced: false, shortNames: ['ct'] });
  });

  test.each([
    // Beside a Kubernetes object: a file of nothing but such documents is not a manifest at all.
    ['a document that is not a map', '- a\n- b\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s}\n', 'not-an-object'],
    ['an object without kind', 'metadata: {name: x}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s}\n', 'missing-kind'],
    ['an RBAC object whose kind is forgotten', 'metadata: {name: x}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: []\n', 'missing-kind'],
    ['a file named with -f that holds no Kubernetes object', 'name: demo\nversion: 1.0.0\n', 'not-kubernetes'],
    ['an RBAC object without a name', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nrules: []\n', 'missing-name'],
    ['verbs as a string', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n- {apiGroups: [""], resources: [pods], verbs: get}\n', 'wrong-type'],
    ['a subject kind in lower case', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: x, namespace: a}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: user, name: u}]\n', 'invalid-subject'],
    ['a ClusterRoleBinding to a Role', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: []\n', 'invalid-roleref'],
    ['an unrendered chart placeholder', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "{{ .Release.Name }}-role"}\nrules: []\n', 'invalid-name'],
    ['an invalid namespace name', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: NAMESPACE}\nrules: []\n', 'invalid-name'],
    ['nonResourceURLs in a Role', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: a}\nrules: [{verbs: [get], nonResourceURLs: [/x]}]\n', 'invalid-rule'],
    ['a removed RBAC API version', 'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n', 'api-version'],
  ])('%s is a diagnostic naming the document', (_name, yaml, code) => {
    const s = snapshotFromYaml(yaml);
    const d = s.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(s.diagnostics)).toBeDefined();
    expect(d!.source).toMatchObject({ type: 'file', file: 'inline-1.yaml', doc: 1 });
  });

  test('objects the API server would reject are still analysed', () => {
    const s = snapshotFromYaml('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: NAMESPACE}\nrules: []\n');
    expect(s.roles).toHaveLength(1);
  });

  test('a wrong-typed entry is kept as a literal that matches nothing real (a rule is never widened)', () => {
    const s = snapshotFromYaml('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n- {apiGroups: [""], resources: [pods, 7, {a: 1}], verbs: [get]}\n');
    expect(s.clusterRoles[0]!.rules[0]!.resources).toEqual(['pods', '7', '<invalid a map>']);
  });

  test('resourceNames of the wrong type never turn "these names" into "every name"', () => {
    const s = snapshotFromYaml('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: tls}\n- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [{a: 1}]}\n');
    expect(s.clusterRoles[0]!.rules.map((r) => r.resourceNames)).toEqual([['tls'], ['<invalid a map>']]);
  });
});

describe('a warning names the object and the field it is about, in document order', () => {
  const CR = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n';
  const CRB = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\n';
  test.each([
    ['a scalar where a list of strings goes, in the second rule', `${CR}metadata: {name: x}\nrules:\n- {apiGroups: [""], resources: [pods], verbs: [get]}\n- {apiGroups: [""], resources: [pods], verbs: get}\n`,
      ['ClusterRole x: rules[1].verbs should be a list of strings, got string get; read as the one-item list [get]']],
    ['a non-string entry of a list', `${CR}metadata: {name: x}\nrules:\n- {apiGroups: [""], resources: [pods], verbs: [get], resourceNames: [7]}\n`,
      ['ClusterRole x: rules[0].resourceNames holds a non-string entry (number 7); read as "7"']],
    ['a rule that is not a map, then one with two problems', `${CR}metadata: {name: x}\nrules:\n- 5\n- {verbs: [], nonResourceURLs: [/x], resources: [pods]}\n`,
      ['ClusterRole x: rules[0] is not a map; ignored', 'ClusterRole x: rules[1] has no verbs, so it grants nothing', 'ClusterRole x: rules[1] mixes nonResourceURLs with apiGroups/resources/resourceNames']],
    ['a subject with a number for a name, and one with a wrong kind and apiGroup', `${CRB}subjects:\n- {kind: User, name: 7}\n- {kind: serviceaccount, name: s, apiGroup: x}\n`,
      ['ClusterRoleBinding b: subjects[0].name should be a string, got number 7; read as "7"', 'ClusterRoleBinding b: subjects[1] kind "serviceaccount" is not User, Group or ServiceAccount (case-sensitive), so it matches no one']],
    ['a ServiceAccount subject without a namespace, in a ClusterRoleBinding', `${CRB}subjects:\n- {kind: ServiceAccount, name: s, apiGroup: rbac.authorization.k8s.io}\n`,
      ['ClusterRoleBinding b: subjects[0] apiGroup "rbac.authorization.k8s.io" should be "" for a ServiceAccount', 'ClusterRoleBinding b: subjects[0] is a ServiceAccount without a namespace in a ClusterRoleBinding, so it matches no one']],
    ['an object whose name is not a string', `${CR}metadata: {name: [a]}\nrules: []\n`,
      ['ClusterRole (unnamed): metadata.name should be a string, got a list; ignored']],
  ])('%s', (_name, yaml, messages) => {
    const s = snapshotFromYaml(yaml);
    expect(s.diagnostics.filter((d) => d.code !== 'missing-name').map((d) => d.message)).toEqual(messages);
  });
});

describe('CustomResourceDefinition subresources', () => {
  const crd = (versions: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
${versions}`;
  test.each([
    ['status and scale declared by a served version', '  - {name: v1, served: true, storage: true, subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}}\n', ['scale', 'status']],
    ['only status', '  - {name: v1, served: true, storage: true, subresources: {status: {}}}\n', ['status']],
    ['none declared', '  - {name: v1, served: true, storage: true}\n', []],
    ['declared only by a version that is not served', '  - {name: v1, served: true, storage: true}\n  - {name: v0, served: false, storage: false, subresources: {status: {}}}\n', []],
  ])('%s', (_name, versions, subresources) => {
    expect(snapshotFromYaml(crd(versions)).customResources[0]!.subresources).toEqual(subresources);
  });
});

describe('legacy ServiceAccount token Secrets', () => {
  const secret = (name: string, type: string, sa?: string, ns = '') => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}${sa ? `  annotations: {kubernetes.io/service-account.name: ${sa}}\n` : ''}type: ${type}
data: {token: c2VjcmV0LXRva2Vu}
stringData: {password: hunter2}
`;

  test('a token Secret is kept as namespace, name and ServiceAccount only, never its data', () => {
    const s = snapshotFromYaml(`${secret('ci-token', 'kubernetes.io/service-account-token', 'ci', 'dev')}---\n${secret('in-default', 'kubernetes.io/service-account-token', 'app')}`);
    expect(s.tokenSecrets?.map(({ namespace, name, serviceAccount }) => ({ namespace, name, serviceAccount }))).toEqual([
      { namespace: 'dev', name: 'ci-token', serviceAccount: 'ci' },
      { namespace: 'default', name: 'in-default', serviceAccount: 'app' },
    ]);
    expect(JSON.stringify(s)).not.toMatch(/c2VjcmV0|hunter2/);
  });

  test('other Secrets, and token Secrets without the ServiceAccount annotation, are skipped like any kind without RBAC', () => {
    const s = snapshotFromYaml(`${secret('tls', 'kubernetes.io/tls')}---\n${secret('orphan', 'kubernetes.io/service-account-token')}`);
    expect(s.tokenSecrets).toBeUndefined();
    expect(s.diagnostics.find((d) => d.code === 'skipped-kinds')?.message).toContain('Secret: 2');
  });
});
