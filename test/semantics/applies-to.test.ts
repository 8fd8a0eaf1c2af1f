// Subject matching (spec §3, §4): which binding subjects an identity is, after Kubernetes'
// TestAppliesTo.
import { describe, expect, test } from 'vitest';
import { appliesTo, appliesToUser, subjectNeverMatches } from '../../src/semantics/applies-to.js';
import { parseServiceAccountUsername, withImplicitGroups } from '../../src/semantics/user-info.js';
import { sa, subject, user } from '../helpers/builders.js';

describe('appliesToUser', () => {
  test.each([
    ['a User subject matches the exact name', 'User:alice', user('alice'), '', true],
    ['User names are case-sensitive', 'User:Alice', user('alice'), '', false],
    ['* user subject name does not match all users', 'User:*', user('foobar'), '', false],
    ['a User subject named like a service account matches that service account', 'User:system:serviceaccount:ns1:app', sa('ns1', 'app'), '', true],
    ['a Group subject matches a group of the user', 'Group:devs', user('d', 'devs'), '', true],
    ['Group names are case-sensitive', 'Group:Devs', user('d', 'devs'), '', false],
    ['system:authenticated holds every authenticated user', 'Group:system:authenticated', user('alice'), '', true],
    ['system:authenticated does not hold anonymous', 'Group:system:authenticated', user('system:anonymous'), '', false],
    ['system:unauthenticated holds anonymous', 'Group:system:unauthenticated', user('system:anonymous'), '', true],
    ['system:serviceaccounts holds every service account', 'Group:system:serviceaccounts', sa('ns2', 'x'), '', true],
    ['system:serviceaccounts:NS holds the service accounts of NS', 'Group:system:serviceaccounts:ns2', sa('ns2', 'x'), '', true],
    ['system:serviceaccounts:NS does not hold another namespace', 'Group:system:serviceaccounts:ns2', sa('ns1', 'x'), '', false],
    ['system:serviceaccounts:NS does not hold a human user', 'Group:system:serviceaccounts:ns2', user('alice'), '', false],
    ['a ServiceAccount subject with a namespace', 'ServiceAccount:kube-system:default', sa('kube-system', 'default'), 'default', true],
    ['a ServiceAccount subject without namespace takes the RoleBinding namespace', 'ServiceAccount::app', sa('ns1', 'app'), 'ns1', true],
    ['... and not another namespace', 'ServiceAccount::app', sa('ns2', 'app'), 'ns1', false],
    ['a ServiceAccount subject without namespace in a ClusterRoleBinding matches no one', 'ServiceAccount::app', sa('default', 'app'), '', false],
    ['a ServiceAccount subject does not match a user of another name', 'ServiceAccount:ns1:app', user('app'), '', false],
    ['a lower-case kind matches nobody', 'user:u', user('u'), '', false],
  ])('%s', (_name, s, u, ns, expected) => {
    expect(appliesToUser(u, subject(s), ns)).toBe(expected);
  });

  test('subject apiGroup is not checked', () => {
    expect(appliesToUser(user('d', 'devs'), { kind: 'Group', name: 'devs', apiGroup: '' }, '')).toBe(true);
  });

  test('appliesTo reports the first matching subject', () => {
    const subjects = ['User:bob', 'Group:devs', 'User:alice'].map(subject);
    expect(appliesTo(user('alice', 'devs'), subjects, '')).toBe(1);
    expect(appliesTo(user('carol'), subjects, '')).toBe(-1);
  });

  test('a binding with no subjects applies to nobody', () => {
    expect(appliesTo(user('alice'), [], '')).toBe(-1);
  });
});

describe('implicit groups (spec §15A)', () => {
  test.each([
    ['a user gets system:authenticated', 'alice', [], ['system:authenticated']],
    ['a service account gets its two groups and system:authenticated', 'system:serviceaccount:ns1:app', [], ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated']],
    ['anonymous gets system:unauthenticated only', 'system:anonymous', [], ['system:unauthenticated']],
    ['given groups are kept', 'jane', ['devs'], ['devs', 'system:authenticated']],
    ['an explicit system:unauthenticated blocks system:authenticated', 'u', ['system:unauthenticated'], ['system:unauthenticated']],
    ['groups are not duplicated', 'u', ['system:authenticated'], ['system:authenticated']],
  ])('%s', (_name, name, groups, expected) => {
    expect(withImplicitGroups(name, groups).groups).toEqual(expected);
  });

  test.each([
    ['system:serviceaccount:ns:name', { namespace: 'ns', name: 'name' }],
    ['system:serviceaccount::name', undefined],
    ['system:serviceaccount:ns', undefined],
    ['system:serviceaccount:a:b:c', undefined],
    ['alice', undefined],
  ])('parseServiceAccountUsername(%s)', (text, expected) => {
    expect(parseServiceAccountUsername(text)).toEqual(expected);
  });
});

describe('subjectNeverMatches', () => {
  test.each([
    ['User:alice', 'ClusterRoleBinding', false],
    ['user:alice', 'RoleBinding', true],
    ['ServiceAccount::app', 'RoleBinding', false],
    ['ServiceAccount::app', 'ClusterRoleBinding', true],
  ] as const)('%s in a %s', (s, kind, never) => {
    expect(subjectNeverMatches(subject(s), kind) !== undefined).toBe(never);
  });
});
