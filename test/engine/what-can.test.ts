// what-can (spec §7): RulesFor, without its over-report of non-resource rules through RoleBindings.
import { describe, expect, test } from 'vitest';
import { sharedGrants } from '../../src/engine/what-can.js';
import { cr, crb, rb, rule, sa, urlRule, user, world } from '../helpers/builders.js';

describe('whatCan', () => {
  const a = world([
    cr('viewer', [rule('get,list', '', 'pods'), urlRule('get', '/healthz')]),
    cr('nodes', [rule('get', '', 'nodes')]),
    cr('mixed', [rule('get', '', 'nodes,pods')]),
    crb('all', 'viewer', 'Group:system:authenticated'),
    rb('prod', 'p', 'ClusterRole:viewer', 'ServiceAccount::ci'),
    rb('prod', 'n', 'ClusterRole:nodes', 'ServiceAccount::ci'),
    rb('prod', 'm', 'ClusterRole:mixed', 'ServiceAccount::ci'),
    rb('dev', 'd', 'ClusterRole:viewer', 'ServiceAccount:prod:ci'),
  ]);

  test('implicit groups bring cluster-wide rules, RoleBindings bring namespace rules, in every namespace', () => {
    const r = a.whatCan(sa('prod', 'ci'));
    expect(r.grants.map((g) => `${g.binding.name}#${g.ruleIndex}@${g.scope || '*'}`)).toEqual(['all#0@*', 'all#1@*', 'p#0@prod', 'm#0@prod', 'd#0@dev']);
  });

  test('-n limits RoleBindings to that namespace', () => {
    expect(a.whatCan(sa('prod', 'ci'), { namespace: 'dev' }).grants.map((g) => g.binding.name)).toEqual(['all', 'all', 'd']);
  });

  test('URL rules and cluster-scoped-only rules through a RoleBinding are listed as ineffective', () => {
    const r = a.whatCan(sa('prod', 'ci'), { namespace: 'prod' });
    expect(r.ineffective.map((g) => `${g.binding.name}#${g.ruleIndex}`)).toEqual(['p#1', 'n#0']);
    expect(r.ineffective[0]!.reason).toMatch(/non-resource URLs/);
    expect(r.ineffective[1]!.reason).toMatch(/nodes is cluster-scoped/);
  });

  test('a rule that mixes namespaced and cluster-scoped resources stays effective', () => {
    expect(a.whatCan(sa('prod', 'ci'), { namespace: 'prod' }).grants.some((g) => g.binding.name === 'm')).toBe(true);
  });

  test('someone with no bindings still gets the system:authenticated rules', () => {
    expect(a.whatCan(user('stranger')).grants.map((g) => g.binding.name)).toEqual(['all', 'all']);
  });

  test('anonymous is not system:authenticated', () => {
    expect(a.whatCan(user('system:anonymous')).grants).toEqual([]);
  });

  test('system:masters is flagged as privileged', () => {
    expect(a.whatCan(user('root', 'system:masters')).privileged).toBe(true);
  });
});

describe('sharedGrants (many ServiceAccount tokens at once, as rbac diff asks for its workloads)', () => {
  const a = world([
    cr('viewer', [rule('get,list', '', 'pods'), urlRule('get', '/healthz')]),
    crb('all', 'viewer', 'Group:system:authenticated'),
    rb('prod', 'p', 'ClusterRole:viewer', 'ServiceAccount::ci', 'Group:system:serviceaccounts:prod'),
    rb('dev', 'd', 'ClusterRole:viewer', 'ServiceAccount:prod:ci'),
  ]);
  const grantsOf = sharedGrants(a.policy, a.catalogue);
  test.each([['ci'], ['web'], ['other']])('sa:prod:%s gets whatCan\'s grants, in its order', (name) => {
    expect(grantsOf(sa('prod', name)).flat()).toEqual(a.whatCan(sa('prod', name)).grants);
  });
  test('a binding reaching two tokens through the same subject is one list, shared', () => {
    const [web, other] = [grantsOf(sa('prod', 'web')), grantsOf(sa('prod', 'other'))];
    expect(web).toHaveLength(2);
    web.forEach((list, i) => expect(list).toBe(other[i]));
  });
});
