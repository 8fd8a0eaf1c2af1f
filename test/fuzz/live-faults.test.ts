// Live-path faults: every fault the fake API server can inject (403, 429 with Retry-After, 500,
// 410 for an expired continue token, a hang, a connection reset), at random pages of paginated
// lists (page size 4, so every list has several pages), alone or several at once. Invariant: the
// collection is complete and gives the fault-free answers, or it says which lists are incomplete
// (list-forbidden / list-failed / list-expired naming the call), or it fails with a ClusterError.
// Never silently partial. And across every run: no request ever names Secrets.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectCluster, listPath, type CollectClusterOptions } from '../../src/collect/cluster.js';
import { analyze } from '../../src/engine/analyze.js';
import { ClusterError } from '../../src/errors.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { FakeApiServer, isListPath, manifestObjects, type Fault } from '../helpers/api-server.js';
import { repoRoot } from '../helpers/cli.js';
import { budgetMs, runs } from '../properties/runs.js';
import { answers } from './mutations.js';

const OBJECTS = manifestObjects(...['worlds/teaching.yaml', 'addons/argo-cd.yaml', 'addons/kyverno.yaml', 'addons/cert-manager.yaml'].map((f) => join(repoRoot, 'samples', f)));

type ListName = 'namespaces' | 'customResources' | 'clusterRoles' | 'clusterRoleBindings' | 'roles' | 'roleBindings' | 'serviceAccounts';
const LISTS: { list: ListName; path: string }[] = [
  { list: 'namespaces', path: listPath({ apiVersion: 'v1', resource: 'namespaces', namespaced: false }) },
  { list: 'customResources', path: listPath({ apiVersion: 'apiextensions.k8s.io/v1', resource: 'customresourcedefinitions', namespaced: false }) },
  { list: 'clusterRoles', path: listPath({ apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterroles', namespaced: false }) },
  { list: 'clusterRoleBindings', path: listPath({ apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterrolebindings', namespaced: false }) },
  { list: 'roles', path: listPath({ apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'roles', namespaced: true }) },
  { list: 'roleBindings', path: listPath({ apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings', namespaced: true }) },
  { list: 'serviceAccounts', path: listPath({ apiVersion: 'v1', resource: 'serviceaccounts', namespaced: true }) },
];
const INCOMPLETE = new Set(['list-forbidden', 'list-failed', 'list-expired', 'list-not-a-list', 'list-continue-loop', 'list-too-long', 'list-too-large', 'list-wrong-kind']);
const PAGE = 4;
const FAST: CollectClusterOptions = { pageSize: PAGE, retries: 2, backoffMs: 5, maxBackoffMs: 30, requestTimeoutMs: 400, concurrency: 4 };

/** The faults of the server's matrix; `times` undefined = every matching request. */
const faultArb: fc.Arbitrary<{ name: string; fault: Fault }> = fc.oneof(
  fc.constant({ name: '403', fault: { status: 403 } }),
  fc.integer({ min: 1, max: 4 }).map((t) => ({ name: `429 x${t}`, fault: { status: 429, retryAfter: 1, times: t } })),
  fc.constant({ name: '429 always', fault: { status: 429, retryAfter: 1 } }),
  fc.integer({ min: 1, max: 4 }).map((t) => ({ name: `500 x${t}`, fault: { status: 500, times: t } })),
  fc.constant({ name: '503 always', fault: { status: 503 } }),
  fc.integer({ min: 1, max: 2 }).map((t) => ({ name: `410 x${t}`, fault: { expireContinue: true, times: t } })),
  fc.constant({ name: '410 always', fault: { expireContinue: true } }),
  fc.constant({ name: 'hang', fault: { hang: true, times: 1 } }),
  fc.integer({ min: 1, max: 4 }).map((t) => ({ name: `reset x${t}`, fault: { reset: true, times: t } })),
  fc.constant({ name: 'slow', fault: { delayMs: 50 } }),
);

/** Faults on one list (from its k-th request on), or on discovery. */
const placedFaultArb = fc.record({ target: fc.nat({ max: LISTS.length }), from: fc.integer({ min: 1, max: 6 }), f: faultArb });

let server: FakeApiServer;
let baseline: { snap: Snapshot; answers: ReturnType<typeof answers> };
const keysOf = (s: Snapshot, l: ListName) => s[l].map((o) => `${'namespace' in o ? o.namespace : ''}/${o.name}`).sort();

beforeAll(async () => {
  server = await FakeApiServer.start(OBJECTS);
  const snap = await collectCluster({ kubeconfig: server.writeKubeconfig(), ...FAST, requestTimeoutMs: 10_000 });
  baseline = { snap, answers: answers(analyze(snap, { aggregation: 'compute' })) };
  for (const list of ['clusterRoles', 'clusterRoleBindings', 'roles', 'roleBindings'] as const) expect(baseline.snap[list].length, list).toBeGreaterThan(2 * PAGE);
});

afterAll(async () => {
  // Across every collection of this file, with every fault: not one request for Secrets.
  expect(server.requests.length).toBeGreaterThan(200);
  expect(server.requests.filter((r) => /secrets/i.test(r))).toEqual([]);
  await server.close();
});

describe('faults at random points of a paginated collection', () => {
  test(
    'complete and right, or incomplete lists named in diagnostics, or a ClusterError: never silently partial',
    async () => {
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.array(placedFaultArb, { minLength: 1, maxLength: 3 }), async (placed) => {
          server.clearFaults();
          for (const { target, from, f } of placed) {
            const path = LISTS[target]?.path;
            let seen = 0;
            // Each matching request counts; the fault starts at the from-th page of that list.
            server.fault(path ? (p) => p === path && ++seen >= from : (p) => !isListPath(p) && p.startsWith('/apis') && ++seen >= from, structuredClone(f.fault));
          }
          const label = placed.map((p) => `${p.f.name} on ${LISTS[p.target]?.path ?? 'discovery'} from request ${p.from}`).join(', ');
          let snap: Snapshot;
          try {
            snap = await collectCluster({ kubeconfig: server.writeKubeconfig(), ...FAST });
          } catch (err) {
            expect(err, label).toBeInstanceOf(ClusterError);
            expect((err as Error).message).not.toMatch(/\n\s+at /);
            outcomes.set('ClusterError', (outcomes.get('ClusterError') ?? 0) + 1);
            return;
          }
          const named = new Set(snap.diagnostics.filter((d) => INCOMPLETE.has(d.code)).map((d) => (d.source?.type === 'cluster' ? d.source.call : '')));
          for (const d of snap.diagnostics.filter((x) => INCOMPLETE.has(x.code))) expect(d.message, label).toMatch(/incomplete|missing/);
          for (const { list, path } of LISTS) {
            if (JSON.stringify(keysOf(snap, list)) !== JSON.stringify(keysOf(baseline.snap, list))) expect([...named], `${label}: ${list} differ but ${path} is not named`).toContain(`GET ${path}`);
          }
          if (named.size === 0) {
            expect(answers(analyze(snap, { aggregation: 'compute' })), label).toEqual(baseline.answers);
            outcomes.set('complete', (outcomes.get('complete') ?? 0) + 1);
          } else {
            // Incomplete, and said so in a way --strict turns into exit 4.
            expect(snap.diagnostics.some((d) => INCOMPLETE.has(d.code) && d.severity !== 'info')).toBe(true);
            outcomes.set('incomplete', (outcomes.get('incomplete') ?? 0) + 1);
          }
        }),
        runs(6),
      );
      server.clearFaults();
      if (process.env.RBAC_PROP_DEBUG) console.log(Object.fromEntries(outcomes));
    },
    budgetMs(2000),
  );

  test('each fault of the matrix, on the third page of ClusterRoles', async () => {
    const path = LISTS[2]!.path;
    const expectations: [string, Fault, 'complete' | 'list-forbidden' | 'list-failed' | 'list-expired' | 'ClusterError'][] = [
      ['403', { status: 403 }, 'list-forbidden'],
      ['429 Retry-After, once', { status: 429, retryAfter: 1, times: 1 }, 'complete'],
      ['429 Retry-After, always', { status: 429, retryAfter: 1 }, 'list-failed'],
      ['500 once', { status: 500, times: 1 }, 'complete'],
      ['500 always', { status: 500 }, 'list-failed'],
      ['410 once', { expireContinue: true, times: 1 }, 'complete'],
      ['410 always', { expireContinue: true }, 'list-expired'],
      ['hang', { hang: true, times: 1 }, 'ClusterError'],
      ['reset once', { reset: true, times: 1 }, 'complete'],
      ['reset always', { reset: true }, 'ClusterError'],
    ];
    for (const [name, fault, want] of expectations) {
      server.clearFaults();
      let seen = 0;
      server.fault((p) => p === path && ++seen >= 3, fault);
      const got = await collectCluster({ kubeconfig: server.writeKubeconfig(), ...FAST }).then(
        (s) => s.diagnostics.find((d) => INCOMPLETE.has(d.code))?.code ?? (JSON.stringify(keysOf(s, 'clusterRoles')) === JSON.stringify(keysOf(baseline.snap, 'clusterRoles')) ? 'complete' : 'SILENTLY PARTIAL'),
        (e: unknown) => (e instanceof ClusterError ? 'ClusterError' : `unexpected ${String(e)}`),
      );
      expect(got, name).toBe(want);
    }
    server.clearFaults();
  }, budgetMs(1000));
});
