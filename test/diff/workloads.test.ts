// rbac diff and workloads: a new workload, a changed ServiceAccount or token mount, with the powers
// the token gains (new token minus old, by Covers) and the checks they trip; --fail-on counts them.
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { diffWorkloads } from '../../src/diff/workloads.js';
import { analyze } from '../../src/engine/analyze.js';
import { ruleText } from '../../src/report/describe.js';
import { rbac } from '../helpers/cli.js';

const BASE = 'test/fixtures/workloads/diff-base.yaml';
const HEAD = 'test/fixtures/workloads/diff-head.yaml';

async function changes() {
  const [a, b] = [analyze(await loadFiles([BASE])), analyze(await loadFiles([HEAD]))];
  return diffWorkloads(a, b, await loadQueries([BUILTIN_QUERIES]));
}

describe('workload changes between two worlds', () => {
  test.each([
    ['Deployment', 'web', 'changed', /ServiceAccount web -> operator/, ['get,list secrets (core)', 'get,list configmaps (core)'], ['secrets-read']],
    ['Job', 'report', 'changed', /token now mounted/, ['get,list secrets (core)', 'get,list configmaps (core)'], ['secrets-read']],
    ['DaemonSet', 'agent', 'added', /new workload, runs as sa:shop:web with its token mounted/, ['get,list configmaps (core)'], []],
    ['Deployment', 'legacy', 'removed', /workload removed/, [], []],
  ])('%s %s is %s', async (kind, name, change, reason, gained, risks) => {
    const c = (await changes()).find((x) => x.workload.kind === kind && x.workload.name === name)!;
    expect(c.change).toBe(change);
    expect(c.reason).toMatch(reason);
    // Gains from the input's bindings; those of the default policy are every token's (discovery).
    expect(c.gained.filter((g) => !g.grant.binding.defaultPolicy).flatMap((g) => g.rules.map(ruleText))).toEqual(gained);
    expect(c.risks.map((r) => r.check)).toEqual(risks);
  });
  test('a Deployment whose ServiceAccount and mount did not change is not reported', async () => {
    const a = analyze(await loadFiles([BASE]));
    expect(diffWorkloads(a, a)).toEqual([]);
  });
  test('switching to a ServiceAccount that holds no more gains nothing (operator -> web covers nothing new)', async () => {
    const [a, b] = [analyze(await loadFiles([HEAD])), analyze(await loadFiles([BASE]))];
    const web = diffWorkloads(a, b).find((x) => x.workload.name === 'web')!;
    expect(web.reason).toMatch(/operator -> web/);
    expect(web.gained).toEqual([]);
  });
});

describe('rbac diff with workloads (CLI)', () => {
  test.each([
    ['high', BASE, HEAD, 1],
    ['critical', BASE, HEAD, 0],
    ['any-change', BASE, BASE, 0],
    ['any-gain', HEAD, BASE, 1], // legacy comes back as a new workload with its token
  ])('--fail-on %s %s -> %s exits %i', (level, base, head, code) => {
    expect(rbac(['diff', base, head, '--fail-on', level]).code).toBe(code);
  });
  test('table and JSON carry the workload changes', () => {
    const t = rbac(['diff', BASE, HEAD]).stdout;
    expect(t).toContain('No change in effective permissions. 4 workload change(s), 3 with token powers gained, 2 flagged by audit checks.');
    expect(t).toMatch(/~ +Deployment shop\/web +ServiceAccount web -> operator +get,list secrets \(core\).*high: secrets-read/);
    const j = JSON.parse(rbac(['diff', BASE, HEAD, '-o', 'json']).stdout) as { workloads: { change: string; workload: { name: string }; before?: { serviceAccount: string }; after?: { serviceAccount: string } }[] };
    expect(j.workloads.find((w) => w.workload.name === 'web')).toMatchObject({ change: 'changed', before: { serviceAccount: 'web' }, after: { serviceAccount: 'operator' } });
    expect(rbac(['diff', BASE, HEAD, '-o', 'markdown']).stdout).toContain('#### Workloads');
  });
});
