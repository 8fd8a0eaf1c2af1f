// Conformance: `can` and AllowedSubjects against the independent reference evaluator of
// oracle.ts (written from the spec, sharing no code with src/), on random worlds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scenarioArb, type GenRequest, type GenUser, type Raw } from './arbitraries.js';
import { Oracle } from './oracle.js';
import { budgetMs, runs } from './runs.js';
import { analyzeRaw, subjectKey, toRequest, toUser } from './world.js';


function disagreements(world: Raw[], qs: GenRequest[], us: GenUser[]): string[] {
  const a = analyzeRaw(world);
  const o = new Oracle(world);
  const out: string[] = [];
  for (const q of qs) {
    for (const u of us) {
      const got = a.can(toUser(u), toRequest(q), { rbacOnly: true }).allowed;
      if (got !== o.allows(u, q)) out.push(`can ${u.name} [${u.groups}] ${JSON.stringify(q)}: rbac ${got}, oracle ${!got}`);
    }
    const subjects = new Set(a.allowedSubjects(toRequest(q)).map(subjectKey));
    const want = o.allowedSubjects(q);
    if ([...subjects].sort().join() !== [...want].sort().join()) out.push(`AllowedSubjects ${JSON.stringify(q)}: rbac ${[...subjects]}, oracle ${[...want]}`);
  }
  return out;
}

describe('conformance with the reference evaluator', () => {
  test(
    'can and AllowedSubjects give the oracle\'s answers',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, requests: qs, users: us }) => {
          expect(disagreements(world, qs, us)).toEqual([]);
        }),
        runs(60),
      );
    },
    budgetMs(800),
  );

  test(
    'with aggregated roles selecting each other and carrying authored rules: the same answers, the same cycles, and every role whose rules another sync order changes is flagged',
    () => {
      fc.assert(
        fc.property(scenarioArb({ cycles: true }), ({ world, requests: qs, users: us }) => {
          const o = new Oracle(world);
          const a = analyzeRaw(world);
          expect([...a.policy.aggregationCycles].sort()).toEqual([...o.cyclic].sort());
          for (const name of o.historyDependent) expect(a.policy.historyDependent.has(name)).toBe(true);
          expect(a.diagnostics.filter((d) => d.code === 'aggregation-no-fixpoint')).toEqual([]);
          expect(disagreements(world, qs, us)).toEqual([]);
        }),
        runs(60),
      );
    },
    budgetMs(800),
  );

  test('the generator makes worlds where the answers vary (a property that is always vacuous checks nothing)', () => {
    let allowed = 0;
    let denied = 0;
    let cyclic = 0;
    let dependent = 0;
    fc.assert(
      fc.property(scenarioArb(), ({ world, requests: qs, users: us }) => {
        const o = new Oracle(world);
        if (o.cyclic.size) cyclic++;
        for (const q of qs) for (const u of us) (o.allows(u, q) ? allowed++ : denied++);
      }),
      { ...runs(100), numRuns: 100 },
    );
    fc.assert(
      fc.property(scenarioArb({ cycles: true }), ({ world }) => {
        if (new Oracle(world).historyDependent.size) dependent++;
      }),
      { ...runs(100), numRuns: 100 },
    );
    if (process.env.RBAC_PROP_DEBUG) console.log({ allowed, denied, cyclic, dependent });
    expect(allowed).toBeGreaterThan(50);
    expect(denied).toBeGreaterThan(allowed);
    expect(cyclic).toBeLessThan(40);
    expect(dependent).toBeGreaterThan(5);
  });
});
