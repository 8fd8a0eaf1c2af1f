// Workloads read from manifests: the pod spec of each kind, its ServiceAccount, token mount,
// placement and node access, and owner chains folded so a workload is reported once.
import { describe, expect, test } from 'vitest';
import { resolvedWorkloads } from '../../src/engine/workloads.js';
import { loadFiles } from '../../src/collect/files.js';
import { snapshotFromYaml } from '../helpers/load.js';

const podSpec = (spec: string, indent: string) => spec.split('\n').map((l) => indent + l).join('\n');
function workload(kind: string, spec: string, extra = ''): string {
  const api = { Pod: 'v1', ReplicationController: 'v1', Job: 'batch/v1', CronJob: 'batch/v1' }[kind] ?? 'apps/v1';
  const body = kind === 'Pod' ? `spec:\n${podSpec(spec, '  ')}` : kind === 'CronJob' ? `spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${podSpec(spec, '          ')}` : `spec:\n  template:\n    spec:\n${podSpec(spec, '      ')}`;
  return `apiVersion: ${api}\nkind: ${kind}\nmetadata:\n  name: w\n  namespace: prod\n${extra}${body}\n`;
}

describe('the pod spec of every kind', () => {
  test.each(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'])('%s: serviceAccountName is read from its pod template', (kind) => {
    const s = snapshotFromYaml(workload(kind, 'serviceAccountName: runner\ncontainers: [{name: c, image: x}]'));
    expect(s.workloads).toMatchObject([{ kind, namespace: 'prod', name: 'w', serviceAccount: 'runner' }]);
    expect(s.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('effective ServiceAccount and token mount', () => {
  const sa = (automount?: boolean) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: runner, namespace: prod}\n${automount === undefined ? '' : `automountServiceAccountToken: ${automount}\n`}`;
  test.each([
    ['serviceAccountName wins over the deprecated serviceAccount', 'serviceAccountName: runner\nserviceAccount: old', undefined, 'runner', true],
    ['the deprecated serviceAccount when serviceAccountName is unset', 'serviceAccount: old', undefined, 'old', true],
    ['default when neither is set', 'containers: []', undefined, 'default', true],
    ['the pod spec says false', 'serviceAccountName: runner\nautomountServiceAccountToken: false', true, 'runner', false],
    ['the pod spec says true over a ServiceAccount that says false', 'serviceAccountName: runner\nautomountServiceAccountToken: true', false, 'runner', true],
    ['the ServiceAccount says false and the pod says nothing', 'serviceAccountName: runner', false, 'runner', false],
    ['a projected serviceAccountToken volume mounts one whatever automount says', 'serviceAccountName: runner\nautomountServiceAccountToken: false\nvolumes:\n- name: t\n  projected:\n    sources:\n    - serviceAccountToken: {path: token}', false, 'runner', true],
  ] as const)('%s', (_name, spec, saAutomount, account, mounted) => {
    const s = snapshotFromYaml(sa(saAutomount), workload('Deployment', spec));
    const [r] = resolvedWorkloads(s);
    expect(r!.workload.serviceAccount).toBe(account);
    expect(r!.mounted).toBe(mounted);
  });
});

describe('placement and node access', () => {
  test.each([
    ['Pod', 'nodeName: node-1', { type: 'nodes', nodes: ['node-1'] }],
    ['Pod', 'containers: []', { type: 'unknown' }],
    ['DaemonSet', 'containers: []', { type: 'every-node' }],
    ['Deployment', 'containers: []', { type: 'unknown' }],
  ])('%s with %s', (kind, spec, placement) => {
    expect(snapshotFromYaml(workload(kind, spec)).workloads![0]!.placement).toEqual(placement);
  });

  test.each([
    ['privileged', 'containers: [{name: c, securityContext: {privileged: true}}]', ['containers[c].securityContext.privileged: true']],
    ['hostPID, hostIPC, hostNetwork', 'hostPID: true\nhostIPC: true\nhostNetwork: true', ['hostPID: true', 'hostIPC: true', 'hostNetwork: true']],
    ['hostPath', 'volumes: [{name: root, hostPath: {path: /}}]', ['volumes[root].hostPath /']],
    ['an escaping capability (CAP_ prefix, any case)', 'initContainers: [{name: i, securityContext: {capabilities: {add: [cap_sys_admin, NET_BIND_SERVICE]}}}]', ['initContainers[i].securityContext.capabilities.add SYS_ADMIN']],
    ['a Windows hostProcess container', 'securityContext: {windowsOptions: {hostProcess: true}}', ['securityContext.windowsOptions.hostProcess: true']],
    ['nothing of the baseline list (SYS_TIME, privileged false)', 'containers: [{name: c, securityContext: {privileged: false, capabilities: {add: [SYS_TIME]}}}]', []],
  ])('%s', (_name, spec, details) => {
    expect(snapshotFromYaml(workload('Pod', spec)).workloads![0]!.nodeAccess.map((a) => a.detail)).toEqual(details);
  });

  test('the node-exporter DaemonSet of kube-prometheus reaches every node through hostPID, hostNetwork and hostPath /', async () => {
    const s = await loadFiles(['samples/workloads/kube-prometheus-node-exporter.yaml']);
    expect(s.workloads).toMatchObject([{ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter', serviceAccount: 'node-exporter', automountServiceAccountToken: true, placement: { type: 'every-node' } }]);
    expect(s.workloads![0]!.nodeAccess.map((a) => a.kind)).toEqual(['hostPID', 'hostNetwork', 'hostPath', 'hostPath']);
  });
});

describe('owner chains are folded', () => {
  const owned = (kind: string, name: string, ownerKind: string, ownerName: string, spec: string) =>
    workload(kind, spec, `  ownerReferences: [{apiVersion: x, kind: ${ownerKind}, name: ${ownerName}, controller: true}]\n`).replace('name: w\n', `name: ${name}\n`);
  test('Pod -> ReplicaSet -> Deployment is one Deployment, with the pods and their nodes', () => {
    const s = snapshotFromYaml(
      workload('Deployment', 'serviceAccountName: web'),
      owned('ReplicaSet', 'w-5d8', 'Deployment', 'w', 'serviceAccountName: web'),
      owned('Pod', 'w-5d8-abcde', 'ReplicaSet', 'w-5d8', 'serviceAccountName: web\nnodeName: node-2\nvolumes: [{name: kube-api-access, projected: {sources: [{serviceAccountToken: {path: token}}]}}]'),
      owned('Pod', 'w-5d8-fghij', 'ReplicaSet', 'w-5d8', 'serviceAccountName: web\nnodeName: node-1'),
    );
    expect(s.workloads).toMatchObject([{ kind: 'Deployment', name: 'w', pods: ['w-5d8-abcde', 'w-5d8-fghij'], placement: { type: 'nodes', nodes: ['node-1', 'node-2'] }, projectedToken: true }]);
  });
  test('Job -> CronJob is one CronJob', () => {
    const s = snapshotFromYaml(workload('CronJob', 'serviceAccountName: backup'), owned('Job', 'w-2860', 'CronJob', 'w', 'serviceAccountName: backup'));
    expect(s.workloads!.map((w) => `${w.kind}/${w.name}`)).toEqual(['CronJob/w']);
  });
  test('an owner the input does not hold is named, not folded; a non-controller owner is ignored', () => {
    const s = snapshotFromYaml(owned('Pod', 'p', 'ReplicaSet', 'gone', 'nodeName: n'), workload('Pod', 'nodeName: n', '  ownerReferences: [{kind: Deployment, name: w, controller: false}]\n').replace('name: w\n', 'name: q\n'), workload('Deployment', ''));
    expect(s.workloads!.map((w) => `${w.kind}/${w.name}${w.owner ? ` owner ${w.owner.kind}/${w.owner.name}` : ''}`).sort()).toEqual(['Deployment/w', 'Pod/p owner ReplicaSet/gone', 'Pod/q']);
  });
});

describe('bad input', () => {
  test('a workload without a name is an error naming the document; one without a pod spec a warning', () => {
    const s = snapshotFromYaml('apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: []}\n');
    expect(s.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      'error missing-name Deployment has no metadata.name; skipped',
      'warning wrong-type Deployment default/d: spec.template.spec is missing or not a map; read as an empty pod spec (ServiceAccount default, token mounted)',
    ]);
  });
  test('an input with no workloads has none (paths keep "any ServiceAccount of N")', () => {
    expect(snapshotFromYaml('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n').workloads).toBeUndefined();
  });
});
