// SUBJECT as kubectl names the object (deploy/web -n prod, sa/deployer -n prod): the identity it
// stands for, never a user of that name whose every answer would be a silent "no".
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze } from '../../src/engine/analyze.js';
import { objectIdentity, parseObjectSubject } from '../../src/engine/object-subject.js';
import { rbac } from '../helpers/cli.js';

const PROM = ['-f', 'samples/addons/kube-prometheus.yaml', '-f', 'samples/workloads'];
const KSM = ['-f', 'samples/addons/kube-state-metrics.yaml', '-f', 'samples/workloads'];
const TEACH = ['-f', 'samples/worlds/teaching.yaml'];

describe('parseObjectSubject', () => {
  test.each([
    ['deploy/web', { type: 'workload', kind: 'Deployment', name: 'web' }],
    ['ds/node-exporter', { type: 'workload', kind: 'DaemonSet', name: 'node-exporter' }],
    ['sa/deployer', { type: 'serviceaccount', name: 'deployer' }],
    ['SA/deployer', { type: 'serviceaccount', name: 'deployer' }],
    ['serviceaccount/deployer', { type: 'serviceaccount', name: 'deployer' }],
    ['serviceaccounts/deployer', { type: 'serviceaccount', name: 'deployer' }],
  ])('%s names an object', (text, expected) => {
    expect(parseObjectSubject(text)).toEqual(expected);
  });
  test.each(['jane', 'user:sa/deployer', 'sa:prod:deployer', 'system:serviceaccount:prod:deployer', 'group:a/b', 'configmap/x', 'oidc:https://issuer/jane'])('%s is an identity, not an object', (text) => {
    expect(parseObjectSubject(text)).toBeUndefined();
  });
  test.each(['sa/', 'sa/a/b'])('%s is a usage error', (text) => {
    expect(() => parseObjectSubject(text)).toThrow(/expected sa\/NAME \(with -n NAMESPACE\) or sa:NAMESPACE:NAME/);
  });
});

describe('objectIdentity', async () => {
  const prom = analyze(await loadFiles(['samples/addons/kube-prometheus.yaml', 'samples/addons/kube-state-metrics.yaml', 'samples/workloads'], { defaultPolicy: false }));
  const teaching = analyze(await loadFiles(['samples/worlds/teaching.yaml'], { defaultPolicy: false }));

  test('a workload is the ServiceAccount whose token its pods carry', () => {
    const o = objectIdentity(prom, { type: 'workload', kind: 'DaemonSet', name: 'node-exporter' }, 'monitoring');
    expect(o.spec).toEqual({ kind: 'ServiceAccount', namespace: 'monitoring', name: 'node-exporter' });
    expect(o.user).toEqual({ name: 'system:serviceaccount:monitoring:node-exporter', groups: ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'] });
  });
  test('a workload whose pods mount no token has no identity', () => {
    const o = objectIdentity(prom, { type: 'workload', kind: 'Deployment', name: 'kube-state-metrics' }, 'kube-system');
    expect(o.user).toBeUndefined();
    expect(o.reading).toContain('no token mounted (ServiceAccount kube-system/kube-state-metrics automountServiceAccountToken: false)');
  });
  test('a workload of that name in another namespace is named in the error', () => {
    expect(() => objectIdentity(prom, { type: 'workload', kind: 'DaemonSet', name: 'node-exporter' }, 'default')).toThrow('DaemonSet default/node-exporter is not in the input (there is one in monitoring: -n monitoring)');
  });
  test.each([
    // A binding names it (RoleBinding prod/deployer), and so does a ServiceAccount object.
    ['deployer', 'prod', 'system:serviceaccount:prod:deployer'],
    // Named by a RoleBinding subject without a namespace: the binding's namespace.
    ['ci', 'dev', 'system:serviceaccount:dev:ci'],
    // Nowhere in the input: still an identity (it gets what its groups get).
    ['nobody', 'default', 'system:serviceaccount:default:nobody'],
  ])('sa/%s -n %s is user %s', (name, namespace, user) => {
    expect(objectIdentity(teaching, { type: 'serviceaccount', name }, namespace).user?.name).toBe(user);
  });
  test('sa/NAME known only in other namespaces: -n was most likely forgotten', () => {
    expect(() => objectIdentity(teaching, { type: 'serviceaccount', name: 'deployer' }, 'default')).toThrow('ServiceAccount default/deployer is not in the input and no binding names it (ServiceAccount deployer is in prod: -n prod, or sa:prod:deployer)');
  });
});

describe('CLI: can, explain, what-can and paths take the kubectl spelling', () => {
  test('can ds/node-exporter: the answer of its token, and what it was read as', () => {
    const r = rbac(['can', 'ds/node-exporter', 'create', 'tokenreviews', '-n', 'monitoring', ...PROM, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('allowed by ClusterRoleBinding node-exporter of ClusterRole node-exporter to ServiceAccount monitoring/node-exporter');
    expect(r.stderr).toContain('note: DaemonSet monitoring/node-exporter runs as ServiceAccount monitoring/node-exporter, token mounted');
    // -n picked the workload; the cluster-scoped request does not take it.
    expect(r.stderr).toContain('note: tokenreviews is cluster-scoped: only ClusterRoleBindings can grant it (-n named the namespace of ds/node-exporter only)');
  });
  test('can of a workload in another namespace: exit 2 saying where it is', () => {
    const r = rbac(['can', 'ds/node-exporter', 'create', 'tokenreviews', ...PROM, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DaemonSet default/node-exporter is not in the input (there is one in monitoring: -n monitoring)');
  });
  test.each([['can'], ['explain']])('%s of a workload that mounts no token: no, exit 1, saying why', (cmd) => {
    const r = rbac([cmd, 'deploy/kube-state-metrics', 'list', 'pods', '-n', 'kube-system', ...KSM, '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^no\n {2}Deployment kube-system\/kube-state-metrics runs as sa:kube-system:kube-state-metrics, but no token is mounted/);
  });
  test('can -o json of a workload that mounts no token', () => {
    const r = rbac(['can', 'deploy/kube-state-metrics', 'list', 'pods', '-n', 'kube-system', ...KSM, '-q', '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ workload: { kind: 'Deployment', namespace: 'kube-system', name: 'kube-state-metrics' }, tokenMounted: false, allowed: false });
  });
  test('explain ds/node-exporter shows the path of its ServiceAccount', () => {
    const r = rbac(['explain', 'ds/node-exporter', 'create', 'tokenreviews', '-n', 'monitoring', ...PROM, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ALLOWED: system:serviceaccount:monitoring:node-exporter');
  });
  test('can sa/deployer -n prod is can sa:prod:deployer', () => {
    const a = rbac(['can', 'sa/deployer', 'get', 'secrets', 'registry-credentials', '-n', 'prod', ...TEACH, '-q']);
    const b = rbac(['can', 'sa:prod:deployer', 'get', 'secrets', 'registry-credentials', '-n', 'prod', ...TEACH, '-q']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
  test('what-can sa/deployer -n prod lists the rules of every namespace, as for a workload', () => {
    const a = rbac(['what-can', 'sa/deployer', '-n', 'prod', ...TEACH, '-q']);
    const b = rbac(['what-can', 'sa:prod:deployer', ...TEACH, '-q']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toContain('note: sa/deployer -n prod is ServiceAccount prod/deployer (user system:serviceaccount:prod:deployer)');
  });
  test('paths sa/deployer -n prod is paths sa:prod:deployer', () => {
    const a = rbac(['paths', 'sa/deployer', '-n', 'prod', ...TEACH, '-q']);
    const b = rbac(['paths', 'sa:prod:deployer', ...TEACH, '-q']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('What sa:prod:deployer can reach:');
  });
  test.each([
    [['can', 'ds/node-exporter', '--group', 'x', 'get', 'pods', '-n', 'monitoring'], 'ds/node-exporter names a workload, whose token has fixed groups: --group and --as-group do not apply'],
    [['what-can', 'sa/deployer', '-n', 'prod', '-A'], '-A (every namespace) and -n (the namespace of the object) contradict each other: give one'],
    [['what-can', 'sa/deployer'], 'ServiceAccount default/deployer is not in the input and no binding names it (ServiceAccount deployer is in prod: -n prod, or sa:prod:deployer)'],
  ])('%j is a usage error', (args, message) => {
    const r = rbac([...args, ...(args.includes('ds/node-exporter') ? PROM : TEACH), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
  test.each([
    ['sa/deployer', "--to sa/deployer: name the ServiceAccount as sa:NAMESPACE:NAME (-n is the namespace of SUBJECT, not of --to)"],
    ['deploy/web', "--to deploy/web: name the workload's ServiceAccount (the token its pods carry) as sa:NAMESPACE:NAME"],
  ])('paths --to %s is a usage error, not a user no path reaches', (to, message) => {
    const r = rbac(['paths', '--to', to, ...TEACH, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
  test('export --subject sa/deployer is a usage error, not an empty export', () => {
    const r = rbac(['export', '--subject', 'sa/deployer', ...TEACH, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--subject sa/deployer: name a ServiceAccount (for a workload, the one whose token its pods carry) as sa:NAMESPACE:NAME');
  });
  test('batch reads subject literally: sa/deployer is a user there, as the authorizer would see it', () => {
    const r = rbac(['batch', ...TEACH, '-q'], '{"op":"what-can","subject":"sa/deployer","namespace":"prod"}\n{"op":"what-can","subject":"sa:prod:deployer","namespace":"prod"}\n');
    const [user, sa] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(user.resourceRules).not.toEqual(sa.resourceRules);
    expect(JSON.stringify(sa.resourceRules)).toContain('registry-credentials');
  });
});
