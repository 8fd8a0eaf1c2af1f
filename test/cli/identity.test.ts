// kubectl's ways of naming an identity, through the built CLI on samples/worlds/teaching.yaml and
// the bootstrap policy: --as / --as-group, a bare name as a user, system:serviceaccount:NS:NAME,
// can -A, can --list. Each answer is compared with the one the prefixed form gives.
import { describe, expect, test } from 'vitest';
import { rbac, expectSameRun } from '../helpers/cli.js';

const TEACH = ['-f', 'samples/worlds/teaching.yaml', '-q'];
const BOOT = ['-f', 'samples/kubernetes-bootstrap', '-q'];

describe('one identity, every spelling, the same answer', () => {
  test.each([
    ['can: bare name', ['can', 'jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH], ['can', 'user:jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH]],
    ['can: --as --as-group', ['can', '--as', 'jane', '--as-group', 'devs', '--as-group', 'system:authenticated', 'get', 'pods/log', '-n', 'prod', ...TEACH], ['can', 'user:jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH]],
    ['can: --as a ServiceAccount', ['can', '--as', 'system:serviceaccount:prod:deployer', 'get', 'secrets/registry-credentials', '-n', 'prod', ...TEACH], ['can', 'sa:prod:deployer', 'get', 'secrets/registry-credentials', '-n', 'prod', ...TEACH]],
    ['can: system:serviceaccount positional', ['can', 'system:serviceaccount:prod:deployer', 'list', 'nodes', ...TEACH], ['can', 'sa:prod:deployer', 'list', 'nodes', ...TEACH]],
    ['can: system:anonymous', ['can', 'system:anonymous', 'get', '/healthz', ...BOOT], ['can', 'user:system:anonymous', 'get', '/healthz', ...BOOT]],
    ['what-can: bare name', ['what-can', 'jane', '--group', 'devs', '-o', 'json', ...TEACH], ['what-can', 'user:jane', '--group', 'devs', '-o', 'json', ...TEACH]],
    ['what-can: --as ServiceAccount', ['what-can', '--as', 'system:serviceaccount:kube-system:replicaset-controller', '-o', 'json', ...BOOT], ['what-can', 'sa:kube-system:replicaset-controller', '-o', 'json', ...BOOT]],
    ['what-can: -A is the default', ['what-can', 'jane', '--group', 'devs', '-A', '-o', 'json', ...TEACH], ['what-can', 'jane', '--group', 'devs', '-o', 'json', ...TEACH]],
    ['explain: --as', ['explain', '--as', 'jane', '--as-group', 'devs', '--as-group', 'system:authenticated', 'list', 'secrets', '-n', 'prod', ...TEACH], ['explain', 'user:jane', '--group', 'devs', 'list', 'secrets', '-n', 'prod', ...TEACH]],
    ['paths: --as', ['paths', '--as', 'system:serviceaccount:prod:deployer', '-o', 'json', ...TEACH], ['paths', 'sa:prod:deployer', '-o', 'json', ...TEACH]],
    ['paths --to: system:serviceaccount target', ['paths', '--to', 'system:serviceaccount:kube-system:replicaset-controller', '--max-hops', '1', '-o', 'json', ...BOOT], ['paths', '--to', 'sa:kube-system:replicaset-controller', '--max-hops', '1', '-o', 'json', ...BOOT]],
    ['can --list is what-can', ['can', '--list', '--as', 'jane', '--as-group', 'devs', '--as-group', 'system:authenticated', '-n', 'prod', ...TEACH], ['what-can', 'jane', '--group', 'devs', '-n', 'prod', ...TEACH]],
    ['can --list with SUBJECT', ['can', '--list', 'sa:prod:deployer', ...TEACH], ['what-can', 'sa:prod:deployer', ...TEACH]],
  ])('%s', (_what, args, reference) => {
    expectSameRun(args, reference);
  });
});

describe('implicit groups: a SUBJECT as its credentials authenticate it, --as as impersonation builds it', () => {
  test.each([
    [['system:serviceaccount:prod:deployer'], 'system:serviceaccounts, system:serviceaccounts:prod, system:authenticated'],
    [['--as', 'system:serviceaccount:prod:deployer', '--as-group', 'ops'], 'ops'],
    [['--as', 'system:serviceaccount:prod:deployer'], 'system:serviceaccounts, system:serviceaccounts:prod, system:authenticated'],
    [['system:anonymous'], 'system:unauthenticated'],
    [['--as', 'jane'], 'system:authenticated'],
    [['--as', 'jane', '--as-group', 'devs'], 'devs'],
  ])('what-can %j', (who, groups) => {
    expect(rbac(['what-can', ...who, ...TEACH]).stdout).toContain(`(groups: ${groups}) can do`);
  });

  test('--as system:anonymous: impersonation adds no group at all', () => {
    expect(rbac(['what-can', '--as', 'system:anonymous', ...TEACH]).stdout).toContain('What system:anonymous (no groups) can do');
  });

  test('paths system:anonymous: only what system:unauthenticated reaches, not system:authenticated', () => {
    const out = rbac(['paths', 'system:anonymous', ...BOOT]).stdout;
    expect(out).toContain('group:system:unauthenticated -> [ClusterRoleBinding system:public-info-viewer]');
    expect(out).not.toContain('system:authenticated');
  });
});

describe('usage errors (exit 2) instead of a shifted reading', () => {
  test.each([
    [['can', 'jane', 'get', 'pods', '--as', 'bob'], 'the identity is named twice, as SUBJECT "jane" and as --as bob'],
    [['can', 'jane', 'get', 'pods', 'x', '--as', 'bob'], 'the identity is named twice'],
    [['can', 'user:jane', 'get', 'pods', '--as', 'bob'], 'the identity is named twice'],
    [['what-can', 'jane', '--as', 'bob'], 'the identity is named twice'],
    [['paths', 'jane', '--as', 'bob'], 'the identity is named twice'],
    [['can', 'get', 'pods'], 'give SUBJECT VERB RESOURCE [NAME], or --as USER VERB RESOURCE [NAME]'],
    [['can', 'get', 'pods', 'x'], 'SUBJECT "get" is a verb'],
    [['can', '--as', 'jane', 'get'], 'with --as USER, give VERB RESOURCE [NAME]'],
    [['what-can'], 'name the identity'],
    [['what-can', '--as-group', 'devs'], '--as-group needs --as USER'],
    [['what-can', 'jane', '-A', '-n', 'prod'], '-A (every namespace) and -n (one namespace) contradict each other'],
    [['can', 'jane', 'get', 'pods', '-A', '-n', 'prod'], '-A (every namespace) and -n'],
    [['can', '--list', 'jane', 'get', 'pods'], '--list takes the identity alone'],
    [['can', '--list', '--as', 'jane', 'get'], '--list takes the identity alone'],
    [['what-can', 'system:serviceaccount:prod'], 'subject "system:serviceaccount:prod": a ServiceAccount user name is system:serviceaccount:NAMESPACE:NAME'],
  ])('rbac %j', (args, message) => {
    const r = rbac([...args, ...TEACH]);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.code).toBe(2);
  });
});

describe('can -A: cluster-wide, or the namespaces that allow it', () => {
  test.each([
    ['allowed cluster-wide (exit 0)', ['--as', 'alice', 'delete', 'secrets'], 0, /^yes, cluster-wide \(in every namespace\)\n  allowed by ClusterRoleBinding platform-owners/],
    ['allowed in two namespaces (exit 1, as kubectl -A)', ['jane', '--group', 'devs', 'get', 'pods'], 1, /^no, not cluster-wide; allowed in 2 namespaces: dev, prod\n  dev: allowed by RoleBinding dev\/devs-edit .*\n(  dev: .*\n)*  prod: allowed by RoleBinding prod\/devs-view /],
    ['allowed in one namespace', ['sa:prod:deployer', 'get', 'secrets/registry-credentials'], 1, /^no, not cluster-wide; allowed in namespace prod\n  prod: allowed by RoleBinding prod\/deployer of Role prod\/deployer/],
    ['allowed nowhere', ['bob', 'get', 'pods'], 1, /^no, in no namespace\n  no RBAC rule allows get pods in any namespace for bob/],
    ['a cluster-scoped resource: the plain answer', ['jane', 'list', 'nodes'], 1, /^no\n  no RBAC rule allows list nodes \(cluster scope\)/],
  ])('%s', (_what, args, code, out) => {
    const r = rbac(['can', ...args, '-A', ...TEACH]);
    expect(r.stdout).toMatch(out);
    expect(r.code).toBe(code);
  });

  test('-o json lists each namespace with its grants; -o csv one row per namespace', () => {
    const json = JSON.parse(rbac(['can', 'jane', '--group', 'devs', 'get', 'pods', '-A', '-o', 'json', ...TEACH]).stdout);
    expect(json).toMatchObject({ allowed: false, clusterWide: false });
    expect(json.namespaces.map((n: { namespace: string }) => n.namespace)).toEqual(['dev', 'prod']);
    expect(json.namespaces[1].grants[0]).toMatchObject({ namespace: 'prod', binding: { kind: 'RoleBinding', name: 'devs-view' } });
    const csv = rbac(['can', 'jane', '--group', 'devs', 'get', 'pods', '-A', '-o', 'csv', ...TEACH]).stdout.trim().split('\n');
    expect(csv.map((l) => l.split(',')[0])).toEqual(['namespace', 'dev', 'prod']);
    expect(rbac(['can', '--as', 'alice', 'get', 'pods', '-A', '-o', 'csv', ...TEACH]).stdout).toMatch(/^namespace,reason\n\*,"?ClusterRoleBinding platform-owners/);
  });
});

describe('a bare name is a user in export --subject and batch too', () => {
  test('rbac export --subject alice is --subject user:alice', () => {
    const [a, b] = [rbac(['export', '--subject', 'alice', ...TEACH]), rbac(['export', '--subject', 'user:alice', ...TEACH])];
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('User,,alice,');
  });

  test('rbac batch {"op":"what-can","subject":"system:serviceaccount:prod:deployer"} is sa:prod:deployer', () => {
    const ask = (subject: string) => rbac(['batch', ...TEACH, '--default-policy'], `${JSON.stringify({ op: 'what-can', subject, namespace: 'prod' })}\n`);
    const [a, b] = [ask('system:serviceaccount:prod:deployer'), ask('sa:prod:deployer')];
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('"resourceNames":["registry-credentials"]');
  });
});
