// rbac audit --baseline: a finding's identity is its check, subject or object, scope and the
// permissions it holds (request and names), never its position in an array; what is new is
// reported, what is covered by the baseline is unchanged, what disappeared is absent.
import { describe, expect, test } from 'vitest';
import { audit, reachesThreshold } from '../../src/audit/audit.js';
import { compareWithBaseline } from '../../src/audit/baseline.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { parseBaseline } from '../../src/collect/load-baseline.js';
import type { RbacObject } from '../../src/model/rbac.js';
import { formatAudit } from '../../src/report/audit.js';
import { cr, crb, rb, role, rule, world } from '../helpers/builders.js';

const queries = (await loadQueries([BUILTIN_QUERIES])).filter((q) => ['secrets-read', 'missing-role', 'workloads-write'].includes(q.id));
const run = (objects: RbacObject[]) => audit(world(objects), queries);
/** Audits `now` against the JSON output of auditing `before`, as the CLI does. */
function against(before: RbacObject[], now: RbacObject[]) {
  const result = run(now);
  result.baseline = compareWithBaseline(result.findings, parseBaseline(formatAudit(run(before), 'json'), 'known.json'), 'known.json');
  return result;
}
const states = (r: ReturnType<typeof against>) => r.findings.map((f) => `${f.check} ${f.subject?.name ?? f.object?.name}@${f.scope || '*'} ${f.baselineState}`).sort();

const reader = cr('reader', [rule('get', '', 'secrets')]);
const base = [reader, crb('a', 'reader', 'User:alice'), role('prod', 'few', [rule('get', '', 'secrets', 'tls')]), rb('prod', 'b', 'Role:few', 'User:bob')];

describe('audit --baseline', () => {
  test('the same input against its own output: everything unchanged, nothing to fail on', () => {
    const r = against(base, base);
    expect(states(r)).toEqual(['secrets-read alice@* unchanged', 'secrets-read bob@prod unchanged']);
    expect(reachesThreshold(r.findings, 'low')).toBe(false);
    expect(r.baseline!.counts).toEqual({ new: 0, updated: 0, unchanged: 2, absent: 0 });
  });

  test('identity does not depend on order: the same objects in another order are unchanged', () => {
    expect(states(against(base, [...base].reverse())).every((s) => s.endsWith('unchanged'))).toBe(true);
  });

  test('a new subject is new and fails the gate; the old ones stay quiet', () => {
    const r = against(base, [...base, crb('c', 'reader', 'User:carol')]);
    expect(states(r)).toContain('secrets-read carol@* new');
    expect(reachesThreshold(r.findings, 'high')).toBe(true);
    expect(JSON.parse(formatAudit(r, 'json')).findings.map((f: { subject: { name: string } }) => f.subject.name)).toEqual(['carol']);
  });

  test('a name-limited finding that gains a name or opens up is updated; one that narrows is unchanged', () => {
    const wider = (names: string) => [...base.slice(0, 2), role('prod', 'few', [rule('get', '', 'secrets', names)]), base[3]!];
    expect(states(against(base, wider('tls,db')))).toContain('secrets-read bob@prod updated');
    expect(states(against(base, wider('')))).toContain('secrets-read bob@prod updated');
    expect(states(against(wider('tls,db'), base))).toContain('secrets-read bob@prod unchanged');
  });

  test('a namespace finding covered by a cluster-wide one in the baseline is unchanged', () => {
    expect(states(against(base, [...base, rb('dev', 'x', 'ClusterRole:reader', 'User:alice')]))).toContain('secrets-read alice@dev unchanged');
  });

  test('a finding that disappeared is absent, listed in JSON', () => {
    const r = against(base, base.slice(2));
    expect(r.baseline!.counts.absent).toBe(1);
    expect(JSON.parse(formatAudit(r, 'json')).absent).toEqual([{ check: 'secrets-read', subject: { kind: 'User', name: 'alice' }, scope: 'cluster', matched: ['get secrets'] }]);
  });

  test('structural findings are identified by their object, not their message', () => {
    const dangling = (n: string) => [rb('ns', 'b', 'ClusterRole:ghost', ...['User:a', `User:${n}`])];
    expect(states(against(dangling('x'), dangling('y')))).toEqual(['missing-role b@ns unchanged']);
  });

  test('SARIF results carry baselineState', () => {
    const log = JSON.parse(formatAudit(against(base, [...base, crb('c', 'reader', 'User:carol')]), 'sarif', { queries }));
    expect(log.runs[0].results.map((r: { baselineState: string }) => r.baselineState).sort()).toEqual(['new', 'unchanged', 'unchanged']);
  });

  test('output that predates matches[] is read from matched, names included', () => {
    const old = JSON.stringify({ findings: [{ check: 'secrets-read', subject: { kind: 'User', name: 'bob' }, scope: 'namespace', namespace: 'prod', matched: ['get secrets (only names: tls)'] }] });
    const r = run(base);
    compareWithBaseline(r.findings, parseBaseline(old, 'old.json'), 'old.json');
    expect(r.findings.find((f) => f.subject?.name === 'bob')!.baselineState).toBe('unchanged');
  });

  test.each([
    ['not JSON', '{', /old\.json: not JSON/],
    ['no findings list', '{"summary": {}}', /expected \{"findings"/],
    ['a finding without scope', '{"findings": [{"check": "x"}]}', /findings\[0\]\.scope/],
    ['a bad subject', '{"findings": [{"check": "x", "scope": "cluster", "subject": "alice"}]}', /findings\[0\]\.subject/],
  ])('a baseline with %s is refused, naming the file and the finding', (_n, text, msg) => {
    expect(() => parseBaseline(text, 'old.json')).toThrow(msg);
  });
});
