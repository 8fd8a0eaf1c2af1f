// Covers (spec §10.3), after policy_comparator_test.go.
import { describe, expect, test } from 'vitest';
import { breakdownRule, covers } from '../../src/semantics/covers.js';
import { rule, urlRule } from '../helpers/builders.js';

describe('covers', () => {
  test.each([
    ['exact rule', [rule('get', '', 'pods')], [rule('get', '', 'pods')], true],
    ['a resource does not cover its subresource', [rule('get', 'v1', 'pods')], [rule('get', 'v1', 'pods/status')], false],
    ['*/status covers pods/status', [rule('get', 'v1', '*/status')], [rule('get', 'v1', 'pods/status')], true],
    ['pods/* does not cover pods/status', [rule('get', 'v1', 'pods/*')], [rule('get', 'v1', 'pods/status')], false],
    ['a named owner does not cover an unnamed servant', [rule('get', 'v1', 'pods', 'foo,bar')], [rule('get', 'v1', 'pods')], false],
    ['an unnamed owner covers a named servant', [rule('get', 'v1', 'pods')], [rule('get', 'v1', 'pods', 'foo')], true],
    ['a verb list never covers verb *', [rule('get,list,watch,create,update,delete,exec', 'v1', 'pods')], [rule('*', 'v1', 'pods')], false],
    ['verb * covers any verb', [rule('*', 'v1', 'pods')], [rule('escalate', 'v1', 'pods')], true],
    ['several owner rules cover one servant together', [rule('get', '', 'pods'), rule('list', '', 'pods')], [rule('get,list', '', 'pods')], true],
    ['URL prefix owner covers below it', [urlRule('get', '/apis/*')], [urlRule('get', '/apis/v1')], true],
    ['/apis/* does not cover /apis', [urlRule('get', '/apis/*')], [urlRule('get', '/apis')], false],
    ['an inner * is literal', [urlRule('get', '/*/v1/*')], [urlRule('get', '/api/v1')], false],
  ])('%s', (_n, owner, servant, expected) => {
    expect(covers(owner, servant)).toBe(expected);
  });

  test('breakdownRule yields one atomic rule per group x resource x verb x name', () => {
    expect(breakdownRule(rule('get,list', ',apps', 'pods', 'a,b'))).toHaveLength(8);
    expect(breakdownRule(urlRule('get,post', '/a,/b'))).toHaveLength(4);
  });
});
