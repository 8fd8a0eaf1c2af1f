// What a person types for an identity: the prefixed forms, a bare name as a user (as kubectl --as
// reads it), system:serviceaccount:NS:NAME as a ServiceAccount, and the groups each one gets.
import { describe, expect, test } from 'vitest';
import { parseIdentity, parseIdentityLine, parseSubjectSpec, userInfoFor } from '../../src/engine/subject-spec.js';

describe('parseIdentity', () => {
  test.each([
    ['jane', { kind: 'User', name: 'jane' }],
    ['system:anonymous', { kind: 'User', name: 'system:anonymous' }],
    ['oidc:jane@example.com', { kind: 'User', name: 'oidc:jane@example.com' }],
    ['system:kube-controller-manager', { kind: 'User', name: 'system:kube-controller-manager' }],
    ['user:jane', { kind: 'User', name: 'jane' }],
    ['user:group:x', { kind: 'User', name: 'group:x' }],
    ['u:jane', { kind: 'User', name: 'jane' }],
    ['group:devs', { kind: 'Group', name: 'devs' }],
    ['g:system:masters', { kind: 'Group', name: 'system:masters' }],
    ['sa:prod:deployer', { kind: 'ServiceAccount', namespace: 'prod', name: 'deployer' }],
    ['serviceaccount:prod:deployer', { kind: 'ServiceAccount', namespace: 'prod', name: 'deployer' }],
    ['system:serviceaccount:prod:deployer', { kind: 'ServiceAccount', namespace: 'prod', name: 'deployer' }],
  ])('%s reads as %o', (text, spec) => {
    expect(parseIdentity(text)).toEqual(spec);
  });

  test.each([
    ['', /expected a user name/],
    ['sa:prod', /a ServiceAccount is sa:NAMESPACE:NAME/],
    ['system:serviceaccount:prod', /system:serviceaccount:NAMESPACE:NAME \(for a user of this name, type user:system:serviceaccount:prod\)/],
    ['system:serviceaccount:a:b:c', /system:serviceaccount:NAMESPACE:NAME/],
    ['user:', /expected user:NAME/],
  ])('%j is a usage error', (text, message) => {
    expect(() => parseIdentity(text)).toThrow(message);
  });

  test('parseSubjectSpec still refuses a bare name: graph keys such as clusterrole:x are not users', () => {
    expect(() => parseSubjectSpec('clusterrole:admin')).toThrow(/expected user:NAME/);
    expect(() => parseSubjectSpec('jane')).toThrow(/expected user:NAME/);
  });
});

describe('the groups authentication adds, whatever the spelling', () => {
  test.each([
    ['jane', [], ['system:authenticated']],
    ['system:anonymous', [], ['system:unauthenticated']],
    ['system:serviceaccount:prod:ci', [], ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated']],
    ['sa:prod:ci', ['ops'], ['ops', 'system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated']],
    ['system:serviceaccount:prod:ci', ['ops'], ['ops', 'system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated']],
  ])('%s with %o has groups %o', (text, extra, groups) => {
    expect(userInfoFor(parseIdentity(text), extra).groups).toEqual(groups);
  });
});

describe('parseIdentityLine (the report\'s what-can box)', () => {
  test.each([
    ['jane', { kind: 'User', name: 'jane' }, []],
    ['  user:jane --group devs --as-group ops ', { kind: 'User', name: 'jane' }, ['devs', 'ops']],
    ['--as system:serviceaccount:prod:ci', { kind: 'ServiceAccount', namespace: 'prod', name: 'ci' }, []],
    ['--as=jane --group=devs', { kind: 'User', name: 'jane' }, ['devs']],
    ['group:devs', { kind: 'Group', name: 'devs' }, []],
  ])('%j', (line, spec, groups) => {
    expect(parseIdentityLine(line)).toEqual({ spec, groups });
  });

  test.each([
    ['', /name an identity/],
    ['--group devs', /name an identity/],
    ['jane bob', /name one identity/],
    ['jane --group', /--group needs a value/],
    ['jane -g devs', /-g: expected --group GROUP/],
  ])('%j is an error', (line, message) => {
    expect(() => parseIdentityLine(line)).toThrow(message);
  });
});
