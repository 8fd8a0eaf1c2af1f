// Notes that change what an answer means are part of the answer: -q hides diagnostics, never
// them, on every command that takes a request, a namespace or a subject. Table and CSV answers get
// `note:` lines on stderr; JSON answers carry a `notes` array. Needs `npm run build` first.
import { describe, expect, test } from 'vitest';
import { rbac } from '../helpers/cli.js';

const TEACH = ['-f', 'samples/worlds/teaching.yaml', '-q'];
const VERB = 'verb "gett" is not a Kubernetes verb and no rule names it; did you mean "get"?';
const NAMESPACE = 'namespace "prdo" appears nowhere in the input; did you mean "prod"?';
const SUBJECT = /no binding names User "alcie": [^;]*; did you mean "alice"\?/;

describe('-q keeps the notes on stderr for table and CSV output', () => {
  test.each([
    ['who-can', ['who-can', 'gett', 'pods', '-n', 'prdo'], [VERB, NAMESPACE]],
    ['who-can -o csv', ['who-can', 'gett', 'pods', '-o', 'csv'], [VERB]],
    ['can', ['can', 'user:alcie', 'gett', 'pods', '-n', 'prdo'], [VERB, NAMESPACE, SUBJECT]],
    ['can -o csv', ['can', 'user:alcie', 'get', 'pods', '-n', 'prod', '-o', 'csv'], [SUBJECT]],
    ['what-can', ['what-can', 'user:alcie', '-n', 'prdo'], [NAMESPACE, SUBJECT]],
    ['explain', ['explain', 'user:alcie', 'gett', 'pods', '-n', 'prdo'], [VERB, NAMESPACE, SUBJECT]],
    ['paths', ['paths', 'user:alcie'], [SUBJECT]],
    ['paths --to', ['paths', '--to', 'user:alcie'], [SUBJECT]],
    ['export', ['export', '--subject', 'user:alcie', '-n', 'prdo'], [NAMESPACE, SUBJECT]],
    ['graph --who-can', ['graph', '--who-can', 'gett pods -n prdo'], [VERB, NAMESPACE]],
  ])('%s', (_name, args, notes) => {
    const r = rbac([...args, ...TEACH]);
    for (const n of notes) expect(r.stderr).toMatch(typeof n === 'string' ? `note: ${n}` : new RegExp(`note: ${n.source}`));
    expect(r.stderr).not.toContain('[missing-role]'); // -q still hides diagnostics
    expect(r.stdout).not.toContain('note:'); // stdout is the answer alone
  });
});

describe('JSON answers carry the notes in `notes`, with -q too, and nothing on stderr', () => {
  test.each([
    ['who-can', ['who-can', 'gett', 'pods', '-n', 'prdo'], [VERB, NAMESPACE]],
    ['can', ['can', 'user:alcie', 'gett', 'pods', '-n', 'prdo'], [VERB, NAMESPACE, SUBJECT]],
    ['what-can', ['what-can', 'user:alcie', '-n', 'prdo'], [NAMESPACE, SUBJECT]],
    ['explain', ['explain', 'user:alcie', 'gett', 'pods', '-n', 'prdo'], [VERB, NAMESPACE, SUBJECT]],
    ['paths', ['paths', 'user:alcie'], [SUBJECT]],
  ])('%s -o json', (_name, args, notes) => {
    const r = rbac([...args, ...TEACH, '-o', 'json']);
    const out = JSON.parse(r.stdout) as { notes: string[] };
    for (const n of notes) expect(out.notes.some((x) => (typeof n === 'string' ? x === n : n.test(x)))).toBe(true);
    expect(r.stderr).toBe('');
  });
});

test('rbac can user:jane --group devs get pods (no -n): no, and the note names the namespaces that allow it', () => {
  const r = rbac(['can', 'user:jane', '--group', 'devs', 'get', 'pods', ...TEACH]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^no\n/);
  expect(r.stderr).toMatch(/note: without -n the request is for all namespaces at once, which only ClusterRoleBindings can allow; it is allowed in namespaces dev, prod: add -n NAMESPACE\n/);
});

test.each([
  ['sa:default:argocd-server', 'get', 'secrets', 1, 'note: without -n the request is for all namespaces at once, which only ClusterRoleBindings can allow; it is allowed in namespace default: add -n default\n'],
  ['sa:argocd:argocd-server', 'get', 'pods', 0, ''], // allowed cluster-wide: nothing to add
])('rbac can %s %s %s -f samples/addons/argo-cd.yaml (no -n): exit %i', (subject, verb, resource, code, stderr) => {
  const r = rbac(['can', subject, verb, resource, '-f', 'samples/addons/argo-cd.yaml', '-q']);
  expect(r.code).toBe(code);
  expect(r.stderr).toBe(stderr);
});

test('rbac can user:jane --group devs get pods -n prod: a user reached through a bound --group gets no subject note', () => {
  const r = rbac(['can', 'user:jane', '--group', 'devs', 'get', 'pods', '-n', 'prod', ...TEACH]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
});

test('rbac export: the left-out-rules remark only adds to the answer, so -q hides it', () => {
  const loud = rbac(['export', '-f', 'samples/worlds/teaching.yaml']);
  expect(loud.stderr).toMatch(/note: \d+ rule\(s\) that can never take effect were left out/);
  expect(rbac(['export', ...TEACH]).stderr).toBe('');
});
