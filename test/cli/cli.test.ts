// The CLI as a user types it: each test is named by its command line and checks stdout, stderr
// and the exit code. Needs `npm run build` first (npm test does it).
import { describe, expect, test } from 'vitest';
import { rbac } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const BOOT = ['-f', 'samples/kubernetes-bootstrap'];
const TEACH = ['-f', 'samples/worlds/teaching.yaml'];

describe('rbac who-can', () => {
  test('rbac who-can delete secrets -n kube-system -f samples/kubernetes-bootstrap', () => {
    const r = rbac(['who-can', 'delete', 'secrets', '-n', 'kube-system', ...BOOT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Who can delete secrets in namespace kube-system:/);
    expect(r.stdout).toContain('ServiceAccount kube-system/token-cleaner');
    expect(r.stdout).toContain('ServiceAccount kube-system/namespace-controller');
    expect(r.stdout).not.toContain('persistent-volume-binder'); // it may get secrets, not delete them
  });

  test('rbac who-can get secrets -f samples/worlds/teaching.yaml --no-default-policy -o json (every namespace by default; the world alone)', () => {
    const r = rbac(['who-can', 'get', 'secrets', ...TEACH, '-o', 'json', '-q', '--no-default-policy']);
    const out = JSON.parse(r.stdout);
    expect(out.request).toMatchObject({ verb: 'get', resource: 'secrets', namespace: '', allNamespaces: true });
    expect(out.subjects.map((s: { kind: string; name: string; namespace?: string }) => `${s.kind}:${s.namespace ?? ''}:${s.name}`)).toEqual([
      'Group::system:masters',
      'Group::devs',
      'Group::sre',
      'User::alice',
      'ServiceAccount:dev:ci',
    ]);
    const devs = out.subjects.find((s: { name: string }) => s.name === 'devs');
    expect(devs.grants).toEqual([expect.objectContaining({ scope: 'namespace', namespace: 'dev', binding: { kind: 'RoleBinding', name: 'devs-edit', namespace: 'dev' }, aggregatedFrom: 'teaching:aggregate-to-edit' })]);
  });

  test('rbac who-can get secrets registry-credentials -n prod (resourceNames)', () => {
    const r = rbac(['who-can', 'get', 'secrets', 'registry-credentials', '-n', 'prod', ...TEACH, '-o', 'csv', '-q']);
    expect(r.stdout.split('\n')[0]).toBe('subject_kind,subject_namespace,subject_name,scope,namespace,binding_kind,binding_namespace,binding_name,role_kind,role_namespace,role_name,aggregated_from,rule_index,verbs,api_groups,resources,resource_names,non_resource_urls,privileged');
    expect(r.stdout).toContain('ServiceAccount,prod,deployer,namespace,prod,RoleBinding,prod,deployer,Role,prod,deployer,,1,get,(core),secrets,registry-credentials,,');
  });

  test('rbac who-can get /metrics -f samples/kubernetes-bootstrap -o yaml', () => {
    const r = rbac(['who-can', 'get', '/metrics', ...BOOT, '-o', 'yaml']);
    expect(r.stdout).toContain('nonResourceURL: /metrics');
    expect(r.stdout).toContain('name: system:monitoring');
  });

  test('rbac who-can list widgets (unknown resource: a note on stderr)', () => {
    const r = rbac(['who-can', 'list', 'widgets', ...TEACH]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: "widgets" is not a known resource/);
    expect(r.stdout).toContain('User alice');
  });
});

describe('rbac can', () => {
  test('rbac can user:jane --group devs get pods/log -n prod --no-default-policy (yes, exit 0, with the path)', () => {
    const r = rbac(['can', 'user:jane', '--group', 'devs', 'get', 'pods/log', '-n', 'prod', ...TEACH, '-q', '--no-default-policy']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^yes\n  allowed by RoleBinding prod\/devs-view of ClusterRole view \(aggregated from ClusterRole teaching:aggregate-to-view\) to Group devs/);
  });

  test('rbac can user:jane --group devs delete pods -n prod (no, exit 1)', () => {
    const r = rbac(['can', 'user:jane', '--group', 'devs', 'delete', 'pods', '-n', 'prod', ...TEACH, '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^no\n/);
  });

  test('rbac can user:root --group system:masters delete nodes (privileged group)', () => {
    const r = rbac(['can', 'user:root', '--group', 'system:masters', 'delete', 'nodes', ...TEACH, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('system:masters');
  });

  test('rbac can sa:prod:deployer list nodes (a Role cannot grant a cluster-scoped resource)', () => {
    expect(rbac(['can', 'sa:prod:deployer', 'list', 'nodes', ...TEACH, '-q']).code).toBe(1);
  });
});

describe('rbac what-can', () => {
  test('rbac what-can sa:kube-system:replicaset-controller -f samples/kubernetes-bootstrap -o wide', () => {
    const r = rbac(['what-can', 'sa:kube-system:replicaset-controller', ...BOOT, '-o', 'wide']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ClusterRoleBinding system:controller:replicaset-controller');
    expect(r.stdout).toContain('ClusterRoleBinding system:discovery'); // through system:authenticated
  });

  test('rbac what-can sa:prod:deployer --no-default-policy -o json lists the ineffective nodes rule apart', () => {
    const out = JSON.parse(rbac(['what-can', 'sa:prod:deployer', ...TEACH, '-o', 'json', '-q', '--no-default-policy']).stdout);
    expect(out.rules).toHaveLength(2);
    expect(out.ineffective).toEqual([expect.objectContaining({ rule: { verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] }, reason: expect.stringMatching(/cluster-scoped/) })]);
  });
});

describe('rbac batch', () => {
  test('rbac batch -f samples/kubernetes-bootstrap (stdin requests, one answer a line, ids echoed)', () => {
    const input = [
      '{"id":1,"op":"who-can","verb":"get","nonResourceURL":"/metrics"}',
      '{"id":2,"op":"can","user":"u","groups":["system:masters"],"verb":"get","resource":"pods","namespace":"x"}',
      '{"op":"nope"}',
      'not json',
    ].join('\n');
    const r = rbac(['batch', ...BOOT], input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ id: 1, subjects: [{ kind: 'Group', name: 'system:masters' }, { kind: 'Group', name: 'system:monitoring' }] });
    // RBAC itself allows it here: the bootstrap policy binds cluster-admin to system:masters.
    expect(lines[1]).toEqual({ id: 2, allowed: true });
    expect(lines[2].error).toMatch(/unknown op/);
    expect(lines[3].error).toMatch(/not JSON/);
  });
});

test('rbac batch answers can as RBAC alone: system:masters is not special without a binding', () => {
  const r = rbac(['batch', ...TEACH, '-q'], '{"op":"can","user":"u","groups":["system:masters"],"verb":"get","resource":"pods","namespace":"x"}\n');
  expect(r.stdout).toBe('{"allowed":false}\n');
});

test('rbac batch what-can mirrors RulesFor: resource rules through a RoleBinding kept, URL rules dropped', () => {
  const r = rbac(['batch', ...TEACH, '-q'], '{"op":"what-can","subject":"sa:prod:deployer","namespace":"prod"}\n');
  const out = JSON.parse(r.stdout);
  expect(out.resourceRules.map((x: { resources: string[] }) => x.resources)).toEqual([['deployments'], ['secrets'], ['nodes']]);
  expect(out.nonResourceRules).toEqual([]);
});

test('rbac who-can bind clusterroles edit -n ns1 counts RoleBindings of ns1', () => {
  const r = rbac(['who-can', 'bind', 'clusterroles', 'edit', '-n', 'ns1', '-f', 'test/fixtures/conformance/support-case60/objects.yaml', '-o', 'json', '-q']);
  expect(JSON.parse(r.stdout).subjects.map((s: { name: string }) => s.name)).toEqual(['system:masters', 'u']);
});

describe('errors and exit codes', () => {
  test('rbac who-can get pods with no -f and a --kubeconfig that does not exist (live cluster is the default: a file that cannot be read, exit 2)', () => {
    const r = rbac(['who-can', 'get', 'pods', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*\/nonexistent\/kubeconfig/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  test('rbac who-can get pods -f missing.yaml (exit 2, names the file)', () => {
    const r = rbac(['who-can', 'get', 'pods', '-f', 'missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: missing.yaml: no such file or folder\n');
  });

  test('rbac who-can get pods --bogus (unknown flag, exit 2)', () => {
    const r = rbac(['who-can', 'get', 'pods', '--bogus', ...TEACH]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  test('rbac what-can sa:alice (bad subject syntax, exit 2; a bare alice is a user)', () => {
    const r = rbac(['what-can', 'sa:alice', ...TEACH]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a ServiceAccount is sa:NAMESPACE:NAME/);
  });

  test('rbac who-can get pods -f broken/ (malformed YAML: diagnostic, answer, exit 0; --strict exit 4)', () => {
    const root = tmpTree({
      'a.yaml': 'kind: [\n',
      'b.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: User, name: u, apiGroup: rbac.authorization.k8s.io}]\n',
    });
    const r = rbac(['who-can', 'get', 'pods', '-n', 'x', '-f', root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^error: .*a\.yaml#1 \(line \d+\): document 1 could not be parsed/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(r.stdout).toContain('User u');
    expect(rbac(['who-can', 'get', 'pods', '-n', 'x', '-f', root, '--strict']).code).toBe(4);
  });

  test('rbac who-can get pods -f - (manifests from stdin, as from helm template)', () => {
    const r = rbac(['who-can', 'get', 'pods', '-n', 'x', '-f', '-'], 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: Group, name: g, apiGroup: rbac.authorization.k8s.io}]\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Group g');
  });
});

describe('help teaches', () => {
  test.each([[[]], [['who-can']], [['what-can']], [['can']], [['batch']]])('rbac %s --help has examples', (cmd) => {
    const r = rbac([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/rbac (who-can|what-can|can|batch)/);
  });
});
