// rbac diff and workloads: a new workload, a changed ServiceAccount or token mount, with the powers
// the token gains (new token minus old, by Covers) and the checks they trip; --fail-on counts them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { diffWorkloads, type WorkloadChange } from '../../src/diff/workloads.js';
import { analyze } from '../../src/engine/analyze.js';
import { ruleText } from '../../src/report/describe.js';
import { rbac } from '../helpers/cli.js';

const BASE = 'test/fixtures/workloads/diff-base.yaml';
const HEAD = 'test/fixtures/workloads/diff-head.yaml';

async function changes() {
  const [a, b] = [analyze(await loadFiles([BASE])), analyze(await loadFiles([HEAD]))];
  return diffWorkloads(a, b, await loadQueries([BUILTIN_QUERIES]));
}

describe('workload changes between two worlds', () => {
  test.each([
    ['Deployment', 'web', 'changed', /ServiceAccount web -> operator/, ['get,list secrets (core)', 'get,list configmaps (core)'], ['secrets-read']],
    ['Job', 'report', 'changed', /token now mounted/, ['get,list secrets (core)', 'get,list configmaps (core)'], ['secrets-read']],
    ['DaemonSet', 'agent', 'added', /new workload, runs as sa:shop:web with its token mounted/, ['get,list configmaps (core)'], []],
    ['Deployment', 'legacy', 'removed', /workload removed/, [], []],
  ])('%s %s is %s', async (kind, name, change, reason, gained, risks) => {
    const c = (await changes()).find((x) => x.workload.kind === kind && x.workload.name === name)!;
    expect(c.change).toBe(change);
    expect(c.reason).toMatch(reason);
    // Gains from the input's bindings; those of the default policy are every token's (discovery).
    expect(c.gained.filter((g) => !g.grant.binding.defaultPolicy).flatMap((g) => g.rules.map(ruleText))).toEqual(gained);
    expect(c.risks.map((r) => r.check)).toEqual(risks);
  });
  test('a Deployment whose ServiceAccount and mount did not change is not reported', async () => {
    const a = analyze(await loadFiles([BASE]));
    expect(diffWorkloads(a, a)).toEqual([]);
  });
  test('switching to a ServiceAccount that holds no more gains nothing (operator -> web covers nothing new)', async () => {
    const [a, b] = [analyze(await loadFiles([HEAD])), analyze(await loadFiles([BASE]))];
    const web = diffWorkloads(a, b).find((x) => x.workload.name === 'web')!;
    expect(web.reason).toMatch(/operator -> web/);
    expect(web.gained).toEqual([]);
  });
});

describe('rbac diff with workloads (CLI)', () => {
  test.each([
    ['high', BASE, HEAD, 1],
    ['critical', BASE, HEAD, 0],
    ['any-change', BASE, BASE, 0],
    ['any-gain', HEAD, BASE, 1], // legacy comes back as a new workload with its token
  ])('--fail-on %s %s -> %s exits %i', (level, base, head, code) => {
    expect(rbac(['diff', base, head, '--fail-on', level]).code).toBe(code);
  });
  test('table and JSON carry the workload changes', () => {
    const t = rbac(['diff', BASE, HEAD]).stdout;
    expect(t).toContain('No change in effective permissions. 4 workload change(s), 3 with token powers gained, 2 flagged by audit checks.');
    expect(t).toMatch(/~ +Deployment shop\/web +ServiceAccount web -> operator +get,list secrets \(core\).*high: secrets-read/);
    const j = JSON.parse(rbac(['diff', BASE, HEAD, '-o', 'json']).stdout) as { workloads: { change: string; workload: { name: string }; before?: { serviceAccount: string }; after?: { serviceAccount: string } }[] };
    expect(j.workloads.find((w) => w.workload.name === 'web')).toMatchObject({ change: 'changed', before: { serviceAccount: 'web' }, after: { serviceAccount: 'operator' } });
    expect(rbac(['diff', BASE, HEAD, '-o', 'markdown']).stdout).toContain('#### Workloads');
  });
});

// Many Pods of one ServiceAccount (a Deployment's replicas, a node's Pods): the head side is
// diff-head.yaml plus N Pods, written once per count to a temp file.
const podsDir = mkdtempSync(join(tmpdir(), 'rbac-diff-pods-'));
const WIDE_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: wide}
rules: [${['pods', 'services', 'endpoints', 'events', 'limitranges', 'resourcequotas', 'replicationcontrollers', 'podtemplates'].map((r) => `{apiGroups: [""], resources: [${r}], verbs: [get]}`).join(', ')}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: wide}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: wide}
subjects: [{kind: ServiceAccount, name: wide, namespace: shop}]
`;
function podsFile(n: number, serviceAccount = 'operator'): string {
  const file = join(podsDir, `${serviceAccount}-${n}.yaml`);
  const pods = Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${String(i + 1).padStart(2, '0')}, namespace: shop}\nspec: {serviceAccountName: ${serviceAccount}, containers: [{name: c, image: c:1}]}\n`);
  writeFileSync(file, [...(serviceAccount === 'wide' ? [WIDE_ROLE] : []), ...pods].join('---\n'));
  return file;
}
const podsOf = (changes: WorkloadChange[]) => changes.filter((c) => c.workload.kind === 'Pod');

describe('many workloads of one ServiceAccount', () => {
  test.each([1, 50])('%i Pod(s) running as operator resolve the roles of the bindings as often as one does, and share one answer', async (n) => {
    const [a, b] = [analyze(await loadFiles([BASE])), analyze(await loadFiles([HEAD, podsFile(n)]))];
    const resolved = vi.spyOn(b.policy, 'rulesOf');
    const pods = podsOf(diffWorkloads(a, b, await loadQueries([BUILTIN_QUERIES])));
    const one = analyze(await loadFiles([HEAD, podsFile(1)]));
    const single = vi.spyOn(one.policy, 'rulesOf');
    const onePod = podsOf(diffWorkloads(a, one, await loadQueries([BUILTIN_QUERIES])));
    expect(resolved.mock.calls.length).toBe(single.mock.calls.length);
    expect(pods).toHaveLength(n);
    for (const p of pods) {
      expect(p.gained).toBe(pods[0]!.gained);
      expect(p.risks).toBe(pods[0]!.risks);
    }
    expect(pods[0]!.gained).toEqual(onePod[0]!.gained);
    expect(pods[0]!.risks).toEqual(onePod[0]!.risks);
  });
});

describe('rbac diff groups workloads with the same change (table and markdown) and lists all in JSON', () => {
  test.each([
    [1, 'Pod shop/p-01'],
    [3, 'Pod shop/p-01, shop/p-02, shop/p-03'],
    [50, 'Pod shop/p-01, shop/p-02 and 48 more'],
  ])('%i new Pod(s) of one ServiceAccount are one row: %s', (n, row) => {
    const t = rbac(['diff', '--from', BASE, '--to', `${HEAD},${podsFile(n)}`]).stdout;
    expect(t).toContain(`${n + 4} workload change(s)`);
    expect(t).toMatch(new RegExp(`^\\+ +${row.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +new workload, runs as sa:shop:operator with its token mounted +get,list secrets \\(core\\).*high: secrets-read$`, 'm'));
    expect(t.split('\n').filter((l) => l.includes('Pod shop/'))).toHaveLength(1);
    const md = rbac(['diff', '--from', BASE, '--to', `${HEAD},${podsFile(n)}`, '-o', 'markdown']).stdout;
    expect(md.split('\n').filter((l) => l.startsWith(`| + | ${row.replace(/[_*]/g, '\\$&')} | new workload`))).toHaveLength(1);
  });
  test('the POWERS GAINED cell names the first 5 rules and counts the rest; JSON lists every rule', () => {
    const pods = podsFile(2, 'wide');
    const t = rbac(['diff', '--from', BASE, '--to', `${HEAD},${pods}`]).stdout;
    const row = t.split('\n').find((l) => l.includes('Pod shop/p-01, shop/p-02'))!;
    expect(row).toContain('get pods (core) (cluster-wide, via ClusterRoleBinding wide); get services (core)');
    expect(row).toContain('get limitranges (core) (cluster-wide, via ClusterRoleBinding wide) + 3 more rule(s) + 5 grant(s) of the default policy; -o json lists all');
    expect(row).not.toContain('resourcequotas');
    const j = JSON.parse(rbac(['diff', '--from', BASE, '--to', `${HEAD},${pods}`, '-o', 'json']).stdout) as { workloads: { workload: { kind: string }; gained: number[] }[]; workloadGains: { grant: { binding: { name: string } }; rules: { resources: string[] }[] }[] };
    for (const w of j.workloads.filter((x) => x.workload.kind === 'Pod')) {
      const own = w.gained.map((i) => j.workloadGains[i]!).filter((g) => g.grant.binding.name === 'wide');
      expect(own.flatMap((g) => g.rules.flatMap((r) => r.resources))).toEqual(['pods', 'services', 'endpoints', 'events', 'limitranges', 'resourcequotas', 'replicationcontrollers', 'podtemplates']);
    }
  });
  test('JSON keeps every workload, each gain once in workloadGains, gained as indexes into it', async () => {
    const pods = podsFile(50);
    const j = JSON.parse(rbac(['diff', '--from', BASE, '--to', `${HEAD},${pods}`, '-o', 'json']).stdout) as { workloads: { workload: { kind: string; name: string }; gained: number[] }[]; workloadGains: { grant: { binding: { defaultPolicy?: string } } }[] };
    const lib = podsOf(diffWorkloads(analyze(await loadFiles([BASE])), analyze(await loadFiles([HEAD, pods]))));
    const jsonPods = j.workloads.filter((w) => w.workload.kind === 'Pod');
    expect(jsonPods.map((w) => w.workload.name).sort()).toEqual(lib.map((c) => c.workload.name).sort());
    // The library's worlds here have no default policy; the CLI's do.
    for (const w of jsonPods) expect(w.gained.map((i) => j.workloadGains[i]!).filter((g) => !g.grant.binding.defaultPolicy)).toHaveLength(lib[0]!.gained.length);
    expect(new Set(j.workloadGains.map((g) => JSON.stringify(g))).size).toBe(j.workloadGains.length);
  });
  test.each([
    ['any-change', 1],
    ['any-gain', 1],
    ['high', 1],
    ['critical', 0],
  ])('--fail-on %s counts each of 50 grouped Pods, the only change (exit %i)', (level, code) => {
    const r = rbac(['diff', '--from', HEAD, '--to', `${HEAD},${podsFile(50)}`, '--fail-on', level]);
    expect(r.stdout).toContain('No change in effective permissions. 50 workload change(s), 50 with token powers gained, 50 flagged by audit checks.');
    expect(r.code).toBe(code);
  });
});

describe('diff JSON is written in pieces', () => {
  test('the pieces of 50 new Pods make the one JSON document the format defines (2-space indent), in more than one piece', async () => {
    const { formatDiffChunks } = await import('../../src/report/diff.js');
    const { diffAnalyses } = await import('../../src/diff/diff.js');
    const [a, b] = [analyze(await loadFiles([BASE])), analyze(await loadFiles([HEAD, podsFile(50)]))];
    const result = diffAnalyses(a, b);
    result.workloads = diffWorkloads(a, b, await loadQueries([BUILTIN_QUERIES]));
    const pieces = [...formatDiffChunks(result, 'json')];
    const text = pieces.join('');
    expect(pieces.length).toBeGreaterThan(3);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(Object.keys(JSON.parse(text))).toEqual(['summary', 'changes', 'workloads', 'workloadGains', 'notes']);
  });
});

describe('tokens of different ServiceAccounts', () => {
  const file = join(podsDir, 'two-tokens.yaml');
  writeFileSync(
    file,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cm-reader}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: all-sas, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cm-reader}
subjects: [{kind: Group, name: "system:serviceaccounts:shop", apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: special, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: ServiceAccount, name: special, namespace: shop}]
---
${['a', 'b', 'special'].map((sa) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${sa}, namespace: shop}\nspec: {serviceAccountName: ${sa}, containers: [{name: c, image: c:1}]}\n`).join('---\n')}`,
  );

  test('two that hold the same bindings share one answer; one with a binding of its own gains what it adds', async () => {
    const [a, b] = [analyze(await loadFiles([BASE])), analyze(await loadFiles([file]))];
    const pods = new Map(podsOf(diffWorkloads(a, b, await loadQueries([BUILTIN_QUERIES]))).map((c) => [c.workload.name, c]));
    const rules = (name: string) => pods.get(name)!.gained.flatMap((g) => g.rules.map(ruleText));
    expect(rules('p-a')).toEqual(['get configmaps (core)']);
    expect(pods.get('p-b')!.gained).toBe(pods.get('p-a')!.gained);
    expect(rules('p-special')).toEqual(['get configmaps (core)', 'get secrets (core)']);
    expect(pods.get('p-special')!.risks.map((r) => r.check)).toContain('secrets-read');
    expect(pods.get('p-a')!.risks.map((r) => r.check)).not.toContain('secrets-read');
  });
});

describe('one ClusterRole bound cluster-wide and in two namespaces', () => {
  // The three tokens' lists hold one role's rules: those bound by RoleBindings share their rules
  // (nodes/proxy never takes effect there), the ClusterRoleBinding's does not, and each gain keeps its own binding.
  const file = join(podsDir, 'one-role-three-bindings.yaml');
  const rb = (ns: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: readers, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-and-secret-reader}\nsubjects: [{kind: ServiceAccount, name: default, namespace: ${ns}}]\n`;
  const pod = (ns: string, sa: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}}\nspec: {serviceAccountName: ${sa}, containers: [{name: c, image: c:1}]}\n`;
  writeFileSync(
    file,
    [
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: node-and-secret-reader}\nrules: [{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}, {apiGroups: [""], resources: [secrets], verbs: [get]}]\n`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ops-readers}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-and-secret-reader}\nsubjects: [{kind: ServiceAccount, name: admin, namespace: ops}]\n`,
      rb('shop'),
      rb('web'),
      pod('ops', 'admin'),
      pod('shop', 'default'),
      pod('web', 'default'),
    ].join('---\n'),
  );

  test.each([
    ['ops', ['get nodes/proxy (core)', 'get secrets (core)'], '', 'ClusterRoleBinding ops-readers', true],
    ['shop', ['get secrets (core)'], 'shop', 'RoleBinding shop/readers', false],
    ['web', ['get secrets (core)'], 'web', 'RoleBinding web/readers', false],
  ])('the pod of %s gains %j in scope %j through %s', async (ns, rules, scope, binding, nodesProxy) => {
    const [a, b] = [analyze(await loadFiles([BASE])), analyze(await loadFiles([file]))];
    const c = podsOf(diffWorkloads(a, b, await loadQueries([BUILTIN_QUERIES]))).find((x) => x.workload.namespace === ns)!;
    const own = c.gained.filter((g) => !g.grant.binding.defaultPolicy);
    expect(own.flatMap((g) => g.rules.map(ruleText))).toEqual(rules);
    expect(new Set(own.map((g) => g.scope))).toEqual(new Set([scope]));
    expect(new Set(own.map((g) => `${g.grant.binding.kind} ${g.grant.binding.namespace ? `${g.grant.binding.namespace}/` : ''}${g.grant.binding.name}`))).toEqual(new Set([binding]));
    expect(c.risks.map((r) => r.check).includes('nodes-proxy')).toBe(nodesProxy);
    expect(c.risks.map((r) => r.check)).toContain('secrets-read');
  });
});
