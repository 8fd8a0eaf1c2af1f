/// <reference lib="dom" />
// The report page's script (bundled by src/tools/page-bundle.ts into one IIFE with graphology,
// sigma.js and ForceAtlas2): it decodes the embedded snapshot and runs the library's own
// analyze() on it, so every answer in the page is the CLI's. window.rbacReport is for tests and
// for people scripting the page.
import { analyze } from '../../../engine/analyze.js';
import { decodeSnapshot } from '../page-snapshot.js';
import { unpackFindings, type ReportData } from '../types.js';
import { $ } from './dom.js';
import { findingsView } from './findings-view.js';
import { graphView, legend } from './graph-view.js';
import { runWhatCan, runWhoCan, subjectSearch } from './query-views.js';

declare global {
  interface Window {
    rbacReport?: Record<string, unknown>;
  }
}

const t0 = performance.now();
const data = JSON.parse($('rbac-data').textContent ?? '') as ReportData;
const analysis = analyze(decodeSnapshot(data.snapshot), data.options);
findingsView(unpackFindings(data.overview.findings));

let graph: ReturnType<typeof graphView> | undefined;
const api: Record<string, unknown> = { ready: false, graphReady: false, analysis };
window.rbacReport = api;
const askWhatCan = (text: string) => {
  ($('whatcan-input') as HTMLInputElement).value = text;
  runWhatCan(analysis, text);
};
const whoCan = (text: string) => runWhoCan(analysis, text, (grants, title) => graph?.showGrants(grants, title));
$('whocan-form').addEventListener('submit', (e) => { e.preventDefault(); whoCan(($('whocan-input') as HTMLInputElement).value); });
document.querySelectorAll<HTMLElement>('[data-example]').forEach((b) => b.addEventListener('click', () => { const text = b.getAttribute('data-example')!; ($('whocan-input') as HTMLInputElement).value = text; whoCan(text); }));
document.querySelectorAll<HTMLElement>('[data-identity]').forEach((b) => b.addEventListener('click', () => askWhatCan(b.getAttribute('data-identity')!)));
$('whatcan-form').addEventListener('submit', (e) => { e.preventDefault(); askWhatCan(($('whatcan-input') as HTMLInputElement).value); });
const searchSubjects = subjectSearch(analysis, (k) => { askWhatCan(k); graph?.focusOn([k]); });
$('subject-search').addEventListener('input', (e) => searchSubjects((e.target as HTMLInputElement).value));
searchSubjects('');
// readyAt: since navigation began (what a person waits for), readyMs: since this script began.
Object.assign(api, { ready: true, readyMs: performance.now() - t0, readyAt: performance.now(), whoCan, whatCan: askWhatCan });
document.body.setAttribute('data-ready', 'true');

// The graph (built from the same Policy) after the first paint: the boxes above answer meanwhile.
setTimeout(() => {
  const t1 = performance.now();
  graph = graphView(analysis, (key) => { askWhatCan(key); location.hash = '#what-can'; });
  $('graph-legend').append(...legend());
  $('graph-form').addEventListener('submit', (e) => { e.preventDefault(); graph!.search(($('graph-search') as HTMLInputElement).value); });
  $('graph-depth').addEventListener('change', () => { const k = $('graph-details').getAttribute('data-key'); if (k) graph!.focusOn([k]); });
  const g = analysis.graph;
  const start = ['clusterrole:cluster-admin', ...data.overview.pathsToClusterAdmin.map((p) => p.source)].find((k) => g.hasNode(k)) ?? (g.order ? g.nodes()[0] : undefined);
  if (start) graph.focusOn([start]);
  Object.assign(api, { graphReady: true, graphMs: performance.now() - t1, graphReadyAt: performance.now(), focusOn: graph.focusOn, highlight: graph.highlight, renderer: graph.renderer, current: graph.current });
  document.body.setAttribute('data-graph-ready', 'true');
}, 0);
