// Quiet by default, complete on request (issue: findings as exact as the engine, item 5): one
// finding for a cluster-admin-equivalent holder with what it implies, one row per missing
// ServiceAccount, ServiceAccounts a cluster makes by itself, roles in use through aggregation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { loadFiles } from '../../src/collect/files.js';
import { analyze } from '../../src/engine/analyze.js';
import { rbac } from '../helpers/cli.js';
import { analyzeYaml } from '../helpers/load.js';

const samples = join(import.meta.dirname, '../../samples');
const queries = await loadQueries([BUILTIN_QUERIES]);
const byCheck = (id: string) => queries.filter((q) => q.id === id);
const subjectName = (f: { subject?: { name: string } }) => f.subject?.name;

describe('a cluster-admin-equivalent holder: one finding, the rest folded under it', async () => {
  const flux = analyze(await loadFiles([join(samples, 'addons/flux2.yaml')], { defaultPolicy: true }));

  test('flux2 helm-controller: the other findings of the holder are kept, marked and named by the parent', () => {
    const r = audit(flux, queries);
    const mine = r.findings.filter((f) => subjectName(f) === 'helm-controller' && f.grants.length > 0);
    const parent = mine.find((f) => f.check === 'cluster-admin-equivalent')!;
    const folded = mine.filter((f) => f.foldedInto);
    expect(folded.length).toBeGreaterThan(20);
    expect(folded.every((f) => f.foldedInto === 'cluster-admin-equivalent')).toBe(true);
    expect([...parent.implies!].sort()).toEqual([...new Set(folded.map((f) => f.check))].sort());
    expect(parent.implies).toContain('secrets-read');
  });

  test('findings of subjects that do not hold it are not folded', () => {
    const r = audit(flux, queries);
    expect(r.findings.filter((f) => subjectName(f) === 'source-controller' && f.foldedInto)).toEqual([]);
  });

  test('expand: nothing folds', () => {
    expect(audit(flux, queries, { expand: true }).findings.filter((f) => f.foldedInto || f.implies)).toEqual([]);
  });

  test('an excluded holder folds nothing: what it holds stays visible', () => {
    const r = audit(flux, queries, { exclusions: [{ subjects: ['sa:flux-system:helm-controller'], namespaces: [], roles: [], bindings: [], checks: ['cluster-admin-equivalent'], reason: 'test' }] });
    expect(r.findings.filter((f) => subjectName(f) === 'helm-controller' && f.foldedInto)).toEqual([]);
  });

  test('rbac audit lists the holder once per check it implies only with --expand; the summary counts the folded ones', () => {
    const quiet = rbac(['audit', '-f', 'samples/addons/flux2.yaml', '-o', 'json', '-q']);
    const loud = rbac(['audit', '-f', 'samples/addons/flux2.yaml', '-o', 'json', '-q', '--expand']);
    const rows = (out: string) => (JSON.parse(out).findings as { subject?: { name: string }; check: string }[]).filter((f) => f.subject?.name === 'helm-controller');
    expect(rows(quiet.stdout).filter((f) => f.check !== 'missing-service-account').map((f) => f.check)).toEqual(['cluster-admin-equivalent']);
    expect(rows(loud.stdout).length).toBeGreaterThan(20);
    expect(JSON.parse(quiet.stdout).summary.folded).toBe(JSON.parse(loud.stdout).findings.length - JSON.parse(quiet.stdout).findings.length);
  });
});

const binding = (kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, role: string, sa: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [{kind: ServiceAccount, name: ${sa}, namespace: ${ns || 'apps'}}]
`;
const sa = (name: string, ns = 'apps') => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n`;
const clusterRole = (name: string, labels = '', extra = '') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}${labels ? `, labels: {${labels}}` : ''}}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n${extra}`;

describe('missing-service-account', () => {
  test('one finding per ServiceAccount, naming every binding that grants to it', () => {
    const a = analyzeYaml([sa('present'), clusterRole('r'), binding('ClusterRoleBinding', 'one', 'r', 'ghost'), binding('ClusterRoleBinding', 'two', 'r', 'ghost')].join('---\n'));
    const f = audit(a, byCheck('missing-service-account')).findings;
    expect(f.map(subjectName)).toEqual(['ghost']);
    expect(f[0]!.message).toContain('ClusterRoleBinding one, ClusterRoleBinding two');
  });

  test('the default ServiceAccount of a namespace exists in every cluster', () => {
    const a = analyzeYaml([sa('present'), clusterRole('r'), binding('RoleBinding', 'd', 'r', 'default', 'apps')].join('---\n'));
    expect(audit(a, byCheck('missing-service-account')).findings).toEqual([]);
  });

  test("with the default policy built in, Kubernetes' controller ServiceAccounts are known to exist", async () => {
    const a = analyze(await loadFiles([join(samples, 'addons/argo-cd.yaml')], { defaultPolicy: true }));
    const r = audit(a, byCheck('missing-service-account'), { includeDefaults: true });
    expect(r.findings.filter((f) => f.subject?.namespace === 'kube-system')).toEqual([]);
  });
});

describe('unbound-role', () => {
  test('ClusterRoles labelled to aggregate into admin, edit or view are in use (cert-manager alone, no default policy)', async () => {
    const text = readFileSync(join(samples, 'addons/cert-manager.yaml'), 'utf8');
    const a = analyzeYaml(text);
    const unbound = audit(a, byCheck('unbound-role')).findings.map((f) => f.object!.name);
    expect(text).toContain('rbac.authorization.k8s.io/aggregate-to-edit');
    expect(unbound.filter((n) => /cert-manager-(edit|view)/.test(n))).toEqual([]);
  });

  test('a ClusterRole selected by a bound aggregating role is in use, even with no rules of its own yet', () => {
    const a = analyzeYaml([
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: team}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {team: "true"}}]}\nrules: []\n`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: team-part, labels: {team: "true"}}\nrules: []\n`,
      clusterRole('lonely'),
      binding('ClusterRoleBinding', 'b', 'team', 'x'),
    ].join('---\n'));
    expect(audit(a, byCheck('unbound-role')).findings.map((f) => f.object!.name)).toEqual(['lonely']);
  });
});
