// who-can (spec §8): AllowedSubjects as the API server returns it, and the CLI's view with
// scopes, namespace defaulting and -A.
import { describe, expect, test } from 'vitest';
import { cr, crb, rb, req, role, rule, url, urlRule, world } from '../helpers/builders.js';

const masters = { kind: 'Group', name: 'system:masters' };

describe('allowedSubjects (the API server subject locator)', () => {
  const a = world([
    cr('cluster-admin', [rule('*', '*', '*')]),
    crb('super', 'cluster-admin', 'User:super-admin', 'Group:super-admins'),
    rb('ns1', 'local', 'ClusterRole:cluster-admin', 'User:admin', 'Group:admins'),
  ]);

  test('system:masters first, ClusterRoleBinding subjects, then the namespace RoleBindings', () => {
    expect(a.allowedSubjects(req('get pods@ns1'))).toEqual([
      masters,
      { kind: 'User', name: 'super-admin' },
      { kind: 'Group', name: 'super-admins' },
      { kind: 'User', name: 'admin' },
      { kind: 'Group', name: 'admins' },
    ]);
  });

  test('another namespace gets only the ClusterRoleBinding subjects', () => {
    expect(a.allowedSubjects(req('get pods@ns2'))).toHaveLength(3);
  });

  test('subjects come back as stored: no namespace defaulting, unmatchable kept, de-duplicated', () => {
    const b = world([
      cr('r', [rule('get', '', 'pods')]),
      rb('ns1', 'x', 'ClusterRole:r', 'ServiceAccount::app', 'user:lower', 'User:u'),
      rb('ns1', 'y', 'ClusterRole:r', 'User:u'),
    ]);
    expect(b.allowedSubjects(req('get pods@ns1'))).toEqual([masters, { kind: 'ServiceAccount', name: 'app' }, { kind: 'user', name: 'lower' }, { kind: 'User', name: 'u' }]);
  });

  test('a role without an allowing rule contributes nothing', () => {
    expect(world([cr('r', [rule('list', '', 'pods')]), crb('b', 'r', 'User:u')]).allowedSubjects(req('get pods@ns1'))).toEqual([masters]);
  });
});

describe('whoCan', () => {
  const a = world([
    cr('reader', [rule('get,list', '', 'secrets')]),
    cr('metrics', [urlRule('get', '/metrics')]),
    role('prod', 'deployer', [rule('get', '', 'secrets', 'registry')]),
    crb('auditors', 'reader', 'Group:auditors'),
    crb('scrape', 'metrics', 'ServiceAccount:monitoring:prometheus'),
    rb('prod', 'ops', 'ClusterRole:reader', 'User:omar', 'ServiceAccount::bot'),
    rb('dev', 'devs', 'ClusterRole:reader', 'Group:devs', 'user:typo'),
    rb('prod', 'dep', 'Role:deployer', 'ServiceAccount:prod:deployer'),
    rb('dev', 'urls', 'ClusterRole:metrics', 'User:nobody'),
  ]);
  const rows = (r: ReturnType<typeof a.whoCan>) => r.grants.map((g) => `${g.subject.kind}:${g.subject.namespace ? `${g.subject.namespace}/` : ''}${g.subject.name}@${g.scope || '*'}`);

  test('-n: cluster-wide grants and that namespace', () => {
    expect(rows(a.whoCan(req('list secrets@prod')))).toEqual(['Group:auditors@*', 'User:omar@prod', 'ServiceAccount:prod/bot@prod']);
  });

  test('-A: every RoleBinding, each with the namespace it grants in', () => {
    expect(rows(a.whoCan(req('list secrets'), { allNamespaces: true }))).toEqual(['Group:auditors@*', 'User:omar@prod', 'ServiceAccount:prod/bot@prod', 'Group:devs@dev']);
  });

  test('without -A a cluster-scope request gets ClusterRoleBindings only', () => {
    expect(rows(a.whoCan(req('list secrets')))).toEqual(['Group:auditors@*']);
  });

  test('a name restricted rule answers only for that name', () => {
    expect(rows(a.whoCan(req('get secrets@prod name=registry')))).toContain('ServiceAccount:prod/deployer@prod');
    expect(rows(a.whoCan(req('get secrets@prod name=other')))).not.toContain('ServiceAccount:prod/deployer@prod');
  });

  test('subjects that can never match are reported apart, not as grants', () => {
    const r = a.whoCan(req('list secrets@dev'));
    expect(rows(r)).toEqual(['Group:auditors@*', 'Group:devs@dev']);
    expect(r.unmatchable).toEqual([expect.objectContaining({ subject: { kind: 'user', name: 'typo' } })]);
  });

  test('non-resource URLs: ClusterRoleBindings only', () => {
    expect(rows(a.whoCan(url('get', '/metrics'), { allNamespaces: true }))).toEqual(['ServiceAccount:monitoring/prometheus@*']);
  });

  test('each row names the binding, role and allowing rule', () => {
    const g = a.whoCan(req('get secrets@prod name=registry')).grants.find((x) => x.subject.name === 'deployer')!;
    expect(g).toMatchObject({ binding: { kind: 'RoleBinding', name: 'dep', namespace: 'prod' }, role: { kind: 'Role', name: 'deployer', namespace: 'prod' }, ruleIndex: 0 });
  });
});
