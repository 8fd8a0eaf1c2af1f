// Golden escalation paths on the Kubernetes bootstrap policy (who can reach cluster-admin) and on
// real add-on manifests: paths SUBJECT, paths --to and the reaches-cluster-admin finding agree.
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { loadFiles } from '../../src/collect/files.js';
import { loadQueries } from '../../src/collect/load-queries.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { pathsFrom, pathsTo, type EscalationPath } from '../../src/paths/paths.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
let a: Analysis;
let paths: EscalationPath[];
beforeAll(async () => {
  a = analyze(await loadFiles([join(SAMPLES, 'kubernetes-bootstrap')]));
  paths = pathsTo(a.escalationGraph, 'clusterrole:cluster-admin', { maxHops: 6 });
});
const bySource = (s: string) => paths.find((p) => p.source === s);

test('system:masters holds cluster-admin with no escalation step', () => {
  expect(bySource('group:system:masters')?.hops).toBe(0);
});

test('clusterrole-aggregation-controller: escalate + update on the ClusterRole bound to it is one step from cluster-admin', () => {
  expect(bySource('sa:kube-system:clusterrole-aggregation-controller')?.steps.map((s) => s.edge.kind)).toEqual(['escalate']); // a capability that needs several permissions starts at the identity
});

test('controllers that create pods cluster-wide reach it through a kube-system ServiceAccount', () => {
  const p = bySource('sa:kube-system:replicaset-controller')!;
  expect(p).toMatchObject({ hops: 2, certain: true });
  expect(p.steps.map((s) => s.edge.kind)).toEqual(['bound-to', 'create-workload', 'any-of', 'any-of', 'escalate']);
  expect(p.steps.map((s) => s.to).slice(1, 4)).toEqual(['sa:*', 'sa:kube-system:*', 'sa:kube-system:clusterrole-aggregation-controller']);
});

test('exactly the expected identities reach cluster-admin for certain', () => {
  expect(paths.filter((p) => p.certain).map((p) => p.source).sort()).toEqual([
    'group:system:masters',
    'sa:kube-system:clusterrole-aggregation-controller',
    'sa:kube-system:cronjob-controller',
    'sa:kube-system:daemon-set-controller',
    'sa:kube-system:deployment-controller',
    'sa:kube-system:generic-garbage-collector',
    'sa:kube-system:job-controller',
    'sa:kube-system:namespace-controller',
    'sa:kube-system:persistent-volume-binder',
    'sa:kube-system:replicaset-controller',
    'sa:kube-system:replication-controller',
    'sa:kube-system:statefulset-controller',
    'user:system:kube-controller-manager',
  ]);
});

test('readers of secrets reach it only if a legacy token Secret exists (none is in the bootstrap policy)', () => {
  const conditional = paths.filter((p) => !p.certain);
  expect(conditional.map((p) => p.source).sort()).toEqual(['sa:kube-system:bootstrap-signer', 'sa:kube-system:expand-controller', 'sa:kube-system:resourcequota-controller', 'sa:kube-system:token-cleaner']);
  for (const p of conditional) expect(p.steps.filter((s) => s.edge.condition).map((s) => s.edge.kind)).toEqual(['read-token-secrets']);
});

test('no impossible path: everyone-groups and nodes reach nothing (system:node is bound to no one)', () => {
  for (const s of ['group:system:authenticated', 'group:system:unauthenticated', 'group:system:serviceaccounts', 'group:system:nodes']) expect(bySource(s)).toBeUndefined();
});

describe('hop counts agree between paths SUBJECT, paths --to and the reaches-cluster-admin finding', () => {
  test.each([['the bootstrap policy', []], ['argo-cd on the bootstrap policy', ['addons/argo-cd.yaml']], ['tekton on the bootstrap policy', ['addons/tekton-pipelines.yaml']]] as [string, string[]][])('%s', async (_n, extra) => {
    const w = analyze(await loadFiles([join(SAMPLES, 'kubernetes-bootstrap'), ...extra.map((f) => join(SAMPLES, f))]));
    const to = pathsTo(w.escalationGraph, 'clusterrole:cluster-admin');
    expect(to.length).toBeGreaterThan(10);
    for (const p of to) {
      const [from] = pathsFrom(w.escalationGraph, p.source, { to: ['clusterrole:cluster-admin'] });
      expect([from!.hops, from!.certain], p.source).toEqual([p.hops, p.certain]);
    }
    const defs = (await loadQueries([join(import.meta.dirname, '../../queries')])).filter((d) => d.id === 'reaches-cluster-admin').map((d) => ({ ...d, exclude: [] }));
    const findings = audit(w, defs).findings;
    const hops = new Map(to.filter((p) => p.hops >= 1 && p.hops <= 3).map((p) => [p.source, p]));
    expect(findings.length).toBe(hops.size);
    for (const f of findings) {
      const s = f.subject!;
      const key = s.kind === 'ServiceAccount' ? `sa:${s.namespace}:${s.name}` : `${s.kind.toLowerCase()}:${s.name}`;
      const p = hops.get(key)!;
      expect(f.matched[0], key).toMatch(new RegExp(`^reaches clusterrole:cluster-admin in ${p.hops} hop\\(s\\)${p.certain ? '$' : ' only if'}`));
      expect(f.severity, key).toBe(p.certain ? 'critical' : 'high');
    }
  });
});
