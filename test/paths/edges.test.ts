// Every escalation edge kind at every scope it exists at: one case that must fire and restricted
// cases that must not (names limiting to other objects, the wrong namespace, a missing companion verb).
import { describe, expect, test } from 'vitest';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { analyze } from '../../src/engine/analyze.js';
import type { RbacObject } from '../../src/model/rbac.js';
import type { ServiceAccountTokenSecret } from '../../src/model/snapshot.js';
import { addTargetNode } from '../../src/paths/escalation-graph.js';
import { pathsFrom, pathsTo } from '../../src/paths/paths.js';
import { cr, crb, rb, role, rule } from '../helpers/builders.js';

const sa = (ns: string, name: string): RbacObject => ({ kind: 'ServiceAccount', name, namespace: ns, labels: {}, annotations: {}, source: { type: 'builtin' } });
const tokenSecret = (namespace: string, name: string, serviceAccount: string): ServiceAccountTokenSecret => ({ namespace, name, serviceAccount, source: { type: 'builtin' } });
const RBAC = 'rbac.authorization.k8s.io';

function graph(objects: (RbacObject | ServiceAccountTokenSecret)[]) {
  const b = new SnapshotBuilder();
  for (const o of objects) if ('kind' in o) b.add(o);
  else b.addTokenSecret(o);
  return analyze(b.build({ origin: 'files' })).escalationGraph;
}
/** target -> "certain" | "conditional", for everything user:u can reach. */
function reach(objects: (RbacObject | ServiceAccountTokenSecret)[], targets: string[]): Map<string, string> {
  const g = graph(objects);
  for (const t of targets) addTargetNode(g, t);
  return new Map(pathsFrom(g, 'user:u').map((p) => [p.target, p.certain ? 'certain' : 'conditional']));
}

type Row = [string, (RbacObject | ServiceAccountTokenSecret)[], string[], string[]];
const U = 'User:u';

const rows: Row[] = [
  // create-workload (R2)
  ['create pods in NS -> every ServiceAccount of NS, not of another', [role('dev', 'r', [rule('create', '', 'pods')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a'), sa('prod', 'a')], ['sa:dev:a'], ['sa:prod:a']],
  ['patch deployments cluster-wide -> every ServiceAccount', [cr('r', [rule('patch', 'apps', 'deployments')]), crb('b', 'r', U), sa('prod', 'a')], ['sa:prod:a'], []],
  ['create pods limited to a name -> nothing (whose ServiceAccount is not in RBAC data)', [role('dev', 'r', [rule('create', '', 'pods', 'p1')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a')], [], ['sa:dev:a']],
  ['get pods (no workload write) -> nothing', [role('dev', 'r', [rule('get,list', '', 'pods')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a')], [], ['sa:dev:a']],
  // exec (R14)
  ['get pods/exec in NS -> ServiceAccounts of NS', [role('dev', 'r', [rule('get', '', 'pods/exec')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a'), sa('prod', 'a')], ['sa:dev:a'], ['sa:prod:a']],
  ['get pods/log -> nothing', [role('dev', 'r', [rule('get', '', 'pods/log')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a')], [], ['sa:dev:a']],
  // token-request (R9)
  ['cluster-wide serviceaccounts/token [admin-sa] -> admin-sa of every namespace, no other', [cr('r', [rule('create', '', 'serviceaccounts/token', 'admin-sa')]), crb('b', 'r', U), sa('a', 'admin-sa'), sa('b', 'admin-sa'), sa('a', 'other')], ['sa:a:admin-sa', 'sa:b:admin-sa'], ['sa:a:other']],
  ['serviceaccounts/token [builder] in NS -> only builder of NS', [role('dev', 'r', [rule('create', '', 'serviceaccounts/token', 'builder')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'builder'), sa('dev', 'other'), sa('prod', 'builder')], ['sa:dev:builder'], ['sa:dev:other', 'sa:prod:builder']],
  ['get serviceaccounts/token (not create) -> nothing', [cr('r', [rule('get', '', 'serviceaccounts/token')]), crb('b', 'r', U), sa('a', 'x')], [], ['sa:a:x']],
  // impersonate (R7, §11)
  ['impersonate users [alice] -> only alice', [cr('r', [rule('impersonate', '', 'users', 'alice')]), crb('b', 'r', U), crb('x', 'r', 'User:alice', 'User:bob')], ['user:alice'], ['user:bob']],
  ['impersonate users [system:serviceaccount:a:x] -> that ServiceAccount', [cr('r', [rule('impersonate', '', 'users', 'system:serviceaccount:a:x')]), crb('b', 'r', U), sa('a', 'x'), sa('a', 'y')], ['sa:a:x'], ['sa:a:y']],
  ['cluster-wide impersonate serviceaccounts [admin-sa] -> admin-sa of every namespace', [cr('r', [rule('impersonate', '', 'serviceaccounts', 'admin-sa')]), crb('b', 'r', U), sa('a', 'admin-sa'), sa('b', 'admin-sa'), sa('b', 'other')], ['sa:a:admin-sa', 'sa:b:admin-sa'], ['sa:b:other']],
  ['impersonate serviceaccounts through a RoleBinding -> that namespace only', [cr('r', [rule('impersonate', '', 'serviceaccounts')]), rb('dev', 'b', 'ClusterRole:r', U), sa('dev', 'a'), sa('prod', 'b')], ['sa:dev:a'], ['sa:prod:b']],
  ['impersonate users through a RoleBinding -> nothing (needs cluster scope)', [cr('r', [rule('impersonate', '', 'users')]), rb('dev', 'b', 'ClusterRole:r', U), crb('x', 'r', 'User:alice')], [], ['user:alice']],
  ['impersonate groups + users -> system:masters -> cluster-admin', [cr('r', [rule('impersonate', '', 'groups,users')]), crb('b', 'r', U)], ['group:system:masters', 'clusterrole:cluster-admin'], []],
  ['impersonate groups alone -> nothing (Impersonate-Group needs Impersonate-User)', [cr('r', [rule('impersonate', '', 'groups')]), crb('b', 'r', U)], [], ['group:system:masters', 'clusterrole:cluster-admin']],
  ['impersonate groups [devs] + a ServiceAccount of NS -> devs, not system:masters', [cr('g', [rule('impersonate', '', 'groups', 'devs')]), crb('b', 'g', U), cr('s', [rule('impersonate', '', 'serviceaccounts')]), rb('dev', 'c', 'ClusterRole:s', U), crb('x', 'g', 'Group:devs')], ['group:devs'], ['group:system:masters']],
  // nodes-proxy (R4)
  ['get nodes/proxy cluster-wide -> every ServiceAccount', [cr('r', [rule('get', '', 'nodes/proxy')]), crb('b', 'r', U), sa('kube-system', 'x')], ['sa:kube-system:x'], []],
  ['nodes/proxy through a RoleBinding -> nothing (cluster-scoped)', [cr('r', [rule('get', '', 'nodes/proxy')]), rb('dev', 'b', 'ClusterRole:r', U), sa('kube-system', 'x')], [], ['sa:kube-system:x']],
  ['get nodes (no proxy) -> nothing', [cr('r', [rule('get', '', 'nodes')]), crb('b', 'r', U), sa('kube-system', 'x')], [], ['sa:kube-system:x']],
  // bind (R6, §10.2)
  ['bind clusterroles [edit] + create rolebindings in NS -> edit in NS only', [role('dev', 'r', [rule('create', RBAC, 'rolebindings'), rule('bind', RBAC, 'clusterroles', 'edit')]), rb('dev', 'b', 'Role:r', U), cr('edit', [rule('get', '', 'pods')])], ['clusterrole:edit@dev'], ['clusterrole:edit', 'clusterrole:edit@prod']],
  ['cluster-wide bind on every clusterrole + create rolebindings in NS -> any ClusterRole there, admin included', [cr('r', [rule('bind', RBAC, 'clusterroles')]), crb('b', 'r', U), role('default', 'rb', [rule('create', RBAC, 'rolebindings')]), rb('default', 'c', 'Role:rb', U), cr('admin', [rule('*', '', 'pods')])], ['clusterrole:admin@default', 'clusterrole:*@default', 'role:default/*'], ['clusterrole:cluster-admin', 'clusterrole:admin@prod']],
  ['cluster-wide bind + create rolebindings cluster-wide -> any ClusterRole in every namespace', [cr('r', [rule('bind', RBAC, 'clusterroles'), rule('create', RBAC, 'rolebindings')]), crb('b', 'r', U), sa('prod', 'x'), cr('admin', [rule('*', '', 'pods')])], ['clusterrole:admin@prod', 'sa:prod:x'], ['clusterrole:cluster-admin']],
  ['bind in one namespace + create rolebindings in another -> nothing', [role('prod', 'r', [rule('bind', RBAC, 'clusterroles')]), rb('prod', 'b', 'Role:r', U), role('dev', 'c', [rule('create', RBAC, 'rolebindings')]), rb('dev', 'd', 'Role:c', U), cr('edit', [])], [], ['clusterrole:edit@dev', 'clusterrole:edit@prod', 'clusterrole:*@dev']],
  ['bind without create on bindings -> nothing', [cr('r', [rule('bind', RBAC, 'clusterroles')]), crb('b', 'r', U)], [], ['clusterrole:cluster-admin', 'clusterrole:*']],
  ['bind + create rolebindings limited to names -> nothing (create has no name)', [role('dev', 'r', [rule('bind', RBAC, 'clusterroles'), rule('create', RBAC, 'rolebindings', 'mine')]), rb('dev', 'b', 'Role:r', U)], [], ['clusterrole:*@dev']],
  ['bind clusterroles + create clusterrolebindings -> cluster-admin', [cr('r', [rule('bind', RBAC, 'clusterroles'), rule('create', RBAC, 'clusterrolebindings')]), crb('b', 'r', U)], ['clusterrole:cluster-admin'], []],
  ['bind clusterroles [view] + create clusterrolebindings -> view cluster-wide, not cluster-admin', [cr('r', [rule('bind', RBAC, 'clusterroles', 'view'), rule('create', RBAC, 'clusterrolebindings')]), crb('b', 'r', U), cr('view', [rule('get', '', 'pods')])], ['clusterrole:view'], ['clusterrole:cluster-admin']],
  ['bind roles [r2] + create rolebindings in NS -> that Role only', [role('dev', 'r', [rule('bind', RBAC, 'roles', 'r2'), rule('create', RBAC, 'rolebindings')]), rb('dev', 'b', 'Role:r', U), role('dev', 'r2', []), role('dev', 'r3', [])], ['role:dev/r2'], ['role:dev/r3']],
  // escalate (R5, §10.1)
  ['escalate + update clusterroles -> cluster-admin (rewrites the ClusterRole bound to it)', [cr('r', [rule('escalate,update', RBAC, 'clusterroles')]), crb('b', 'r', U)], ['clusterrole:cluster-admin'], []],
  ['escalate + patch limited to its own ClusterRole -> cluster-admin', [cr('r', [rule('escalate,patch', RBAC, 'clusterroles', 'r')]), crb('b', 'r', U)], ['clusterrole:cluster-admin'], []],
  ['escalate restricted to a role not bound to it -> nothing', [cr('r', [rule('escalate,update', RBAC, 'clusterroles', 'mine')]), crb('b', 'r', U)], [], ['clusterrole:cluster-admin']],
  ['escalate without update or patch -> nothing', [cr('r', [rule('escalate,get', RBAC, 'clusterroles')]), crb('b', 'r', U)], [], ['clusterrole:cluster-admin']],
  ['escalate + update roles in NS -> anything in NS, then its ServiceAccounts', [role('dev', 'r', [rule('escalate,update', RBAC, 'roles')]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a'), sa('prod', 'a')], ['role:dev/*', 'sa:dev:a'], ['clusterrole:cluster-admin', 'sa:prod:a']],
  ['escalate roles in NS + update roles in another -> nothing', [role('dev', 'r', [rule('escalate', RBAC, 'roles')]), rb('dev', 'b', 'Role:r', U), role('prod', 'w', [rule('update', RBAC, 'roles')]), rb('prod', 'c', 'Role:w', U), sa('dev', 'a')], [], ['role:dev/*', 'role:prod/*', 'sa:dev:a']],
  ['escalate + update roles limited to another Role -> nothing', [role('dev', 'r', [rule('escalate,update', RBAC, 'roles', 'other')]), rb('dev', 'b', 'Role:r', U), role('dev', 'other', []), sa('dev', 'a')], [], ['role:dev/*']],
  // csr (R8)
  ['CSR create + approval + approve kube-apiserver-client -> any identity but system:masters', [cr('r', [rule('create', 'certificates.k8s.io', 'certificatesigningrequests'), rule('update', 'certificates.k8s.io', 'certificatesigningrequests/approval'), rule('approve', 'certificates.k8s.io', 'signers', 'kubernetes.io/kube-apiserver-client')]), crb('b', 'r', U), crb('x', 'r', 'User:alice')], ['user:alice'], ['group:system:masters']],
  ['CSR create + approval, approve only another signer -> nothing', [cr('r', [rule('create', 'certificates.k8s.io', 'certificatesigningrequests'), rule('update', 'certificates.k8s.io', 'certificatesigningrequests/approval'), rule('approve', 'certificates.k8s.io', 'signers', 'example.com/x')]), crb('b', 'r', U), crb('x', 'r', 'User:alice')], [], ['user:alice']],
];

describe('escalation edges fire where they exist and nowhere else', () => {
  test.each(rows)('%s', (_n, objects, reached, notReached) => {
    const got = reach(objects, [...reached, ...notReached]);
    for (const t of reached) expect(got.get(t), t).toBe('certain');
    for (const t of notReached) expect(got.has(t), t).toBe(false);
  });
});

describe('legacy token Secrets: certain where one is in the input, conditional otherwise', () => {
  const reader = (names = '') => [role('dev', 'r', [rule('get', '', 'secrets', names)]), rb('dev', 'b', 'Role:r', U), sa('dev', 'a'), sa('dev', 'c'), sa('prod', 'a')];
  test.each([
    ['get secrets in NS, no token Secret in the input -> every ServiceAccount of NS, conditionally', reader(), { 'sa:dev:a': 'conditional', 'sa:dev:c': 'conditional' }, ['sa:prod:a']],
    ['get secrets in NS with a token Secret of a -> a certainly, c conditionally', [...reader(), tokenSecret('dev', 'a-token', 'a')], { 'sa:dev:a': 'certain', 'sa:dev:c': 'conditional' }, ['sa:prod:a']],
    ['a token Secret in another namespace -> not certain', [...reader(), tokenSecret('prod', 'a-token', 'a')], { 'sa:dev:a': 'conditional' }, ['sa:prod:a']],
    ['get secrets [a-token-abcde] -> a, conditionally', reader('a-token-abcde'), { 'sa:dev:a': 'conditional' }, ['sa:dev:c']],
    ['get secrets [tls] -> nothing, even with a token Secret of another name', [...reader('tls'), tokenSecret('dev', 'a-token', 'a')], {}, ['sa:dev:a', 'sa:dev:c']],
    ['get secrets [a-token] naming the token Secret in the input -> a certainly', [...reader('a-token'), tokenSecret('dev', 'a-token', 'a')], { 'sa:dev:a': 'certain' }, ['sa:dev:c']],
  ] as [string, (RbacObject | ServiceAccountTokenSecret)[], Record<string, string>, string[]][])('%s', (_n, objects, expected, notReached) => {
    const got = reach(objects, []);
    for (const [t, how] of Object.entries(expected)) expect(got.get(t), t).toBe(how);
    for (const t of notReached) expect(got.has(t), t).toBe(false);
  });

  test('a certain path wins over a conditional one with fewer hops, and pathsTo marks the rest conditional', () => {
    const g = graph([role('dev', 'r', [rule('get', '', 'secrets')]), rb('dev', 'b', 'Role:r', U), cr('cluster-admin', [rule('*', '*', '*')]), crb('ca', 'cluster-admin', 'ServiceAccount:dev:admin'), role('dev', 'p', [rule('create', '', 'pods')]), rb('dev', 'c', 'Role:p', 'User:v')]);
    const byUser = new Map(pathsTo(g, 'clusterrole:cluster-admin').map((p) => [p.source, p]));
    expect(byUser.get('user:u')).toMatchObject({ certain: false, hops: 1, conditions: ['if a legacy ServiceAccount token Secret exists'] });
    expect(byUser.get('user:v')).toMatchObject({ certain: true, hops: 1 });
    expect(pathsTo(g, 'clusterrole:cluster-admin').map((p) => p.source).indexOf('user:u')).toBeGreaterThan(pathsTo(g, 'clusterrole:cluster-admin').map((p) => p.source).indexOf('user:v'));
  });
});
