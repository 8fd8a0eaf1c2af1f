// diffAnalyses on random worlds: renames and reshuffles that keep every effective permission give
// an empty diff, and swapping the sides swaps added and removed. Snapshot files round-trip.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readSnapshot, writeSnapshot } from '../../src/collect/snapshot-file.js';
import { diffAnalyses, type DiffResult } from '../../src/diff/diff.js';
import { analyze } from '../../src/engine/analyze.js';
import { ruleArb, scenarioArb, subjectArb, type Raw } from './arbitraries.js';
import { budgetMs, runs } from './runs.js';
import { ruleAllows } from '../../src/semantics/rule-matches.js';
import { analyzeRaw, snapshotOf, subjectKey, subjectNamesUser, toRequest, toUser } from './world.js';

/** The same permissions under other names: roles and bindings renamed, objects and rules reordered, multi-verb rules split per verb. */
function disguise(world: Raw[], seed: number): Raw[] {
  const rn = (name: string) => `renamed-${name}`;
  const out = world.map((o0) => {
    const o = structuredClone(o0);
    o.metadata.name = rn(o.metadata.name);
    if (o.roleRef) o.roleRef.name = rn(o.roleRef.name);
    if (Array.isArray(o.rules)) {
      const split = o.rules.flatMap((r: Raw) => (r.verbs.length > 1 && seed % 2 ? r.verbs.map((v: string) => ({ ...r, verbs: [v] })) : [r]));
      o.rules = seed % 3 ? split.reverse() : split;
    }
    if (Array.isArray(o.subjects) && seed % 5 === 0) o.subjects.reverse();
    return o;
  });
  return seed % 7 ? out.reverse() : out;
}

/** Atomic changes, side-free: change x subject x scope x (verb, group, resource, name | url). */
function atoms(d: DiffResult): Set<string> {
  const out = new Set<string>();
  for (const c of d.changes) {
    for (const r of c.rules) {
      for (const v of r.verbs) {
        for (const u of r.nonResourceURLs) out.add(`${c.change}|${subjectKey(c.subject)}|${c.scope}|${v}|url:${u}`);
        for (const g of r.apiGroups) for (const res of r.resources) for (const n of r.resourceNames.length ? r.resourceNames : ['']) out.add(`${c.change}|${subjectKey(c.subject)}|${c.scope}|${v}|${g}|${res}|${n}`);
      }
    }
  }
  return out;
}

const swap = (s: Set<string>) => new Set([...s].map((x) => (x.startsWith('added|') ? `removed|${x.slice(6)}` : `added|${x.slice(8)}`)));

const edit = fc.oneof(
  fc.record({ at: fc.nat(), r: ruleArb }).map(({ at, r }) => (w: Raw[]) => w.map((o, i) => (i === at % w.length && Array.isArray(o.rules) ? { ...o, rules: [...o.rules, r] } : o))),
  fc.record({ at: fc.nat(), s: subjectArb }).map(({ at, s }) => (w: Raw[]) => w.map((o, i) => (i === at % w.length && Array.isArray(o.subjects) ? { ...o, subjects: [...o.subjects, s] } : o))),
  fc.nat().map((at) => (w: Raw[]) => w.filter((_, i) => i !== at % w.length)),
  // A CRD changes no RBAC object, but a RoleBinding's rule on a resource it makes cluster-scoped stops taking effect.
  fc.constantFrom('Cluster', 'Namespaced').map((scope) => (w: Raw[]) => [...w, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope, names: { plural: 'widgets', singular: 'widget', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] } }]),
);

describe('diff consistency', () => {
  test(
    'renamed and reordered objects with the same effective permissions: empty diff, both ways',
    () => {
      fc.assert(
        fc.property(scenarioArb(), fc.nat(), ({ world }, seed) => {
          const a = analyzeRaw(world);
          const b = analyzeRaw(disguise(world, seed));
          expect(diffAnalyses(a, b).changes.map((c) => `${c.change} ${subjectKey(c.subject)}@${c.scope} ${JSON.stringify(c.rules)}`)).toEqual([]);
          expect(diffAnalyses(b, a).changes).toEqual([]);
        }),
        runs(30),
      );
    },
    budgetMs(1000),
  );

  test(
    'swapping the sides swaps added and removed; a change is never both; every gained or lost answer is in the diff',
    () => {
      fc.assert(
        fc.property(scenarioArb(), fc.array(edit, { minLength: 1, maxLength: 3 }), ({ world, requests, users }, edits) => {
          const changed = edits.reduce((w, e) => e(w), world);
          const a = analyzeRaw(world);
          const b = analyzeRaw(changed);
          const ab = atoms(diffAnalyses(a, b));
          const ba = atoms(diffAnalyses(b, a));
          expect([...ab].sort()).toEqual([...swap(ba)].sort());
          for (const x of ab) expect(ab.has(x.startsWith('added|') ? `removed|${x.slice(6)}` : `added|${x.slice(8)}`), x).toBe(false);
          // An identical world gives an empty diff.
          expect(diffAnalyses(a, analyzeRaw(world)).changes).toEqual([]);
          // A permission gained by someone who could not do it before shows in the diff, for that subject's grant.
          for (const gq of requests) {
            const q = toRequest(gq);
            for (const gu of users) {
              const u = toUser(gu);
              const ns = q.kind === 'resource' ? q.namespace : '';
              const shows = (d: DiffResult, change: string) => d.changes.some((c) => c.change === change && (c.scope === '' || c.scope === ns) && subjectNamesUser(c.subject, u, ns) && c.rules.some((r) => ruleAllows(r, q)));
              const before = a.can(u, q, { rbacOnly: true }).allowed;
              const after = b.can(u, q, { rbacOnly: true }).allowed;
              if (!before && after) expect(shows(diffAnalyses(a, b), 'added'), `${u.name} gains ${JSON.stringify(q)}`).toBe(true);
              if (before && !after) expect(shows(diffAnalyses(a, b), 'removed'), `${u.name} loses ${JSON.stringify(q)}`).toBe(true);
            }
          }
        }),
        runs(30),
      );
    },
    budgetMs(1000),
  );
});

describe('snapshot round trip', () => {
  test(
    'writeSnapshot then readSnapshot gives the same snapshot and identical answers',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, requests, users }) => {
          const snap = snapshotOf(world);
          const text = writeSnapshot(snap);
          const back = readSnapshot(text, 'snap.json');
          expect(back).toBeDefined();
          expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(snap)));
          expect(writeSnapshot(back!)).toBe(text);
          const a = analyze(snap);
          const b = analyze(back!);
          for (const gq of requests) {
            const q = toRequest(gq);
            expect(b.whoCan(q, { allNamespaces: true })).toEqual(a.whoCan(q, { allNamespaces: true }));
            expect(b.allowedSubjects(q)).toEqual(a.allowedSubjects(q));
            for (const gu of users) expect(b.can(toUser(gu), q, { all: true })).toEqual(a.can(toUser(gu), q, { all: true }));
          }
          for (const gu of users) expect(b.whatCan(toUser(gu))).toEqual(a.whatCan(toUser(gu)));
          expect(b.diagnostics).toEqual(a.diagnostics);
        }),
        runs(30),
      );
    },
    budgetMs(1000),
  );
});
