// Workloads from a live cluster, through the local HTTPS API server of test/helpers: paged like
// the RBAC lists, Secrets never asked for, a 403 on a workload list a diagnostic, never a failure.
import { afterEach, describe, expect, test } from 'vitest';
import { collectCluster } from '../../src/collect/cluster.js';
import { analyze } from '../../src/engine/analyze.js';
import { whoCanWorkloads, workloadWhatCan } from '../../src/engine/workloads.js';
import { FakeApiServer, manifestObjects } from '../helpers/api-server.js';

const FAST = { retries: 1, backoffMs: 10, maxBackoffMs: 50, requestTimeoutMs: 5000 };
const RBAC_FILES = ['samples/addons/kube-prometheus.yaml'];
const WORKLOAD_FILES = ['samples/workloads/kube-prometheus-node-exporter.yaml'];

/** A pod as the API server stores it: the ServiceAccount admission plugin added the projected token volume. */
function pod(name: string, ns: string, sa: string, node: string, owner?: { kind: string; name: string }) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true, uid: 'x' }] } : {}) },
    spec: { serviceAccountName: sa, serviceAccount: sa, nodeName: node, containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'kube-api-access-abcde', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }] },
  };
}

const OBJECTS = [
  ...manifestObjects(...RBAC_FILES, ...WORKLOAD_FILES),
  ...Array.from({ length: 12 }, (_, i) => pod(`node-exporter-${String(i).padStart(5, '0')}`, 'monitoring', 'node-exporter', `node-${i}`, { kind: 'DaemonSet', name: 'node-exporter' })),
  pod('debug', 'prod', 'default', 'node-3'),
];

let servers: FakeApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function collect(setup?: (s: FakeApiServer) => void) {
  const server = await FakeApiServer.start(OBJECTS);
  servers.push(server);
  setup?.(server);
  const snap = await collectCluster({ kubeconfig: server.writeKubeconfig(), pageSize: 5, ...FAST });
  return { server, snap };
}

describe('live workloads', () => {
  test('pods and DaemonSets are listed page by page and folded: the DaemonSet once, with the nodes its pods run on', async () => {
    const { server, snap } = await collect();
    expect(server.requests.filter((r) => r.startsWith('GET /api/v1/pods?') && r.includes('continue=')).length).toBe(2);
    expect(server.requests.filter((r) => /\/secrets\b/.test(r))).toEqual([]);
    expect(snap.workloadScope).toBe('');
    const ds = snap.workloads!.find((w) => w.kind === 'DaemonSet')!;
    expect(ds).toMatchObject({ namespace: 'monitoring', name: 'node-exporter', serviceAccount: 'node-exporter', placement: { type: 'every-node' }, projectedToken: true, source: { type: 'cluster', call: 'GET /apis/apps/v1/daemonsets' } });
    expect(ds.pods).toHaveLength(12);
    expect(snap.workloads!.map((w) => `${w.kind} ${w.namespace}/${w.name}`).sort()).toEqual(['DaemonSet monitoring/node-exporter', 'Pod prod/debug']);
    expect(snap.workloads!.find((w) => w.kind === 'Pod')!.placement).toEqual({ type: 'nodes', nodes: ['node-3'] });
  });

  test('the live answer about a workload is the same as from its manifests', async () => {
    const { snap } = await collect();
    const live = workloadWhatCan(analyze(snap), 'DaemonSet', 'monitoring', 'node-exporter');
    const { loadFiles } = await import('../../src/collect/files.js');
    const files = workloadWhatCan(analyze(await loadFiles([...RBAC_FILES, ...WORKLOAD_FILES])), 'DaemonSet', 'monitoring', 'node-exporter');
    const key = (p: typeof live) => p.powers!.grants.map((g) => `${g.binding.name} ${g.role.name} ${g.ruleIndex}`).sort();
    expect(live.mounted).toBe(true);
    expect(key(live)).toEqual(key(files));
    expect(key(live).some((k) => k.startsWith('node-exporter node-exporter'))).toBe(true);
  });

  test('403 on the pod list: a warning naming the call, the run goes on, and pods count as unknown', async () => {
    const { snap } = await collect((s) => s.fault('/api/v1/pods', { status: 403 }));
    const d = snap.diagnostics.filter((x) => x.code === 'list-forbidden');
    expect(d.map((x) => x.source)).toEqual([{ type: 'cluster', call: 'GET /api/v1/pods' }]);
    expect(d[0]!.message).toMatch(/which ServiceAccount their pods mount is not known/);
    expect(snap.workloadScope).toBeUndefined();
    expect(snap.workloads!.map((w) => w.kind)).toEqual(['DaemonSet']);
    const a = analyze(snap);
    const r = a.resolve({ verb: 'create', resource: 'tokenreviews' });
    expect(whoCanWorkloads(a.snapshot, a.whoCan(r.request)).map((x) => x.workload.name)).toContain('node-exporter');
  });

  test('403 on every workload list: no workloads, and the RBAC answers are whole', async () => {
    const { snap } = await collect((s) => s.fault((p) => /\/(pods|deployments|replicasets|statefulsets|daemonsets|jobs|cronjobs|replicationcontrollers)$/.test(p), { status: 403 }));
    expect(snap.diagnostics.filter((x) => x.code === 'list-forbidden')).toHaveLength(8);
    expect(snap.workloads).toBeUndefined();
    expect(snap.clusterRoleBindings.length).toBeGreaterThan(0);
  });
});
