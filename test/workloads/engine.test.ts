// Asking about a workload: what-can TYPE/NAME and who-can --workloads, library and CLI.
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze } from '../../src/engine/analyze.js';
import { parseWorkloadSpec, whoCanWorkloads, workloadWhatCan } from '../../src/engine/workloads.js';
import { rbac } from '../helpers/cli.js';
import { analyzeYaml } from '../helpers/load.js';

const PROM = ['-f', 'samples/addons/kube-prometheus.yaml', '-f', 'samples/workloads'];

describe('kubectl spellings of a workload', () => {
  test.each([
    ['deploy/web', 'Deployment'], ['deployment/web', 'Deployment'], ['deployments.apps/web', 'Deployment'], ['po/web', 'Pod'], ['pod/web', 'Pod'],
    ['ds/web', 'DaemonSet'], ['sts/web', 'StatefulSet'], ['rs/web', 'ReplicaSet'], ['job/web', 'Job'], ['cj/web', 'CronJob'], ['rc/web', 'ReplicationController'], ['DEPLOY/web', 'Deployment'],
  ])('%s is a %s', (text, kind) => {
    expect(parseWorkloadSpec(text)).toEqual({ kind, name: 'web' });
  });
  test.each(['sa:ns:x', 'user:a/b', 'configmap/x', 'web'])('%s is not a workload', (text) => {
    expect(parseWorkloadSpec(text)).toBeUndefined();
  });
  test('TYPE/ without a name is a usage error', () => {
    expect(() => parseWorkloadSpec('deploy/')).toThrow(/expected TYPE\/NAME/);
  });
});

const WORLD = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cluster-admin}
rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}, {nonResourceURLs: ['*'], verbs: ['*']}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: admin, namespace: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: admin, namespace: ops}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: runner, namespace: ops}
spec: {template: {spec: {serviceAccountName: admin, containers: [{name: c, image: x}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: quiet, namespace: ops}
spec: {template: {spec: {serviceAccountName: admin, automountServiceAccountToken: false, containers: [{name: c, image: x}]}}}
`;

describe('library', () => {
  test('what-can of a workload is what its ServiceAccount can do; none when no token is mounted', () => {
    const a = analyzeYaml(WORLD);
    const runner = workloadWhatCan(a, 'Deployment', 'ops', 'runner');
    expect(runner.mounted).toBe(true);
    expect(runner.powers!.grants.map((g) => g.binding.name)).toContain('ops-admin');
    const quiet = workloadWhatCan(a, 'Deployment', 'ops', 'quiet');
    expect(quiet).toMatchObject({ mounted: false, mountReason: 'pod spec automountServiceAccountToken: false' });
    expect(quiet.powers).toBeUndefined();
    expect(() => workloadWhatCan(a, 'Deployment', 'ops', 'gone')).toThrow('Deployment ops/gone is not in the input (Deployments in the input: ops/runner, ops/quiet)');
  });
  test('who-can --workloads lists the workloads whose token carries the permission, with the binding', () => {
    const a = analyzeYaml(WORLD);
    const r = a.resolve({ verb: 'delete', resource: 'nodes' });
    expect(whoCanWorkloads(a.snapshot, a.whoCan(r.request)).map((x) => `${x.workload.name} ${x.grant.binding.name}`)).toEqual(['runner ops-admin']);
  });
  test('a DaemonSet of kube-prometheus: the grants of its ClusterRoleBinding', async () => {
    const a = analyze(await loadFiles(['samples/addons/kube-prometheus.yaml', 'samples/workloads']));
    const r = a.resolve({ verb: 'create', resource: 'subjectaccessreviews' });
    expect(whoCanWorkloads(a.snapshot, a.whoCan(r.request)).map((x) => `${x.workload.kind} ${x.workload.name} ${x.grant.binding.name}`)).toEqual(['DaemonSet node-exporter node-exporter']);
  });
});

describe('CLI', () => {
  test('rbac what-can ds/node-exporter -n monitoring: the token, the node access and the rules', () => {
    const r = rbac(['what-can', 'ds/node-exporter', '-n', 'monitoring', ...PROM, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DaemonSet monitoring/node-exporter runs as sa:monitoring:node-exporter with its token mounted (pod spec automountServiceAccountToken: true); placement: every node; it can reach its node (hostPID: true; hostNetwork: true; volumes[sys].hostPath /sys; volumes[root].hostPath /).');
    expect(r.stdout).toMatch(/cluster-wide\s+create\s+tokenreviews\.authentication\.k8s\.io/);
  });
  test('rbac what-can deploy/kube-state-metrics: the ServiceAccount turns the token off', () => {
    const r = rbac(['what-can', 'deploy/kube-state-metrics', '-n', 'kube-system', '-f', 'samples/addons/kube-state-metrics.yaml', '-f', 'samples/workloads', '-q', '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ workload: { kind: 'Deployment', name: 'kube-state-metrics' }, tokenMounted: false, mountReason: 'ServiceAccount kube-system/kube-state-metrics automountServiceAccountToken: false' });
  });
  test('rbac what-can of a workload not in the input: exit 2 naming the ones there are', () => {
    const r = rbac(['what-can', 'ds/nope', '-n', 'monitoring', ...PROM, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DaemonSet monitoring/nope is not in the input (DaemonSets in the input: monitoring/node-exporter)');
  });
  test('rbac who-can create tokenreviews --workloads', () => {
    const r = rbac(['who-can', 'create', 'tokenreviews', '--workloads', ...PROM, '-q']);
    expect(r.stdout).toMatch(/DaemonSet monitoring\/node-exporter\s+node-exporter\s+every node\s+cluster-wide\s+ClusterRoleBinding node-exporter/);
    expect(r.stdout).toContain('1 workload(s) with a mounted token.');
  });
});
