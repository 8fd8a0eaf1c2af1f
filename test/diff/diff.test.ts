// diff on pairs of small worlds: each kind of change a reviewer must see, and the changes that
// must not show.
import { describe, expect, test } from 'vitest';
import { diffAnalyses, type DiffChange } from '../../src/diff/diff.js';
import { markRisks } from '../../src/diff/risk.js';
import { validateQuery } from '../../src/audit/query-definition.js';
import type { RbacObject } from '../../src/model/rbac.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { cr, crb, crd, rb, role, rule, urlRule, world } from '../helpers/builders.js';

const shipped = await loadQueries([BUILTIN_QUERIES]);
/** The diff of two worlds with the shipped checks' risks marked: "+ subject@scope check,check". */
function risky(baseObjects: RbacObject[], headObjects: RbacObject[]): string[] {
  const [a, b] = [world(baseObjects), world(headObjects)];
  const d = diffAnalyses(a, b);
  markRisks(d, a, b, shipped);
  return d.changes.filter((c) => c.change === 'added').map((c) => `+ ${c.subject.name}@${c.scope || '*'} ${c.rules.map((r) => `${r.verbs.join(',')} ${r.resources.join(',')}${r.resourceNames.length ? `[${r.resourceNames}]` : ''}`).join('; ')} => ${c.risks.map((r) => r.check).sort().join(',') || '-'}`).sort();
}

const line = (c: DiffChange) =>
  `${c.change === 'added' ? '+' : '-'} ${c.subject.kind}:${c.subject.namespace ? `${c.subject.namespace}/` : ''}${c.subject.name}@${c.scope || '*'} ${c.rules.map((r) => `${r.verbs.join(',')} ${[...r.resources, ...r.nonResourceURLs].join(',')}`).join('; ')} | ${c.reasons.join('; ')}`;
const diff = (base: RbacObject[], head: RbacObject[]) => diffAnalyses(world(base), world(head));
const lines = (base: RbacObject[], head: RbacObject[]) => diff(base, head).changes.map(line).sort();

const reader = cr('reader', [rule('get,list', '', 'pods')]);
const base = [reader, role('prod', 'deployer', [rule('create', 'apps', 'deployments')]), rb('prod', 'ci', 'Role:deployer', 'ServiceAccount::ci')];

describe('diffAnalyses', () => {
  test('a new RoleBinding', () => {
    expect(lines(base, [...base, rb('prod', 'readers', 'ClusterRole:reader', 'Group:devs')])).toEqual(['+ Group:devs@prod get,list pods | new binding: RoleBinding prod/readers']);
  });

  test('a subject removed from a binding', () => {
    const two = [reader, rb('prod', 'r', 'ClusterRole:reader', 'User:a', 'User:b')];
    expect(lines(two, [reader, rb('prod', 'r', 'ClusterRole:reader', 'User:a')])).toEqual(['- User:b@prod get,list pods | subject removed from RoleBinding prod/r']);
  });

  test('a role widened by one verb: only that verb, for every holder', () => {
    const head = [cr('reader', [rule('get,list,watch', '', 'pods')]), rb('prod', 'r', 'ClusterRole:reader', 'User:a'), crb('c', 'reader', 'Group:g')];
    expect(lines([reader, rb('prod', 'r', 'ClusterRole:reader', 'User:a'), crb('c', 'reader', 'Group:g')], head)).toEqual([
      '+ Group:g@* watch pods | role rules changed: ClusterRole reader',
      '+ User:a@prod watch pods | role rules changed: ClusterRole reader',
    ]);
  });

  test('a ClusterRole gaining an aggregation label widens every holder of the aggregating role', () => {
    const edit = cr('edit', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'aggregate-to-edit': 'true' }, matchExpressions: [] }] } });
    const part = (labels: Record<string, string>) => cr('crontabs', [rule('create', 'stable.example.com', 'crontabs')], { labels });
    const b = [edit, cr('pods', [rule('get', '', 'pods')], { labels: { 'aggregate-to-edit': 'true' } }), part({}), rb('dev', 'e', 'ClusterRole:edit', 'Group:devs')];
    const h = [...b.slice(0, 2), part({ 'aggregate-to-edit': 'true' }), b[3]!];
    expect(lines(b, h)).toEqual(['+ Group:devs@dev create crontabs | aggregation: ClusterRole crontabs now feeds ClusterRole edit (aggregation label added)']);
  });

  test('a RoleBinding switched from a Role to a ClusterRole (a new binding, since roleRef is immutable)', () => {
    const h = [reader, role('prod', 'deployer', [rule('create', 'apps', 'deployments')]), rb('prod', 'ci', 'ClusterRole:reader', 'ServiceAccount::ci')];
    expect(lines(base, h)).toEqual([
      '+ ServiceAccount:prod/ci@prod get,list pods | roleRef changed: Role deployer -> ClusterRole reader',
      '- ServiceAccount:prod/ci@prod create deployments | roleRef changed: Role deployer -> ClusterRole reader',
    ]);
  });

  test('a rename with no effective change is an empty diff', () => {
    const renamed = [cr('pod-reader', [rule('get,list', '', 'pods')]), role('prod', 'deployer', [rule('create', 'apps', 'deployments')]), rb('prod', 'ci-renamed', 'Role:deployer', 'ServiceAccount:prod:ci')];
    expect(diff(base, renamed).changes).toEqual([]);
  });

  test('a permission already covered by a wider rule is no gain', () => {
    const wide = [cr('all', [rule('*', '', 'pods')]), crb('c', 'all', 'User:a')];
    expect(lines(wide, [...wide, cr('narrow', [rule('get', '', 'pods')]), crb('d', 'narrow', 'User:a')])).toEqual([]);
  });

  test('a namespace grant covered by a cluster-wide one is no gain', () => {
    const cluster = [reader, crb('c', 'reader', 'User:a')];
    expect(lines(cluster, [...cluster, rb('prod', 'x', 'ClusterRole:reader', 'User:a')])).toEqual([]);
  });

  test('a change only to a rule that cannot take effect: empty diff, with a note', () => {
    const b = [cr('r', [rule('get', '', 'pods')]), rb('prod', 'x', 'ClusterRole:r', 'User:a')];
    const h = [cr('r', [rule('get', '', 'pods'), rule('delete', '', 'nodes'), urlRule('get', '/metrics')]), rb('prod', 'x', 'ClusterRole:r', 'User:a')];
    const d = diff(b, h);
    expect(d.changes).toEqual([]);
    expect(d.notes.join(' ')).toMatch(/can never take effect/);
  });

  test('a CRD that makes a granted resource cluster-scoped: the RoleBinding no longer grants it, and the reason says why', () => {
    const b = [role('team', 'w', [rule('get,delete', 'example.com', 'widgets')]), rb('team', 'x', 'Role:w', 'User:a'), crb('c', 'w-all', 'User:z'), cr('w-all', [rule('get', 'example.com', 'widgets')])];
    const h = [...b, crd('widgets', 'example.com', false)];
    const d = diff(b, h);
    expect(d.changes.map(line)).toEqual(['- User:a@team get,delete widgets | resource scope changed: widgets (example.com) is now cluster-scoped (as the CustomResourceDefinitions or API discovery of each side say), so the RoleBinding no longer grants it']);
    // The lost rule is a change above, not a "changes no permission" note; the ClusterRoleBinding is untouched.
    expect(d.notes).toEqual([]);
    expect(lines(h, b)).toEqual(['+ User:a@team get,delete widgets | resource scope changed: widgets (example.com) is no longer cluster-scoped (as the CustomResourceDefinitions or API discovery of each side say), so the RoleBinding now grants it']);
    expect(lines(b, [...b, crd('widgets', 'example.com', true)])).toEqual([]);
  });

  test('a subject whose namespace holds a NUL (malformed, kept for analysis) still shows its gain', () => {
    const b = [reader, rb('prod', 'r', 'ClusterRole:reader', 'User:a')];
    const h = [...b, cr('writer', [rule('delete', '', 'pods')]), rb('prod', 'w', 'ClusterRole:writer', 'ServiceAccount:x\u0000y:ci')];
    expect(lines(b, h)).toEqual(['+ ServiceAccount:x\u0000y/ci@prod delete pods | new binding: RoleBinding prod/w']);
  });

  test('added and removed swap when the sides swap', () => {
    const h = [...base, rb('prod', 'readers', 'ClusterRole:reader', 'Group:devs')];
    const fwd = diff(base, h).changes.map((c) => `${c.subject.name}@${c.scope}:${JSON.stringify(c.rules)}`);
    const back = diff(h, base).changes;
    expect(back.every((c) => c.change === 'removed')).toBe(true);
    expect(back.map((c) => `${c.subject.name}@${c.scope}:${JSON.stringify(c.rules)}`)).toEqual(fwd);
  });

  test('gains that an audit check flags carry its id and severity', () => {
    const q = validateQuery({ id: 'secrets-read', title: 'Reads Secrets', severity: 'high', description: 'd', why: 'w', match: { anyOf: [{ verbs: ['get', 'list'], resources: ['secrets'] }] }, examples: { fires: [{ manifests: 'a: 1', subject: 'user:x' }], quiet: [{ manifests: 'a: 1', subject: 'user:x' }] } }, 'test');
    const h = [...base, cr('sec', [rule('list', '', 'secrets')]), rb('prod', 's', 'ClusterRole:sec', 'ServiceAccount::ci')];
    const [a, b] = [world(base), world(h)];
    const d = diffAnalyses(a, b);
    markRisks(d, a, b, [q]);
    expect(d.changes.map((c) => c.risks)).toEqual([[{ check: 'secrets-read', severity: 'high', title: 'Reads Secrets' }]]);
  });
});

describe('diff risk, judged permission by permission', () => {
  const deploy = cr('deploy', [rule('create,update,patch', 'apps', 'deployments')]);

  test('a workloads-write finding in one namespace does not hide the same permission gained cluster-wide', () => {
    const before = [deploy, rb('prod', 'ci', 'ClusterRole:deploy', 'User:ci')];
    expect(risky(before, [...before, crb('ci-everywhere', 'deploy', 'User:ci')])).toEqual(['+ ci@* create,update,patch deployments => workloads-write']);
  });

  test('a subject already flagged for one workload kind is flagged again when it gains another (same check, subject and scope)', () => {
    const jobs = cr('jobs', [rule('create', 'batch', 'jobs')]);
    const before = [jobs, deploy, crb('j', 'jobs', 'User:ci')];
    expect(risky(before, [...before, crb('d', 'deploy', 'User:ci')])).toEqual(['+ ci@* create,update,patch deployments => workloads-write']);
  });

  test('the same permission gained in a second namespace is flagged there', () => {
    const before = [deploy, rb('prod', 'ci', 'ClusterRole:deploy', 'User:ci')];
    expect(risky(before, [...before, rb('staging', 'ci', 'ClusterRole:deploy', 'User:ci')])).toEqual(['+ ci@staging create,update,patch deployments => workloads-write']);
  });

  test('a narrowing to one named webhook plus get namespaces is no dangerous gain', () => {
    const hooks = (names: string, extra: ReturnType<typeof rule>[] = []) => [cr('hooks', [rule('get,patch,update', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', names), ...extra]), crb('h', 'hooks', 'User:op')];
    expect(risky(hooks(''), hooks('mine', [rule('get', '', 'namespaces')]))).toEqual(['+ op@* get namespaces => -']);
  });

  test('widening a name-limited permission to every object is a gain the check flags', () => {
    const hooks = (names: string) => [cr('hooks', [rule('patch', 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', names)]), crb('h', 'hooks', 'User:op')];
    expect(risky(hooks('mine'), hooks(''))).toEqual(['+ op@* patch validatingwebhookconfigurations => admission-webhooks-write']);
  });

  test('a new name for a name-limited permission is flagged; the risk goes on the change that carries it, not on every gain of the subject', () => {
    const sec = (names: string) => [role('ns', 's', [rule('get', '', 'secrets', names)]), role('ns', 'p', [rule('get', '', 'pods')]), rb('ns', 's', 'Role:s', 'User:u'), rb('ns', 'p', 'Role:p', 'User:u')];
    const head = [role('ns', 's', [rule('get', '', 'secrets', 'a,b')]), role('ns', 'p', [rule('get,list', '', 'pods')]), rb('ns', 's', 'Role:s', 'User:u'), rb('ns', 'p', 'Role:p', 'User:u')];
    expect(risky(sec('a'), head)).toEqual(['+ u@ns get secrets[b] => secrets-read', '+ u@ns list pods => -']);
  });
});
