// The audit machinery on small worlds: request patterns through the who-can path, restricted
// grants, allOf on one subject, boundTo, hygiene, exclusions.
import { describe, expect, test } from 'vitest';
import { audit, reachesThreshold } from '../../src/audit/audit.js';
import { validateQuery, type QueryDefinition } from '../../src/audit/query-definition.js';
import { cr, crb, rb, role, rule, world } from '../helpers/builders.js';

const example = { manifests: 'kind: List\nitems: []\n', subject: 'user:x' };
function check(match: Record<string, unknown>, extra: Record<string, unknown> = {}): QueryDefinition {
  return validateQuery({ id: 't', title: 'T', severity: 'high', description: 'd', why: 'w', references: [], match, examples: { fires: [example], quiet: [example] }, ...extra }, 'test');
}
const who = (defs: QueryDefinition[], objects: Parameters<typeof world>[0]) =>
  audit(world(objects), defs).findings.map((f) => `${f.subject ? `${f.subject.kind}:${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}` : `${f.object!.kind}:${f.object!.name}`}@${f.scope || '*'}${f.restrictedTo ? `[${f.restrictedTo}]` : ''}${f.excluded ? ' (excluded)' : ''}`);

const secrets = check({ anyOf: [{ verbs: ['get', 'list', 'watch'], resources: ['secrets'] }] });

describe('anyOf', () => {
  test('any of the verbs, with the scope of each grant (RoleBindings in every namespace)', () => {
    expect(who([secrets], [cr('w', [rule('watch', '', 'secrets')]), crb('c', 'w', 'Group:g'), rb('prod', 'r', 'ClusterRole:w', 'ServiceAccount::app')])).toEqual(['Group:g@*', 'ServiceAccount:prod/app@prod']);
  });

  test('a rule restricted by resourceNames is reported as restricted, with the names', () => {
    expect(who([secrets], [role('prod', 'r', [rule('get', '', 'secrets', 'a,b')]), rb('prod', 'b', 'Role:r', 'User:u')])).toEqual(['User:u@prod[a,b]']);
  });

  test('an open grant wins over a restricted one for the same subject and scope', () => {
    expect(who([secrets], [role('prod', 'r', [rule('get', '', 'secrets', 'a')]), role('prod', 'o', [rule('list', '', 'secrets')]), rb('prod', 'b', 'Role:r', 'User:u'), rb('prod', 'c', 'Role:o', 'User:u')])).toEqual(['User:u@prod']);
  });

  test('a finding mixing open and name-limited requests lists the limited ones with their names, never as open', () => {
    const write = check({ anyOf: [{ verbs: ['create', 'update'], resources: ['configmaps'] }] });
    const objects = [role('kube-system', 'r', [rule('create', '', 'configmaps'), rule('update', '', 'configmaps', 'leader')]), rb('kube-system', 'b', 'Role:r', 'User:u')];
    const [f] = audit(world(objects), [write]).findings;
    expect(f!.matched).toEqual(['create configmaps', 'update configmaps (only names: leader)']);
    expect(f!.restrictedTo).toBeUndefined();
    expect(f!.matches!.map((m) => [m.label, m.restrictedTo])).toEqual([['create configmaps', undefined], ['update configmaps', ['leader']]]);
  });

  test('a finding\'s grants are exactly the rules behind its matches', () => {
    const write = check({ anyOf: [{ verbs: ['create', 'update'], resources: ['configmaps'] }] });
    const objects = [role('ns', 'r', [rule('get', '', 'configmaps'), rule('create', '', 'configmaps'), rule('update', '', 'configmaps', 'leader')]), rb('ns', 'b', 'Role:r', 'User:u')];
    expect(audit(world(objects), [write]).findings[0]!.grants.map((g) => g.ruleIndex)).toEqual([1, 2]);
  });

  test('a pattern that names its object never matches a rule limited to other names', () => {
    const named = check({ anyOf: [{ verbs: ['use'], apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], names: ['privileged'] }] });
    const objects = [cr('restricted', [rule('use', 'security.openshift.io', 'securitycontextconstraints', 'restricted-v2')]), cr('priv', [rule('use', 'security.openshift.io', 'securitycontextconstraints', 'privileged')]), crb('a', 'restricted', 'User:a'), crb('b', 'priv', 'User:b')];
    expect(who([named], objects)).toEqual(['User:b@*']);
  });

  test('includeRestricted: false ignores restricted grants', () => {
    const strict = check({ anyOf: [{ verbs: ['get'], resources: ['secrets'] }], includeRestricted: false });
    expect(who([strict], [role('prod', 'r', [rule('get', '', 'secrets', 'a')]), rb('prod', 'b', 'Role:r', 'User:u')])).toEqual([]);
  });

  test('a * verb pattern asks for rules that list *', () => {
    const star = check({ anyOf: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] });
    expect(who([star], [cr('all', [rule('*', '*', '*')]), cr('many', [rule('get,list,create,delete', '*', '*')]), crb('a', 'all', 'User:admin'), crb('b', 'many', 'User:almost')])).toEqual(['User:admin@*']);
  });

  test('scope: cluster keeps only cluster-wide grants', () => {
    const c = check({ anyOf: [{ verbs: ['get'], resources: ['secrets'] }], scope: 'cluster' });
    expect(who([c], [cr('r', [rule('get', '', 'secrets')]), crb('c', 'r', 'User:a'), rb('ns', 'b', 'ClusterRole:r', 'User:b')])).toEqual(['User:a@*']);
  });

  test('a cluster-scoped resource is never granted through a RoleBinding', () => {
    const proxy = check({ anyOf: [{ verbs: ['get'], resources: ['nodes/proxy'] }] });
    expect(who([proxy], [cr('r', [rule('get', '', 'nodes/proxy')]), rb('ns', 'b', 'ClusterRole:r', 'User:b'), crb('c', 'r', 'User:a')])).toEqual(['User:a@*']);
  });
});

describe('grants a RoleBinding can give on cluster-scoped resources', () => {
  const tenant = [
    cr('ns-and-bind', [rule('patch', '', 'namespaces'), rule('bind', 'rbac.authorization.k8s.io', 'clusterroles', 'admin'), rule('create', 'rbac.authorization.k8s.io', 'rolebindings')]),
    rb('team', 'tenant', 'ClusterRole:ns-and-bind', 'User:tenant'),
  ];

  test('patch on its own namespace object through a RoleBinding', () => {
    expect(who([check({ anyOf: [{ verbs: ['patch'], resources: ['namespaces'] }] })], tenant)).toEqual(['User:tenant@team']);
  });

  test('bind on clusterroles through a RoleBinding (checked in the binding namespace)', () => {
    expect(who([check({ anyOf: [{ verbs: ['bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'] }] })], tenant)).toEqual(['User:tenant@team[admin]']);
  });

  test('neither is reported as a rule that can never take effect', () => {
    expect(who([check({ hygiene: 'ineffective-rule' })], tenant)).toEqual([]);
  });
});

describe('allOf', () => {
  const csr = check({
    allOf: [
      { verbs: ['create'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'] },
      { verbs: ['update'], apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'] },
      { verbs: ['approve'], apiGroups: ['certificates.k8s.io'], resources: ['signers'], names: ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/*'] },
    ],
  });
  const roles = [
    cr('create', [rule('create', 'certificates.k8s.io', 'certificatesigningrequests')]),
    cr('approve', [rule('update', 'certificates.k8s.io', 'certificatesigningrequests/approval'), rule('approve', 'certificates.k8s.io', 'signers', 'kubernetes.io/*')]),
  ];

  test('fires only for a subject that holds every part', () => {
    expect(who([csr], [...roles, crb('a', 'create', 'User:both', 'User:half'), crb('b', 'approve', 'User:both')])).toEqual(['User:both@*']);
  });
});

describe('allOf with alternatives', () => {
  const takeover = check({ allOf: [{ anyOf: [{ verbs: ['delete'], resources: ['pods'] }, { verbs: ['create'], resources: ['pods/eviction'] }] }, { verbs: ['patch'], resources: ['nodes'] }] });

  test('a part written as anyOf is held by any one of its patterns', () => {
    const objects = [cr('evict', [rule('create', '', 'pods/eviction')]), cr('taint', [rule('patch', '', 'nodes')]), crb('n', 'taint', 'User:a', 'User:b'), rb('prod', 'e', 'ClusterRole:evict', 'User:a')];
    expect(who([takeover], objects)).toEqual(['User:a@prod']);
  });

  test('rejects an empty alternative list, naming the field', () => {
    expect(() => check({ allOf: [{ anyOf: [] }] })).toThrow(/allOf\[0\]\.anyOf/);
  });
});

describe('boundTo', () => {
  const anon = check({ boundTo: ['group:system:unauthenticated', 'user:system:anonymous'] }, { exclude: [{ roles: ['clusterrole:system:public-info-viewer'], reason: 'the default health and version endpoints' }] });

  test('any effective grant to those subjects; a default exclusion by exact role is marked, not hidden', () => {
    expect(who([anon], [cr('system:public-info-viewer', [rule('get', '', 'pods')]), cr('bad', [rule('list', '', 'secrets')]), crb('pub', 'system:public-info-viewer', 'Group:system:unauthenticated'), rb('prod', 'oops', 'ClusterRole:bad', 'User:system:anonymous')])).toEqual([
      'Group:system:unauthenticated@* (excluded)',
      'User:system:anonymous@prod',
    ]);
  });
});

describe('hygiene', () => {
  test.each([
    ['missing-role', [rb('ns', 'b', 'ClusterRole:ghost', 'User:u')], ['RoleBinding:b@ns']],
    ['unbound-role', [cr('lonely', []), cr('used', []), crb('b', 'used', 'User:u')], ['ClusterRole:lonely@*']],
    ['ineffective-rule', [cr('n', [rule('get', '', 'nodes')]), rb('ns', 'b', 'ClusterRole:n', 'User:u')], ['RoleBinding:b@ns']],
  ] as const)('%s', (name, objects, expected) => {
    expect(who([check({ hygiene: name })], [...objects])).toEqual(expected);
  });

  test('aggregation-differs ignores an aggregated role shipped with rules: [] (the controller fills it)', () => {
    const sel = { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: '1' }, matchExpressions: [] }] } };
    const part = cr('part', [rule('get', '', 'pods')], { labels: { a: '1' } });
    expect(who([check({ hygiene: 'aggregation-differs' })], [cr('agg', [], sel), part])).toEqual([]);
    expect(who([check({ hygiene: 'aggregation-differs' })], [cr('agg', [rule('list', '', 'pods')], sel), part])).toEqual(['ClusterRole:agg@*']);
  });

  test('missing-service-account needs ServiceAccounts in the input to compare with', () => {
    const sa = { kind: 'ServiceAccount' as const, name: 'real', namespace: 'ns', labels: {}, annotations: {}, source: { type: 'builtin' as const } };
    const objects = [cr('r', []), rb('ns', 'b', 'ClusterRole:r', 'ServiceAccount::real', 'ServiceAccount::ghost')];
    expect(who([check({ hygiene: 'missing-service-account' })], objects)).toEqual([]);
    expect(who([check({ hygiene: 'missing-service-account' })], [...objects, sa])).toEqual(['ServiceAccount:ns/ghost@ns']);
  });
});

describe('exclusions and thresholds', () => {
  test('a user exclusion scoped to checks marks the finding with its reason', () => {
    const a = world([cr('r', [rule('get', '', 'secrets')]), crb('c', 'r', 'ServiceAccount:kube-system:backup')]);
    const r = audit(a, [secrets], { exclusions: [{ subjects: ['sa:kube-system:backup'], namespaces: [], roles: [], bindings: [], checks: ['t'], reason: 'backups read secrets by design' }] });
    expect(r.findings[0]!.excluded).toBe('backups read secrets by design');
    expect(reachesThreshold(r.findings, 'medium')).toBe(false);
  });

  test('reachesThreshold compares severities', () => {
    const r = audit(world([cr('r', [rule('get', '', 'secrets')]), crb('c', 'r', 'User:u')]), [secrets]);
    expect(reachesThreshold(r.findings, 'high')).toBe(true);
    expect(reachesThreshold(r.findings, 'critical')).toBe(false);
  });
});

describe('validateQuery', () => {
  test.each([
    ['an unknown field', { anyOf: [{ verbs: ['get'], resources: ['pods'], resource: 'x' }] }, /unknown field "resource"/],
    ['two kinds of match', { anyOf: [{ verbs: ['get'], resources: ['pods'] }], boundTo: ['user:x'] }, /exactly one of/],
    ['a pattern without verbs', { anyOf: [{ verbs: [], resources: ['pods'] }] }, /at least one verb/],
    ['an unknown hygiene check', { hygiene: 'nope' }, /expected one of/],
  ])('rejects %s, naming the field', (_n, match, msg) => {
    expect(() => check(match)).toThrow(msg);
  });

  test('rejects an exclusion without reason', () => {
    expect(() => check({ hygiene: 'missing-role' }, { exclude: [{ subjects: ['user:x'] }] })).toThrow(/reason/);
  });
});

describe('reach checks on a shared escalation graph', () => {
  const reach = (target: string) => check({ reaches: { target } });
  const objects = () => [cr('pods', [rule('create', '', 'pods')]), crb('c', 'pods', 'User:dev'), cr('sa-admin', [rule('*', '*', '*')]), crb('a', 'sa-admin', 'ServiceAccount:kube-system:ci'), cr('viewer', [rule('get', '', 'configmaps')])];
  test.each([
    ['a target the graph holds: the shared graph is walked', 'clusterrole:cluster-admin'],
    ['a target it lacks: a private graph, the shared one left as it was', 'clusterrole:viewer@dev'],
  ])('%s', (_name, target) => {
    const alone = audit(world(objects()), [reach(target)]).findings;
    expect(alone.length).toBeGreaterThan(0);
    const a = world(objects());
    const shared = a.escalationGraph;
    const [order, size] = [shared.order, shared.size];
    expect(audit(a, [reach(target)], { escalationGraph: shared }).findings).toEqual(alone);
    expect([shared.order, shared.size]).toEqual([order, size]);
  });
});
