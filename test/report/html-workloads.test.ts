// Workloads in the HTML report: the embedded snapshot carries them (who they run as, token
// mounted, every node), so the page's graph has the CLI's workload nodes and the who-can box says
// which workloads' pods carry the permission.
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { parseRequestText } from '../../src/engine/query-text.js';
import { mountedBy } from '../../src/report/html/client/ask.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/report/html/page-snapshot.js';

const INPUT = ['samples/addons/kube-prometheus.yaml', 'samples/addons/kube-state-metrics.yaml', 'samples/workloads'];
const shape = (x: Analysis) => { const e = x.graph.export(); return { nodes: e.nodes, edges: e.edges.map(({ key: _k, ...rest }) => rest) }; };
const whoCan = (a: Analysis, text: string) => { const r = a.resolve(parseRequestText(text)); return a.whoCan(r.request, { allNamespaces: r.allNamespaces }); };

describe('a page of an input with workloads', async () => {
  const a = analyze(await loadFiles(INPUT, { defaultPolicy: false }));
  const encoded = encodeSnapshot(a.snapshot);
  const page = analyze(decodeSnapshot(JSON.parse(JSON.stringify(encoded))));

  test('the snapshot carries each workload: kind, namespace, name, ServiceAccount, token mounted, every node', () => {
    expect(encoded.workloads).toEqual([
      ['DaemonSet', 'monitoring', 'node-exporter', 'node-exporter', 1, 1],
      ['Deployment', 'kube-system', 'kube-state-metrics', 'kube-state-metrics', 0, 0],
    ]);
  });

  test('the page graph has the same workload nodes and edges as rbac graph', () => {
    expect(shape(page)).toEqual(shape(a));
    expect(page.graph.hasEdge('workload:DaemonSet/monitoring/node-exporter', 'sa:monitoring:node-exporter')).toBe(true);
  });

  test.each([
    ['create tokenreviews', ['sa:monitoring:node-exporter mounted by ds/node-exporter -n monitoring (every node)']],
    // kube-state-metrics can list secrets, but its Deployment mounts no token.
    ['list secrets -A', []],
  ])('who-can %s: the box names %j', (text, lines) => {
    expect(mountedBy(page, whoCan(page, text))).toEqual(lines);
    expect(mountedBy(a, whoCan(a, text))).toEqual(lines);
  });
});

test('a page of an input without workloads carries none and shows no workload lines', async () => {
  const a = analyze(await loadFiles(['samples/worlds/teaching.yaml'], { defaultPolicy: false }));
  const encoded = encodeSnapshot(a.snapshot);
  expect('workloads' in encoded).toBe(false);
  expect(mountedBy(analyze(decodeSnapshot(encoded)), whoCan(a, 'get secrets -A'))).toBeUndefined();
});
