// Rule resolution (spec §5): which bindings count for a request, after TestAuthorizer.
import { describe, expect, test } from 'vitest';
import { cr, crb, crbToRole, rb, req, role, rule, url, urlRule, user, sa, world } from '../helpers/builders.js';

const admin = cr('admin', [rule('*', '*', '*')]);

describe('authorize', () => {
  test.each([
    ['a RoleBinding to a ClusterRole grants in its namespace', [admin, rb('ns1', 'b', 'ClusterRole:admin', 'User:admin')], user('admin'), req('get pods@ns1'), true],
    ['... and not in another namespace', [admin, rb('ns1', 'b', 'ClusterRole:admin', 'User:admin')], user('admin'), req('get pods@ns2'), false],
    ['... and never a cluster-scoped resource (request namespace "")', [admin, rb('ns1', 'b', 'ClusterRole:admin', 'User:admin')], user('admin'), req('get nodes name=n1'), false],
    ['a ClusterRoleBinding grants cluster-scoped resources', [cr('r', [rule('get', '', 'nodes')]), crb('b', 'r', 'User:u')], user('u'), req('get nodes name=n1'), true],
    ['a RoleBinding never grants non-resource URLs', [cr('r', [urlRule('get', '/metrics')]), rb('ns1', 'b', 'ClusterRole:r', 'User:u')], user('u'), url('get', '/metrics'), false],
    ['a ClusterRoleBinding grants non-resource URLs', [cr('r', [urlRule('get', '/metrics')]), crb('b', 'r', 'User:u')], user('u'), url('get', '/metrics'), true],
    ['a RoleBinding grants the namespace object itself', [cr('r', [rule('get,patch,delete', '', 'namespaces')]), rb('ns1', 'b', 'ClusterRole:r', 'User:u')], user('u'), req('patch namespaces@ns1 name=ns1'), true],
    ['... but not another namespace object', [cr('r', [rule('get', '', 'namespaces')]), rb('ns1', 'b', 'ClusterRole:r', 'User:u')], user('u'), req('get namespaces@ns2 name=ns2'), false],
    ['... nor the list of namespaces', [cr('r', [rule('list', '', 'namespaces')]), rb('ns1', 'b', 'ClusterRole:r', 'User:u')], user('u'), req('list namespaces'), false],
    ['RoleBindings in every namespace do not grant a cross-namespace list', [cr('r', [rule('list', '', 'pods')]), rb('ns1', 'b', 'ClusterRole:r', 'User:u'), rb('ns2', 'b', 'ClusterRole:r', 'User:u')], user('u'), req('list pods'), false],
    ['a Role is looked up in the binding namespace only', [role('ns2', 'r', [rule('*', '*', '*')]), rb('ns1', 'b', 'Role:r', 'User:u')], user('u'), req('get pods@ns1'), false],
    ['a binding to a missing ClusterRole grants nothing', [rb('ns1', 'b', 'ClusterRole:ghost', 'User:u')], user('u'), req('get pods@ns1'), false],
    ['a ClusterRoleBinding to a Role grants nothing', [role('default', 'r', [rule('*', '*', '*')]), crbToRole('b', 'r', 'User:u')], user('u'), req('get pods@default'), false],
    ['an empty subject list grants nothing', [admin, crb('b', 'admin')], user('u'), req('get pods@ns1'), false],
    ['a group binding grants members', [admin, rb('ns1', 'b', 'ClusterRole:admin', 'User:admin', 'Group:admins')], user('joe', 'group1', 'admins'), req('watch Foobar@ns1'), true],
    ['a RoleBinding may name a ServiceAccount of another namespace', [admin, rb('default', 'b', 'ClusterRole:admin', 'ServiceAccount:kube-system:default')], sa('kube-system', 'default'), req('get pods@default'), true],
    ['rules only add: a second binding still grants when one is broken', [admin, rb('ns1', 'a', 'ClusterRole:ghost', 'User:u'), rb('ns1', 'b', 'ClusterRole:admin', 'User:u')], user('u'), req('get pods@ns1'), true],
    ['a namespace literally named * only gets ClusterRoleBindings', [admin, crb('c', 'admin', 'User:root'), rb('ns1', 'b', 'ClusterRole:admin', 'User:u')], user('u'), req('get pods@*'), false],
  ])('%s', (_name, objects, u, request, allowed) => {
    expect(world(objects).can(u, request).allowed).toBe(allowed);
  });

  test('a binding starts granting once its missing role is created, with no change to the binding', () => {
    const binding = rb('ns1', 'b', 'ClusterRole:ghost', 'User:u');
    expect(world([binding]).can(user('u'), req('get pods@ns1')).allowed).toBe(false);
    expect(world([binding, cr('ghost', [rule('get', '', 'pods')])]).can(user('u'), req('get pods@ns1')).allowed).toBe(true);
  });

  test('a missing role is a diagnostic naming the binding', () => {
    const a = world([rb('ns1', 'b', 'ClusterRole:ghost', 'User:u')]);
    expect(a.diagnostics.find((d) => d.code === 'missing-role')?.message).toMatch(/RoleBinding ns1\/b refers to ClusterRole ghost/);
  });

  test('system:masters is allowed before RBAC, and RBAC alone says no', () => {
    const a = world([]);
    const masters = user('u', 'system:masters');
    expect(a.can(masters, url('get', '/metrics'))).toMatchObject({ allowed: true, privileged: true });
    expect(a.can(masters, url('get', '/metrics'), { rbacOnly: true }).allowed).toBe(false);
  });

  test('the reported grant is the first allowing binding, ClusterRoleBindings first', () => {
    const a = world([admin, rb('ns1', 'rb1', 'ClusterRole:admin', 'User:u'), crb('crb1', 'admin', 'Group:system:authenticated')]);
    const d = a.can(user('u'), req('get pods@ns1'));
    expect(d.grants[0]).toMatchObject({ binding: { kind: 'ClusterRoleBinding', name: 'crb1' }, subject: { kind: 'Group', name: 'system:authenticated' }, scope: '' });
    expect(a.can(user('u'), req('get pods@ns1'), { all: true }).grants.map((g) => g.binding.name)).toEqual(['crb1', 'rb1']);
  });

  test('an aggregated grant names the role it came from', () => {
    const a = world([
      cr('view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' }, matchExpressions: [] }] } }),
      cr('part', [rule('get', '', 'pods')], { labels: { v: 'true' } }),
      rb('ns1', 'b', 'ClusterRole:view', 'User:u'),
    ]);
    expect(a.can(user('u'), req('get pods@ns1')).grants[0]).toMatchObject({ role: { kind: 'ClusterRole', name: 'view' }, aggregatedFrom: 'part' });
  });

  test('stored aggregation mode uses the rules as written', () => {
    const objects = [
      cr('view', [rule('list', '', 'pods')], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' }, matchExpressions: [] }] } }),
      cr('part', [rule('get', '', 'pods')], { labels: { v: 'true' } }),
      crb('b', 'view', 'User:u'),
    ];
    expect(world(objects, { aggregation: 'stored' }).can(user('u'), req('list pods@ns1')).allowed).toBe(true);
    expect(world(objects, { aggregation: 'compute' }).can(user('u'), req('list pods@ns1')).allowed).toBe(false);
    expect(world(objects).diagnostics.map((d) => d.code)).toContain('aggregation-differs');
  });
});
