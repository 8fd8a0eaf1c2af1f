// The graphology graph: subject -> binding -> role -> rule, aggregation edges, binding scope.
import { describe, expect, test } from 'vitest';
import { bfsFromNode } from 'graphology-traversal';
import { cr, crb, rb, role, rule, world } from '../helpers/builders.js';

describe('buildGraph', () => {
  const a = world([
    cr('view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' }, matchExpressions: [] }] } }),
    cr('pods-read', [rule('get,list', '', 'pods')], { labels: { v: 'true' } }),
    role('prod', 'deployer', [rule('create', 'apps', 'deployments')]),
    crb('everyone', 'view', 'Group:system:authenticated'),
    rb('prod', 'ci', 'Role:deployer', 'ServiceAccount::ci'),
    rb('prod', 'dangling', 'ClusterRole:ghost', 'User:bob'),
  ]);
  const g = a.graph;

  test('subjects, bindings, roles and rules are nodes with canonical keys', () => {
    expect(g.getNodeAttributes('sa:prod:ci')).toMatchObject({ kind: 'subject', subjectKind: 'ServiceAccount', namespace: 'prod', name: 'ci' });
    expect(g.getNodeAttributes('rolebinding:prod/ci')).toMatchObject({ kind: 'binding', bindingKind: 'RoleBinding' });
    expect(g.getNodeAttributes('role:prod/deployer')).toMatchObject({ kind: 'role', roleKind: 'Role' });
    expect(g.getNodeAttributes('role:prod/deployer#0')).toMatchObject({ kind: 'rule', index: 0 });
  });

  test('binding -> role edges carry the scope of the grant', () => {
    const edge = g.edges('rolebinding:prod/ci', 'role:prod/deployer')[0]!;
    expect(g.getEdgeAttributes(edge)).toEqual({ kind: 'grants', scope: 'prod' });
    expect(g.getEdgeAttributes(g.edges('clusterrolebinding:everyone', 'clusterrole:view')[0]!)).toEqual({ kind: 'grants', scope: '' });
  });

  test('an aggregated role points to the role its rules come from', () => {
    expect(g.getEdgeAttributes(g.edges('clusterrole:view', 'clusterrole:pods-read')[0]!)).toEqual({ kind: 'aggregates' });
  });

  test('a missing role is a node marked missing', () => {
    expect(g.getNodeAttributes('clusterrole:ghost')).toMatchObject({ missing: true });
  });

  test('a traversal from a subject reaches the rules that apply to it', () => {
    const reached: string[] = [];
    bfsFromNode(g, 'group:system:authenticated', (key, attr) => {
      if (attr.kind === 'rule') reached.push(key);
    });
    expect(reached).toEqual(['clusterrole:pods-read#0']);
  });

  test('the graph is built only when asked for', () => {
    const b = world([cr('x', [])]);
    expect(Object.getOwnPropertyDescriptor(b, 'graph')?.get).toBeDefined();
  });
});
