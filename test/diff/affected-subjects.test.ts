// affectedSubjects decides which subjects a diff looks at; everyone else is assumed to hold the
// same grants on both sides. Each row is a change and the exact set it must name: a subject
// missing here would be a hidden change in `rbac diff`, an extra one only costs time.
import { describe, expect, test } from 'vitest';
import { affectedSubjects } from '../../src/diff/permission-sets.js';
import { analyze } from '../../src/engine/analyze.js';
import type { RbacObject } from '../../src/model/rbac.js';
import { cr, crb, crd, rb, role, rule, world } from '../helpers/builders.js';

const reader = cr('reader', [rule('get', '', 'pods')]);
const widgets = role('team', 'widgets', [rule('get', 'example.com', 'widgets')]);
const base: RbacObject[] = [
  reader,
  widgets,
  crb('c1', 'reader', 'User:ann'),
  rb('team', 'b1', 'ClusterRole:reader', 'User:bob'),
  rb('team', 'b2', 'Role:widgets', 'User:cat'),
  rb('team', 'b3', 'ClusterRole:reader', 'ServiceAccount::ci'),
  rb('other', 'b4', 'ClusterRole:reader', 'Group:dev'),
];
const swap = (objects: RbacObject[], i: number, j: number) => objects.map((o, k) => (k === i ? objects[j]! : k === j ? objects[i]! : o));

const rows: [string, RbacObject[], string[]][] = [
  ['nothing changed', base, []],
  ['bindings in another order (paired by name, not by position)', swap(base, 3, 5), []],
  ['a RoleBinding added', [...base, rb('team', 'b5', 'ClusterRole:reader', 'User:dan')], ['User||dan']],
  ['a ClusterRoleBinding removed', base.filter((o) => o.name !== 'c1'), ['User||ann']],
  ['a subject added to a binding', [...base.slice(0, 3), rb('team', 'b1', 'ClusterRole:reader', 'User:bob', 'User:eve'), ...base.slice(4)], ['User||bob', 'User||eve']],
  ['a ServiceAccount subject is keyed in the binding namespace', [...base.slice(0, 5), rb('team', 'b3', 'ClusterRole:reader'), base[6]!], ['ServiceAccount|team|ci']],
  ['a roleRef changed', [...base.slice(0, 3), rb('team', 'b1', 'Role:widgets', 'User:bob'), ...base.slice(4)], ['User||bob']],
  ['a ClusterRole widened: every holder, both scopes', [cr('reader', [rule('get,list', '', 'pods')]), ...base.slice(1)], ['Group||dev', 'ServiceAccount|team|ci', 'User||ann', 'User||bob']],
  ['a Role removed (its binding now dangles)', base.filter((o) => o !== widgets), ['User||cat']],
  ['a namespace only in head', [...base, rb('new', 'b6', 'ClusterRole:reader', 'User:fay')], ['User||fay']],
  ['a binding moved to another namespace', [...base.slice(0, 6), rb('elsewhere', 'b4', 'ClusterRole:reader', 'Group:dev')], ['Group||dev']],
  ['a cluster-scoped CRD for a resource a RoleBinding grants', [...base, crd('widgets', 'example.com', false)], ['User||cat']],
  ['a cluster-scoped CRD for a resource no RoleBinding grants', [...base, crd('gadgets', 'example.com', false)], []],
];

describe('affectedSubjects names every subject whose grants may change, and no other', () => {
  test.each(rows)('%s', (_name, head, expected) => {
    const got = [...affectedSubjects(world(base), world(head))].map((k) => k.replaceAll('\u0000', '|')).sort();
    expect(got).toEqual(expected);
    // The sides swapped name the same subjects.
    expect([...affectedSubjects(world(head), world(base))].map((k) => k.replaceAll('\u0000', '|')).sort()).toEqual(expected);
  });

  test('a CRD re-scoped from Namespaced to Cluster changes the RoleBindings that grant its resource', () => {
    const got = affectedSubjects(world([...base, crd('widgets', 'example.com', true)]), world([...base, crd('widgets', 'example.com', false)]));
    expect([...got].map((k) => k.replaceAll('\u0000', '|'))).toEqual(['User||cat']);
  });

  test("a live snapshot's discovery re-scoping a resource counts as a CRD would", () => {
    const discovered = (namespaced: boolean) => analyze({ ...world(base).snapshot, apiResources: [{ group: 'example.com', resource: 'widgets', kind: 'Widget', namespaced, shortNames: [] }] });
    const got = affectedSubjects(discovered(true), discovered(false));
    expect([...got].map((k) => k.replaceAll('\u0000', '|'))).toEqual(['User||cat']);
    expect(affectedSubjects(discovered(true), discovered(true)).size).toBe(0);
  });

  test('aggregation: a ClusterRole that starts feeding an aggregated one changes its holders', () => {
    const edit = cr('edit', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'true' }, matchExpressions: [] }] } });
    const part = (labels: Record<string, string>) => cr('part', [rule('create', '', 'pods')], { labels });
    const b = [edit, part({}), rb('dev', 'e', 'ClusterRole:edit', 'Group:devs'), crb('p', 'part', 'User:own')];
    const got = affectedSubjects(world(b), world([edit, part({ agg: 'true' }), b[2]!, b[3]!]));
    expect([...got].map((k) => k.replaceAll('\u0000', '|'))).toEqual(['Group||devs']);
  });
});
