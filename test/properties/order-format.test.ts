// The same objects give the same answers whatever their document order, however they are split
// over files, as JSON or YAML, or wrapped in a `kind: List`; duplicates follow last-wins.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { objectKey, ruleArb, scenarioArb, subjectArb, type Raw, type Scenario } from './arbitraries.js';
import { budgetMs, runs } from './runs.js';
import { analyzeTexts, grantKey, toRequest, toUser, whoCanKeys, yamlStream } from './world.js';

function answers(a: Analysis, s: Scenario) {
  return s.requests.map((gq) => {
    const q = toRequest(gq);
    return {
      who: whoCanKeys(a, q),
      whoAll: a.whoCan(q, { allNamespaces: true }).grants.map(grantKey).sort(),
      can: s.users.map((u) => a.can(toUser(u), q, { rbacOnly: true, all: true }).grants.map(grantKey).sort()),
    };
  });
}

/** Splits a list into 1..4 consecutive chunks. */
const cuts = fc.array(fc.nat(), { maxLength: 3 });
function chunks<T>(xs: T[], at: number[]): T[][] {
  const points = [...new Set(at.map((c) => (xs.length ? c % (xs.length + 1) : 0)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let prev = 0;
  for (const p of [...points, xs.length]) {
    out.push(xs.slice(prev, p));
    prev = p;
  }
  return out.filter((c) => c.length > 0);
}

const jsonStream = (objects: Raw[]) => objects.map((o) => JSON.stringify(o)).join('\n');
const list = (objects: Raw[], kind = 'List') => ({ apiVersion: 'v1', kind, items: objects });

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('order and format independence', () => {
  test(
    'another document order, several files, JSON, YAML, kind: List give identical who-can and can answers',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb(), fc.nat(), cuts, fc.boolean(), async (s, seed, at, viaDisk) => {
          const want = answers(analyzeTexts([['all.yaml', yamlStream(s.world)]]), s);
          const shuffled = [...s.world].sort((a, b) => (hash(objectKey(a), seed) < hash(objectKey(b), seed) ? -1 : 1));
          const parts = chunks(shuffled, at);
          const variants: [string, [string, string][]][] = [
            ['shuffled YAML', [['all.yaml', yamlStream(shuffled)]]],
            ['split over files', parts.map((p, i) => [`part-${i}.yaml`, yamlStream(p)] as [string, string])],
            ['JSON documents between ---', [['all.json', shuffled.map((o) => JSON.stringify(o)).join('\n---\n')]]],
            ['one JSON file per object', shuffled.map((o, i) => [`o${i}.json`, JSON.stringify(o, null, i % 2 ? 2 : undefined)] as [string, string])],
            ['JSON List', [['all.json', JSON.stringify(list(shuffled))]]],
            ['YAML List', [['list.yaml', yamlStream([list(shuffled)])]]],
            ['nested Lists, mixed', parts.map((p, i) => [`p${i}.yaml`, i % 2 ? JSON.stringify(list([list(p, 'RoleBindingList')])) : yamlStream([list(p)])] as [string, string])],
          ];
          for (const [name, files] of variants) expect(answers(analyzeTexts(files), s), name).toEqual(want);
          if (viaDisk) {
            const dir = mkdtempSync(join(tmpdir(), 'rbac-prop-'));
            dirs.push(dir);
            parts.forEach((p, i) => writeFileSync(join(dir, `f${String(i).padStart(2, '0')}.${i % 2 ? 'json' : 'yaml'}`), i % 2 ? JSON.stringify(list(p)) : yamlStream(p)));
            expect(answers(analyze(await loadFiles([dir])), s), 'folder on disk').toEqual(want);
          }
        }),
        runs(25),
      );
    },
    budgetMs(1000),
  );

  // Regression (found by this suite, fixed in decode.ts splitJsonStream): a JSON stream, objects one
  // after another with no `---` (as `jq -c` writes and `kubectl apply -f` reads), used to be one
  // unparseable YAML document. Shrunk counterexample: two objects, one JSON object a line.
  test('regression: a JSON stream without --- separators is read like kubectl apply -f reads it', () => {
    const s = {
      world: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg-2' }, rules: [{ verbs: ['impersonate'], apiGroups: ['example.com'], resources: ['*/scale'], resourceNames: ['b'] }] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'crb-2' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agg-2' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }] },
      ],
      requests: [{ kind: 'resource' as const, verb: 'impersonate', apiGroup: 'example.com', resource: 'pods', subresource: 'scale', name: 'b', namespace: '' }],
      users: [{ name: 'carol', groups: ['devs'] }],
    };
    const want = answers(analyzeTexts([['all.yaml', yamlStream(s.world)]]), s);
    expect(want[0]!.who.length).toBe(1);
    expect(answers(analyzeTexts([['all.json', jsonStream(s.world)]]), s)).toEqual(want);
  });

  test(
    'earlier definitions of the same object are replaced by the last one, wherever they are',
    () => {
      const stale = fc.record({ rules: fc.array(ruleArb, { maxLength: 2 }), subjects: fc.array(subjectArb, { maxLength: 2 }), role: fc.constantFrom('cr-a', 'cr-b', 'agg-1', 'ghost') });
      fc.assert(
        fc.property(scenarioArb(), fc.array(fc.tuple(fc.nat(), stale), { minLength: 1, maxLength: 4 }), cuts, (s, edits, at) => {
          const want = answers(analyzeTexts([['all.yaml', yamlStream(s.world)]]), s);
          // Insert an older, different version of some objects anywhere before the final one.
          const docs = [...s.world];
          for (const [n, st] of edits) {
            const target = s.world[n % s.world.length]!;
            const old = structuredClone(target);
            if (old.rules) old.rules = st.rules;
            if (old.subjects) old.subjects = st.subjects;
            if (old.roleRef) old.roleRef = { ...old.roleRef, kind: 'ClusterRole', name: st.role };
            if (old.aggregationRule) delete old.aggregationRule;
            const pos = docs.findIndex((o) => o === target);
            docs.splice(n % (pos + 1), 0, old);
          }
          expect(answers(analyzeTexts([['all.yaml', yamlStream(docs)]]), s)).toEqual(want);
          expect(answers(analyzeTexts(chunks(docs, at).map((p, i) => [`f${i}.yaml`, yamlStream(p)])), s), 'split over files').toEqual(want);
        }),
        runs(25),
      );
    },
    budgetMs(1000),
  );
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 2654435761);
  return h >>> 0;
}
