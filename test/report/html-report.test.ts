// rbac report --html: the page's who-can / what-can answers equal the library's (in Node, over
// whole worlds, and through the very source text the page embeds), hostile names stay text, and
// in headless Chromium (when /usr/bin/chromium exists) search, answers and the graph work.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { userInfoFor } from '../../src/engine/subject-spec.js';
import type { PolicyRule } from '../../src/model/rbac.js';
import type { Grant } from '../../src/model/results.js';
import { CLUSTER_ADMIN } from '../../src/paths/escalation-graph.js';
import { pathsTo } from '../../src/paths/paths.js';
import { parseRequestText, resolveEmbedded, whatCanEmbedded, whoCanEmbedded, type TextRequest } from '../../src/report/html/engine.js';
import { buildHtmlReport, buildReportData } from '../../src/report/html/index.js';
import { embeddedSource } from '../../src/report/html/page.js';
import type { ReportData } from '../../src/report/html/types.js';
import { ruleAllows } from '../../src/semantics/rule-matches.js';

const root = join(import.meta.dirname, '../..');
const sample = (p: string) => join(root, 'samples', p);
const HOSTILE = join(import.meta.dirname, 'fixtures/hostile-names.yaml');
const load = async (paths: string[], defaultPolicy = false) => analyze(await loadFiles(paths, { defaultPolicy }));
const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'bindingSource' ? undefined : v)));
const rulesOf = (d: ReportData): PolicyRule[] => d.rules.map(([verbs, apiGroups, resources, resourceNames, nonResourceURLs]) => ({ verbs, apiGroups, resources, resourceNames, nonResourceURLs }));

test('parseRequestText reads what a person types, as the CLI does', () => {
  expect(parseRequestText('delete secrets -n prod')).toEqual({ verb: 'delete', resource: 'secrets', namespace: 'prod' });
  expect(parseRequestText('  get pods/log -A  ')).toEqual({ verb: 'get', resource: 'pods/log', allNamespaces: true });
  expect(parseRequestText('get secrets registry --namespace=prod --api-group ""')).toMatchObject({ name: 'registry', namespace: 'prod', apiGroup: '""' });
  expect(() => parseRequestText('delete')).toThrow(/expected VERB RESOURCE/);
  expect(() => parseRequestText('get pods -x')).toThrow(/unknown flag -x/);
  expect(() => parseRequestText('get pods -n')).toThrow(/-n needs a value/);
});

describe.each([
  ['teaching', [sample('worlds/teaching.yaml')]],
  ['kubernetes-bootstrap', [sample('kubernetes-bootstrap')]],
  ['addons', [sample('addons')]],
  ['hostile names', [HOSTILE]],
  ['flux2 with the built-in default policy (marked grants)', [sample('addons/flux2.yaml')], true],
  ['an aggregation cycle seeded by authored rules (history-dependent grants)', [sample('worlds/aggregation-cycle.yaml')]],
])('the page answers exactly as the library: %s', (_name, paths, defaultPolicy = false) => {
  let a: Analysis;
  let d: ReportData;
  let rules: PolicyRule[];
  beforeAll(async () => {
    a = await load(paths, defaultPolicy);
    d = buildReportData(a, { title: 't', generated: 'now' });
    rules = rulesOf(d);
  });
  const specs = (): TextRequest[] => {
    const verbs = ['get', 'list', 'create', 'delete', 'patch', 'deletecollection', 'impersonate', 'bind', 'escalate', 'Get'];
    const resources = [...d.resourceHints, 'po', 'Pod', 'deploy', 'deployments.apps/scale', 'pods/log', 'secrets/registry-credentials', 'namespaces/prod', 'userextras/scopes', '*/scale', '*.apps', 'widgets', 'widgets.example.com', 'users', 'namespaces', '/metrics', '/healthz/ready', '*'];
    const namespaces = [undefined, ...d.namespaces.slice(0, 2), 'nowhere'];
    const out: TextRequest[] = [];
    for (const verb of verbs) for (const resource of resources) for (const namespace of namespaces) {
      out.push({ verb, resource, ...(namespace ? { namespace } : {}) });
      if (verb === 'get' && namespace) out.push({ verb, resource, namespace, name: 'registry-credentials' }, { verb, resource, name: namespace, allNamespaces: true });
    }
    return out;
  };
  test('request resolution and who-can, for every verb x resource x namespace', () => {
    let checked = 0;
    for (const spec of specs()) {
      let lib;
      try {
        lib = a.resolve(spec);
      } catch (err) {
        // RESOURCE/NAME and a NAME: a usage error on the page too.
        expect(() => resolveEmbedded(spec, d.resources)).toThrow((err as Error).message.split(':')[0]);
        continue;
      }
      const page = resolveEmbedded(spec, d.resources);
      expect({ request: page.request, all: page.allNamespaces }).toEqual({ request: lib.request, all: lib.allNamespaces });
      const want = a.whoCan(lib.request, { allNamespaces: lib.allNamespaces });
      const got = whoCanEmbedded(d, rules, page.request, page.allNamespaces, ruleAllows);
      expect(plain(got)).toEqual(plain({ request: want.request, allNamespaces: want.allNamespaces, grants: want.grants, unmatchable: want.unmatchable }));
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
  test('the embedded describe helpers name nothing outside themselves: default-policy marks and history notes render in the page', () => {
    const g = { subject: { kind: 'User', name: 'u' }, binding: { kind: 'ClusterRoleBinding', name: 'b', defaultPolicy: 'v1.28.7' }, role: { kind: 'ClusterRole', name: 'r', defaultPolicy: 'v1.28.7' }, scope: '', ruleIndex: 0, rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [], nonResourceURLs: [] }, aggregatedFrom: 'x', dependsOnHistory: true };
    const got = runInNewContext(`${embeddedSource()}\n[refText(G.binding), roleText(G)]`, { G: g });
    expect(got).toEqual(['ClusterRoleBinding b (default)', 'ClusterRole r (default) (aggregated from ClusterRole x; depends on controller history)']);
  });
  test('the embedded source text gives the same answers (run in a fresh context)', () => {
    const resolves = (s: TextRequest) => {
      try {
        return !!a.resolve(s);
      } catch {
        return false;
      }
    };
    const list = specs().filter((s, i) => i % 37 === 0 && resolves(s));
    const got = runInNewContext(`${embeddedSource()}\nSPECS.map(function (s) { var r = resolveEmbedded(s, DATA.resources); return whoCanEmbedded(DATA, RULES, r.request, r.allNamespaces, ruleAllows); })`, { SPECS: list, DATA: d, RULES: rules });
    const want = list.map((s) => {
      const r = a.resolve(s);
      const w = a.whoCan(r.request, { allNamespaces: r.allNamespaces });
      return { request: w.request, allNamespaces: w.allNamespaces, grants: w.grants, unmatchable: w.unmatchable };
    });
    expect(plain(got)).toEqual(plain(want));
  });
  test('what-can, for every subject of the graph, in every namespace and all of them', () => {
    const keys = Object.keys(d.whatCan);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const n = a.graph.getNodeAttributes(key);
      if (n.kind !== 'subject') throw new Error(key);
      const user = userInfoFor({ kind: n.subjectKind as 'User', name: n.name, ...(n.namespace ? { namespace: n.namespace } : {}) });
      for (const ns of [undefined, ...d.namespaces.slice(0, 4)]) {
        const want = a.whatCan(user, ns === undefined ? {} : { namespace: ns });
        const got = whatCanEmbedded(d, rules, key, ns);
        expect(plain(got)).toEqual(plain({ grants: want.grants, ineffective: want.ineffective }));
      }
    }
  });
});

describe('hostile names in the HTML', () => {
  let html: string;
  beforeAll(async () => {
    const a = await load([HOSTILE]);
    html = buildHtmlReport(a, { title: '<script>alert("title")</script>', audit: audit(a, await loadQueries([BUILTIN_QUERIES])), paths: pathsTo(a.escalationGraph, CLUSTER_ADMIN), generated: 'now' });
  });
  test('only the report\'s own script elements exist, and every one is allowed by hash', () => {
    const opens = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(opens).toEqual(['<script type="application/json" id="rbac-data">', '<script>', '<script>', '<script>']);
    expect(html.match(/<\/script/gi)).toHaveLength(4);
    const bodies = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    for (const b of bodies) expect(csp).toContain(`'sha256-${createHash('sha256').update(b).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
  });
  test('names are escaped in the static HTML and in the embedded JSON', () => {
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    expect(html).toContain('ClusterRole &lt;script&gt;alert(1)&lt;/script&gt;');
    const json = /<script type="application\/json" id="rbac-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const data = JSON.parse(json) as ReportData;
    expect(data.graph.nodes.map((n) => n[3])).toContain('ns;%%/</script><script>window.__xss=1</script>');
  });
});

// ---- headless Chromium --------------------------------------------------------------------
const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const WHY = `no ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian) to run the browser tests`;
if (!HAS_CHROMIUM) console.warn(`test/report/html-report.test.ts: browser tests SKIPPED (${WHY})`);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const artifacts = join(root, 'test-artifacts');

describe.skipIf(!HAS_CHROMIUM)(`the report in headless Chromium${HAS_CHROMIUM ? '' : ` (skipped: ${WHY})`}`, () => {
  type Page = import('playwright-core').Page;
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
  async function open(a: Analysis, name: string): Promise<Page> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, buildHtmlReport(a, { title: name, audit: audit(a, await loadQueries([BUILTIN_QUERIES])), paths: pathsTo(a.escalationGraph, CLUSTER_ADMIN) }));
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('dialog', (d) => void (problems.push(`dialog: ${d.message()}`), d.dismiss()));
    page.on('request', (r) => void (!r.url().startsWith('file:') && problems.push(`network: ${r.url()}`)));
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: { ready: boolean } }).rbacReport?.ready === true);
    return page;
  }
  const rowsOf = (page: Page, id: string) =>
    page.$$eval(`#${id} > table tbody tr`, (trs) => trs.map((tr) => `${tr.getAttribute('data-subject')} ${tr.getAttribute('data-binding')} #${tr.getAttribute('data-rule')}`).sort());
  const keysOf = (grants: Grant[], subject = true) =>
    grants.map((g) => `${subject ? (g.subject.kind === 'ServiceAccount' ? `sa:${g.subject.namespace}:${g.subject.name}` : `${g.subject.kind.toLowerCase()}:${g.subject.name}`) : ''} ${g.binding.kind === 'RoleBinding' ? `rolebinding:${g.binding.namespace}/${g.binding.name}` : `clusterrolebinding:${g.binding.name}`} #${g.ruleIndex}`).sort();

  test('teaching: who-can and what-can equal the library; clicking a node focuses it', async () => {
    const a = await load([sample('worlds/teaching.yaml')]);
    const page = await open(a, 'teaching');
    for (const text of ['delete secrets -n prod', 'get secrets -A', 'impersonate serviceaccounts -n dev']) {
      await page.fill('#whocan-input', text);
      await page.press('#whocan-input', 'Enter');
      const r = a.resolve(parseRequestText(text));
      const rows = await rowsOf(page, 'whocan-results');
      expect(rows).toEqual(keysOf(a.whoCan(r.request, { allNamespaces: r.allNamespaces }).grants));
      expect(rows.length).toBeGreaterThan(0);
    }
    await page.fill('#subject-search', 'deployer');
    await page.click('#subject-list button[data-key="sa:prod:deployer"]');
    const want = a.whatCan(userInfoFor({ kind: 'ServiceAccount', namespace: 'prod', name: 'deployer' }));
    const whatRows = await page.$$eval('#whatcan-results > table', (ts) => ts.map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => `${tr.getAttribute('data-subject')} ${tr.getAttribute('data-binding')} #${tr.getAttribute('data-rule')}`).sort()));
    expect(whatRows).toEqual([keysOf(want.grants), keysOf(want.ineffective)]);
    expect(await page.textContent('#graph-focus')).toContain('sa:prod:deployer');

    const target = 'role:prod/deployer';
    const point = await page.evaluate((key) => {
      const r = (globalThis as unknown as { rbacReport: { renderer(): any } }).rbacReport.renderer();
      const d = r.getNodeDisplayData(key);
      return r.framedGraphToViewport({ x: d.x, y: d.y }) as { x: number; y: number };
    }, target);
    await page.locator('#graph').scrollIntoViewIfNeeded();
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.move(box.x + point.x, box.y + point.y);
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await expect.poll(() => page.getAttribute('#graph-details', 'data-key')).toBe(target);
    expect(await page.textContent('#graph-focus')).toContain(target);
    await page.screenshot({ path: join(artifacts, 'report-teaching.png'), fullPage: true });

    await page.fill('#whocan-input', 'delete secrets -n prod');
    await page.press('#whocan-input', 'Enter');
    await page.click('#whocan-graph');
    await page.waitForTimeout(300);
    await page.locator('#graph-view').screenshot({ path: join(artifacts, 'report-teaching-graph.png') });
    if (process.env.RBAC_DOCS_SCREENSHOT) await page.locator('#graph-view').screenshot({ path: join(root, 'docs/report-screenshot.png') });
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
    expect(await page.evaluate(() => { const w = (globalThis as unknown as { __xss?: number; document: { querySelectorAll(s: string): { length: number } } }); return { xss: w.__xss, imgs: w.document.querySelectorAll('img').length, scripts: w.document.querySelectorAll('script').length }; })).toEqual({ xss: undefined, imgs: 0, scripts: 4 });
    expect(problems).toEqual([]);
  });
});

// Not a test of speed (no timing assertions): RBAC_REPORT_10K=1 prints how long a 10k-object
// report takes to build and to become interactive, for docs/benchmarks.md.
describe.skipIf(!HAS_CHROMIUM || !process.env.RBAC_REPORT_10K)('10k-object report (RBAC_REPORT_10K=1)', () => {
  test('build and open', async () => {
    const { generateWorld, toYamlStream } = await import('../../src/bench/generate.js');
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'rbac-10k-'));
    try {
      writeFileSync(join(dir, 'world.yaml'), toYamlStream(generateWorld({ objects: 10_000, seed: 1 })));
      let t = performance.now();
      const a = await load([join(dir, 'world.yaml')]);
      const loadMs = performance.now() - t;
      t = performance.now();
      const html = buildHtmlReport(a, { title: '10k', audit: audit(a, await loadQueries([BUILTIN_QUERIES])), paths: pathsTo(a.escalationGraph, CLUSTER_ADMIN) });
      const buildMs = performance.now() - t;
      writeFileSync(join(dir, 'r.html'), html);
      const ctx = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
      const page = await ctx.newPage();
      t = performance.now();
      await page.goto(`file://${join(dir, 'r.html')}`);
      await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: { ready: boolean } }).rbacReport?.ready === true, null, { timeout: 120_000 });
      const readyMs = performance.now() - t;
      t = performance.now();
      await page.fill('#whocan-input', 'get secrets -A');
      await page.press('#whocan-input', 'Enter');
      await page.waitForSelector('#whocan-count');
      const whoCanMs = performance.now() - t;
      await ctx.close();
      console.log(JSON.stringify({ objects: 10_000, htmlBytes: Buffer.byteLength(html), loadMs, buildMs, readyMs, whoCanMs, files: readdirSync(dir).length }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
