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
    'can and AllowedSubjects give the oracle\'s answers (worlds without aggregation cycles)',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, requests: qs, users: us }) => {
          fc.pre(new Oracle(world).cyclic.size === 0);
          expect(disagreements(world, qs, us)).toEqual([]);
        }),
        runs(60),
      );
    },
    budgetMs(800),
  );

  test(
    'an aggregation cycle is flagged exactly when the oracle finds one; without author rules both take the least fixpoint',
    () => {
      fc.assert(
        fc.property(scenarioArb({ noAuthorRulesOnAggregated: true }), ({ world, requests: qs, users: us }) => {
          const o = new Oracle(world);
          const a = analyzeRaw(world);
          const flagged = a.diagnostics.filter((d) => d.code === 'aggregation-cycle').map((d) => d.message.split(' ')[1]);
          expect(flagged.sort()).toEqual([...o.cyclic].sort());
          expect(a.diagnostics.filter((d) => d.code === 'aggregation-no-fixpoint')).toEqual([]);
          expect(disagreements(world, qs, us)).toEqual([]);
        }),
        runs(40),
      );
    },
    budgetMs(800),
  );

  test('the generator makes worlds where the answers vary (a property that is always vacuous checks nothing)', () => {
    let allowed = 0;
    let denied = 0;
    let cyclic = 0;
    fc.assert(
      fc.property(scenarioArb(), ({ world, requests: qs, users: us }) => {
        const o = new Oracle(world);
        if (o.cyclic.size) cyclic++;
        for (const q of qs) for (const u of us) (o.allows(u, q) ? allowed++ : denied++);
      }),
      { ...runs(100), numRuns: 100 },
    );
    if (process.env.RBAC_PROP_DEBUG) console.log({ allowed, denied, cyclic });
    expect(allowed).toBeGreaterThan(50);
    expect(denied).toBeGreaterThan(allowed);
    expect(cyclic).toBeLessThan(40);
  });
});
