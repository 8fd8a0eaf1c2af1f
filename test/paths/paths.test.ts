// Escalation edges, one table row each, including restricted edges that must not fire.
import { describe, expect, test } from 'vitest';
import { pathsFrom, pathsTo } from '../../src/paths/paths.js';
import type { RbacObject } from '../../src/model/rbac.js';
import { cr, crb, rb, role, rule, world } from '../helpers/builders.js';

const sa = (ns: string, name: string): RbacObject => ({ kind: 'ServiceAccount', name, namespace: ns, labels: {}, annotations: {}, source: { type: 'builtin' } });
const reach = (objects: RbacObject[], from: string) => pathsFrom(world(objects).escalationGraph, from).map((p) => p.target);
const RBAC = 'rbac.authorization.k8s.io';

describe('escalation edges', () => {
  test.each([
    ['create pods in NS -> every ServiceAccount of NS', [role('dev', 'r', [rule('create', '', 'pods')]), rb('dev', 'b', 'Role:r', 'User:u'), sa('dev', 'deployer'), sa('prod', 'other')], 'sa:dev:deployer', 'sa:prod:other'],
    ['update deployments in NS -> every ServiceAccount of NS', [role('dev', 'r', [rule('patch', 'apps', 'deployments')]), rb('dev', 'b', 'Role:r', 'User:u'), sa('dev', 'deployer')], 'sa:dev:deployer', undefined],
    ['serviceaccounts/token [alice-sa] -> only that ServiceAccount', [role('dev', 'r', [rule('create', '', 'serviceaccounts/token', 'builder')]), rb('dev', 'b', 'Role:r', 'User:u'), sa('dev', 'builder'), sa('dev', 'other')], 'sa:dev:builder', 'sa:dev:other'],
    ['impersonate users [alice] -> only alice', [cr('r', [rule('impersonate', '', 'users', 'alice')]), crb('b', 'r', 'User:u'), crb('x', 'r', 'User:alice', 'User:bob')], 'user:alice', 'user:bob'],
    ['impersonate groups + users -> system:masters -> cluster-admin', [cr('r', [rule('impersonate', '', 'groups,users')]), crb('b', 'r', 'User:u')], 'clusterrole:cluster-admin', undefined],
    ['impersonate serviceaccounts through a RoleBinding -> that namespace only', [cr('r', [rule('impersonate', '', 'serviceaccounts')]), rb('dev', 'b', 'ClusterRole:r', 'User:u'), sa('dev', 'a'), sa('prod', 'b')], 'sa:dev:a', 'sa:prod:b'],
    ['impersonate users through a RoleBinding -> nothing (needs cluster scope)', [cr('r', [rule('impersonate', '', 'users')]), rb('dev', 'b', 'ClusterRole:r', 'User:u'), crb('x', 'r', 'User:alice')], undefined, 'user:alice'],
    ['bind clusterroles [edit] + create rolebindings in NS -> edit in NS', [role('dev', 'r', [rule('create', RBAC, 'rolebindings'), rule('bind', RBAC, 'clusterroles', 'edit')]), rb('dev', 'b', 'Role:r', 'User:u')], 'clusterrole:edit@dev', 'clusterrole:edit'],
    ['bind without create on bindings -> nothing', [cr('r', [rule('bind', RBAC, 'clusterroles')]), crb('b', 'r', 'User:u')], undefined, 'clusterrole:cluster-admin'],
    ['bind clusterroles + create clusterrolebindings -> cluster-admin', [cr('r', [rule('bind', RBAC, 'clusterroles'), rule('create', RBAC, 'clusterrolebindings')]), crb('b', 'r', 'User:u')], 'clusterrole:cluster-admin', undefined],
    ['escalate + update clusterroles -> cluster-admin', [cr('r', [rule('escalate,update', RBAC, 'clusterroles')]), crb('b', 'r', 'User:u')], 'clusterrole:cluster-admin', undefined],
    ['escalate restricted to one role name -> nothing', [cr('r', [rule('escalate,update', RBAC, 'clusterroles', 'mine')]), crb('b', 'r', 'User:u')], undefined, 'clusterrole:cluster-admin'],
    ['get nodes/proxy cluster-wide -> every ServiceAccount', [cr('r', [rule('get', '', 'nodes/proxy')]), crb('b', 'r', 'User:u'), sa('kube-system', 'x')], 'sa:kube-system:x', undefined],
    ['get secrets in NS -> ServiceAccounts of NS (legacy token secrets)', [role('dev', 'r', [rule('get', '', 'secrets')]), rb('dev', 'b', 'Role:r', 'User:u'), sa('dev', 'a')], 'sa:dev:a', undefined],
    ['get secrets restricted to a name -> nothing', [role('dev', 'r', [rule('get', '', 'secrets', 'tls')]), rb('dev', 'b', 'Role:r', 'User:u'), sa('dev', 'a')], undefined, 'sa:dev:a'],
    ['get pods/exec in NS -> ServiceAccounts of NS', [role('dev', 'r', [rule('get', '', 'pods/exec')]), rb('dev', 'b', 'Role:r', 'User:u'), sa('dev', 'a')], 'sa:dev:a', undefined],
    ['CSR create + approval + approve kube-apiserver-client -> any identity but system:masters', [cr('r', [rule('create', 'certificates.k8s.io', 'certificatesigningrequests'), rule('update', 'certificates.k8s.io', 'certificatesigningrequests/approval'), rule('approve', 'certificates.k8s.io', 'signers', 'kubernetes.io/kube-apiserver-client')]), crb('b', 'r', 'User:u'), crb('x', 'r', 'User:alice')], 'user:alice', 'group:system:masters'],
  ] as [string, RbacObject[], string | undefined, string | undefined][])('%s', (_n, objects, reached, notReached) => {
    const targets = reach(objects, 'user:u');
    if (reached) expect(targets).toContain(reached);
    if (notReached) expect(targets).not.toContain(notReached);
  });

  test('paths chain: create pods -> ServiceAccount -> its cluster-admin binding', () => {
    const a = world([cr('cluster-admin', [rule('*', '*', '*')]), role('dev', 'r', [rule('create', '', 'pods')]), rb('dev', 'b', 'Role:r', 'User:alice'), crb('deployer-admin', 'cluster-admin', 'ServiceAccount:dev:deployer')]);
    const [p] = pathsFrom(a.escalationGraph, 'user:alice', { to: ['clusterrole:cluster-admin'] });
    expect(p!.hops).toBe(1);
    expect(p!.steps.map((s) => `${s.edge.kind}:${s.to}`)).toEqual(['bound-to:role:dev/r', 'create-workload:sa:dev:*', 'any-of:sa:dev:deployer', 'bound-to:clusterrole:cluster-admin']);
  });

  test('pathsTo lists every identity that reaches the target, with its shortest path', () => {
    const a = world([cr('cluster-admin', [rule('*', '*', '*')]), role('dev', 'r', [rule('create', '', 'pods')]), rb('dev', 'b', 'Role:r', 'User:alice'), crb('deployer-admin', 'cluster-admin', 'ServiceAccount:dev:deployer')]);
    expect(pathsTo(a.escalationGraph, 'clusterrole:cluster-admin').map((p) => `${p.source}:${p.hops}`)).toEqual(['group:system:masters:0', 'sa:dev:deployer:0', 'user:alice:1']);
  });

  test('regression: a namespace known only from a ClusterRoleBinding subject gets its own "any ServiceAccount" node', () => {
    const a = world([cr('cluster-admin', [rule('*', '*', '*')]), crb('bot', 'cluster-admin', 'ServiceAccount:elsewhere:bot'), cr('pods', [rule('create', '', 'pods')]), crb('ci', 'pods', 'User:ci')]);
    expect(pathsTo(a.escalationGraph, 'clusterrole:cluster-admin').map((p) => `${p.source}:${p.hops}`)).toEqual(['group:system:masters:0', 'sa:elsewhere:bot:0', 'user:ci:1']);
  });

  test('max hops limits the search', () => {
    const a = world([cr('cluster-admin', [rule('*', '*', '*')]), role('dev', 'r', [rule('create', '', 'pods')]), rb('dev', 'b', 'Role:r', 'User:alice'), crb('deployer-admin', 'cluster-admin', 'ServiceAccount:dev:deployer')]);
    expect(pathsTo(a.escalationGraph, 'clusterrole:cluster-admin', { maxHops: 0 }).map((p) => p.source)).not.toContain('user:alice');
  });
});
