// explain: all granting paths, and the closest misses behind a 403.
import { describe, expect, test } from 'vitest';
import { cr, crb, rb, req, role, rule, url, urlRule, user, sa, world } from '../helpers/builders.js';

const kinds = (a: ReturnType<typeof world>, u: Parameters<typeof a.explain>[0], r: Parameters<typeof a.explain>[1]) => a.explain(u, r).nearMisses.map((m) => m.kind);

describe('explain', () => {
  test('every granting path, ClusterRoleBindings first, with the aggregated source', () => {
    const a = world([
      cr('view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' }, matchExpressions: [] }] } }),
      cr('pods', [rule('get', '', 'pods')], { labels: { v: 'true' } }),
      crb('all', 'pods', 'Group:system:authenticated'),
      rb('prod', 'v', 'ClusterRole:view', 'User:jane'),
    ]);
    const e = a.explain(user('jane'), req('get pods@prod'));
    expect(e.allowed).toBe(true);
    expect(e.grants.map((g) => `${g.binding.name}:${g.role.name}${g.aggregatedFrom ? `<${g.aggregatedFrom}` : ''}`)).toEqual(['all:pods', 'v:view<pods']);
    expect(e.nearMisses).toEqual([]);
  });

  test.each([
    ['the rule exists through a RoleBinding in another namespace', [cr('r', [rule('list', '', 'secrets')]), rb('dev', 'b', 'ClusterRole:r', 'User:u')], user('u'), req('list secrets@prod'), 'other-namespace'],
    ['the binding\'s role is missing', [rb('prod', 'b', 'ClusterRole:ghost', 'User:u')], user('u'), req('list secrets@prod'), 'missing-role'],
    ['the rule names other resourceNames', [role('prod', 'r', [rule('get', '', 'secrets', 'a')]), rb('prod', 'b', 'Role:r', 'User:u')], user('u'), req('get secrets@prod name=b'), 'resource-names'],
    ['the verb is get where list is asked', [role('prod', 'r', [rule('get', '', 'secrets')]), rb('prod', 'b', 'Role:r', 'User:u')], user('u'), req('list secrets@prod'), 'verb'],
    ['the rule is for another API group', [role('prod', 'r', [rule('get', 'extensions', 'deployments')]), rb('prod', 'b', 'Role:r', 'User:u')], user('u'), req('get apps:deployments@prod'), 'api-group'],
    ['the rule names the resource, not the subresource', [role('prod', 'r', [rule('get', '', 'pods')]), rb('prod', 'b', 'Role:r', 'User:u')], user('u'), req('get pods/log@prod name=p'), 'subresource'],
    ['a cluster-scoped resource through a RoleBinding', [cr('r', [rule('get', '', 'nodes')]), rb('prod', 'b', 'ClusterRole:r', 'User:u')], user('u'), req('get nodes name=n'), 'cluster-scope-via-rolebinding'],
    ['a URL through a RoleBinding', [cr('r', [urlRule('get', '/metrics')]), rb('prod', 'b', 'ClusterRole:r', 'User:u')], user('u'), url('get', '/metrics'), 'cluster-scope-via-rolebinding'],
    ['a subject name that differs only in case', [cr('r', [rule('get', '', 'pods')]), crb('b', 'r', 'User:Jane')], user('jane'), req('get pods@prod'), 'subject-mismatch'],
    ['a ServiceAccount subject without namespace in a ClusterRoleBinding', [cr('r', [rule('get', '', 'pods')]), crb('b', 'r', 'ServiceAccount::app')], sa('prod', 'app'), req('get pods@prod'), 'subject-mismatch'],
  ])('closest miss: %s', (_n, objects, u, r, kind) => {
    const a = world(objects);
    expect(a.explain(u, r).allowed).toBe(false);
    expect(kinds(a, u, r)).toContain(kind);
  });

  test('rules about other resources altogether are not reported as close', () => {
    const a = world([role('prod', 'r', [rule('list', '', 'configmaps')]), rb('prod', 'b', 'Role:r', 'User:u')]);
    expect(kinds(a, user('u'), req('list secrets@prod'))).toEqual([]);
  });
});
