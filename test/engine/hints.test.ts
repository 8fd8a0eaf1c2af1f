// "Did you mean" notes (issue 12 part 4): a verb, namespace or subject the input never names gets
// one line with the closest name it does; names the input or Kubernetes uses get none. Typos are
// chosen close to teaching-world and argo-cd names and far from the Kubernetes default policy, so
// these hold with or without the built-in default policy.
import { describe, expect, test } from 'vitest';
import { closestMatch, editDistance } from '../../src/engine/closest.js';
import { requestHints, type HintQuery } from '../../src/engine/hints.js';
import { allowedElsewhereNote } from '../../src/engine/where-allowed.js';
import { Policy } from '../../src/engine/policy.js';
import { parseIdentity } from '../../src/engine/subject-spec.js';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { cr, crb, rule, user } from '../helpers/builders.js';
import { analyzeFile } from '../helpers/load.js';

describe('editDistance counts an adjacent swap as one edit (optimal string alignment)', () => {
  test.each([
    ['prdo', 'prod', 1],
    ['gett', 'get', 1],
    ['dves', 'devs', 1],
    ['get', 'get', 0],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%s -> %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestMatch suggests only a likely typo', () => {
  test.each([
    ['prdo', ['dev', 'prod', 'kube-system'], 'prod'],
    ['alcie', ['alice', 'omar'], 'alice'],
    ['nobody', ['alice', 'omar'], undefined], // too far: no suggestion rather than a silly one
    ['x', ['y'], undefined], // one edit, but nothing in common
    ['lst', ['list', 'last'], 'last'], // a tie goes to the first in code-point order
    ['Alice', ['alice'], 'alice'],
  ])('%s among %j: %s', (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });
});

const teaching = analyzeFile('samples/worlds/teaching.yaml');
const argo = analyzeFile('samples/addons/argo-cd.yaml');
const resolve = (a: typeof teaching, verb: string, resource: string, namespace?: string) => a.resolve({ verb, resource, ...(namespace ? { namespace } : {}) }).request;
const subjectQuery = (text: string, groups: string[] = []): HintQuery => ({ subject: parseIdentity(text), groups });

describe('a verb that is neither a Kubernetes verb nor in any rule gets a note with the closest verb', () => {
  test.each([
    ['gett', 'verb "gett" is not a Kubernetes verb and no rule names it; did you mean "get"?'],
    ['delte', 'verb "delte" is not a Kubernetes verb and no rule names it; did you mean "delete"?'],
    ['frobnicate', 'verb "frobnicate" is not a Kubernetes verb and no rule names it'],
  ])('who-can %s pods', (verb, note) => {
    expect(teaching.hints({ request: resolve(teaching, verb, 'pods') })).toEqual([note]);
  });

  test.each(['get', 'deletecollection', 'impersonate', 'escalate', 'bind', 'approve', 'sign', 'attest', 'use', 'proxy', '*', 'impersonate:user-info', 'impersonate-on:user-info:list'])('%s is a Kubernetes verb: no note', (verb) => {
    expect(teaching.hints({ request: resolve(teaching, verb, 'pods') })).toEqual([]);
  });

  test('a verb only a rule of the input names is no typo', () => {
    const custom = new SnapshotBuilder();
    custom.add(cr('custom', [rule('frobnicate', '', 'widgets')]));
    const p = new Policy(custom.build({ origin: 'files' }));
    expect(requestHints(p, { request: resolve(teaching, 'frobnicate', 'widgets') })).toEqual([]);
  });

  test('non-resource verbs (post, head, options) are Kubernetes verbs', () => {
    for (const verb of ['post', 'head', 'options']) expect(teaching.hints({ request: resolve(teaching, verb, '/healthz') })).toEqual([]);
  });

  test('an upper-case known verb is left to the case-sensitivity note', () => {
    expect(teaching.hints({ request: resolve(teaching, 'GET', 'pods') })).toEqual([]);
    expect(teaching.resolve({ verb: 'GET', resource: 'pods' }).notes).toContain('verbs are case-sensitive: "GET" is not "get"');
  });
});

describe('a namespace nothing in the input names gets a note with the closest namespace', () => {
  test.each([
    [teaching, 'prdo', 'namespace "prdo" appears nowhere in the input; did you mean "prod"?'],
    [argo, 'argcod', 'namespace "argcod" appears nowhere in the input; did you mean "argocd"?'],
    [teaching, 'staging-eu-west', 'namespace "staging-eu-west" appears nowhere in the input'],
  ])('-n %s', (a, namespace, note) => {
    expect(a.hints({ request: resolve(a, 'get', 'pods', namespace) })).toEqual([note]);
    expect(a.hints({ namespace })).toEqual([note]); // what-can -n and export -n
  });

  test.each([
    [teaching, 'prod', 'a Namespace object'],
    [argo, 'argocd', 'only named by ServiceAccount subjects of ClusterRoleBindings'],
    [argo, 'default', 'where the namespaced objects were put'],
    [teaching, 'kube-system', 'exists in every cluster'],
    [teaching, 'kube-node-lease', 'exists in every cluster'],
  ])('-n %s is known (%s): no note', (a, namespace) => {
    expect(a.hints({ request: resolve(a, 'get', 'pods', namespace) })).toEqual([]);
  });

  test('a cluster-scoped request has no namespace to check', () => {
    expect(teaching.hints({ request: resolve(teaching, 'get', 'nodes', 'prdo') })).toEqual([]);
  });

  test('a live cluster that could not list Namespaces does not call one unknown', () => {
    const b = new SnapshotBuilder();
    b.add(cr('view', [rule('get', '', 'pods')]));
    const p = new Policy(b.build({ origin: 'cluster' }));
    expect(requestHints(p, { namespace: 'prdo' })).toEqual([]);
  });
});

describe('a subject no binding names gets a note that says what it still gets, with the closest name', () => {
  test.each([
    ['user:alcie', [], /^no binding names User "alcie": .*; did you mean "alice"\?$/],
    ['user:nobody', [], /^no binding names User "nobody": (RBAC allows it nothing|it gets only what its groups get)[^;]*$/],
    ['group:dves', [], /^no binding names Group "dves"; did you mean "devs"\?$/],
    ['sa:prod:deployr', [], /^no binding names ServiceAccount prod\/deployr, and the input does not define it: .*; did you mean "sa:prod:deployer"\?$/],
    ['sa:prdo:deployer', [], /^no binding names ServiceAccount prdo\/deployer, and the input does not define it: .*; did you mean "sa:prod:deployer"\?$/],
    ['alcie', [], /^no binding names User "alcie": .*; did you mean "alice"\?$/],
    ['devs', [], /^no binding names User "devs": .*; bindings name Group "devs": for a member of it, type group:devs$/],
  ])('%s %j', (text, groups, note) => {
    const notes = teaching.hints(subjectQuery(text, groups));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(note);
  });

  test.each([
    ['user:alice', []],
    ['group:devs', []],
    ['sa:prod:deployer', []],
    ['sa:dev:ci', []], // named without a namespace in RoleBinding dev/devs-edit
    ['user:jane', ['devs']], // people come through their groups: a bound --group makes that normal
    ['user:root', ['system:masters']], // allowed everything before RBAC
    ['group:system:masters', []],
  ])('%s %j: no note', (text, groups) => {
    expect(teaching.hints(subjectQuery(text, groups))).toEqual([]);
  });

  test('an unnamed user with a bound --group: the note says it gets what that group gets, not nothing', () => {
    const [note] = teaching.hints(subjectQuery('user:alcie', ['devs']));
    expect(note).toMatch(/^no binding names User "alcie": it gets only what its groups get \(devs[,)].*; did you mean "alice"\?$/);
  });

  test('a --group no binding names gets its own note', () => {
    const notes = teaching.hints(subjectQuery('user:alice', ['dves']));
    expect(notes).toEqual(['no binding names Group "dves"; did you mean "devs"?']);
  });

  test('a ServiceAccount the input defines but no binding names: said so, no did-you-mean', () => {
    const notes = argo.hints(subjectQuery('sa:default:argocd-repo-server'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^no binding names ServiceAccount default\/argocd-repo-server, which the input defines: [^;]*$/);
  });

  test('nothing bound at all: the note says RBAC allows it nothing, naming the groups', () => {
    const b = new SnapshotBuilder();
    b.add(cr('admin', [rule('*', '*', '*')]));
    b.add(crb('admins', 'admin', 'User:alice'));
    expect(requestHints(new Policy(b.build({ origin: 'files' })), subjectQuery('user:alcie'))).toEqual([
      'no binding names User "alcie": RBAC allows it nothing (no binding names its groups either: system:authenticated); did you mean "alice"?',
    ]);
  });
});

describe('a denied cross-namespace request lists the namespaces where it is allowed, asked of the authorizer', () => {
  test.each([
    [user('jane', 'devs'), 'get', 'pods', ['dev', 'prod']],
    [user('jane', 'devs'), 'delete', 'pods', ['dev']],
    [user('system:serviceaccount:prod:deployer'), 'create', 'deployments', ['prod']],
    [user('jane'), 'get', 'pods', []],
    [user('omar', 'sre'), 'create', 'rolebindings', ['prod']],
  ])('%j %s %s', (u, verb, resource, namespaces) => {
    const req = resolve(teaching, verb, resource);
    if (req.kind !== 'resource') throw new Error('resource request expected');
    expect(teaching.namespacesAllowing(u, req)).toEqual(namespaces);
    for (const ns of namespaces) expect(teaching.can(u, { ...req, namespace: ns }).allowed).toBe(true);
  });
});

describe('the allowed-elsewhere note names the namespaces, at most three, and the flag to add', () => {
  test.each([
    [[], undefined],
    [['prod'], /it is allowed in namespace prod: add -n prod$/],
    [['dev', 'prod'], /it is allowed in namespaces dev, prod: add -n NAMESPACE$/],
    [['a', 'b', 'c', 'd', 'e'], /it is allowed in namespaces a, b, c \(and 2 more\): add -n NAMESPACE$/],
  ])('%j', (namespaces, note) => {
    const text = allowedElsewhereNote(namespaces);
    if (note === undefined) expect(text).toBeUndefined();
    else expect(text).toMatch(note);
  });
});
