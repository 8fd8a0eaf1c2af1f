// Golden escalation paths on the Kubernetes bootstrap policy: who can reach cluster-admin.
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { pathsTo, type EscalationPath } from '../../src/paths/paths.js';

let a: Analysis;
let paths: EscalationPath[];
beforeAll(async () => {
  a = analyze(await loadFiles([join(import.meta.dirname, '../../samples/kubernetes-bootstrap')]));
  paths = pathsTo(a.escalationGraph, 'clusterrole:cluster-admin', { maxHops: 6 });
});
const bySource = (s: string) => paths.find((p) => p.source === s);

test('system:masters holds cluster-admin with no escalation step', () => {
  expect(bySource('group:system:masters')?.hops).toBe(0);
});

test('clusterrole-aggregation-controller: escalate + update on ClusterRoles is one step from cluster-admin', () => {
  expect(bySource('sa:kube-system:clusterrole-aggregation-controller')?.steps.map((s) => s.edge.kind)).toEqual(['escalate']); // a capability that needs several permissions starts at the identity
});

test('controllers that create pods cluster-wide reach it through a kube-system ServiceAccount', () => {
  const p = bySource('sa:kube-system:replicaset-controller')!;
  expect(p.hops).toBe(2);
  expect(p.steps.map((s) => s.edge.kind)).toEqual(['bound-to', 'create-workload', 'any-of', 'any-of', 'escalate']);
  expect(p.steps.map((s) => s.to).slice(1, 4)).toEqual(['sa:*', 'sa:kube-system:*', 'sa:kube-system:clusterrole-aggregation-controller']);
});

test('exactly the expected identities reach cluster-admin', () => {
  expect(paths.map((p) => p.source).filter((s) => !s.endsWith(':*')).sort()).toEqual([
    'group:system:masters',
    'sa:kube-system:bootstrap-signer',
    'sa:kube-system:clusterrole-aggregation-controller',
    'sa:kube-system:cronjob-controller',
    'sa:kube-system:daemon-set-controller',
    'sa:kube-system:deployment-controller',
    'sa:kube-system:expand-controller',
    'sa:kube-system:generic-garbage-collector',
    'sa:kube-system:job-controller',
    'sa:kube-system:namespace-controller',
    'sa:kube-system:persistent-volume-binder',
    'sa:kube-system:replicaset-controller',
    'sa:kube-system:replication-controller',
    'sa:kube-system:resourcequota-controller',
    'sa:kube-system:statefulset-controller',
    'sa:kube-system:token-cleaner',
    'user:system:kube-controller-manager',
  ]);
});

test('no impossible path: everyone-groups and nodes reach nothing (system:node is bound to no one)', () => {
  for (const s of ['group:system:authenticated', 'group:system:unauthenticated', 'group:system:serviceaccounts', 'group:system:nodes']) expect(bySource(s)).toBeUndefined();
});
