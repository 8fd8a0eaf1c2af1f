// ClusterRole aggregation (spec §9, §17.1-17.2), after the controller's TestSyncClusterRole.
import { describe, expect, test } from 'vitest';
import { computeAggregation } from '../../src/semantics/aggregation.js';
import { compileSelector } from '../../src/semantics/label-selector.js';
import type { ClusterRole, LabelSelector, PolicyRule } from '../../src/model/rbac.js';
import { rule, urlRule } from '../helpers/builders.js';

const selector = (matchLabels: Record<string, string>, matchExpressions: LabelSelector['matchExpressions'] = []): LabelSelector => ({ matchLabels, matchExpressions });

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}, selectors?: (LabelSelector | null)[]): ClusterRole {
  return { kind: 'ClusterRole', name, labels, annotations: {}, source: { type: 'builtin' }, rules, ...(selectors ? { aggregationRule: { clusterRoleSelectors: selectors } } : {}) };
}

const Rx = rule('get', '', 'pods');
const Ry = rule('list', '', 'pods');
const R0 = rule('delete', '', 'nodes');

describe('computeAggregation', () => {
  test('selects matching roles and replaces the hand-written rules', () => {
    const res = computeAggregation([clusterRole('agg', [R0], {}, [selector({ a: '1' })]), clusterRole('x', [Rx], { a: '1' }), clusterRole('y', [Ry], { a: '2' })]);
    expect(res.rules.get('agg')).toEqual([Rx]);
  });

  test('selector order first, then role names in byte order', () => {
    const res = computeAggregation([
      clusterRole('agg', [], {}, [selector({ a: '2' }), selector({ a: '1' })]),
      clusterRole('b', [Rx], { a: '1' }),
      clusterRole('a', [Ry], { a: '1' }),
      clusterRole('c', [R0], { a: '2' }),
    ]);
    expect(res.rules.get('agg')).toEqual([R0, Ry, Rx]);
    expect(res.contributors.get('agg')).toEqual(['c', 'a', 'b']);
  });

  test('exact duplicate rules are dropped; reordered lists are not duplicates', () => {
    const reordered = rule('list,get', '', 'pods');
    const getList = rule('get,list', '', 'pods');
    const res = computeAggregation([
      clusterRole('agg', [], {}, [selector({ a: '1' })]),
      clusterRole('x', [getList, Rx], { a: '1' }),
      clusterRole('y', [{ ...getList }, reordered], { a: '1' }),
    ]);
    expect(res.rules.get('agg')).toEqual([getList, Rx, reordered]);
  });

  test('the aggregated role never selects itself', () => {
    const res = computeAggregation([clusterRole('agg', [], { a: '1' }, [selector({ a: '1' })]), clusterRole('x', [Rx], { a: '1' })]);
    expect(res.rules.get('agg')).toEqual([Rx]);
  });

  test('nested aggregation reaches view -> edit -> admin', () => {
    const crontab = rule('list', 'stable.example.com', 'crontabs');
    const res = computeAggregation([
      clusterRole('admin', [], {}, [selector({ 'aggregate-to-admin': 'true' })]),
      clusterRole('edit', [], { 'aggregate-to-admin': 'true' }, [selector({ 'aggregate-to-edit': 'true' })]),
      clusterRole('view', [], { 'aggregate-to-edit': 'true' }, [selector({ 'aggregate-to-view': 'true' })]),
      clusterRole('crontab-view', [crontab], { 'aggregate-to-view': 'true' }),
    ]);
    for (const name of ['view', 'edit', 'admin']) expect(res.rules.get(name)).toEqual([crontab]);
    expect(res.cycles.size).toBe(0);
  });

  test('an empty selector selects every ClusterRole, cluster-admin included', () => {
    const all = rule('*', '*', '*');
    const res = computeAggregation([clusterRole('agg', [], {}, [selector({})]), clusterRole('cluster-admin', [all, urlRule('*', '*')])]);
    expect(res.rules.get('agg')).toEqual([all, urlRule('*', '*')]);
  });

  test('a selector that matches nothing keeps the author rules (server-side apply writes no rules field)', () => {
    const res = computeAggregation([clusterRole('agg', [R0], {}, [selector({ a: 'nomatch' })]), clusterRole('x', [Rx], { a: '1' })]);
    expect(res.rules.get('agg')).toEqual([R0]);
  });

  test('a null selector selects nothing', () => {
    const res = computeAggregation([clusterRole('agg', [], {}, [null]), clusterRole('x', [Rx])]);
    expect(res.rules.get('agg')).toEqual([]);
  });

  test('an invalid selector operator leaves the stored rules and is reported', () => {
    const res = computeAggregation([clusterRole('agg', [R0], {}, [selector({}, [{ key: 'a', operator: 'Like', values: ['1'] }])]), clusterRole('x', [Rx], { a: '1' })]);
    expect(res.rules.get('agg')).toEqual([R0]);
    expect(res.diagnostics.map((d) => d.code)).toContain('invalid-aggregation-selector');
  });

  test('roles that select each other are flagged and get the least fixpoint', () => {
    const res = computeAggregation([
      clusterRole('a', [], { sel: 'a' }, [selector({ sel: 'b' })]),
      clusterRole('b', [], { sel: 'b' }, [selector({ sel: 'a' })]),
      clusterRole('leaf', [Rx], { sel: 'a' }),
    ]);
    expect([...res.cycles].sort()).toEqual(['a', 'b']);
    expect(res.rules.get('b')).toEqual([Rx]);
    expect(res.rules.get('a')).toEqual([Rx]);
    expect(res.diagnostics.map((d) => d.code)).toContain('aggregation-cycle');
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  test.each([
    ['matchLabels all present', selector({ app: 'web' }), true],
    ['matchLabels value differs', selector({ app: 'db' }), false],
    ['In', selector({}, [{ key: 'app', operator: 'In', values: ['web', 'db'] }]), true],
    ['NotIn excludes', selector({}, [{ key: 'app', operator: 'NotIn', values: ['web'] }]), false],
    ['NotIn matches a missing label', selector({}, [{ key: 'zone', operator: 'NotIn', values: ['a'] }]), true],
    ['Exists', selector({}, [{ key: 'tier', operator: 'Exists', values: [] }]), true],
    ['DoesNotExist', selector({}, [{ key: 'tier', operator: 'DoesNotExist', values: [] }]), false],
    ['matchLabels AND matchExpressions', selector({ app: 'web' }, [{ key: 'tier', operator: 'In', values: ['back'] }]), false],
    ['empty selector matches everything', selector({}), true],
  ])('%s', (_name, sel, expected) => {
    const c = compileSelector(sel);
    expect(c.ok && c.matches(labels)).toBe(expected);
  });

  test('In without values is invalid', () => {
    expect(compileSelector(selector({}, [{ key: 'a', operator: 'In', values: [] }])).ok).toBe(false);
  });
});
