// The benchmark's world generator: deterministic, on target, and loadable without errors.
// No timing is asserted here (or anywhere in the tests): benchmarks are for reading.
import { describe, expect, test } from 'vitest';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { decodeText } from '../../src/collect/decode.js';
import { analyze } from '../../src/engine/analyze.js';
import { countKinds, generateWorld, mulberry32, toJsonList, toYamlStream } from '../../src/bench/generate.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const N = 2000;

function load(file: string, text: string): Snapshot {
  const b = new SnapshotBuilder();
  b.addDecoded(file, decodeText(text));
  return b.build({ origin: 'files' });
}

describe('mulberry32', () => {
  test('is a pure function of its seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generateWorld', () => {
  const world = generateWorld({ objects: N, seed: 1 });
  const yaml = toYamlStream(world);
  const json = toJsonList(world);

  test('is deterministic for a seed, and differs for another seed', () => {
    expect(toYamlStream(generateWorld({ objects: N, seed: 1 }))).toBe(yaml);
    expect(toYamlStream(generateWorld({ objects: N, seed: 2 }))).not.toBe(yaml);
  });

  test('hits the requested object count, with a realistic mix', () => {
    for (const n of [N, 5000]) {
      const w = n === N ? world : generateWorld({ objects: n, seed: 3 });
      expect(Math.abs(w.length - n) / n).toBeLessThan(0.03);
    }
    const kinds = countKinds(world);
    expect(kinds.Namespace).toBeGreaterThan(50);
    for (const k of ['ServiceAccount', 'Role', 'RoleBinding'] as const) expect(kinds[k]).toBeGreaterThan(kinds.Namespace!);
    expect(kinds.ClusterRole).toBeGreaterThan(40);
    expect(kinds.ClusterRole).toBeLessThanOrEqual(400);
    expect(kinds.ClusterRoleBinding).toBeGreaterThan(20);
  });

  test('caps ClusterRoles and ClusterRoleBindings at large sizes', () => {
    const kinds = countKinds(generateWorld({ objects: 40_000, seed: 1 }));
    expect(kinds.ClusterRole).toBeLessThanOrEqual(400);
    expect(kinds.ClusterRoleBinding).toBeLessThanOrEqual(400);
  });

  test('loads without error or warning diagnostics, as YAML and as a JSON List', () => {
    for (const [file, text] of [['world.yaml', yaml], ['world.json', json]] as const) {
      const snap = load(file, text);
      const a = analyze(snap);
      const problems = a.diagnostics.filter((d) => d.severity !== 'info');
      expect(problems).toEqual([]);
      const total = snap.roles.length + snap.clusterRoles.length + snap.roleBindings.length + snap.clusterRoleBindings.length + snap.serviceAccounts.length + snap.namespaces.length;
      expect(total).toBe(world.length);
    }
  });

  test('has aggregated ClusterRoles, nested ones included, with computed rules', () => {
    const a = analyze(load('world.yaml', yaml));
    const aggregated = [...a.policy.roles.values()].filter((r) => r.role.kind === 'ClusterRole' && r.role.aggregationRule);
    expect(aggregated.length).toBeGreaterThanOrEqual(3);
    for (const r of aggregated) {
      expect(r.role.rules).toEqual([]); // written as manifests are: the controller fills them in
      expect(r.rules.length).toBeGreaterThan(0);
    }
    const rulesOf = (name: string) => a.policy.roles.get(`clusterrole:${name}`)!.rules;
    // view -> edit -> admin: admin holds everything edit holds, edit everything view holds.
    expect(rulesOf('admin').length).toBeGreaterThan(rulesOf('edit').length);
    expect(rulesOf('edit').length).toBeGreaterThan(rulesOf('view').length);
    expect(rulesOf('admin')).toEqual(expect.arrayContaining(rulesOf('edit')));
    expect(rulesOf('edit')).toEqual(expect.arrayContaining(rulesOf('view')));
  });

  test('uses wildcards, resourceNames, subresources and nonResourceURLs, and shares subjects across namespaces', () => {
    const snap = load('world.yaml', yaml);
    const rules = [...snap.roles, ...snap.clusterRoles].flatMap((r) => r.rules);
    expect(rules.some((r) => r.verbs.includes('*') || r.resources.includes('*'))).toBe(true);
    expect(rules.some((r) => r.resourceNames.length > 0)).toBe(true);
    expect(rules.some((r) => r.resources.some((x) => x.includes('/')))).toBe(true);
    expect(snap.clusterRoles.some((r) => r.rules.some((x) => x.nonResourceURLs.length > 0))).toBe(true);
    const namespacesOf = new Map<string, Set<string>>();
    for (const b of snap.roleBindings) {
      for (const s of b.subjects) {
        if (s.kind !== 'User' && s.kind !== 'Group') continue;
        const k = `${s.kind}:${s.name}`;
        if (!namespacesOf.has(k)) namespacesOf.set(k, new Set());
        namespacesOf.get(k)!.add(b.namespace);
      }
    }
    expect([...namespacesOf.values()].some((set) => set.size >= 3)).toBe(true);
    expect(snap.roleBindings.some((b) => b.roleRef.kind === 'ClusterRole' && ['edit', 'view'].includes(b.roleRef.name))).toBe(true);
  });

  test('refuses a count too small for a world', () => {
    expect(() => generateWorld({ objects: 10, seed: 1 })).toThrow(/at least/);
  });
});

describe('generatePods (--pods)', () => {
  test('N workloads over the world\'s ServiceAccounts, deterministic, some reaching their node', async () => {
    const { generatePods } = await import('../../src/bench/generate-pods.js');
    const { generateWorld } = await import('../../src/bench/generate.js');
    const world = generateWorld({ objects: 1000, seed: 3 });
    const pods = generatePods(world, { pods: 5000, seed: 3 });
    expect(pods).toHaveLength(5000);
    expect(JSON.stringify(generatePods(world, { pods: 5000, seed: 3 }))).toBe(JSON.stringify(pods));
    const sas = new Set(world.filter((m) => m.kind === 'ServiceAccount').map((m) => `${m.metadata.namespace}/${m.metadata.name}`));
    expect(pods.every((p) => sas.has(`${p.metadata.namespace}/${((p.spec as { serviceAccountName?: string; template?: { spec: { serviceAccountName: string } } }).serviceAccountName ?? (p.spec as { template: { spec: { serviceAccountName: string } } }).template.spec.serviceAccountName)}`))).toBe(true);
    expect(pods.filter((p) => p.kind === 'DaemonSet')).toHaveLength(2);
    expect(pods.filter((p) => JSON.stringify(p).match(/hostPID|hostPath|privileged/)).length).toBeGreaterThan(50);
  });
});
