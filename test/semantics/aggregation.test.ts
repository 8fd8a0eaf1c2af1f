// ClusterRole aggregation (spec §9, §17.1-17.2), after the controller's TestSyncClusterRole.
import { describe, expect, test } from 'vitest';
import { computeAggregation } from '../../src/semantics/aggregation.js';
import { compileSelector } from '../../src/semantics/label-selector.js';
import type { ClusterRole, LabelSelector, PolicyRule } from '../../src/model/rbac.js';
import { join } from 'node:path';
import { resourceRequest } from '../../src/model/request.js';
import { grantJson } from '../../src/report/json.js';
import { roleText } from '../../src/report/describe.js';
import { rule, urlRule } from '../helpers/builders.js';
import { analyzeFile, analyzeYaml } from '../helpers/load.js';

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

  test('a selector that is not a map (null in the model) is invalid: stored rules stay, no widening', () => {
    const res = computeAggregation([clusterRole('agg', [R0], {}, [null]), clusterRole('x', [Rx])]);
    expect(res.rules.get('agg')).toEqual([R0]);
    expect(res.diagnostics.map((d) => d.code)).toContain('invalid-aggregation-selector');
  });

  test('an invalid selector operator leaves the stored rules and is reported', () => {
    const res = computeAggregation([clusterRole('agg', [R0], {}, [selector({}, [{ key: 'a', operator: 'Like', values: ['1'] }])]), clusterRole('x', [Rx], { a: '1' })]);
    expect(res.rules.get('agg')).toEqual([R0]);
    expect(res.diagnostics.map((d) => d.code)).toContain('invalid-aggregation-selector');
  });

  test('a cycle without authored rules settles on the same rules in every history (info only)', () => {
    const res = computeAggregation([
      clusterRole('a', [], { sel: 'a' }, [selector({ sel: 'b' })]),
      clusterRole('b', [], { sel: 'b' }, [selector({ sel: 'a' })]),
      clusterRole('leaf', [Rx], { sel: 'a' }),
    ]);
    expect([...res.cycles].sort()).toEqual(['a', 'b']);
    expect(res.rules.get('b')).toEqual([Rx]);
    expect(res.rules.get('a')).toEqual([Rx]);
    expect(res.historyDependent.size).toBe(0);
    expect(res.diagnostics.map((d) => [d.code, d.severity])).toEqual([['aggregation-cycle', 'info'], ['aggregation-cycle', 'info']]);
  });
});

// Spec §9.6: nothing clears a role; a sync reads what the roles it selects hold now.
describe('aggregation as the controller runs it (passes in name order from the manifests\' rules)', () => {
  test('authored rules read by a cycle member before their owner syncs stay in the cycle, flagged', () => {
    // a syncs first and copies z's authored R0; z then reads it back from a: it never leaves.
    const res = computeAggregation([
      clusterRole('a', [], { sel: 'a' }, [selector({ sel: 'z' })]),
      clusterRole('z', [R0], { sel: 'z' }, [selector({ sel: 'a' })]),
      clusterRole('leaf', [Ry], { sel: 'a' }),
    ]);
    expect(res.rules.get('a')).toEqual([R0, Ry]);
    expect(new Set(res.rules.get('z'))).toEqual(new Set([R0, Ry]));
    expect([...res.historyDependent.keys()].sort()).toEqual(['a', 'z']);
    expect(res.historyDependent.get('a')).toEqual(['z']);
    const warnings = res.diagnostics.filter((d) => d.code === 'aggregation-history');
    expect(warnings.map((d) => d.severity)).toEqual(['warning', 'warning']);
    expect(warnings[0]!.message).toContain('rules written on ClusterRole z');
  });

  test('authored rules overwritten before any cycle member reads them are gone', () => {
    // Same world, names swapped: the author syncs first and loses R0 before its peer reads it.
    const res = computeAggregation([
      clusterRole('a', [R0], { sel: 'a' }, [selector({ sel: 'z' }), selector({ sel: 'leaf' })]),
      clusterRole('z', [], { sel: 'z' }, [selector({ sel: 'a' })]),
      clusterRole('leaf', [Ry], { sel: 'leaf' }),
    ]);
    expect(res.rules.get('a')).toEqual([Ry]);
    expect(res.rules.get('z')).toEqual([Ry]);
    // Another event order keeps R0, so the answer still depends on history.
    expect([...res.historyDependent.keys()].sort()).toEqual(['a', 'z']);
  });

  test('an aggregating role outside the cycle seeds it with authored rules; roles that select the cycle are flagged, the seed is not', () => {
    const res = computeAggregation([
      clusterRole('a', [], { sel: 'a' }, [selector({ sel: 'b' }), selector({ sel: 'seed' })]),
      clusterRole('b', [], { sel: 'b' }, [selector({ sel: 'a' })]),
      clusterRole('reader', [], {}, [selector({ sel: 'a' })]),
      clusterRole('seed', [R0], { sel: 'seed' }, [selector({ sel: 'leaf' })]),
      clusterRole('leaf', [Rx], { sel: 'leaf' }),
    ]);
    // Pass 1: a reads seed's authored R0 before seed syncs; b and reader copy it from a.
    expect(new Set(res.rules.get('a'))).toEqual(new Set([R0, Rx]));
    expect(new Set(res.rules.get('b'))).toEqual(new Set([R0, Rx]));
    expect(new Set(res.rules.get('reader'))).toEqual(new Set([R0, Rx]));
    expect(res.rules.get('seed')).toEqual([Rx]);
    expect([...res.historyDependent.keys()].sort()).toEqual(['a', 'b', 'reader']);
    expect(res.historyDependent.get('reader')).toEqual(['seed']);
  });

  test('authored rules that the cycle gets anyway make no history dependence', () => {
    const res = computeAggregation([
      clusterRole('a', [Rx], { sel: 'a' }, [selector({ sel: 'b' })]),
      clusterRole('b', [Rx], { sel: 'b' }, [selector({ sel: 'a' })]),
      clusterRole('leaf', [Rx], { sel: 'a' }),
    ]);
    expect(res.historyDependent.size).toBe(0);
    expect(res.rules.get('a')).toEqual([Rx]);
  });

  test('a DAG with authored rules settles on what the selected roles hold, unflagged', () => {
    const res = computeAggregation([
      clusterRole('admin', [R0], {}, [selector({ 'aggregate-to-admin': 'true' })]),
      clusterRole('edit', [R0], { 'aggregate-to-admin': 'true' }, [selector({ 'aggregate-to-edit': 'true' })]),
      clusterRole('view', [Ry], { 'aggregate-to-edit': 'true' }, [selector({ 'aggregate-to-view': 'true' })]),
      clusterRole('crontab-view', [Rx], { 'aggregate-to-view': 'true' }),
    ]);
    for (const name of ['admin', 'edit', 'view']) expect(res.rules.get(name)).toEqual([Rx]);
    expect(res.cycles.size).toBe(0);
    expect(res.historyDependent.size).toBe(0);
  });

  test('rule order that rotates forever in a cycle is settled by sets, not reported as no fixpoint', () => {
    // a copies b, b copies c, c copies a, each then adds its own leaf: the lists rotate with period 2.
    const ring = (name: string, next: string): ClusterRole => clusterRole(name, [], { sel: name }, [selector({ sel: next }), selector({ leaf: name })]);
    const Ra = rule('get', '', 'a');
    const Rb = rule('get', '', 'b');
    const Rc = rule('get', '', 'c');
    const res = computeAggregation([ring('a', 'b'), ring('b', 'c'), ring('c', 'a'), clusterRole('la', [Ra], { leaf: 'a' }), clusterRole('lb', [Rb], { leaf: 'b' }), clusterRole('lc', [Rc], { leaf: 'c' })]);
    expect(res.diagnostics.map((d) => d.code)).not.toContain('aggregation-no-fixpoint');
    for (const name of ['a', 'b', 'c']) expect(new Set(res.rules.get(name))).toEqual(new Set([Ra, Rb, Rc]));
    expect(res.historyDependent.size).toBe(0);
  });

  test('roles are synced and selected in Go byte order (code points), not UTF-16 order', () => {
    // U+FF21 (a BMP letter) sorts before U+1F600 in UTF-8 byte order, after it in UTF-16 code units.
    const wide = 'x\u{1F600}';
    const bmp = 'x\uFF21';
    const res = computeAggregation([clusterRole('agg', [], {}, [selector({ a: '1' })]), clusterRole(wide, [Rx], { a: '1' }), clusterRole(bmp, [Ry], { a: '1' })]);
    expect(res.contributors.get('agg')).toEqual([bmp, wide]);
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

  test.each([
    ['a matchLabels key with a space', selector({ 'a b': '1' })],
    ['a matchLabels value too long', selector({ a: 'v'.repeat(64) })],
    ['a key prefix that is not a DNS subdomain', selector({}, [{ key: 'Example.com/a', operator: 'Exists', values: [] }])],
    ['an In value with a slash', selector({}, [{ key: 'a', operator: 'In', values: ['x/y'] }])],
    ['a requirement with no key and no operator (a null item in matchExpressions)', selector({}, [{ key: '', operator: '', values: [] }])],
  ])('%s is invalid, as labels.NewRequirement rejects it', (_name, sel) => {
    expect(compileSelector(sel).ok).toBe(false);
  });

  test('In without values is invalid', () => {
    expect(compileSelector(selector({}, [{ key: 'a', operator: 'In', values: [] }])).ok).toBe(false);
  });
});

describe('aggregation selectors as Go decodes them from manifests', () => {
  const world = (selectors: string) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agg}
aggregationRule:
  clusterRoleSelectors:
${selectors}
rules: [{apiGroups: [""], resources: [nodes], verbs: [delete]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cluster-admin}
rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agg}
subjects: [{kind: User, name: u, apiGroup: rbac.authorization.k8s.io}]
`;
  const secrets = resourceRequest({ verb: 'get', resource: 'secrets', namespace: 'ns' });
  const user = { name: 'u', groups: ['system:authenticated'] };

  test('a null item in clusterRoleSelectors is the empty selector: it selects every ClusterRole, cluster-admin included', () => {
    const a = analyzeYaml(world('  - null'));
    expect(a.can(user, secrets, { rbacOnly: true }).allowed).toBe(true);
  });

  test.each([
    ['a null item in matchExpressions', '  - matchExpressions: [null]'],
    ['a string item in matchExpressions', '  - matchExpressions: ["tier"]'],
    ['a selector that is not a map', '  - 5'],
  ])('%s makes the selector invalid: reported, the stored rules stay, nothing is widened', (_name, selectors) => {
    const a = analyzeYaml(world(selectors));
    expect(a.can(user, secrets, { rbacOnly: true }).allowed).toBe(false);
    expect(a.can(user, resourceRequest({ verb: 'delete', resource: 'nodes' }), { rbacOnly: true }).allowed).toBe(true);
    expect(a.diagnostics.map((d) => d.code)).toContain('invalid-aggregation-selector');
  });
});

describe('answers resting on a history-dependent role say so (samples/worlds/aggregation-cycle.yaml)', () => {
  const a = analyzeFile(join(import.meta.dirname, '../../samples/worlds/aggregation-cycle.yaml'));
  const secrets = resourceRequest({ verb: 'get', resource: 'secrets', namespace: 'prod' });

  test('the authored rule that entered the cycle is granted, and the grant is marked', () => {
    const d = a.can({ name: 'bob', groups: ['team-a', 'system:authenticated'] }, secrets, { rbacOnly: true });
    expect(d.allowed).toBe(true);
    expect(d.grants[0]!.dependsOnHistory).toBe(true);
    expect(grantJson(d.grants[0]!)).toMatchObject({ dependsOnHistory: true });
    expect(roleText(d.grants[0]!)).toBe('ClusterRole team-a (aggregated from ClusterRole team-a-extra; depends on controller history)');
  });

  test('a grant from a role outside any cycle is not marked', () => {
    const d = a.can({ name: 'bob', groups: ['team-a'] }, resourceRequest({ verb: 'list', resource: 'pods', namespace: 'prod' }), { rbacOnly: true });
    expect(d.allowed).toBe(true);
    expect(a.policy.historyDependent.has('team-a-pods')).toBe(false);
    expect([...a.policy.historyDependent].sort()).toEqual(['team-a', 'team-a-extra']);
  });

  test('stored mode (a live cluster) uses the stored rules: nothing depends on history', () => {
    const stored = analyzeFile(join(import.meta.dirname, '../../samples/worlds/aggregation-cycle.yaml'), { aggregation: 'stored' });
    expect(stored.policy.historyDependent.size).toBe(0);
    expect(stored.diagnostics.map((d) => d.code)).not.toContain('aggregation-history');
  });
});
