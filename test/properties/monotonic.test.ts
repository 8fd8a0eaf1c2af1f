// RBAC only adds: a new binding or rule never takes a subject or a permission away, and taking
// one away never adds any. (Aggregated ClusterRoles with rules of their own are the documented
// exception, §17.1: shown by the last test.)
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ruleArb, scenarioArb, subjectArb, type Raw } from './arbitraries.js';
import { budgetMs, runs } from './runs.js';
import { analyzeRaw, toRequest, toUser, whoCanSubjects } from './world.js';
import { cr, crb, rule, world, user, req } from '../helpers/builders.js';

const RBAC = 'rbac.authorization.k8s.io';
type Edit = (w: Raw[]) => Raw[];

const extraBinding: fc.Arbitrary<Edit> = fc
  .record({ cluster: fc.boolean(), role: fc.constantFrom('cr-a', 'cr-b', 'cr-c', 'view-ish', 'agg-1', 'agg-2', 'ghost'), roleKind: fc.constantFrom('ClusterRole', 'Role'), ns: fc.constantFrom('default', 'ns1', 'ns2'), subjects: fc.array(subjectArb, { minLength: 1, maxLength: 2 }) })
  .map(({ cluster, role, roleKind, ns, subjects }) => (w: Raw[]) => [
    ...w,
    cluster
      ? { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: 'extra' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role }, subjects }
      : { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name: 'extra', namespace: ns }, roleRef: { apiGroup: RBAC, kind: roleKind, name: roleKind === 'Role' ? 'r1' : role }, subjects },
  ]);

/** Adds a rule to a role that is not aggregated (an aggregated role's own rules follow §17.1). */
const extraRule: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), r: ruleArb }).map(({ at, r }) => (w: Raw[]) => {
  const roles = w.map((o, i) => [o, i] as const).filter(([o]) => (o.kind === 'Role' || o.kind === 'ClusterRole') && !o.aggregationRule);
  if (!roles.length) return w;
  const [o, i] = roles[at % roles.length]!;
  const copy = [...w];
  copy[i] = { ...o, rules: [...o.rules, r] };
  return copy;
});

const removeBinding: fc.Arbitrary<Edit> = fc.nat().map((at) => (w: Raw[]) => {
  const idx = w.map((o, i) => [o, i] as const).filter(([o]) => o.kind.endsWith('Binding'));
  if (!idx.length) return w;
  return w.filter((_, i) => i !== idx[at % idx.length]![1]);
});

const removeRule: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), r: fc.nat() }).map(({ at, r }) => (w: Raw[]) => {
  const roles = w.map((o, i) => [o, i] as const).filter(([o]) => (o.kind === 'Role' || o.kind === 'ClusterRole') && o.rules.length > 0);
  if (!roles.length) return w;
  const [o, i] = roles[at % roles.length]!;
  const copy = [...w];
  copy[i] = { ...o, rules: o.rules.filter((_: unknown, j: number) => j !== r % o.rules.length) };
  return copy;
});

const subset = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

describe('monotonicity', () => {
  test(
    'adding a binding or a rule never removes a subject or a permission; removing one never adds',
    () => {
      fc.assert(
        fc.property(scenarioArb({ noAuthorRulesOnAggregated: true }), fc.oneof(extraBinding, extraRule), fc.oneof(removeBinding, removeRule), ({ world: w, requests, users }, grow, shrink) => {
          const base = analyzeRaw(w);
          const bigger = analyzeRaw(grow(w));
          const smaller = analyzeRaw(shrink(w));
          for (const gq of requests) {
            const q = toRequest(gq);
            const had = whoCanSubjects(base, q, true);
            expect(subset(had, whoCanSubjects(bigger, q, true)), 'lost by adding').toEqual([]);
            expect(subset(whoCanSubjects(smaller, q, true), had), 'gained by removing').toEqual([]);
            const stored = (a: typeof base) => new Set(a.allowedSubjects(q).map((s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`));
            expect(subset(stored(base), stored(bigger))).toEqual([]);
            expect(subset(stored(smaller), stored(base))).toEqual([]);
            for (const gu of users) {
              const u = toUser(gu);
              const yes = base.can(u, q, { rbacOnly: true }).allowed;
              if (yes) expect(bigger.can(u, q, { rbacOnly: true }).allowed, 'lost by adding').toBe(true);
              if (!yes) expect(smaller.can(u, q, { rbacOnly: true }).allowed, 'gained by removing').toBe(false);
            }
          }
        }),
        runs(40),
      );
    },
    budgetMs(800),
  );

  test('the one exception, by design (spec §17.1): an aggregated role keeps its own rules only while its selectors pick no rules', () => {
    const agg = cr('agg', [rule('get', '', 'pods')], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: '1' }, matchExpressions: [] }] } });
    const leaf = (rules: ReturnType<typeof rule>[]) => cr('leaf', rules, { labels: { a: '1' } });
    const binding = crb('b', 'agg', 'User:u');
    expect(world([agg, leaf([]), binding]).can(user('u'), req('get pods@ns1')).allowed).toBe(true);
    // Adding a rule to the selected role replaces the author's rules: get pods is gone.
    expect(world([agg, leaf([rule('list', '', 'secrets')]), binding]).can(user('u'), req('get pods@ns1')).allowed).toBe(false);
  });
});
