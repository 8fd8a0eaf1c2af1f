/// <reference lib="dom" />
// `npm run bench:report-page -- FILE.html [--runs N]`: opens a report written by `rbac report
// --html` in headless Chromium (/usr/bin/chromium, a fresh profile each run) and prints, as one
// JSON line per run, when the page is interactive (window.rbacReport.ready: the boxes answer and
// the findings table is drawn; readyAtMs, from navigation start), when the graph view is ready,
// and how long one who-can (get secrets -A) takes.
// A measurement for the lead and docs/decisions.md, not a test: nothing is asserted.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const CHROMIUM = '/usr/bin/chromium';
// The browser tests' flags (test/report/html-report.test.ts).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 300_000;

interface Report { ready: boolean; graphReady: boolean; readyMs: number; readyAt: number; graphMs: number; graphReadyAt: number }

async function measure(file: string): Promise<Record<string, number>> {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'rbac-report-page-'));
  const ctx = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    const t = performance.now();
    await page.goto(`file://${file}`, { timeout: TIMEOUT_MS });
    await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: Report }).rbacReport?.ready === true, null, { timeout: TIMEOUT_MS, polling: 10 });
    const pollInteractiveMs = Math.round(performance.now() - t);
    await page.waitForFunction(() => (globalThis as unknown as { rbacReport?: Report }).rbacReport?.graphReady === true, null, { timeout: TIMEOUT_MS, polling: 10 });
    // In-page clocks: navigation start to ready (the graph is built after it, in the same thread,
    // so a poll from outside may see ready late), and the page script's own share.
    const inPage = await page.evaluate(() => {
      const r = (globalThis as unknown as { rbacReport: Report }).rbacReport;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { readyAtMs: Math.round(r.readyAt), domInteractiveMs: Math.round(nav?.domInteractive ?? 0), scriptMs: Math.round(r.readyMs), graphReadyAtMs: Math.round(r.graphReadyAt), graphMs: Math.round(r.graphMs) };
    });
    const q = performance.now();
    await page.fill('#whocan-input', 'get secrets -A');
    await page.press('#whocan-input', 'Enter');
    await page.waitForSelector('#whocan-count', { timeout: TIMEOUT_MS });
    const whoCanMs = Math.round(performance.now() - q);
    const heapMB = Math.round((await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) / 1e6);
    return { ...inPage, pollInteractiveMs, whoCanMs, heapMB };
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '3' } } });
if (positionals.length !== 1) {
  process.stderr.write('usage: npm run bench:report-page -- FILE.html [--runs N]\n');
  process.exit(2);
}
const file = resolve(positionals[0]!);
for (let i = 0; i < Number(values.runs); i++) process.stdout.write(`${JSON.stringify({ file, htmlBytes: statSync(file).size, ...(await measure(file)) })}\n`);
