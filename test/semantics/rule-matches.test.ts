// Truth tables for the rule predicates (spec §6), named after the behaviour each row pins, as
// Kubernetes' TestRuleMatches does.
import { describe, expect, test } from 'vitest';
import { nonResourceURLMatches, resourceMatches, ruleAllows } from '../../src/semantics/rule-matches.js';
import { req, rule, url, urlRule } from '../helpers/builders.js';

describe('ruleAllows: one rule must match every dimension', () => {
  test.each([
    ['exact verb, group, resource', rule('get', '', 'pods'), 'get pods@ns1', true],
    ['verbs are case-sensitive: GET is not get', rule('get', '', 'pods'), 'GET pods@ns1', false],
    ['star verb covers special verbs (bind)', rule('*', 'rbac.authorization.k8s.io', 'clusterroles'), 'bind rbac.authorization.k8s.io:clusterroles', true],
    ['a requested verb * matches only a * rule', rule('get,list,watch,create,update,patch,delete', '*', '*'), '* pods@ns1', false],
    ['a requested verb * matches a * rule', rule('*', '*', '*'), '* pods@ns1', true],
    ['no verb implication: update does not give patch', rule('update', '', 'configmaps'), 'patch configmaps@ns1 name=x', false],
    ['no verb implication: get does not give list', rule('get', '', 'pods'), 'list pods@ns1', false],
    ['group must match exactly', rule('get', '', 'deployments'), 'get apps:deployments@ns1', false],
    ['star group matches the core group', rule('get', '*', 'pods'), 'get pods@ns1', true],
    ['star group matches any group', rule('get', '*', 'pods'), 'get metrics.k8s.io:pods@ns1', true],
    ['"core" is not the core group', rule('get', 'core', 'pods'), 'get pods@ns1', false],
    ['resource star matches subresources', rule('create', '', '*'), 'create pods/exec@ns1 name=p', true],
    ['a resource does not match its subresources', rule('*', '*', 'pods'), 'get pods/status@ns1 name=p', false],
    ['a subresource rule does not match the resource', rule('*', '*', 'pods/status'), 'get pods@ns1 name=p', false],
    ['a subresource rule matches that subresource', rule('*', '*', 'pods/status'), 'get pods/status@ns1 name=p', true],
    ['*/scale matches any resource scale', rule('*', '*', '*/scale'), 'get x.example.com:anything/scale@ns1', true],
    ['*/scale does not match the resource', rule('*', '*', '*/scale'), 'get pods@ns1', false],
    ['pods/* is not a supported form', rule('get', '', 'pods/*'), 'get pods/log@ns1 name=p', false],
    ['*/* matches nothing real (subresource)', rule('get', '*', '*/*'), 'get pods/status@ns1 name=p', false],
    ['*/* matches nothing real (resource)', rule('get', '*', '*/*'), 'get pods@ns1 name=p', false],
    ['resource strings are case-sensitive', rule('get', '', 'pods'), 'get Pods@ns1', false],
    ['resource star matches any spelling', rule('get', '', '*'), 'get Pods@ns1', true],
    ['resource.group in a rule matches nothing', rule('get', 'apps', 'deployments.apps'), 'get apps:deployments@ns1', false],
    ['resourceNames: listed name', rule('get', '', 'configmaps', 'cm1'), 'get configmaps@ns1 name=cm1', true],
    ['resourceNames: other name', rule('get', '', 'configmaps', 'cm1'), 'get configmaps@ns1 name=cm2', false],
    ['resourceNames: a request with no name never matches', rule('list,watch', '', 'configmaps', 'cm1'), 'list configmaps@ns1', false],
    ['resourceNames: list with a metadata.name field selector carries the name', rule('list,watch', '', 'configmaps', 'cm1'), 'list configmaps@ns1 name=cm1', true],
    ['resourceNames: * is literal', rule('get', '', 'pods', '*'), 'get pods@ns1 name=foo', false],
    ['resourceNames: the name of a subresource create is in the URL', rule('create', '', 'pods/exec', 'web-0'), 'create pods/exec@ns1 name=web-0', true],
    ['resourceNames: deletecollection has no name', rule('deletecollection', '', 'pods', 'p1'), 'deletecollection pods@ns1', false],
    ['empty resourceNames match every name', rule('get,list', '', 'pods'), 'get pods@ns1 name=foo', true],
    ['empty resourceNames match no name', rule('get,list', '', 'pods'), 'list pods@ns1', true],
    ['a rule with no resources never matches a resource request', rule('get', '*', ''), 'get pods@ns1', false],
    ['non-resource rules are ignored for resource requests', urlRule('get', '*'), 'get pods@ns1', false],
  ])('%s', (_name, r, request, allowed) => {
    expect(ruleAllows(r, req(request))).toBe(allowed);
  });
});

describe('nonResourceURLMatches: exact, *, or a trailing-* prefix', () => {
  test.each([
    ['star matches every path', '*', '/anything/at/all', true],
    ['exact path', '/healthz', '/healthz', true],
    ['a trailing slash matters', '/healthz', '/healthz/', false],
    ['paths are case-sensitive', '/healthz', '/Healthz', false],
    ['/apis/* matches below /apis/', '/apis/*', '/apis/v1', true],
    ['/apis/* matches deep paths', '/apis/*', '/apis/v1/foobar', true],
    ['/apis/* does not match /apis', '/apis/*', '/apis', false],
    ['/apis/* does not match /api/v1', '/apis/*', '/api/v1', false],
    ['/api* has no slash: it matches /apis', '/api*', '/apis', true],
    ['/api* matches /apiextensions', '/api*', '/apiextensions', true],
    ['an inner * is literal', '/api/*/v1', '/api/x/v1', false],
    ['several trailing stars trim to one prefix', '/logs**', '/logs/kubelet', true],
  ])('%s', (_name, pattern, path, allowed) => {
    expect(nonResourceURLMatches(urlRule('get', pattern), path)).toBe(allowed);
  });

  test.each([
    ['a star-verb URL rule with a list: only listed paths', urlRule('*', '/foo,/foo/bar/one'), url('get', '/foo/bar'), false],
    ['a star-verb URL rule with a list: a listed path', urlRule('*', '/foo,/foo/bar/one'), url('get', '/foo/bar/one'), true],
    ['HEAD is verb head, not get', urlRule('get', '/healthz'), url('head', '/healthz'), false],
    ['URL rules need the verb too', urlRule('verb1', '*'), url('verb2', '/x'), false],
    ['resource fields are ignored for URL requests', rule('get', '*', '*'), url('get', '/metrics'), false],
  ])('%s', (_name, r, request, allowed) => {
    expect(ruleAllows(r, request)).toBe(allowed);
  });
});

test('resourceMatches compares the combined resource/subresource string', () => {
  expect(resourceMatches(rule('get', '', 'pods/log'), 'pods', 'log')).toBe(true);
  expect(resourceMatches(rule('get', '', 'pods/log'), 'pods/log', '')).toBe(true);
  expect(resourceMatches(rule('get', '', '*/log'), 'pods', '')).toBe(false);
});
