// Escalation edges through pods and nodes: each fires on the case it is for, and a restricted
// case (resourceNames, no token, no node access, another node, --rbac-only) does not.
import { describe, expect, test } from 'vitest';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { decodeText } from '../../src/collect/decode.js';
import { analyze } from '../../src/engine/analyze.js';
import { pathsFrom, type EscalationPath } from '../../src/paths/paths.js';
import { rbacOnly } from '../../src/paths/workload-edges.js';

const SA = (name: string, ns = 'app') => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n`;
const grant = (rules: string, kind: 'Role' | 'ClusterRole' = 'Role') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: r${kind === 'Role' ? ', namespace: app' : ''}}
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind === 'Role' ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata: {name: b${kind === 'Role' ? ', namespace: app' : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: r}
subjects: [{kind: User, name: alice}]
`;
const pod = (name: string, sa: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: app}\nspec:\n  serviceAccountName: ${sa}\n  containers: [{name: c, image: x}]\n${extra}`;
const deploy = (name: string, sa: string, extra = '', kind = 'Deployment', api = 'apps/v1') => `apiVersion: ${api}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: app}\nspec:\n  template:\n    spec:\n      serviceAccountName: ${sa}\n      containers: [{name: c, image: x}]\n${extra}`;

function reach(docs: string[], opts: { live?: boolean; rbacOnly?: boolean } = {}): Map<string, EscalationPath> {
  const b = new SnapshotBuilder();
  b.addDecoded('world.yaml', decodeText(docs.join('---\n')));
  const snap = b.build({ origin: opts.live ? 'cluster' : 'files' });
  if (opts.live) {
    snap.workloadScope = '';
    snap.workloads ??= [];
  }
  const a = analyze(snap);
  const g = opts.rbacOnly ? rbacOnly(a.escalationGraph) : a.escalationGraph;
  return new Map(pathsFrom(g, 'user:alice').map((p) => [p.target, p]));
}
/** "certain", "conditional" or "none": how alice reaches TARGET. */
function how(docs: string[], target: string, opts?: { live?: boolean; rbacOnly?: boolean }): string {
  const p = reach(docs, opts).get(target);
  return p ? (p.certain ? 'certain' : 'conditional') : 'none';
}

const EXEC = grant("[{apiGroups: [''], resources: [pods/exec], verbs: [create]}]");
const BASE = [SA('runner'), SA('admin'), SA('quiet')];

describe('exec, attach and ephemeral containers -> the ServiceAccounts pods mount', () => {
  test.each([
    ['exec into a namespace with a pod that runs as runner', [EXEC, pod('web', 'runner')], 'sa:app:runner', {}, 'certain'],
    ['...but not as admin, whom no pod shown runs as: only if unseen pods do', [EXEC, pod('web', 'runner')], 'sa:app:admin', {}, 'conditional'],
    ['...and not at all when a live collection listed every pod', [EXEC, pod('web', 'runner')], 'sa:app:admin', { live: true }, 'none'],
    ['a pod that mounts no token gives none', [EXEC, pod('web', 'quiet', '  automountServiceAccountToken: false\n')], 'sa:app:quiet', { live: true }, 'none'],
    ['attach fires as exec does', [grant("[{apiGroups: [''], resources: [pods/attach], verbs: [create]}]"), pod('web', 'runner')], 'sa:app:runner', { live: true }, 'certain'],
    ['ephemeral containers fire', [grant("[{apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [patch]}]"), pod('web', 'runner')], 'sa:app:runner', { live: true }, 'certain'],
    ['exec limited to the pod by resourceNames', [grant("[{apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [web]}]"), pod('web', 'runner')], 'sa:app:runner', { live: true }, 'certain'],
    ['exec limited to another pod', [grant("[{apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [other]}]"), pod('web', 'runner')], 'sa:app:runner', { live: true }, 'none'],
    ['exec limited by name: a pod of that name in another namespace is not reached', [grant("[{apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [web]}]"), pod('api', 'runner'), SA('runner', 'other'), pod('web', 'runner').replace('namespace: app', 'namespace: other')], 'sa:other:runner', { live: true }, 'none'],
    ['...and a cluster-wide one by name reaches it there', [grant("[{apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [web]}]", 'ClusterRole'), SA('runner', 'other'), pod('web', 'runner').replace('namespace: app', 'namespace: other')], 'sa:other:runner', { live: true }, 'certain'],
    ['an input with no workloads keeps "any ServiceAccount of N"', [EXEC], 'sa:app:admin', {}, 'certain'],
    ['create pods stays "any ServiceAccount of N"', [grant("[{apiGroups: [''], resources: [pods], verbs: [create]}]"), pod('web', 'runner')], 'sa:app:admin', { live: true }, 'certain'],
  ] as const)('%s', (_name, docs, target, opts, expected) => {
    expect(how([...BASE, ...docs], target, opts)).toBe(expected);
  });
});

describe('update or patch of a named workload -> its ServiceAccount', () => {
  const update = (resource: string, names: string, group = 'apps') => grant(`[{apiGroups: [${group}], resources: [${resource}], verbs: [patch], resourceNames: [${names}]}]`);
  test.each([
    ['patch deployments [web]: web runs as runner', [update('deployments', 'web'), deploy('web', 'runner')], 'sa:app:runner', 'certain'],
    ['...and its template can name any ServiceAccount of app', [update('deployments', 'web'), deploy('web', 'runner')], 'sa:app:admin', 'certain'],
    ['patch deployments [other]: no such Deployment', [update('deployments', 'other'), deploy('web', 'runner')], 'sa:app:runner', 'none'],
    ['patch daemonsets [web] is not a Deployment', [update('daemonsets', 'web'), deploy('web', 'runner')], 'sa:app:runner', 'none'],
    ['patch jobs [j]: a Job template is immutable', [update('jobs', 'j', 'batch'), deploy('j', 'runner', '', 'Job', 'batch/v1')], 'sa:app:runner', 'none'],
  ] as const)('%s', (_name, docs, target, expected) => {
    expect(how([...BASE, ...docs], target, { live: true })).toBe(expected);
  });
});

describe('nodes/proxy -> the tokens of the pods on the node', () => {
  const proxy = (names = '') => grant(`[{apiGroups: [''], resources: [nodes/proxy], verbs: [get]${names ? `, resourceNames: [${names}]` : ''}}]`, 'ClusterRole');
  const ON1 = pod('a', 'runner', '  nodeName: node-1\n');
  const ON2 = pod('b', 'admin', '  nodeName: node-2\n');
  test.each([
    ['every node: the pods of every node', [proxy(), ON1, ON2], 'sa:app:admin', { live: true }, 'certain'],
    ['node-1: the pod on node-1', [proxy('node-1'), ON1, ON2], 'sa:app:runner', { live: true }, 'certain'],
    ['node-1: not the pod on node-2', [proxy('node-1'), ON1, ON2], 'sa:app:admin', { live: true }, 'none'],
    ['node-1: a DaemonSet is on every node', [proxy('node-1'), deploy('ds', 'admin', '', 'DaemonSet')], 'sa:app:admin', { live: true }, 'certain'],
    ['node-1: a pod of unknown placement only may be there', [proxy('node-1'), deploy('d', 'admin')], 'sa:app:admin', { live: true }, 'conditional'],
    ['no workloads in the input: any ServiceAccount, as before', [proxy()], 'sa:app:admin', {}, 'certain'],
  ] as const)('%s', (_name, docs, target, opts, expected) => {
    expect(how([...BASE, ...docs], target, opts)).toBe(expected);
  });
});

describe('a pod that reaches its node -> its node -> the tokens there (not RBAC)', () => {
  const victim = pod('victim', 'admin', '  nodeName: node-1\n');
  const escaper = (extra: string) => pod('esc', 'runner', `  nodeName: node-1\n${extra}`);
  const ESC = grant("[{apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [esc]}]");
  test.each([
    ['privileged', '  initContainers: [{name: i, image: x, securityContext: {privileged: true}}]\n', 'certain'],
    ['hostPath', '  volumes: [{name: r, hostPath: {path: /}}]\n', 'certain'],
    ['hostPID', '  hostPID: true\n', 'certain'],
    ['no node access', '', 'none'],
  ])('%s', (_name, extra, expected) => {
    const docs = [...BASE, ESC, escaper(extra), victim];
    expect(how(docs, 'sa:app:admin', { live: true })).toBe(expected);
  });
  test('the escape step is labelled as not RBAC, and --rbac-only leaves the path out', () => {
    const docs = [...BASE, ESC, escaper('  hostPID: true\n'), victim];
    const p = reach(docs, { live: true }).get('sa:app:admin')!;
    const step = p.steps.find((s) => s.edge.kind === 'escape')!;
    expect(step.edge).toMatchObject({ nonRbac: 'container escape (not an RBAC permission)' });
    expect(step.edge.via).toBe('hostPID: true: container escape (not an RBAC permission)');
    expect(how(docs, 'sa:app:admin', { live: true, rbacOnly: true })).toBe('none');
    expect(how(docs, 'sa:app:runner', { live: true, rbacOnly: true })).toBe('certain');
  });
});
