// Workloads in the RBAC graph: a node per workload, an edge to the ServiceAccount whose token its
// pods carry (none when no token is mounted), in focus and who-can views, in every format.
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze } from '../../src/engine/analyze.js';
import { focusSeeds, grantNodes, neighbourhood, subgraph } from '../../src/graph/focus.js';
import { exportGraph } from '../../src/report/graph-export.js';
import { nodeLabel } from '../../src/report/graph-style.js';
import { analyzeYaml } from '../helpers/load.js';

const DS = 'workload:DaemonSet/monitoring/node-exporter';
const KSM = 'workload:Deployment/kube-system/kube-state-metrics';
const load = async () => analyze(await loadFiles(['samples/addons/kube-prometheus.yaml', 'samples/addons/kube-state-metrics.yaml', 'samples/workloads'], { defaultPolicy: false }));

describe('workload nodes from samples/workloads', async () => {
  const a = await load();
  const g = a.graph;

  test.each([
    [DS, { kind: 'workload', workloadKind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter', serviceAccount: 'node-exporter', tokenMounted: true, everyNode: true }, 'DaemonSet (every node)', 'ds/node-exporter -n monitoring'],
    [KSM, { kind: 'workload', workloadKind: 'Deployment', namespace: 'kube-system', name: 'kube-state-metrics', serviceAccount: 'kube-state-metrics', tokenMounted: false, everyNode: false }, 'Deployment (no token)', 'deploy/kube-state-metrics -n kube-system'],
  ])('%s is a node labelled in kubectl spelling', (key, attrs, kind, name) => {
    expect(g.getNodeAttributes(key)).toEqual(attrs);
    expect(nodeLabel(g.getNodeAttributes(key))).toEqual({ kind, name });
  });

  test.each([
    [DS, ['sa:monitoring:node-exporter']],
    // Its ServiceAccount says automountServiceAccountToken: false: no token, no edge.
    [KSM, []],
  ])('%s links to the ServiceAccount whose token its pods carry: %j', (key, targets) => {
    expect(g.outNeighbors(key)).toEqual(targets);
    expect(g.outEdges(key).map((e) => g.getEdgeAttributes(e))).toEqual(targets.map(() => ({ kind: 'runs-as' })));
  });

  test.each([
    ['sa:monitoring:node-exporter', DS, true],
    ['clusterrole:node-exporter', DS, true],
    ['ds/node-exporter', DS, true],
    ['namespace:monitoring', DS, true],
    ['sa:kube-system:kube-state-metrics', KSM, false],
    ['deploy/kube-state-metrics', KSM, true],
  ])('--focus %s shows %s: %s', (focus, key, shown) => {
    expect(neighbourhood(g, focusSeeds(g, focus)).nodes.includes(key)).toBe(shown);
  });

  test.each([
    ['ds/node-exporter', 'monitoring', [DS]],
    ['daemonset/node-exporter', 'monitoring', [DS]],
    ['deploy/kube-state-metrics', 'kube-system', [KSM]],
  ])('--focus %s -n %s seeds that namespace\'s workload', (focus, namespace, seeds) => {
    expect(focusSeeds(g, focus, { namespace })).toEqual(seeds);
  });

  test('--focus of a workload in another namespace names where it is', () => {
    expect(() => focusSeeds(g, 'ds/node-exporter', { namespace: 'default' })).toThrow('--focus ds/node-exporter: no DaemonSet node-exporter in namespace default (there is one in monitoring: -n monitoring)');
  });

  test.each([
    ['create tokenreviews', DS, true],
    ['list secrets -A', DS, false],
    ['list secrets -A', KSM, false],
  ])('who-can %s shows %s: %s', (text, key, shown) => {
    const [verb, resource, flag] = text.split(' ');
    const r = a.resolve({ verb: verb!, resource: resource!, ...(flag ? { allNamespaces: true } : {}) });
    const keys = grantNodes(g, a.whoCan(r.request, { allNamespaces: r.allNamespaces }).grants);
    expect(keys.includes(key)).toBe(shown);
  });

  test('every format carries the workload and its edge; the legend says what the edge means', () => {
    const part = subgraph(g, neighbourhood(g, ['sa:monitoring:node-exporter']).nodes);
    const dot = exportGraph(part, 'dot');
    expect(dot).toMatch(/label="DaemonSet \(every node\)\\nds\/node-exporter -n monitoring", tooltip="workload:DaemonSet\/monitoring\/node-exporter", shape="component"/);
    expect(dot).toContain('workload -&gt; ServiceAccount: its pods carry that token');
    expect(exportGraph(part, 'mermaid')).toMatch(/n\d+\[\/"DaemonSet \(every node\)<br>ds\/node-exporter -n monitoring"\\\]/);
    expect(exportGraph(part, 'graphml')).toContain('<data key="n_workloadKind">DaemonSet</data>');
    expect(JSON.parse(exportGraph(part, 'json')).edges.some((e: { source: string; target: string }) => e.source === DS && e.target === 'sa:monitoring:node-exporter')).toBe(true);
  });
});

describe('graphs without workloads are as before', () => {
  test('no workload node, no workload legend line', () => {
    const a = analyzeYaml(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: ci, namespace: prod}]`);
    expect(a.graph.filterNodes((_k, x) => x.kind === 'workload')).toEqual([]);
    expect(exportGraph(a.graph, 'dot')).not.toContain('workload');
  });
});

test('a workload of a ServiceAccount no binding names still links to it', () => {
  const a = analyzeYaml(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {spec: {serviceAccountName: web, containers: [{name: c, image: x}]}}}`);
  expect(a.graph.outNeighbors('workload:Deployment/shop/web')).toEqual(['sa:shop:web']);
  expect(a.graph.getNodeAttributes('sa:shop:web')).toEqual({ kind: 'subject', subjectKind: 'ServiceAccount', name: 'web', namespace: 'shop', matchable: true });
});
