// The queries agree with each other on random worlds: who-can and can, AllowedSubjects and can,
// what-can and can.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ruleAllows } from '../../src/semantics/rule-matches.js';
import { scenarioArb } from './arbitraries.js';
import { budgetMs, runs } from './runs.js';
import { analyzeRaw, identityOf, subjectKey, subjectNamesUser, toRequest, toUser } from './world.js';


describe('can and who-can agree', () => {
  test(
    'every subject who-can lists is allowed by can; every allowed user is named by who-can and by AllowedSubjects',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, requests: qs, users: us }) => {
          const a = analyzeRaw(world);
          for (const gq of qs) {
            const q = toRequest(gq);
            const ns = q.kind === 'resource' ? q.namespace : '';
            const who = a.whoCan(q, { allNamespaces: false });
            for (const g of who.grants) {
              const id = identityOf(g.subject);
              expect(a.can(id, q, { rbacOnly: true }).allowed, `${subjectKey(g.subject)} is listed by who-can`).toBe(true);
              // The grant applies where the request is evaluated.
              expect(g.scope === '' || g.scope === ns).toBe(true);
            }
            const allowed = a.allowedSubjects(q);
            expect(allowed[0]).toEqual({ kind: 'Group', name: 'system:masters' });
            for (const gu of us) {
              const u = toUser(gu);
              const yes = a.can(u, q, { rbacOnly: true }).allowed;
              const named = who.grants.some((g) => subjectNamesUser(g.subject, u, ns));
              expect(named, `who-can names ${u.name} [${u.groups}] exactly when can allows`).toBe(yes);
              // AllowedSubjects keeps subjects as stored, so a ServiceAccount without a namespace may
              // come from a ClusterRoleBinding (where it matches no one): exact only without those.
              if (yes) expect(allowed.some((s) => subjectNamesUser(s, u, ns)), `AllowedSubjects names ${u.name}`).toBe(true);
              const surely = allowed.slice(1).some((s) => !(s.kind === 'ServiceAccount' && !s.namespace) && subjectNamesUser(s, u, ns));
              if (surely) expect(yes, `AllowedSubjects names ${u.name}, so can allows`).toBe(true);
            }
          }
        }),
        runs(40),
      );
    },
    budgetMs(600),
  );

  test(
    'a subject in AllowedSubjects that can match anyone is in who-can, and the other way round',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, requests: qs }) => {
          const a = analyzeRaw(world);
          for (const gq of qs) {
            const q = toRequest(gq);
            const ns = q.kind === 'resource' ? q.namespace : '';
            const who = new Set(a.whoCan(q).grants.map((g) => subjectKey(g.subject)));
            // The head (Group system:masters) is always there, and absorbs a bound system:masters.
            const stored = a
              .allowedSubjects(q)
              .filter((s) => ['User', 'Group', 'ServiceAccount'].includes(s.kind) && s.name !== '' && !(s.kind === 'ServiceAccount' && !s.namespace && ns === ''));
            // AllowedSubjects keeps subjects as stored; who-can defaults a ServiceAccount's namespace.
            const defaulted = new Set(stored.map((s) => subjectKey(s.kind === 'ServiceAccount' && !s.namespace ? { ...s, namespace: ns } : s)));
            for (const k of who) expect(defaulted.has(k), k).toBe(true);
            for (const s of stored.slice(1)) if (s.namespace || s.kind !== 'ServiceAccount') expect(who.has(subjectKey(s)), subjectKey(s)).toBe(true);
          }
        }),
        runs(40),
      );
    },
    budgetMs(600),
  );
});

describe('what-can and can agree', () => {
  test(
    'a request is allowed exactly when a rule what-can lists for its namespace allows it',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, requests: qs, users: us }) => {
          const a = analyzeRaw(world);
          for (const gu of us) {
            const u = toUser(gu);
            for (const gq of qs) {
              const q = toRequest(gq);
              const ns = q.kind === 'resource' ? q.namespace : '';
              const wc = a.whatCan(u, { namespace: ns });
              const byWhatCan = wc.grants.some((g) => (g.scope === '' || g.scope === ns) && ruleAllows(g.rule, q));
              expect(byWhatCan, `${u.name} ${JSON.stringify(q)}`).toBe(a.can(u, q, { rbacOnly: true }).allowed);
              // Rules moved to `ineffective` never allow a request the API server can make.
              for (const g of wc.ineffective) if (g.scope === ns && ruleAllows(g.rule, q)) expect(a.can(u, q, { rbacOnly: true }).allowed).toBe(true);
            }
          }
        }),
        runs(40),
      );
    },
    budgetMs(600),
  );

  test(
    'what-can for all namespaces is the union of what-can per namespace',
    () => {
      fc.assert(
        fc.property(scenarioArb(), ({ world, users: us }) => {
          const a = analyzeRaw(world);
          for (const gu of us) {
            const u = toUser(gu);
            const key = (g: { binding: unknown; role: unknown; ruleIndex: number; scope: string }) => JSON.stringify([g.binding, g.role, g.ruleIndex, g.scope]);
            const all = new Set(a.whatCan(u).grants.map(key));
            const per = new Set(['', 'default', 'ns1', 'ns2'].flatMap((ns) => a.whatCan(u, { namespace: ns }).grants.map(key)));
            expect([...per].sort()).toEqual([...all].sort());
          }
        }),
        runs(30),
      );
    },
    budgetMs(600),
  );
});
