// rbac report --html: the page runs the library itself on the snapshot it embeds, so what is
// checked here is that the embedded snapshot is the same policy (answers equal on whole worlds),
// that the boxes read typed text as the CLI reads its arguments and give the CLI's notes, that
// the page is one offline script, hostile names stay text, and in headless Chromium (when
// /usr/bin/chromium exists) findings, answers and the graph work. Screenshots: docs/report-*.png.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { audit, type AuditResult } from '../../src/audit/audit.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { parseIdentityText, parseRequestText } from '../../src/engine/query-text.js';
import type { RequestSpec } from '../../src/engine/request-spec.js';
import { userInfoFor } from '../../src/engine/subject-spec.js';
import type { Grant } from '../../src/model/results.js';
import { CLUSTER_ADMIN } from '../../src/paths/escalation-graph.js';
import { pathsTo } from '../../src/paths/paths.js';
import { answerWhatCan, answerWhoCan } from '../../src/report/html/client/ask.js';
import { buildHtmlReport, buildReportData } from '../../src/report/html/index.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/report/html/page-snapshot.js';
import { unpackFindings, type ReportData } from '../../src/report/html/types.js';
import { rbac } from '../helpers/cli.js';

const root = join(import.meta.dirname, '../..');
const sample = (p: string) => join(root, 'samples', p);
const HOSTILE = join(import.meta.dirname, 'fixtures/hostile-names.yaml');
const load = async (paths: string[], defaultPolicy = false) => analyze(await loadFiles(paths, { defaultPolicy }));
const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'bindingSource' ? undefined : v)));
const auditOf = async (a: Analysis) => audit(a, await loadQueries([BUILTIN_QUERIES]));

test.each<[string, RequestSpec]>([
  ['delete secrets -n prod', { verb: 'delete', resource: 'secrets', namespace: 'prod' }],
  ['  get pods/log -A  ', { verb: 'get', resource: 'pods/log', allNamespaces: true }],
  ['get secrets registry --namespace=prod --api-group ""', { verb: 'get', resource: 'secrets', name: 'registry', namespace: 'prod', apiGroup: '' }],
  ['get pods --subresource log --name web', { verb: 'get', resource: 'pods', name: 'web', subresource: 'log' }],
])('parseRequestText reads %j as who-can reads its arguments', (text, spec) => {
  expect(parseRequestText(text)).toEqual(spec);
});

test.each([
  ['delete', /expected VERB RESOURCE/],
  ['get pods -x', /unknown flag -x/],
  ['get pods -n', /-n needs a value/],
  ['user:jane --bogus', /unknown flag --bogus/],
  ['jane', /expected user:NAME/],
])('typed text %j is a usage error naming what is expected', (text, message) => {
  expect(() => (text.includes('user:') || text === 'jane' ? parseIdentityText(text) : parseRequestText(text))).toThrow(message);
});

test('parseIdentityText takes any identity with groups and a namespace, as what-can does', () => {
  expect(parseIdentityText('user:jane --group devs -g ops --group=qa -n prod')).toEqual({ subject: { kind: 'User', name: 'jane' }, groups: ['devs', 'ops', 'qa'], namespace: 'prod' });
  expect(parseIdentityText('system:serviceaccount:kube-system:default')).toEqual({ subject: { kind: 'ServiceAccount', namespace: 'kube-system', name: 'default' }, groups: [] });
});

describe.each([
  ['teaching', [sample('worlds/teaching.yaml')]],
  ['kubernetes-bootstrap', [sample('kubernetes-bootstrap')]],
  ['addons', [sample('addons')]],
  ['hostile names', [HOSTILE]],
  ['flux2 with the built-in default policy (marked grants)', [sample('addons/flux2.yaml')], true],
  ['an aggregation cycle seeded by authored rules (history-dependent grants)', [sample('worlds/aggregation-cycle.yaml')]],
])('the snapshot the page embeds is the same policy: %s', (_name, paths, defaultPolicy = false) => {
  let a: Analysis;
  let page: Analysis;
  beforeAll(async () => {
    a = await load(paths, defaultPolicy);
    // Through JSON, as the page reads it.
    page = analyze(decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(a.snapshot)))), a.policy.options);
  });
  test('who-can, for every verb x resource x namespace', () => {
    const verbs = ['get', 'list', 'create', 'delete', 'patch', 'deletecollection', 'impersonate', 'bind', 'escalate', 'Get'];
    const resources = ['pods', 'po', 'deploy', 'pods/exec', 'pods/log', 'secrets', 'secrets/registry-credentials', 'namespaces/prod', 'nodes', 'nodes/proxy', 'clusterroles', 'serviceaccounts/token', '*/scale', '*.apps', 'widgets.example.com', 'users', 'groups', '/metrics', '*'];
    const namespaces = [undefined, ...[...a.policy.roleBindingsByNamespace.keys()].slice(0, 2), 'nowhere'];
    let checked = 0;
    for (const verb of verbs) for (const resource of resources) for (const namespace of namespaces) {
      const spec: RequestSpec = { verb, resource, ...(namespace ? { namespace } : {}) };
      const r = a.resolve(spec);
      expect(page.resolve(spec)).toEqual(r);
      expect(plain(page.whoCan(r.request, { allNamespaces: r.allNamespaces }))).toEqual(plain(a.whoCan(r.request, { allNamespaces: r.allNamespaces })));
      expect(page.hints({ request: r.request })).toEqual(a.hints({ request: r.request }));
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });
  test('what-can, for every subject of the graph, in every namespace and all of them', () => {
    let checked = 0;
    a.graph.forEachNode((_k, n) => {
      if (n.kind !== 'subject' || !['User', 'Group', 'ServiceAccount'].includes(n.subjectKind) || (n.subjectKind === 'ServiceAccount' && !n.namespace)) return;
      const user = userInfoFor({ kind: n.subjectKind as 'User', name: n.name, ...(n.namespace ? { namespace: n.namespace } : {}) });
      for (const ns of [undefined, ...[...a.policy.roleBindingsByNamespace.keys()].slice(0, 3)]) {
        const opts = ns === undefined ? {} : { namespace: ns };
        expect(plain(page.whatCan(user, opts))).toEqual(plain(a.whatCan(user, opts)));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(0);
  });
  test('the graph the page draws from is the graph rbac graph draws', () => {
    // Edge keys are generated per graph instance; nodes, edges and attributes must match.
    const shape = (x: Analysis) => { const e = x.graph.export(); return { nodes: e.nodes, edges: e.edges.map(({ key: _k, ...rest }) => rest) }; };
    expect(shape(page)).toEqual(shape(a));
  });
});

describe('the boxes give the CLI\'s notes (compared with dist/cli/main.js; needs npm run build)', () => {
  const BOOT = ['-f', 'samples/kubernetes-bootstrap', '-q'];
  const cliNotes = (args: string[]) => rbac([...args, ...BOOT]).stderr.split('\n').filter((l) => l.startsWith('note: ')).map((l) => l.slice(6));
  let a: Analysis;
  beforeAll(async () => {
    a = await load([sample('kubernetes-bootstrap')]);
  });
  test('who-can "gett secretz -n kube-sytem": did you mean get, kube-system, and the unknown resource', () => {
    const notes = answerWhoCan(a, 'gett secretz -n kube-sytem').notes;
    expect(notes).toEqual(cliNotes(['who-can', 'gett', 'secretz', '-n', 'kube-sytem']));
    expect(notes.join('\n')).toMatch(/did you mean "get"\?[\s\S]*did you mean "kube-system"\?/);
  });
  test('what-can "user:jnae --group system:authenticated -n kube-sytem": the same notes as what-can', () => {
    const notes = answerWhatCan(a, 'user:jnae --group system:authenticated -n kube-sytem').notes;
    expect(notes).toEqual(cliNotes(['what-can', 'user:jnae', '--group', 'system:authenticated', '-n', 'kube-sytem']));
    expect(notes.length).toBeGreaterThan(0);
  });
});

test('what-can answers any identity with groups, each grant saying which group or subject it came through', async () => {
  const a = await load([sample('worlds/teaching.yaml')]);
  const { result } = answerWhatCan(a, 'user:nobody-named --group devs -n dev');
  const through = new Set(result.grants.map((g) => `${g.subject.kind}:${g.subject.name}`));
  expect(through).toEqual(new Set(['Group:devs']));
  expect(plain(result)).toEqual(plain(a.whatCan(userInfoFor({ kind: 'User', name: 'nobody-named' }, ['devs']), { namespace: 'dev' })));
});

test('every audit finding is in the page data, excluded and implied ones marked', async () => {
  const a = await load([sample('kubernetes-bootstrap'), sample('addons')]);
  const result = await auditOf(a);
  const d = buildReportData(a, { title: 't', generated: 'now', audit: result });
  const rows = unpackFindings(JSON.parse(JSON.stringify(d.overview.findings)));
  expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(result.findings.map((f) => [f.severity, f.check, f.title]));
  expect(rows.filter((f) => f[7] === 0)).toHaveLength(result.findings.filter((f) => !f.excluded && !f.foldedInto).length);
  expect(Object.values(d.overview.findingsBySeverity).reduce((x, y) => x + y, 0)).toBe(result.findings.filter((f) => !f.excluded && !f.foldedInto).length);
  expect(result.findings.length).toBeGreaterThan(20);
});

describe('the page is one self-contained file: one script, allowed by hash, no network', () => {
  let html: string;
  beforeAll(async () => {
    const a = await load([HOSTILE]);
    html = buildHtmlReport(a, { title: '<script>alert("title")</script>', audit: await auditOf(a), paths: pathsTo(a.escalationGraph, CLUSTER_ADMIN), generated: 'now' });
  });
  test('only the report\'s own script elements exist, and the one that runs is allowed by hash', () => {
    expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/json" id="rbac-data">', '<script>']);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    const body = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(body).digest('base64')}';`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
  });
  test('no http(s) URL anywhere in the page (the bundle included)', () => {
    expect(html.match(/https?:\/\/[^\s"'<>)]*/g) ?? []).toEqual([]);
  });
  test('names are escaped in the static HTML and in the embedded JSON', () => {
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    const json = /<script type="application\/json" id="rbac-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json) as ReportData;
    expect(data.snapshot.roleBindings.map((b) => b[1])).toContain('</script><script>window.__xss=1</script>');
  });
});

// ---- headless Chromium --------------------------------------------------------------------
const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const WHY = `no ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian) to run the browser tests`;
if (!HAS_CHROMIUM) console.warn(`test/report/html-report.test.ts: browser tests SKIPPED (${WHY})`);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const artifacts = join(root, 'test-artifacts');
/** Screenshots go to test-artifacts/; RBAC_DOCS_SCREENSHOT=1 also rewrites the docs/report-*.png ones. */
const shotPaths = (name: string) => [join(artifacts, name), ...(process.env.RBAC_DOCS_SCREENSHOT ? [join(root, 'docs', name)] : [])];

describe.skipIf(!HAS_CHROMIUM)(`the report in headless Chromium${HAS_CHROMIUM ? '' : ` (skipped: ${WHY})`}`, () => {
  type Page = import('playwright-core').Page;
  type Locator = import('playwright-core').Locator;
  type Context = import('playwright-core').BrowserContext;
  let ctx: Context;
  let dir: string;
  const problems: string[] = [];
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    dir = mkdtempSync(join(tmpdir(), 'rbac-report-'));
    ctx = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  async function open(a: Analysis, name: string, result?: AuditResult | 'none'): Promise<Page> {
    const file = join(dir, `${name}.html`);
    const findings = result === 'none' ? {} : { audit: result ?? (await auditOf(a)) };
    writeFileSync(file, buildHtmlReport(a, { title: name, ...findings, paths: pathsTo(a.escalationGraph, CLUSTER_ADMIN) }));
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('dialog', (d) => void (problems.push(`dialog: ${d.message()}`), d.dismiss()));
    page.on('request', (r) => void (!r.url().startsWith('file:') && problems.push(`network: ${r.url()}`)));
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: { graphReady: boolean } }).rbacReport?.graphReady === true);
    return page;
  }
  const shoot = async (target: Page | Locator, name: string) => {
    for (const path of shotPaths(name)) await target.screenshot({ path, ...('goto' in target ? { fullPage: true } : {}) });
  };
  const ask = async (page: Page, box: 'whocan' | 'whatcan', text: string) => {
    await page.fill(`#${box}-input`, text);
    await page.press(`#${box}-input`, 'Enter');
  };
  const rowsOf = (page: Page, sel: string) =>
    page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => `${tr.getAttribute('data-subject')} ${tr.getAttribute('data-binding')} #${tr.getAttribute('data-rule')}`).sort());
  const keysOf = (grants: Grant[]) =>
    grants.map((g) => `${g.subject.kind === 'ServiceAccount' ? `sa:${g.subject.namespace}:${g.subject.name}` : `${g.subject.kind.toLowerCase()}:${g.subject.name}`} ${g.binding.kind === 'RoleBinding' ? `rolebinding:${g.binding.namespace}/${g.binding.name}` : `clusterrolebinding:${g.binding.name}`} #${g.ruleIndex}`).sort();
  const clickNode = async (page: Page, key: string) => {
    const point = await page.evaluate((k) => {
      const r = (globalThis as unknown as { rbacReport: { renderer(): any } }).rbacReport.renderer();
      const d = r.getNodeDisplayData(k);
      return r.framedGraphToViewport({ x: d.x, y: d.y }) as { x: number; y: number };
    }, key);
    await page.locator('#graph').scrollIntoViewIfNeeded();
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.move(box.x + point.x, box.y + point.y);
    await page.mouse.click(box.x + point.x, box.y + point.y);
  };

  test('teaching: who-can and what-can equal the library, with notes; a click focuses a node and its neighbours', async () => {
    const a = await load([sample('worlds/teaching.yaml')]);
    const page = await open(a, 'teaching');
    for (const text of ['delete secrets -n prod', 'get secrets -A', 'impersonate serviceaccounts -n dev']) {
      await ask(page, 'whocan', text);
      const r = a.resolve(parseRequestText(text));
      const rows = await rowsOf(page, '#whocan-results > table');
      expect(rows).toEqual(keysOf(a.whoCan(r.request, { allNamespaces: r.allNamespaces }).grants));
      expect(rows.length).toBeGreaterThan(0);
    }
    await ask(page, 'whocan', 'gett secretz -n prdo');
    expect(await page.$$eval('#whocan-results ul.notes li', (lis) => lis.map((l) => l.textContent))).toEqual(answerWhoCan(a, 'gett secretz -n prdo').notes.map((n) => `note: ${n}`));

    await page.fill('#subject-search', 'deployer');
    await page.click('#subject-list button[data-key="sa:prod:deployer"]');
    const want = a.whatCan(userInfoFor({ kind: 'ServiceAccount', namespace: 'prod', name: 'deployer' }));
    const whatRows = await page.$$eval('#whatcan-results > table', (ts) => ts.map((t) => Array.from(t.querySelectorAll('tbody tr')).map((tr) => `${tr.getAttribute('data-subject')} ${tr.getAttribute('data-binding')} #${tr.getAttribute('data-rule')}`).sort()));
    expect(whatRows).toEqual([keysOf(want.grants), keysOf(want.ineffective)].filter((x) => x.length));

    await ask(page, 'whatcan', 'user:jane --group devs');
    const through = await page.$$eval('#whatcan-results > table:first-of-type tbody tr td:first-child', (tds) => [...new Set(tds.map((td) => td.textContent))].sort());
    expect(through).toEqual([...new Set(a.whatCan(userInfoFor({ kind: 'User', name: 'jane' }, ['devs'])).grants.map((g) => `${g.subject.kind} ${g.subject.name}`))].sort());
    expect(through).toContain('Group devs');
    await page.locator('#what-can').screenshot({ path: join(artifacts, 'report-what-can.png') });

    const target = 'role:prod/deployer';
    await page.evaluate((k) => (globalThis as unknown as { rbacReport: { focusOn(k: string[]): void } }).rbacReport.focusOn([k]), 'sa:prod:deployer');
    await clickNode(page, target);
    await expect.poll(() => page.getAttribute('#graph-details', 'data-key')).toBe(target);
    const focus = await page.evaluate(() => (globalThis as unknown as { rbacReport: { current(): { focus: string } } }).rbacReport.current().focus);
    expect(focus).toBe(target);
    await page.fill('#whocan-input', 'delete secrets -n prod');
    await page.press('#whocan-input', 'Enter');
    await page.click('#whocan-graph');
    await page.waitForTimeout(300);
    await shoot(page.locator('#graph-view'), 'report-teaching-graph.png');
    expect(problems).toEqual([]);
  });

  test('bootstrap policy + add-ons: every finding listed, filtered, sorted and counted; the graph readable', async () => {
    const a = await load([sample('kubernetes-bootstrap'), sample('addons')]);
    const result = await auditOf(a);
    const page = await open(a, 'bootstrap-addons', result);
    const listed = result.findings.filter((f) => !f.excluded && !f.foldedInto);
    expect(listed.length).toBeGreaterThan(100);
    expect(await page.textContent('#findings-count')).toContain(`100 of ${listed.length} shown`);
    await page.click('#findings-all');
    expect(await page.locator('#findings-table tbody tr').count()).toBe(listed.length);
    const critical = listed.filter((f) => f.severity === 'critical').length;
    expect(await page.textContent('#findings-severity [data-severity="critical"] b')).toBe(String(critical));
    await page.click('#findings-severity [data-severity="critical"]');
    expect(await page.locator('#findings-table tbody tr').count()).toBe(critical);
    await page.evaluate(() => (globalThis as unknown as { document: { getElementById(id: string): { scrollIntoView(): void } } }).document.getElementById('findings-h').scrollIntoView());
    for (const path of shotPaths('report-findings.png')) await page.screenshot({ path });
    await page.click('#findings-severity [data-severity="critical"]');
    await page.selectOption('#findings-check', listed[0]!.check);
    expect(await page.locator('#findings-table tbody tr').count()).toBe(listed.filter((f) => f.check === listed[0]!.check).length);
    await page.selectOption('#findings-check', '');
    await page.click('#findings-table th button[data-sort="3"]');
    const who = await page.$$eval('#findings-table tbody tr td:nth-child(4)', (tds) => tds.map((t) => (t.textContent ?? '').toLowerCase()));
    expect(who).toEqual([...who].sort());

    await page.selectOption('#graph-depth', 'all');
    await page.evaluate(() => (globalThis as unknown as { rbacReport: { focusOn(k: string[]): void } }).rbacReport.focusOn(['clusterrole:admin']));
    await page.waitForTimeout(300);
    await shoot(page.locator('#graph-view'), 'report-graph.png');
    await clickNode(page, 'clusterrole:admin');
    await expect.poll(() => page.getAttribute('#graph-details', 'data-key')).toBe('clusterrole:admin');
    await page.waitForTimeout(200);
    await shoot(page.locator('#graph-view'), 'report-graph-focus.png');
    expect(problems).toEqual([]);
  });

  test('workloads: the who-can box names the workloads whose pods carry it; the graph draws them linked to their ServiceAccount', async () => {
    const a = await load(['samples/addons/kube-prometheus.yaml', 'samples/addons/kube-state-metrics.yaml', 'samples/workloads'].map((p) => join(root, p)));
    const page = await open(a, 'workloads', 'none');
    await ask(page, 'whocan', 'create tokenreviews');
    expect(await page.$$eval('#whocan-workloads li', (lis) => lis.map((l) => l.textContent))).toEqual(['sa:monitoring:node-exporter mounted by ds/node-exporter -n monitoring (every node)']);
    await page.click('#whocan-graph');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { rbacReport: { current(): { keys: string[] } } }).rbacReport.current().keys.includes('workload:DaemonSet/monitoring/node-exporter'))).toBe(true);
    expect(await page.textContent('#graph-list')).toContain('ds/node-exporter -n monitoring');
    await page.evaluate(() => (globalThis as unknown as { rbacReport: { focusOn(k: string[]): void } }).rbacReport.focusOn(['sa:kube-system:kube-state-metrics']));
    // Its Deployment mounts no token: not drawn around its ServiceAccount.
    expect(await page.evaluate(() => (globalThis as unknown as { rbacReport: { current(): { keys: string[] } } }).rbacReport.current().keys.includes('workload:Deployment/kube-system/kube-state-metrics'))).toBe(false);
    expect(problems).toEqual([]);
  });

  test('a report without findings (--no-audit) opens and answers', async () => {
    const a = await load([sample('worlds/teaching.yaml')]);
    const page = await open(a, 'no-audit', 'none');
    expect(await page.textContent('#overview')).toContain('Audit not run (--no-audit).');
    await ask(page, 'whocan', 'get secrets -A');
    expect((await rowsOf(page, '#whocan-results > table')).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test('hostile names show as text and never run', async () => {
    const page = await open(await load([HOSTILE]), 'hostile');
    await page.fill('#whocan-input', 'get pods -A');
    await page.press('#whocan-input', 'Enter');
    const cells = await page.$$eval('#whocan-results td', (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain('ClusterRole <script>alert(1)</script>');
    expect(cells).toContain('User <img src=x onerror=alert(3)>');
    await page.evaluate(() => (globalThis as unknown as { rbacReport: { focusOn(k: string[]): void } }).rbacReport.focusOn(['clusterrole:<script>alert(1)</script>']));
    expect(await page.$$eval('#graph-list button', (bs) => bs.map((b) => b.textContent))).toContain('ns;%%/</script><script>window.__xss=1</script>');
    expect(await page.evaluate(() => { const w = (globalThis as unknown as { __xss?: number; document: { querySelectorAll(s: string): { length: number } } }); return { xss: w.__xss, imgs: w.document.querySelectorAll('img').length, scripts: w.document.querySelectorAll('script').length }; })).toEqual({ xss: undefined, imgs: 0, scripts: 2 });
    expect(problems).toEqual([]);
  });
});

// Not a test of speed (no timing assertions): RBAC_REPORT_SIZE=10000 (or 100000) builds a report
// of a generated world with the CLI (dist/, so npm run build first) and prints how long the build
// takes and when the page is interactive in headless Chromium, for docs/benchmarks-targets.md.
const SIZE = Number(process.env.RBAC_REPORT_SIZE ?? 0);
describe.skipIf(!HAS_CHROMIUM || !SIZE)(`a ${SIZE}-object report (RBAC_REPORT_SIZE)`, () => {
  test('build and open', async () => {
    const { execFileSync } = await import('node:child_process');
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'rbac-size-'));
    try {
      const world = join(dir, 'world.json');
      writeFileSync(world, execFileSync(process.execPath, [join(root, 'dist/bench/generate-cli.js'), '--objects', String(SIZE), '--seed', '7', '--format', 'json'], { maxBuffer: 1 << 30 }));
      const run = (args: string[]) => {
        const t = performance.now();
        execFileSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args, '-f', world, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
        return Math.round(performance.now() - t);
      };
      const ms = { whoCan: run(['who-can', 'delete', 'secrets', '-n', 'ns-1']), report: run(['report', '--html', join(dir, 'r.html')]), reportNoAuditNoPaths: run(['report', '--html', join(dir, 'np.html'), '--no-audit', '--no-paths']) };
      const ctx = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
      const page = await ctx.newPage();
      const t = performance.now();
      await page.goto(`file://${join(dir, 'r.html')}`, { timeout: 300_000 });
      await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: { ready: boolean } }).rbacReport?.ready === true, null, { timeout: 300_000, polling: 20 });
      const interactiveMs = Math.round(performance.now() - t);
      await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: { graphReady: boolean } }).rbacReport?.graphReady === true, null, { timeout: 300_000, polling: 20 });
      const graphMs = Math.round(performance.now() - t);
      const q = performance.now();
      await page.fill('#whocan-input', 'get secrets -A');
      await page.press('#whocan-input', 'Enter');
      await page.waitForSelector('#whocan-count');
      const whoCanMs = Math.round(performance.now() - q);
      await ctx.close();
      const { statSync } = await import('node:fs');
      console.log(JSON.stringify({ objects: SIZE, htmlBytes: statSync(join(dir, 'r.html')).size, ...ms, interactiveMs, graphMs, whoCanMs }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
